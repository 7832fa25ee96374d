-- What one load brought, by workload class and currency: line items and effective cost of the
-- rows load $load_id added (after classification), for the line an ingest or pull prints.
SELECT
    x_WorkloadClass,
    BillingCurrency,
    count(*) AS line_items,
    coalesce(sum(EffectiveCost), 0) AS effective_cost
FROM line_items
WHERE x_LoadId = $load_id
GROUP BY x_WorkloadClass, BillingCurrency
ORDER BY
    CASE x_WorkloadClass
        WHEN 'training' THEN 1 WHEN 'inference' THEN 2 WHEN 'ai_other' THEN 3 ELSE 4
    END,
    BillingCurrency NULLS LAST
