-- The month `finops-ai sql --example` fills $month with when none is given, as the report picks
-- its own: the latest billing month whose period has ended by $today (DATE), else the latest
-- month with data. 'YYYY-MM'; NULL when the warehouse has no line items.
SELECT coalesce(
    strftime(max(BillingPeriodStart)
                 FILTER (WHERE BillingPeriodStart + INTERVAL 1 MONTH <= $today::DATE), '%Y-%m'),
    strftime(max(BillingPeriodStart), '%Y-%m')
) AS month
FROM line_items
