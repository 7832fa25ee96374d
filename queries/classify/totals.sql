-- Line items and effective cost per workload class and currency, from the per-key totals.
-- A NULL class means line items whose key has no decision: classify() treats it as a failure.
SELECT c.x_WorkloadClass, t.BillingCurrency, sum(t.line_items)::BIGINT, sum(t.EffectiveCost)
FROM class_key_totals AS t
LEFT JOIN line_item_classes AS c USING (x_ClassKey)
GROUP BY ALL
ORDER BY 1 NULLS FIRST, 2
