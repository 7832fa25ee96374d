-- Currencies with spend in $month (DATE), the one with the most line items first (it leads the
-- report; the others get their own sections, never summed with it). When $month has no data,
-- the currencies of the latest month before it.
WITH chosen AS (
    SELECT coalesce(max(month) FILTER (WHERE month = $month::DATE),
                    max(month) FILTER (WHERE month < $month::DATE),
                    max(month)) AS month
    FROM report_cube
)
SELECT currency, sum(line_items) AS line_items
FROM report_cube
WHERE month = (SELECT month FROM chosen)
GROUP BY currency
ORDER BY line_items DESC, currency
