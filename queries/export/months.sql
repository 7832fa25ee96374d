-- The billing months ('YYYY-MM') that have line items, oldest first.
SELECT DISTINCT strftime(BillingPeriodStart, '%Y-%m') AS month
FROM line_items
WHERE BillingPeriodStart IS NOT NULL
ORDER BY month
