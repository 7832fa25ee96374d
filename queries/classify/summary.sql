-- Which rule decided how much: line items and effective cost per class, rule and confidence.
-- Read from the per-key totals (one row per class key and currency) rather than the line items,
-- so it takes the same few milliseconds on a warehouse of any size.
WITH described AS (
    -- what each rule recognises, in words (the usage-pattern rules' own texts are per fleet)
    SELECT rule_id, min(description) AS description
    FROM line_item_class_matches
    WHERE tier <> 4
    GROUP BY rule_id
)
SELECT
    s.*,
    -- of all the effective cost in that currency (credits count negative)
    round(100 * effective_cost / nullif(sum(effective_cost) OVER (PARTITION BY currency), 0), 1)
        AS pct_of_cost,
    CASE rule
        WHEN 'gpu-pattern-job' THEN 'GPU instances that started together, ran flat and stopped: a job'
        WHEN 'gpu-pattern-steady' THEN 'GPU fleet busy nearly all the time, steady instance count'
        WHEN 'gpu-pattern-bursty' THEN 'GPU fleet used in bursts: cluster jobs'
        WHEN 'gpu-pattern-daily-cycle' THEN 'GPU fleet busy part of every day: serving hours'
        WHEN 'gpu-pattern-launched' THEN 'GPU fleet launched in the window, autoscaling: serving'
        WHEN 'gpu-pattern-retired' THEN 'GPU fleet retired in the window, autoscaling: serving'
        WHEN 'gpu-pattern-accelerator-prior' THEN 'Purpose-built AI silicon: its purpose outweighed the pattern'
        WHEN 'gpu-pattern-ambiguous' THEN 'GPU fleet with no clear pattern: its family decided'
        ELSE d.description
    END AS description
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
) AS s
LEFT JOIN described AS d ON d.rule_id = s.rule
ORDER BY
    CASE workload_class WHEN 'training' THEN 1 WHEN 'inference' THEN 2
                        WHEN 'ai_other' THEN 3 ELSE 4 END,
    effective_cost DESC
