-- Creates TEMP TABLE report_keys: what the capacity, savings, heads-up and burn sections read of
-- each class key of $month (DATE), and of the AI keys of the month before that bill a model
-- (their last week is the first daily baselines of model_heads_ups.sql; class_keys holds one
-- row per key, and
-- every line item names its key), worked out once per key so that nothing runs per line item:
--   * the report_cube dimensions (class, provider, service, accounts, x_Model, the budget tag
--     values for $tag_keys, as cube.sql takes them), and the region;
--   * model: bill_model (key_macros.sql), the inference_by_model view's rule;
--   * instance_type / family: accelerated compute (accelerated_type, instance_family);
--   * capacity_kind: model capacity bought by the hour (Bedrock provisioned throughput, Azure
--     OpenAI provisioned throughput units, Vertex AI provisioned throughput), the patterns of
--     the classifier's br-provisioned, br-model-units, az-openai-ptu and
--     gcp-vertex-provisioned-throughput signals;
--   * spot_key: an accelerated key whose usage type, meter or description says spot (EC2
--     SpotUsage, SageMaker managed spot training TrSpt, Azure "... Spot" meters, Google "Spot
--     Preemptible" SKUs); PricingCategory, a line item column, is read per row (compute.sql);
--   * cell: a hash of all of the above, the grain of report_days and report_compute
--     (report_cells has them back).
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
attributes AS (
SELECT
    x_ClassKey,
    class,
    ProviderName                                                   AS provider,
    ServiceName                                                    AS service,
    BillingAccountId                                               AS billing_account,
    SubAccountId                                                   AS account,
    x_Model                                                        AS x_model,
    list_transform($tag_keys::VARCHAR[], lambda t: Tags[t])        AS tag_values,
    RegionId                                                       AS region,
    bill_model(x_Model, x_ProductCode, x_UsageType, ServiceName, SkuMeter) AS model,
    accelerated                                                    AS instance_type,
    instance_family(accelerated)                                   AS family,
    CASE
        WHEN x_ProductCode LIKE 'AmazonBedrock%' AND (x_UsageType LIKE '%ProvisionedThroughput%'
             OR x_UsageType LIKE '%ModelUnits%') THEN 'bedrock_provisioned_throughput'
        WHEN SkuMeter LIKE '%Provisioned Managed%' THEN 'azure_openai_ptu'
        WHEN ChargeDescription LIKE '%Vertex AI%Provisioned Throughput%'
            THEN 'vertex_provisioned_throughput'
    END                                                            AS capacity_kind,
    CASE WHEN accelerated IS NOT NULL THEN x_UsageType LIKE '%SpotUsage%'
        OR x_UsageType LIKE '%TrSpt:%'
        OR (lower(concat_ws(' ', SkuMeter, ChargeDescription)) LIKE '%spot%'
            AND regexp_matches(lower(concat_ws(' ', SkuMeter, ChargeDescription)), '\bspot\b'))
    ELSE false END                                                 AS spot_key
FROM typed
)
SELECT *,
       hash(class, provider, service, billing_account, account, x_model, tag_values, region,
            model, instance_type, family, capacity_kind, spot_key) AS cell
FROM attributes
