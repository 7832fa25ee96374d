-- Creates TEMP TABLE report_earlier: each provider, region and model (report_keys.model: the
-- model by bill_model, key_macros.sql) with AI spend (training, inference, ai_other) in a month
-- before $month (DATE), any currency, as (dimension, key, provider): what model_heads_ups.sql
-- calls not new. From class_keys, once per distinct combination; earlier_items_stored.sql reads
-- the same from the cells every classification keeps.
CREATE OR REPLACE TEMP TABLE report_earlier AS
WITH earlier_keys AS (
    -- What a model name comes from, once per distinct combination.
    SELECT DISTINCT k.ProviderName AS provider, k.RegionId AS region, k.x_Model,
           k.x_ProductCode, k.x_UsageType, k.ServiceName, k.SkuMeter
    FROM class_keys AS k
    JOIN line_item_classes AS c USING (x_ClassKey)
    WHERE c.x_WorkloadClass IN ('training', 'inference', 'ai_other')
      AND k.BillingPeriodStart < $month::TIMESTAMP
)
SELECT DISTINCT 'provider' AS dimension, provider AS key, provider FROM earlier_keys
UNION
SELECT DISTINCT 'region', region, provider FROM earlier_keys WHERE region IS NOT NULL
UNION
SELECT DISTINCT 'model', bill_model(x_Model, x_ProductCode, x_UsageType, ServiceName, SkuMeter),
       provider
FROM earlier_keys
