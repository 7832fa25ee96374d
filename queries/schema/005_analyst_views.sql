-- Analyst views: stable, documented answers to the questions analysts ask most.
-- Documented in docs/analysts.md and in COMMENT ON (shown by the DuckDB CLI's `.schema`,
-- `duckdb_views()`, `duckdb_columns()` and DBeaver). Names and columns are a public contract.
-- Rules for this file, because the views are stored in the warehouse and shipped to other engines:
--   * DuckDB 1.4 must read them (analysts' CLI): no DuckDB 2.0-only functions or syntax;
--   * `finops-ai sql --dialect trino|athena|spark --emit` transpiles the views over line_items, so
--     no GROUP BY ALL, * EXCLUDE, string slices or regex flags: portable SQL with explicit groups.
-- gpu_resource_profile reads the classifier's tables (gpu_usage, class_keys), so it is DuckDB only.

CREATE VIEW ai_spend_daily AS
SELECT
    CAST(ChargePeriodStart AS DATE)                                AS day,
    x_WorkloadClass,
    ProviderName,
    ServiceName,
    SubAccountId,
    max(SubAccountName)                                            AS SubAccountName,
    BillingCurrency,
    sum(BilledCost)                                                AS billed_cost,
    sum(EffectiveCost)                                             AS effective_cost,
    sum(CASE WHEN x_CostEstimated THEN EffectiveCost ELSE 0 END)   AS estimated_cost,
    count(*)                                                       AS line_items
FROM line_items
WHERE x_WorkloadClass IN ('training', 'inference', 'ai_other')
GROUP BY
    CAST(ChargePeriodStart AS DATE), x_WorkloadClass, ProviderName, ServiceName, SubAccountId,
    BillingCurrency;

COMMENT ON VIEW ai_spend_daily IS 'AI spend (training, inference, ai_other) per UTC charge day, workload class, provider, service, usage account and currency. Grain: day x x_WorkloadClass x ProviderName x ServiceName x SubAccountId x BillingCurrency. See docs/analysts.md.';
COMMENT ON COLUMN ai_spend_daily.day IS 'UTC date of ChargePeriodStart (a monthly charge lands on its first day)';
COMMENT ON COLUMN ai_spend_daily.x_WorkloadClass IS 'training, inference or ai_other (non_ai is left out)';
COMMENT ON COLUMN ai_spend_daily.ProviderName IS 'AWS, Microsoft, OpenAI, Anthropic, ...';
COMMENT ON COLUMN ai_spend_daily.ServiceName IS 'The service as the bill names it';
COMMENT ON COLUMN ai_spend_daily.SubAccountId IS 'Usage account: AWS linked account, Azure subscription, OpenAI project, Anthropic workspace';
COMMENT ON COLUMN ai_spend_daily.SubAccountName IS 'Its name where the bill gives one';
COMMENT ON COLUMN ai_spend_daily.BillingCurrency IS 'Currency of the cost columns; never add across currencies';
COMMENT ON COLUMN ai_spend_daily.billed_cost IS 'Sum of BilledCost (what the invoice charges)';
COMMENT ON COLUMN ai_spend_daily.effective_cost IS 'Sum of EffectiveCost (amortised: allocate spend with this)';
COMMENT ON COLUMN ai_spend_daily.estimated_cost IS 'Part of effective_cost estimated from list prices (AI provider usage with no cost report yet)';
COMMENT ON COLUMN ai_spend_daily.line_items IS 'Number of line items summed';

CREATE VIEW ai_spend_monthly AS
SELECT
    strftime(BillingPeriodStart, '%Y-%m')                          AS billing_month,
    BillingPeriodStart,
    x_WorkloadClass,
    ProviderName,
    ServiceName,
    BillingAccountId,
    SubAccountId,
    max(SubAccountName)                                            AS SubAccountName,
    BillingCurrency,
    sum(BilledCost)                                                AS billed_cost,
    sum(EffectiveCost)                                             AS effective_cost,
    sum(ListCost)                                                  AS list_cost,
    sum(CASE WHEN x_CostEstimated THEN EffectiveCost ELSE 0 END)   AS estimated_cost,
    count(*)                                                       AS line_items
FROM line_items
WHERE x_WorkloadClass IN ('training', 'inference', 'ai_other')
GROUP BY
    strftime(BillingPeriodStart, '%Y-%m'), BillingPeriodStart, x_WorkloadClass, ProviderName,
    ServiceName, BillingAccountId, SubAccountId, BillingCurrency;

COMMENT ON VIEW ai_spend_monthly IS 'AI spend (training, inference, ai_other) per billing (invoice) month, workload class, provider, service, billing and usage account and currency. Grain: BillingPeriodStart x x_WorkloadClass x ProviderName x ServiceName x BillingAccountId x SubAccountId x BillingCurrency. See docs/analysts.md.';
COMMENT ON COLUMN ai_spend_monthly.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN ai_spend_monthly.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN ai_spend_monthly.x_WorkloadClass IS 'training, inference or ai_other (non_ai is left out)';
COMMENT ON COLUMN ai_spend_monthly.ProviderName IS 'AWS, Microsoft, OpenAI, Anthropic, ...';
COMMENT ON COLUMN ai_spend_monthly.ServiceName IS 'The service as the bill names it';
COMMENT ON COLUMN ai_spend_monthly.BillingAccountId IS 'The account invoiced (AWS payer, Azure billing account, OpenAI/Anthropic organisation)';
COMMENT ON COLUMN ai_spend_monthly.SubAccountId IS 'Usage account: AWS linked account, Azure subscription, OpenAI project, Anthropic workspace';
COMMENT ON COLUMN ai_spend_monthly.SubAccountName IS 'Its name where the bill gives one';
COMMENT ON COLUMN ai_spend_monthly.BillingCurrency IS 'Currency of the cost columns; never add across currencies';
COMMENT ON COLUMN ai_spend_monthly.billed_cost IS 'Sum of BilledCost (reconciles with the invoice)';
COMMENT ON COLUMN ai_spend_monthly.effective_cost IS 'Sum of EffectiveCost (amortised: allocate spend with this)';
COMMENT ON COLUMN ai_spend_monthly.list_cost IS 'Sum of ListCost (at public on-demand prices)';
COMMENT ON COLUMN ai_spend_monthly.estimated_cost IS 'Part of effective_cost estimated from list prices (AI provider usage with no cost report yet)';
COMMENT ON COLUMN ai_spend_monthly.line_items IS 'Number of line items summed';

-- Model names: AI providers give x_Model; Bedrock names the model in its usage type
-- (USE1-NovaPro-input-tokens) or, for Marketplace models, in the service name; Azure OpenAI in
-- its meter (gpt-4o-0806-Inp-glbl Tokens). Token counts: OpenAI's cost report repeats the
-- quantities of its usage report, so provider tokens come from usage reports only, while the
-- money comes from every row (cost reports carry it; see docs/providers.md).
CREATE VIEW inference_by_model AS
WITH model_rows AS (
    SELECT
        BillingPeriodStart,
        ProviderName,
        ServiceName,
        BillingCurrency,
        EffectiveCost,
        x_CostEstimated,
        coalesce(
            x_Model,
            CASE WHEN x_ProductCode LIKE 'AmazonBedrock%' THEN nullif(regexp_extract(x_UsageType,
                '^[A-Za-z0-9]+-(.+?)-(input-tokens|output-tokens|cache-read|cache-write|ProvisionedThroughput|ModelUnits)',
                1), '') END,
            nullif(regexp_extract(ServiceName, '^(.+) \(Amazon Bedrock Edition\)$', 1), ''),
            CASE WHEN ServiceName = 'Azure OpenAI' THEN nullif(regexp_extract(SkuMeter,
                '^(.+?)[- ](Inp|Input|Outp|Output|cchd|Cached)', 1), '') END
        ) AS model,
        x_TokenType IS NOT NULL
            OR regexp_matches(lower(coalesce(ConsumedUnit, '')), 'token')
            OR regexp_matches(lower(coalesce(x_UsageType, '')), 'token') AS token_charge,
        coalesce(x_TokenType = 'output',
                 regexp_matches(lower(concat_ws(' ', x_UsageType, SkuMeter, ChargeDescription)),
                                'output|outp')) AS output_side,
        CASE
            WHEN x_ProviderReport IS NOT NULL AND x_ProviderReport NOT LIKE 'usage%' THEN NULL
            WHEN lower(ConsumedUnit) = 'tokens' THEN CAST(ConsumedQuantity AS DOUBLE)
            WHEN lower(ConsumedUnit) = '1k tokens' THEN CAST(ConsumedQuantity AS DOUBLE) * 1000
            WHEN lower(ConsumedUnit) = '1m tokens' THEN CAST(ConsumedQuantity AS DOUBLE) * 1000000
            WHEN lower(ChargeDescription) LIKE '%tokens (thousands)%'
                THEN CAST(ConsumedQuantity AS DOUBLE) * 1000
        END AS tokens
    FROM line_items
    WHERE x_WorkloadClass = 'inference'
)
SELECT
    strftime(BillingPeriodStart, '%Y-%m')                                    AS billing_month,
    BillingPeriodStart,
    ProviderName,
    ServiceName,
    model,
    BillingCurrency,
    sum(EffectiveCost)                                                       AS effective_cost,
    sum(CASE WHEN token_charge THEN EffectiveCost ELSE 0 END)                AS token_cost,
    sum(CASE WHEN x_CostEstimated THEN EffectiveCost ELSE 0 END)             AS estimated_cost,
    sum(CASE WHEN output_side THEN 0 ELSE tokens END)                        AS input_tokens,
    sum(CASE WHEN output_side THEN tokens ELSE 0 END)                        AS output_tokens,
    sum(tokens)                                                              AS tokens,
    CAST(sum(CASE WHEN token_charge THEN EffectiveCost ELSE 0 END) AS DOUBLE)
        / nullif(sum(tokens), 0) * 1000000                                   AS cost_per_1m_tokens,
    count(*)                                                                 AS line_items
FROM model_rows
WHERE model IS NOT NULL
GROUP BY
    strftime(BillingPeriodStart, '%Y-%m'), BillingPeriodStart, ProviderName, ServiceName, model,
    BillingCurrency;

COMMENT ON VIEW inference_by_model IS 'Inference spend and tokens per billing month, provider, service, model and currency, for spend that names a model (OpenAI, Anthropic, Bedrock, Azure OpenAI). Grain: BillingPeriodStart x ProviderName x ServiceName x model x BillingCurrency. See docs/analysts.md.';
COMMENT ON COLUMN inference_by_model.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN inference_by_model.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN inference_by_model.ProviderName IS 'AWS, Microsoft, OpenAI, Anthropic, ...';
COMMENT ON COLUMN inference_by_model.ServiceName IS 'The service as the bill names it';
COMMENT ON COLUMN inference_by_model.model IS 'x_Model, else the model named by the Bedrock usage type or Marketplace product, or the Azure OpenAI meter';
COMMENT ON COLUMN inference_by_model.BillingCurrency IS 'Currency of the cost columns';
COMMENT ON COLUMN inference_by_model.effective_cost IS 'Sum of EffectiveCost of the model''s inference line items';
COMMENT ON COLUMN inference_by_model.token_cost IS 'The part of effective_cost charged per token (excludes provisioned throughput, searches, storage)';
COMMENT ON COLUMN inference_by_model.estimated_cost IS 'Part of effective_cost estimated from list prices';
COMMENT ON COLUMN inference_by_model.input_tokens IS 'Tokens that are not output: uncached and cached input, cache writes';
COMMENT ON COLUMN inference_by_model.output_tokens IS 'Output tokens';
COMMENT ON COLUMN inference_by_model.tokens IS 'All tokens (AI providers: from their usage reports; NULL when only a cost report is loaded)';
COMMENT ON COLUMN inference_by_model.cost_per_1m_tokens IS 'token_cost per million tokens';
COMMENT ON COLUMN inference_by_model.line_items IS 'Number of line items summed';

-- The fleet tag list repeats queries/classify/gpu_keys.sql; tests/test_views.py checks that
-- every resource the usage-pattern rules decided finds its fleet here.
CREATE VIEW gpu_resource_profile AS
WITH resources AS (
    SELECT
        u.ResourceId,
        k.ProviderName,
        k.BillingAccountId,
        k.SubAccountId,
        k.RegionId,
        k.accelerator_type,
        coalesce(k.Tags['aws:autoscaling:groupName'], k.Tags['aws:autoscaling_group_name'],
                 k.Tags['aws:eks:nodegroup-name'], k.Tags['eks:nodegroup-name'],
                 k.Tags['aws:ec2:fleet-id'], k.Tags['aws:ec2spot:fleet-request-id'],
                 k.Tags['karpenter.sh/nodepool'], k.Tags['aws:batch:compute-environment'], '')
            AS fleet_tag,
        k.BillingPeriodStart,
        k.BillingPeriodEnd,
        c.x_WorkloadClass,
        c.x_ClassRule,
        c.x_ClassConfidence,
        u.ChargePeriodStart,
        u.hours,
        u.EffectiveCost
    FROM gpu_usage AS u
    JOIN class_keys AS k ON k.x_ClassKey = u.x_ClassKey
    LEFT JOIN line_item_classes AS c ON c.x_ClassKey = u.x_ClassKey
)
SELECT
    r.ResourceId,
    r.ProviderName,
    r.BillingAccountId,
    r.SubAccountId,
    r.RegionId,
    r.accelerator_type,
    r.fleet_tag,
    r.BillingPeriodStart,
    r.x_WorkloadClass,
    r.x_ClassRule,
    r.x_ClassConfidence,
    min(r.ChargePeriodStart)                                         AS first_usage,
    max(r.ChargePeriodStart)                                         AS last_usage,
    count(DISTINCT CASE WHEN r.hours > 0 THEN r.ChargePeriodStart END) AS active_periods,
    sum(r.hours)                                                     AS instance_hours,
    sum(r.hours) * 3600
        / (epoch(max(r.BillingPeriodEnd)) - epoch(min(r.BillingPeriodStart))) AS mean_instances,
    sum(r.EffectiveCost)                                             AS effective_cost,
    p.fleet_id,
    p.duty_cycle                                                     AS fleet_duty_cycle,
    p.cv                                                             AS fleet_cv
FROM resources AS r
LEFT JOIN gpu_fleet_profile AS p
  ON p.ProviderName = r.ProviderName
 AND p.SubAccountId IS NOT DISTINCT FROM r.SubAccountId
 AND p.RegionId IS NOT DISTINCT FROM r.RegionId
 AND p.accelerator_type = r.accelerator_type
 AND p.fleet_tag = r.fleet_tag
 AND p.BillingPeriodStart = r.BillingPeriodStart
GROUP BY
    r.ResourceId, r.ProviderName, r.BillingAccountId, r.SubAccountId, r.RegionId,
    r.accelerator_type, r.fleet_tag, r.BillingPeriodStart, r.x_WorkloadClass, r.x_ClassRule,
    r.x_ClassConfidence, p.fleet_id, p.duty_cycle, p.cv;

COMMENT ON VIEW gpu_resource_profile IS 'How each GPU/accelerator resource ran in each billing period, its class, and the profile of the fleet the usage-pattern rules judged it in. Grain: ResourceId x BillingPeriodStart x x_WorkloadClass x x_ClassRule. DuckDB only (reads gpu_usage, class_keys). See docs/analysts.md.';
COMMENT ON COLUMN gpu_resource_profile.ResourceId IS 'Instance id, ARN or Azure resource id';
COMMENT ON COLUMN gpu_resource_profile.ProviderName IS 'AWS, Microsoft, Google Cloud, ...';
COMMENT ON COLUMN gpu_resource_profile.BillingAccountId IS 'The account invoiced';
COMMENT ON COLUMN gpu_resource_profile.SubAccountId IS 'The usage account';
COMMENT ON COLUMN gpu_resource_profile.RegionId IS 'Region of the resource';
COMMENT ON COLUMN gpu_resource_profile.accelerator_type IS 'Instance type (p5.48xlarge, g5.2xlarge) or Azure/GCP GPU meter the classifier recognised';
COMMENT ON COLUMN gpu_resource_profile.fleet_tag IS 'Auto scaling group, EKS node group, EC2 fleet, Karpenter node pool or Batch environment tag; empty when untagged';
COMMENT ON COLUMN gpu_resource_profile.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN gpu_resource_profile.x_WorkloadClass IS 'The class its line items got';
COMMENT ON COLUMN gpu_resource_profile.x_ClassRule IS 'The rule that decided (gpu-pattern-* when its fleet''s usage pattern did)';
COMMENT ON COLUMN gpu_resource_profile.x_ClassConfidence IS 'high, medium or low';
COMMENT ON COLUMN gpu_resource_profile.first_usage IS 'Start of its first charge period in the billing period';
COMMENT ON COLUMN gpu_resource_profile.last_usage IS 'Start of its last charge period in the billing period';
COMMENT ON COLUMN gpu_resource_profile.active_periods IS 'Charge periods (hours, or days for daily bills) with usage';
COMMENT ON COLUMN gpu_resource_profile.instance_hours IS 'Instance hours used';
COMMENT ON COLUMN gpu_resource_profile.mean_instances IS 'instance_hours / hours in the billing period: instances running on average (one instance: the share of the month it ran; an endpoint deployment can run several)';
COMMENT ON COLUMN gpu_resource_profile.effective_cost IS 'Sum of EffectiveCost of its GPU usage';
COMMENT ON COLUMN gpu_resource_profile.fleet_id IS 'Its fleet in gpu_fleet_profile when the usage-pattern rules judged it (NULL when a rule, tag or service decided first)';
COMMENT ON COLUMN gpu_resource_profile.fleet_duty_cycle IS 'The fleet''s duty cycle: share of buckets with any instance running';
COMMENT ON COLUMN gpu_resource_profile.fleet_cv IS 'The fleet''s coefficient of variation of instances per bucket';

COMMENT ON VIEW line_items IS 'One row per bill line: FOCUS columns, x_ extensions and the workload class. The public contract; see docs/schema.md.';
COMMENT ON TABLE gpu_fleet_profile IS 'The usage profile of each GPU/accelerator fleet per billing period that no rule, tag or service explained, and the usage-pattern decision. Written by every classification. Grain: fleet_id (fleet x billing period). See docs/analysts.md.';
