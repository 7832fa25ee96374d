-- Every billing month with line items in the warehouse ('YYYY-MM'), oldest first. Reads report_cube.
SELECT DISTINCT strftime(month, '%Y-%m') AS month FROM report_cube ORDER BY month
