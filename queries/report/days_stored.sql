-- Creates TEMP TABLE report_days as days.sql does, from the spend per cell and day that every
-- load keeps (class_cell_days, 016_report_cells.sql): the cells of $month (DATE;
-- in_month), and of the month before the AI cells that bill a model, their charges of its last
-- 7 days. $basis as for cube.sql.
CREATE OR REPLACE TEMP TABLE report_days AS
SELECT
    d.x_Cell                                                           AS cell,
    d.BillingCurrency                                                  AS currency,
    c.BillingPeriodStart = $month::TIMESTAMP                           AS in_month,
    d.day,
    d.short,
    CASE WHEN $basis = 'billed' THEN d.BilledCost ELSE d.EffectiveCost END AS cost,
    d.last_charge_end,
    d.line_items
FROM class_cell_days AS d
JOIN class_cells AS c USING (x_Cell)
WHERE c.BillingPeriodStart = $month::TIMESTAMP
   OR (c.BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
       AND c.x_WorkloadClass IN ('training', 'inference', 'ai_other')
       AND c.x_BilledModel IS NOT NULL
       AND d.day >= ($month::TIMESTAMP - INTERVAL 7 DAY)::DATE)
