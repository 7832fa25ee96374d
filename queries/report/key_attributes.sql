-- Creates TEMP TABLE report_keys: what the capacity, savings, heads-up and burn sections read of
-- each class key (class_keys holds one row per key, and every line item names its key), worked
-- out once per key so that no regular expression runs per line item:
--   * class and the report_cube dimensions (provider, service, accounts, x_Model, the budget
--     tag values for $tag_keys, as cube.sql takes them) plus the region;
--   * model: x_Model, else the model a Bedrock usage type, a Marketplace product name or an
--     Azure OpenAI meter names (the rule of the inference_by_model view);
--   * instance_type / family: accelerated compute (GPU, Trainium, Inferentia, Gaudi, FPGA),
--     from the AWS instance type (EC2 p4d.24xlarge, family p4d; SageMaker ml.g5.2xlarge,
--     family ml.g5), else the accelerator the classifier recognised (Azure N-series meters,
--     Google GPUs and TPUs), where type and family are the same;
--   * capacity_kind: model capacity bought by the hour (Bedrock provisioned throughput, Azure
--     OpenAI provisioned throughput units, Vertex AI provisioned throughput), the patterns of
--     the classifier's br-provisioned, br-model-units, az-openai-ptu and
--     gcp-vertex-provisioned-throughput signals;
--   * spot_key: the usage type, meter or description says spot (EC2 SpotUsage, SageMaker
--     managed spot training TrSpt, Azure "... Spot" meters, Google "Spot Preemptible" SKUs);
--     PricingCategory, a line item column, is read per row (compute.sql).
--   * cell: one number per distinct (class, provider, service, billing account, account,
--     x_Model, tag values, region, model), the grain of report_days.
CREATE OR REPLACE TEMP TABLE report_keys AS
WITH typed AS (
    SELECT
        k.*,
        coalesce(c.x_WorkloadClass, 'non_ai') AS class,
        lower(coalesce(
            k.x_InstanceType,
            nullif(regexp_extract(k.x_UsageType, ':((?:ml\.)?[A-Za-z0-9-]+\.[A-Za-z0-9-]+)$', 1), ''),
            -- AWS FOCUS exports without x_InstanceType name it in the description:
            -- "$1.624 per On Demand Linux g5.4xlarge Instance Hour".
            CASE WHEN k.ProviderName = 'AWS' THEN nullif(regexp_extract(lower(k.ChargeDescription),
                ' ([a-z][a-z0-9-]*\.[a-z0-9-]+) (?:reserved |spot |dedicated )?instance', 1), '') END,
            '')) AS itype
    FROM class_keys AS k
    LEFT JOIN line_item_classes AS c USING (x_ClassKey)
),
attributes AS (
    SELECT
        x_ClassKey,
        BillingPeriodStart::DATE                                   AS month,
        class,
        ProviderName                                               AS provider,
        ServiceName                                                AS service,
        BillingAccountId                                           AS billing_account,
        SubAccountId                                               AS account,
        x_Model                                                    AS x_model,
        list_transform($tag_keys::VARCHAR[], lambda t: Tags[t])    AS tag_values,
        RegionId                                                   AS region,
        coalesce(
            x_Model,
            CASE WHEN x_ProductCode LIKE 'AmazonBedrock%' THEN nullif(regexp_extract(x_UsageType,
                '^[A-Za-z0-9]+-(.+?)-(input-tokens|output-tokens|cache-read|cache-write|ProvisionedThroughput|ModelUnits)',
                1), '') END,
            nullif(regexp_extract(ServiceName, '^(.+) \(Amazon Bedrock Edition\)$', 1), ''),
            CASE WHEN ServiceName = 'Azure OpenAI' THEN nullif(regexp_extract(SkuMeter,
                '^(.+?)[- ](Inp|Input|Outp|Output|cchd|Cached)', 1), '') END
        )                                                          AS model,
        CASE
            WHEN regexp_matches(itype,
                 '^(ml\.)?(p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|gr6|inf[12][a-z0-9-]*|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*|f[12]|vt1)\.')
                THEN itype
            ELSE accelerator_type
        END                                                        AS instance_type,
        CASE
            WHEN regexp_matches(itype,
                 '^(ml\.)?(p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|gr6|inf[12][a-z0-9-]*|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*|f[12]|vt1)\.')
                THEN regexp_extract(itype, '^((?:ml\.)?[a-z0-9-]+)\.', 1)
            ELSE accelerator_type
        END                                                        AS family,
        CASE
            WHEN x_ProductCode LIKE 'AmazonBedrock%' AND (x_UsageType LIKE '%ProvisionedThroughput%'
                 OR x_UsageType LIKE '%ModelUnits%') THEN 'bedrock_provisioned_throughput'
            WHEN SkuMeter LIKE '%Provisioned Managed%' THEN 'azure_openai_ptu'
            WHEN ChargeDescription LIKE '%Vertex AI%Provisioned Throughput%'
                THEN 'vertex_provisioned_throughput'
        END                                                        AS capacity_kind,
        x_UsageType LIKE '%SpotUsage%' OR x_UsageType LIKE '%TrSpt:%'
            OR regexp_matches(lower(concat_ws(' ', SkuMeter, ChargeDescription)), '\bspot\b')
                                                                   AS spot_key
    FROM typed
)
SELECT
    *,
    dense_rank() OVER (ORDER BY class, provider, service, billing_account, account, x_model,
                                tag_values, region, model) AS cell
FROM attributes
