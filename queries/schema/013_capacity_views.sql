-- Analyst views for committed capacity: accelerated compute by how it was priced, what each
-- Savings Plan and reservation covered and left unused, and model capacity bought by the hour.
-- The report's committed capacity and savings levers (queries/report/compute.sql, fleets.sql)
-- rest on the same columns; docs/analysts.md and docs/report.md explain them. Portable SQL, as
-- 005_analyst_views.sql's rules say: `finops-ai sql --emit` transpiles these for Athena, Trino
-- and Spark over the Parquet export.

-- How a usage line was priced: unused commitment (a CUR SavingsPlanRecurringFee or RIFee row,
-- whose EffectiveCost is the unused part; a FOCUS row with CommitmentDiscountStatus 'Unused'),
-- committed (covered by a Savings Plan or reservation), spot, or on demand.
CREATE VIEW accelerated_usage_monthly AS
WITH typed AS (
    SELECT
        *,
        lower(coalesce(x_InstanceType,
                       nullif(regexp_extract(x_UsageType,
                              ':((ml\.)?[A-Za-z0-9-]+\.[A-Za-z0-9-]+)$', 1), ''))) AS itype
    FROM line_items
    WHERE x_WorkloadClass IN ('training', 'inference', 'ai_other')
      AND ChargeCategory = 'Usage'
      AND coalesce(x_LineItemType, '') <> 'SavingsPlanNegation'
      AND coalesce(CommitmentDiscountStatus, '') <> 'Unused'
),
accelerated AS (
    SELECT
        *,
        CASE
            WHEN regexp_matches(coalesce(itype, ''),
                 '^(ml\.)?(p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|gr6|inf[12][a-z0-9-]*|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*|f[12]|vt1)\.[a-z0-9-]+$')
                THEN itype
            WHEN regexp_matches(coalesce(SkuMeter, ''), '^N[CDVG][0-9]') THEN SkuMeter
        END AS instance_type
    FROM typed
),
priced AS (
    SELECT
        *,
        CASE
            WHEN x_LineItemType IN ('SavingsPlanCoveredUsage', 'DiscountedUsage')
                 OR PricingCategory = 'Committed' OR CommitmentDiscountStatus = 'Used'
                THEN 'committed'
            WHEN PricingCategory IN ('Dynamic', 'Spot') OR x_UsageType LIKE '%SpotUsage%'
                 OR x_UsageType LIKE '%TrSpt:%'
                 OR regexp_matches(lower(concat_ws(' ', SkuMeter, ChargeDescription)), '\bspot\b')
                THEN 'spot'
            ELSE 'on_demand'
        END AS pricing,
        CASE
            WHEN ConsumedQuantity IS NULL AND x_LineItemType IS NULL
                THEN CAST(date_diff('second', ChargePeriodStart, ChargePeriodEnd) AS DOUBLE) / 3600
            WHEN ConsumedQuantity IS NULL THEN 0
            ELSE CAST(ConsumedQuantity AS DOUBLE) * CASE
                WHEN coalesce(trim(ConsumedUnit), '') = '' THEN 1.0
                WHEN regexp_matches(lower(trim(ConsumedUnit)), '^([0-9]+ )?(h|hr|hrs|hour|hours)$')
                    THEN 1.0
                WHEN regexp_matches(lower(trim(ConsumedUnit)), '^(s|sec|secs|second|seconds)$')
                    THEN 1.0 / 3600
                WHEN regexp_matches(lower(trim(ConsumedUnit)), '^(min|mins|minute|minutes)$')
                    THEN 1.0 / 60
                WHEN regexp_matches(lower(trim(ConsumedUnit)), '^(d|day|days)$') THEN 24.0
                ELSE 0.0
            END
        END AS hours
    FROM accelerated
    WHERE instance_type IS NOT NULL
)
SELECT
    strftime(BillingPeriodStart, '%Y-%m')   AS billing_month,
    BillingPeriodStart,
    ProviderName,
    BillingAccountId,
    x_WorkloadClass,
    RegionId,
    instance_type,
    pricing,
    BillingCurrency,
    sum(hours)                              AS hours,
    sum(EffectiveCost)                      AS effective_cost,
    sum(ListCost)                           AS list_cost,
    count(*)                                AS line_items
FROM priced
GROUP BY
    strftime(BillingPeriodStart, '%Y-%m'), BillingPeriodStart, ProviderName, BillingAccountId,
    x_WorkloadClass, RegionId, instance_type, pricing, BillingCurrency;

COMMENT ON VIEW accelerated_usage_monthly IS 'Accelerated (GPU, Trainium, Inferentia, FPGA) AI compute per billing month, provider, billing account, class, region, instance type and how it was priced (committed, spot, on_demand). AWS instance types and Azure N-series meters; Google accelerators are in the report, which reads the classifier''s tables. Grain: BillingPeriodStart x ProviderName x BillingAccountId x x_WorkloadClass x RegionId x instance_type x pricing x BillingCurrency. See docs/analysts.md.';
COMMENT ON COLUMN accelerated_usage_monthly.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN accelerated_usage_monthly.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN accelerated_usage_monthly.ProviderName IS 'AWS, Microsoft, ...';
COMMENT ON COLUMN accelerated_usage_monthly.BillingAccountId IS 'The account invoiced (commitments are usually shared across its accounts)';
COMMENT ON COLUMN accelerated_usage_monthly.x_WorkloadClass IS 'training, inference or ai_other';
COMMENT ON COLUMN accelerated_usage_monthly.RegionId IS 'Region of the usage';
COMMENT ON COLUMN accelerated_usage_monthly.instance_type IS 'p4d.24xlarge, ml.g5.2xlarge (SageMaker), inf2.xlarge, or an Azure meter such as NC24ads A100 v4';
COMMENT ON COLUMN accelerated_usage_monthly.pricing IS 'committed (SavingsPlanCoveredUsage, DiscountedUsage, PricingCategory Committed), spot (PricingCategory Dynamic or Spot, SpotUsage or TrSpt usage types, spot meters) or on_demand';
COMMENT ON COLUMN accelerated_usage_monthly.BillingCurrency IS 'Currency of the cost columns; never add across currencies';
COMMENT ON COLUMN accelerated_usage_monthly.hours IS 'Instance hours: ConsumedQuantity in hours (a row without a quantity counts its charge period)';
COMMENT ON COLUMN accelerated_usage_monthly.effective_cost IS 'Sum of EffectiveCost: committed hours at their amortised (discounted) cost';
COMMENT ON COLUMN accelerated_usage_monthly.list_cost IS 'Sum of ListCost (on-demand list prices): 1 - effective_cost / list_cost of committed or spot hours is the discount the bill shows';
COMMENT ON COLUMN accelerated_usage_monthly.line_items IS 'Number of line items summed';

CREATE VIEW commitment_utilization_monthly AS
SELECT
    strftime(BillingPeriodStart, '%Y-%m')                                AS billing_month,
    BillingPeriodStart,
    ProviderName,
    CommitmentDiscountId,
    max(CommitmentDiscountType)                                          AS CommitmentDiscountType,
    BillingCurrency,
    sum(CASE WHEN x_LineItemType IN ('SavingsPlanRecurringFee', 'RIFee')
                  OR CommitmentDiscountStatus = 'Unused' THEN 0
             ELSE EffectiveCost END)                                     AS covered_cost,
    sum(CASE WHEN (x_LineItemType IN ('SavingsPlanRecurringFee', 'RIFee')
                   OR CommitmentDiscountStatus = 'Unused')
                  OR x_WorkloadClass NOT IN ('training', 'inference', 'ai_other')
                  OR x_WorkloadClass IS NULL THEN 0
             ELSE EffectiveCost END)                                     AS ai_covered_cost,
    sum(CASE WHEN x_LineItemType IN ('SavingsPlanRecurringFee', 'RIFee')
                  OR CommitmentDiscountStatus = 'Unused' THEN EffectiveCost ELSE 0 END)
                                                                         AS unused_cost,
    count(*)                                                             AS line_items
FROM line_items
WHERE x_LineItemType IN ('SavingsPlanCoveredUsage', 'DiscountedUsage',
                         'SavingsPlanRecurringFee', 'RIFee')
   OR (x_LineItemType IS NULL AND ChargeCategory = 'Usage'
       AND (CommitmentDiscountStatus IN ('Used', 'Unused') OR PricingCategory = 'Committed'))
GROUP BY
    strftime(BillingPeriodStart, '%Y-%m'), BillingPeriodStart, ProviderName,
    CommitmentDiscountId, BillingCurrency;

COMMENT ON VIEW commitment_utilization_monthly IS 'What each Savings Plan and reservation covered and left unused per billing month. Grain: BillingPeriodStart x ProviderName x CommitmentDiscountId x BillingCurrency. See docs/analysts.md.';
COMMENT ON COLUMN commitment_utilization_monthly.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN commitment_utilization_monthly.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN commitment_utilization_monthly.ProviderName IS 'AWS, Microsoft, ...';
COMMENT ON COLUMN commitment_utilization_monthly.CommitmentDiscountId IS 'Savings Plan ARN, reservation ARN or Azure reservation id (NULL when the bill names none)';
COMMENT ON COLUMN commitment_utilization_monthly.CommitmentDiscountType IS 'Savings Plan, Reserved Instance, Reservation, ...';
COMMENT ON COLUMN commitment_utilization_monthly.BillingCurrency IS 'Currency of the cost columns';
COMMENT ON COLUMN commitment_utilization_monthly.covered_cost IS 'EffectiveCost of the usage it covered (SavingsPlanCoveredUsage, DiscountedUsage, FOCUS Committed/Used rows)';
COMMENT ON COLUMN commitment_utilization_monthly.ai_covered_cost IS 'The part of covered_cost on training, inference and ai_other usage';
COMMENT ON COLUMN commitment_utilization_monthly.unused_cost IS 'What the month paid for nothing: EffectiveCost of SavingsPlanRecurringFee and RIFee rows (their unused part) and FOCUS rows with CommitmentDiscountStatus Unused';
COMMENT ON COLUMN commitment_utilization_monthly.line_items IS 'Number of line items summed';

CREATE VIEW provisioned_capacity_monthly AS
WITH capacity AS (
    SELECT
        *,
        CASE
            WHEN x_ProductCode LIKE 'AmazonBedrock%' AND (x_UsageType LIKE '%ProvisionedThroughput%'
                 OR x_UsageType LIKE '%ModelUnits%') THEN 'bedrock_provisioned_throughput'
            WHEN SkuMeter LIKE '%Provisioned Managed%' THEN 'azure_openai_ptu'
            WHEN ChargeDescription LIKE '%Vertex AI%Provisioned Throughput%'
                THEN 'vertex_provisioned_throughput'
        END AS kind,
        coalesce(
            x_Model,
            CASE WHEN x_ProductCode LIKE 'AmazonBedrock%' THEN nullif(regexp_extract(x_UsageType,
                '^[A-Za-z0-9]+-(.+?)-(ProvisionedThroughput|ModelUnits)', 1), '') END
        ) AS model
    FROM line_items
    WHERE ChargeCategory = 'Usage'
      AND coalesce(CommitmentDiscountStatus, '') <> 'Unused'
)
SELECT
    strftime(BillingPeriodStart, '%Y-%m')   AS billing_month,
    BillingPeriodStart,
    ProviderName,
    ServiceName,
    kind,
    model,
    RegionId,
    BillingCurrency,
    sum(CAST(ConsumedQuantity AS DOUBLE))   AS hours,
    sum(EffectiveCost)                      AS effective_cost,
    count(*)                                AS line_items
FROM capacity
WHERE kind IS NOT NULL
GROUP BY
    strftime(BillingPeriodStart, '%Y-%m'), BillingPeriodStart, ProviderName, ServiceName, kind,
    model, RegionId, BillingCurrency;

COMMENT ON VIEW provisioned_capacity_monthly IS 'Model capacity bought by the hour per billing month: Bedrock provisioned throughput, Azure OpenAI provisioned throughput units (PTU), Vertex AI provisioned throughput. Grain: BillingPeriodStart x ProviderName x ServiceName x kind x model x RegionId x BillingCurrency. See docs/analysts.md.';
COMMENT ON COLUMN provisioned_capacity_monthly.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN provisioned_capacity_monthly.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN provisioned_capacity_monthly.ProviderName IS 'AWS, Microsoft, Google Cloud';
COMMENT ON COLUMN provisioned_capacity_monthly.ServiceName IS 'The service as the bill names it';
COMMENT ON COLUMN provisioned_capacity_monthly.kind IS 'bedrock_provisioned_throughput (usage types ProvisionedThroughput, ModelUnits), azure_openai_ptu (meters Provisioned Managed Global/Data Zone/Regional), vertex_provisioned_throughput';
COMMENT ON COLUMN provisioned_capacity_monthly.model IS 'x_Model, else the model a Bedrock usage type names (USE1-Nova-ProvisionedThroughput: Nova); NULL for a PTU, which names no model';
COMMENT ON COLUMN provisioned_capacity_monthly.RegionId IS 'Region of the capacity';
COMMENT ON COLUMN provisioned_capacity_monthly.BillingCurrency IS 'Currency of the cost columns';
COMMENT ON COLUMN provisioned_capacity_monthly.hours IS 'Units x hours billed (ConsumedQuantity): model-unit hours, PTU hours';
COMMENT ON COLUMN provisioned_capacity_monthly.effective_cost IS 'Sum of EffectiveCost (a PTU reservation''s hours at their amortised cost)';
COMMENT ON COLUMN provisioned_capacity_monthly.line_items IS 'Number of line items summed';
