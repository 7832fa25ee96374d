-- Anthropic Admin API cost report (/v1/organizations/cost_report) -> line items. These rows
-- carry the money. Reads relation `src` (finops_ai/ingest/anthropic.py COST_SCHEMA): amount_usd is
-- already in dollars (the API gives a decimal string in cents, converted exactly in Python).
-- model, service_tier, token_type, cost_type and context_window are NULL unless the report was
-- grouped by description (finops-ai pull always groups by workspace_id and description).
-- $account / $account_name: the organisation; $report: 'cost_report'.
-- Anthropic bills no training through this report; a description naming fine-tuning or
-- training would still be marked x_TokenType 'training'.
SELECT
    $account                                                              AS BillingAccountId,
    $account_name                                                         AS BillingAccountName,
    workspace_id                                                          AS SubAccountId,
    NULL::VARCHAR                                                         AS SubAccountName,
    date_trunc('month', bucket_start)                                     AS BillingPeriodStart,
    date_trunc('month', bucket_start) + INTERVAL 1 MONTH                  AS BillingPeriodEnd,
    bucket_start                                                          AS ChargePeriodStart,
    bucket_end                                                            AS ChargePeriodEnd,
    'Usage'                                                               AS ChargeCategory,
    NULL::VARCHAR                                                         AS ChargeClass,
    coalesce(description, cost_type, 'Claude API usage')                  AS ChargeDescription,
    'Usage-Based'                                                         AS ChargeFrequency,
    CAST(amount_usd AS DECIMAL(38, 12))                                   AS BilledCost,
    CAST(amount_usd AS DECIMAL(38, 12))                                   AS EffectiveCost,
    CAST(amount_usd AS DECIMAL(38, 12))                                   AS ListCost,
    CAST(amount_usd AS DECIMAL(38, 12))                                   AS ContractedCost,
    NULL::DECIMAL(38, 12)                                                 AS ListUnitPrice,
    NULL::DECIMAL(38, 12)                                                 AS ContractedUnitPrice,
    upper(coalesce(currency, 'USD'))                                      AS BillingCurrency,
    NULL::VARCHAR                                                         AS InvoiceId,
    'Anthropic'                                                           AS InvoiceIssuerName,
    'Anthropic'                                                           AS ProviderName,
    'Anthropic'                                                           AS PublisherName,
    'Claude API'                                                          AS ServiceName,
    'AI and Machine Learning'                                             AS ServiceCategory,
    CASE WHEN description ILIKE '%fine-tun%' OR description ILIKE '%training%'
         THEN 'Machine Learning' ELSE 'Generative AI' END                 AS ServiceSubcategory,
    inference_geo                                                         AS RegionId,
    NULL::VARCHAR AS RegionName, NULL::VARCHAR AS AvailabilityZone,
    NULL::VARCHAR AS ResourceId, NULL::VARCHAR AS ResourceName, NULL::VARCHAR AS ResourceType,
    NULL::VARCHAR AS SkuId, NULL::VARCHAR AS SkuPriceId, NULL::VARCHAR AS SkuPriceDetails,
    description                                                           AS SkuMeter,
    'Standard'                                                            AS PricingCategory,
    NULL::VARCHAR AS CommitmentDiscountId, NULL::VARCHAR AS CommitmentDiscountType,
    NULL::VARCHAR AS CommitmentDiscountCategory, NULL::VARCHAR AS CommitmentDiscountStatus,
    NULL::DECIMAL(38, 12)                                                 AS ConsumedQuantity,
    NULL::VARCHAR                                                         AS ConsumedUnit,
    NULL::DECIMAL(38, 12)                                                 AS PricingQuantity,
    NULL::VARCHAR                                                         AS PricingUnit,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS Tags,
    NULL::VARCHAR                                                         AS x_SourceLineId,
    coalesce(token_type, cost_type)                                       AS x_UsageType,
    NULL::VARCHAR AS x_Operation, NULL::VARCHAR AS x_InstanceType,
    NULL::VARCHAR AS x_ProductCode, NULL::VARCHAR AS x_LineItemType,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS x_CostCategories,
    model                                                                 AS x_Model,
    CASE
        WHEN description ILIKE '%fine-tun%' OR description ILIKE '%training%' THEN 'training'
        WHEN token_type = 'uncached_input_tokens' THEN 'input'
        WHEN token_type = 'output_tokens' THEN 'output'
        WHEN token_type = 'cache_read_input_tokens' THEN 'cache_read'
        WHEN token_type = 'cache_creation.ephemeral_5m_input_tokens' THEN 'cache_write_5m'
        WHEN token_type = 'cache_creation.ephemeral_1h_input_tokens' THEN 'cache_write_1h'
        -- CSV exports name the token type only in the description
        WHEN token_type IS NULL AND description ILIKE '%cache read%' THEN 'cache_read'
        WHEN token_type IS NULL AND description ILIKE '%cache writ%(5m)%' THEN 'cache_write_5m'
        WHEN token_type IS NULL AND description ILIKE '%cache writ%(1h)%' THEN 'cache_write_1h'
        WHEN token_type IS NULL AND description ILIKE '%cache writ%' THEN 'cache_write'
        WHEN token_type IS NULL AND description ILIKE '%input tokens%' THEN 'input'
        WHEN token_type IS NULL AND description ILIKE '%output tokens%' THEN 'output'
    END                                                                   AS x_TokenType,
    service_tier                                                          AS x_ServiceTier,
    NULL::VARCHAR                                                         AS x_ApiKeyId,
    false                                                                 AS x_CostEstimated,
    $report                                                               AS x_ProviderReport
FROM src
