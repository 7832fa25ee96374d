-- Rows and billed cost one file contributed to a load, per currency (never added across
-- currencies). $load_id, $source.
SELECT BillingCurrency, count(*) AS row_count, coalesce(sum(BilledCost), 0) AS billed_cost
FROM line_item_data
WHERE x_LoadId = $load_id AND x_SourceFile = $source
GROUP BY BillingCurrency
ORDER BY BillingCurrency NULLS LAST
