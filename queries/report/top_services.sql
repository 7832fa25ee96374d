-- The largest services by effective cost in the latest billing month. $limit.
SELECT ProviderName AS provider, ServiceName AS service, ServiceCategory AS category,
       BillingCurrency AS currency, sum(EffectiveCost) AS effective_cost
FROM line_items
WHERE BillingPeriodStart = (SELECT max(BillingPeriodStart) FROM line_items)
GROUP BY ALL
ORDER BY effective_cost DESC
LIMIT $limit
