-- OpenAI Costs API results (/v1/organization/costs) -> line items. These rows carry the money.
-- Reads relation `src` (finops_ai/ingest/openai.py COST_SCHEMA: bucket_start, bucket_end, amount
-- (dollars, text), currency, line_item, project_id, api_key_id, quantity, quantity_unit).
-- $account / $account_name: the organisation; $report: 'costs'.
-- line_item strings are not documented; the ones seen look like "<model>, <kind>" (e.g.
-- "gpt-4o-mini-2024-07-18, input"). The part after the last comma names the token type;
-- anything mentioning training (fine-tuning jobs) becomes x_TokenType 'training', and another
-- kind billed in tokens (audio or image tokens, ...) 'other'. queries/ingest/token_columns.sql
-- then names embeddings and the pricing tier (docs/schema.md, "The token dimension").
SELECT
    $account                                                              AS BillingAccountId,
    $account_name                                                         AS BillingAccountName,
    project_id                                                            AS SubAccountId,
    NULL::VARCHAR                                                         AS SubAccountName,
    date_trunc('month', bucket_start)                                     AS BillingPeriodStart,
    date_trunc('month', bucket_start) + INTERVAL 1 MONTH                  AS BillingPeriodEnd,
    bucket_start                                                          AS ChargePeriodStart,
    bucket_end                                                            AS ChargePeriodEnd,
    'Usage'                                                               AS ChargeCategory,
    NULL::VARCHAR                                                         AS ChargeClass,
    coalesce(line_item, 'OpenAI API usage')                               AS ChargeDescription,
    'Usage-Based'                                                         AS ChargeFrequency,
    CAST(amount AS DECIMAL(38, 12))                                       AS BilledCost,
    CAST(amount AS DECIMAL(38, 12))                                       AS EffectiveCost,
    CAST(amount AS DECIMAL(38, 12))                                       AS ListCost,
    CAST(amount AS DECIMAL(38, 12))                                       AS ContractedCost,
    NULL::DECIMAL(38, 12)                                                 AS ListUnitPrice,
    NULL::DECIMAL(38, 12)                                                 AS ContractedUnitPrice,
    upper(coalesce(currency, 'usd'))                                      AS BillingCurrency,
    NULL::VARCHAR                                                         AS InvoiceId,
    'OpenAI'                                                              AS InvoiceIssuerName,
    'OpenAI'                                                              AS ProviderName,
    'OpenAI'                                                              AS PublisherName,
    'OpenAI API'                                                          AS ServiceName,
    'AI and Machine Learning'                                             AS ServiceCategory,
    -- fine-tuning is model training, not use of a generative model
    CASE WHEN token_type = 'training' THEN 'Machine Learning' ELSE 'Generative AI' END
                                                                          AS ServiceSubcategory,
    NULL::VARCHAR AS RegionId, NULL::VARCHAR AS RegionName, NULL::VARCHAR AS AvailabilityZone,
    NULL::VARCHAR AS ResourceId, NULL::VARCHAR AS ResourceName, NULL::VARCHAR AS ResourceType,
    NULL::VARCHAR AS SkuId, NULL::VARCHAR AS SkuPriceId, NULL::VARCHAR AS SkuPriceDetails,
    line_item                                                             AS SkuMeter,
    'Standard'                                                            AS PricingCategory,
    NULL::VARCHAR AS CommitmentDiscountId, NULL::VARCHAR AS CommitmentDiscountType,
    NULL::VARCHAR AS CommitmentDiscountCategory, NULL::VARCHAR AS CommitmentDiscountStatus,
    CASE quantity_unit
        WHEN '1000_tokens' THEN CAST(quantity AS DECIMAL(38, 12)) * 1000
        WHEN 'duration_minutes' THEN CAST(quantity AS DECIMAL(38, 12)) * 60
        WHEN 'duration_hours' THEN CAST(quantity AS DECIMAL(38, 12)) * 3600
        ELSE CAST(quantity AS DECIMAL(38, 12))
    END                                                                   AS ConsumedQuantity,
    CASE quantity_unit
        WHEN 'tokens' THEN 'tokens' WHEN '1000_tokens' THEN 'tokens'
        WHEN 'duration_seconds' THEN 'seconds' WHEN 'duration_minutes' THEN 'seconds'
        WHEN 'duration_hours' THEN 'seconds' WHEN 'gibibyte_hours' THEN 'GiB-hours'
        ELSE quantity_unit
    END                                                                   AS ConsumedUnit,
    CAST(quantity AS DECIMAL(38, 12))                                     AS PricingQuantity,
    quantity_unit                                                         AS PricingUnit,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS Tags,
    NULL::VARCHAR                                                         AS x_SourceLineId,
    line_item                                                             AS x_UsageType,
    NULL::VARCHAR AS x_Operation, NULL::VARCHAR AS x_InstanceType,
    NULL::VARCHAR AS x_ProductCode, NULL::VARCHAR AS x_LineItemType,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS x_CostCategories,
    li_model                                                              AS x_Model,
    token_type                                                            AS x_TokenType,
    CASE WHEN li_batch THEN 'batch' END                                   AS x_ServiceTier,
    api_key_id                                                            AS x_ApiKeyId,
    false                                                                 AS x_CostEstimated,
    $report                                                               AS x_ProviderReport
FROM (
    SELECT
        *,
        starts_with(li_kind, 'batch ')                                          AS li_batch,
        CASE
            WHEN li LIKE '%training%' OR li LIKE '%fine-tuning job%'            THEN 'training'
            WHEN regexp_replace(li_kind, '^batch ', '') IN ('input', 'input tokens', 'input_tokens',
                 'uncached input', 'input_uncached_tokens', 'text input')       THEN 'input'
            WHEN regexp_replace(li_kind, '^batch ', '') IN ('cached input', 'cached input tokens',
                 'cached_input', 'input_cached_tokens', 'cached text input')    THEN 'cache_read'
            WHEN regexp_replace(li_kind, '^batch ', '') IN ('cache write', 'cache write input',
                 'input_cache_write_tokens')                                    THEN 'cache_write'
            WHEN regexp_replace(li_kind, '^batch ', '') IN ('output', 'output tokens',
                 'output_tokens', 'text output')                                THEN 'output'
            WHEN quantity_unit IN ('tokens', '1000_tokens') OR li_kind LIKE '%token%'
                                                                                THEN 'other'
        END                                                                     AS token_type
    FROM (
        SELECT
            *,
            lower(trim(line_item))                                              AS li,
            nullif(trim(regexp_extract(line_item, '^(.*),([^,]*)$', 1)), '')    AS li_model,
            lower(trim(coalesce(nullif(regexp_extract(line_item, '^(.*),([^,]*)$', 2), ''),
                                line_item)))                                    AS li_kind
        FROM src
    ) AS parsed
) AS kinds
