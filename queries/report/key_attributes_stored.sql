-- Creates TEMP TABLE report_keys as key_attributes.sql does, from the cells every load
-- keeps (class_key_cells, class_cells; 016_report_cells.sql): the keys of $month (DATE) and the
-- AI keys of the month before that bill a model, each with its cell and the two attributes
-- compute.sql reads per key. key_cells_stored.sql has the cells' other attributes.
CREATE OR REPLACE TEMP TABLE report_keys AS
SELECT k.x_ClassKey, k.x_Cell AS cell, c.x_AcceleratedType AS instance_type,
       c.x_CapacityKind AS capacity_kind
FROM class_key_cells AS k
JOIN class_cells AS c USING (x_Cell)
WHERE c.BillingPeriodStart = $month::TIMESTAMP
   OR (c.BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
       AND c.x_WorkloadClass IN ('training', 'inference', 'ai_other')
       AND c.x_BilledModel IS NOT NULL)
