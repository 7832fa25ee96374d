-- Fragment ({include:report/key_derived}, a CTE named attributes): what the report reads of each
-- class key, worked out once per key so that nothing runs per line item. Reads a CTE named
-- typed: class_keys rows with their class (class) and accelerated type (accelerated, the
-- accelerated_type macro). key_macros.sql's TEMP MACROs must exist. Columns:
--   * the report_cube dimensions (class, provider, service, accounts, x_Model, Tags for the
--     budget tags), and the region;
--   * model: bill_model (key_macros.sql), the inference_by_model view's rule;
--   * instance_type / family: accelerated compute (accelerated_type, instance_family);
--   * capacity_kind: model capacity bought by the hour (Bedrock provisioned throughput, Azure
--     OpenAI provisioned throughput units, Vertex AI provisioned throughput), the patterns of
--     the classifier's br-provisioned, br-model-units, az-openai-ptu and
--     gcp-vertex-provisioned-throughput signals;
--   * spot_key: an accelerated key whose usage type, meter or description says spot (EC2
--     SpotUsage, SageMaker managed spot training TrSpt, Azure "... Spot" meters, Google "Spot
--     Preemptible" SKUs); PricingCategory, a line item column, is read per row (compute.sql).
-- Read by key_attributes.sql (at report time) and cells/stage.sql (at classification time).
attributes AS (
SELECT
    x_ClassKey,
    BillingPeriodStart,
    class,
    ProviderName                                                   AS provider,
    ServiceName                                                    AS service,
    BillingAccountId                                               AS billing_account,
    SubAccountId                                                   AS account,
    x_Model                                                        AS x_model,
    Tags,
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
