-- top_resources.sql, from the cells every load keeps (class_cells, class_key_cells;
-- 016_report_cells.sql) and the per-key totals (class_key_totals) instead of report_key_costs,
-- which build.py then does not build. $basis: 'effective' or 'billed'.
WITH keyed AS (
    SELECT
        c.BillingPeriodStart,
        t.x_ClassKey,
        t.BillingCurrency                                AS currency,
        c.x_WorkloadClass                                AS class,
        k.ResourceId                                     AS key,
        c.ProviderName                                   AS provider,
        c.ServiceName                                    AS service,
        t.ResourceName                                   AS resource_name,
        CASE WHEN $basis = 'billed' THEN t.BilledCost ELSE t.EffectiveCost END AS cost
    FROM class_cells AS c
    JOIN class_key_cells AS kc USING (x_Cell)
    JOIN class_keys AS k USING (x_ClassKey)
    JOIN class_key_totals AS t USING (x_ClassKey)
    WHERE c.BillingPeriodStart IN ($month::TIMESTAMP, $month::TIMESTAMP - INTERVAL 1 MONTH)
      AND c.x_WorkloadClass IN ('training', 'inference')
      AND k.ResourceId IS NOT NULL
),
{include:report/top_resources_rank}
