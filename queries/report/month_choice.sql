-- The report's default month: the latest billing month whose period has ended by $today (DATE),
-- else the latest month with data; and the first and last months in the warehouse.
-- Reads report_cube. Months are 'YYYY-MM'; NULLs when the warehouse is empty.
SELECT
    strftime(max(month) FILTER (WHERE month + INTERVAL 1 MONTH <= $today::DATE), '%Y-%m')
                                                         AS complete_month,
    strftime(max(month), '%Y-%m')                        AS latest_month,
    strftime(min(month), '%Y-%m')                        AS first_month,
    count(DISTINCT month)                                AS months
FROM report_cube
