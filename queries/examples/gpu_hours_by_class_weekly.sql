-- GPU hours per ISO week and workload class, with their effective cost.
-- GPU and accelerator instance hours per week (starting Monday, UTC): how much of the GPU fleet
-- trains and how much serves. Reads the classifier's gpu_usage and the decisions in
-- line_item_classes, so it runs on the warehouse (DuckDB) only.
SELECT
    CAST(date_trunc('week', u.ChargePeriodStart) AS DATE) AS week,
    c.x_WorkloadClass,
    round(sum(u.hours), 1) AS gpu_hours,
    count(DISTINCT u.ResourceId) AS resources,
    sum(u.EffectiveCost) AS effective_cost
FROM gpu_usage AS u
JOIN line_item_classes AS c ON c.x_ClassKey = u.x_ClassKey
GROUP BY CAST(date_trunc('week', u.ChargePeriodStart) AS DATE), c.x_WorkloadClass
ORDER BY week, c.x_WorkloadClass
