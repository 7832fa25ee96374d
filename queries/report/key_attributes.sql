-- Creates TEMP TABLE report_keys: what the capacity, savings, heads-up and burn sections read of
-- each class key of $month (DATE), and of the AI keys of the month before that bill a model
-- (their last week is the first daily baselines of model_heads_ups.sql; class_keys holds one
-- row per key, and every line item names its key): the attributes of key_derived.sql, with the
-- values of the budget tags $tag_keys in place of Tags, and cell, a hash of them all, the grain
-- of report_days and report_compute (report_cells has them back). build.py runs this when the
-- cells every load keeps (class_cells, 016_report_cells.sql) are not current;
-- key_attributes_stored.sql reads those.
-- Those two read line_item_data with this table, not the line_items view: the view adds the
-- class by a join per line item (004_classification.sql), which this table makes per key.
CREATE OR REPLACE TEMP TABLE report_keys AS
WITH typed AS (
    SELECT k.*, coalesce(c.x_WorkloadClass, 'non_ai') AS class,
           accelerated_type(k.accelerator_type, k.x_InstanceType, k.x_UsageType) AS accelerated
    FROM class_keys AS k
    LEFT JOIN line_item_classes AS c USING (x_ClassKey)
    WHERE k.BillingPeriodStart = $month::TIMESTAMP
       OR (k.BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
           AND c.x_WorkloadClass IN ('training', 'inference', 'ai_other')
           AND bill_model(k.x_Model, k.x_ProductCode, k.x_UsageType, k.ServiceName, k.SkuMeter)
               IS NOT NULL)
),
{include:report/key_derived},
tagged AS (
    SELECT * EXCLUDE (BillingPeriodStart, Tags),
           list_transform($tag_keys::VARCHAR[], lambda t: Tags[t]) AS tag_values
    FROM attributes
)
SELECT *,
       hash(class, provider, service, billing_account, account, x_model, tag_values, region,
            model, instance_type, family, capacity_kind, spot_key) AS cell
FROM tagged
