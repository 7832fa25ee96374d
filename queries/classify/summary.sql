-- Which rule decided how much: line items and effective cost per class, rule and confidence.
SELECT * FROM (
    SELECT
        x_WorkloadClass AS workload_class,
        x_ClassRule AS rule,
        x_ClassConfidence AS confidence,
        BillingCurrency AS currency,
        count(*) AS line_items,
        sum(EffectiveCost) AS effective_cost
    FROM line_items
    GROUP BY ALL
)
ORDER BY
    CASE workload_class WHEN 'training' THEN 1 WHEN 'inference' THEN 2
                        WHEN 'ai_other' THEN 3 ELSE 4 END,
    effective_cost DESC
