-- Effective cost per provider and currency over the whole warehouse, largest first.
SELECT ProviderName AS provider, BillingCurrency AS currency,
       sum(EffectiveCost) AS effective_cost, count(DISTINCT BillingPeriodStart) AS months
FROM line_items
GROUP BY ALL
ORDER BY effective_cost DESC
