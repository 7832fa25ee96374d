-- Line items and effective cost per workload class and currency.
SELECT x_WorkloadClass, BillingCurrency, count(*), sum(EffectiveCost)
FROM line_items
GROUP BY ALL
ORDER BY 1, 2
