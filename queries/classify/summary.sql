-- Which rule decided how much: line items and effective cost per class, rule and confidence.
-- Read from the per-key totals (one row per class key and currency) rather than the line items,
-- so it takes the same few milliseconds on a warehouse of any size.
SELECT
    *,
    -- of all the effective cost in that currency (credits count negative)
    round(100 * effective_cost / nullif(sum(effective_cost) OVER (PARTITION BY currency), 0), 1)
        AS pct_of_cost
FROM (
    SELECT
        c.x_WorkloadClass AS workload_class,
        c.x_ClassRule AS rule,
        c.x_ClassConfidence AS confidence,
        t.BillingCurrency AS currency,
        sum(t.line_items)::BIGINT AS line_items,
        round(sum(t.EffectiveCost), 2) AS effective_cost
    FROM class_key_totals AS t
    LEFT JOIN line_item_classes AS c USING (x_ClassKey)
    GROUP BY ALL
)
ORDER BY
    CASE workload_class WHEN 'training' THEN 1 WHEN 'inference' THEN 2
                        WHEN 'ai_other' THEN 3 ELSE 4 END,
    effective_cost DESC
