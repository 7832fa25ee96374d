-- Creates TEMP TABLE report_earlier as earlier_items.sql does, from the cells every
-- load keeps (class_cells, 016_report_cells.sql): their class, provider, region and
-- billed model are those of their keys.
CREATE OR REPLACE TEMP TABLE report_earlier AS
WITH earlier_cells AS (
    SELECT DISTINCT ProviderName AS provider, RegionId AS region, x_BilledModel AS model
    FROM class_cells
    WHERE x_WorkloadClass IN ('training', 'inference', 'ai_other')
      AND BillingPeriodStart < $month::TIMESTAMP
)
SELECT DISTINCT 'provider' AS dimension, provider AS key, provider FROM earlier_cells
UNION
SELECT DISTINCT 'region', region, provider FROM earlier_cells WHERE region IS NOT NULL
UNION
SELECT DISTINCT 'model', model, provider FROM earlier_cells
