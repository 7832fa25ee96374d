-- Anthropic Admin API messages usage report (/v1/organizations/usage_report/messages) -> line
-- items with token quantities and no money (the cost report carries it; docs/providers.md).
-- Reads relation `src` (finops_ai/ingest/anthropic.py USAGE_SCHEMA): one row per bucket, result
-- and token type (`metric`, the API's field: uncached_input_tokens, cache_read_input_tokens,
-- cache_creation.ephemeral_5m_input_tokens, cache_creation.ephemeral_1h_input_tokens,
-- output_tokens, server_tool_use.web_search_requests; CSV exports: cache_creation_input_tokens).
-- Batch is service_tier 'batch'. $account / $account_name; $report: 'usage_report/messages'.
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
    concat_ws(' ', coalesce(model, 'Claude'), service_tier, replace(metric, '_', ' '))
                                                                          AS ChargeDescription,
    'Usage-Based'                                                         AS ChargeFrequency,
    0::DECIMAL(38, 12)                                                    AS BilledCost,
    0::DECIMAL(38, 12)                                                    AS EffectiveCost,
    0::DECIMAL(38, 12)                                                    AS ListCost,
    0::DECIMAL(38, 12)                                                    AS ContractedCost,
    NULL::DECIMAL(38, 12)                                                 AS ListUnitPrice,
    NULL::DECIMAL(38, 12)                                                 AS ContractedUnitPrice,
    'USD'                                                                 AS BillingCurrency,
    NULL::VARCHAR                                                         AS InvoiceId,
    'Anthropic'                                                           AS InvoiceIssuerName,
    'Anthropic'                                                           AS ProviderName,
    'Anthropic'                                                           AS PublisherName,
    'Claude API'                                                          AS ServiceName,
    'AI and Machine Learning'                                             AS ServiceCategory,
    'Generative AI'                                                       AS ServiceSubcategory,
    inference_geo                                                         AS RegionId,
    NULL::VARCHAR AS RegionName, NULL::VARCHAR AS AvailabilityZone,
    NULL::VARCHAR AS ResourceId, NULL::VARCHAR AS ResourceName, NULL::VARCHAR AS ResourceType,
    NULL::VARCHAR AS SkuId, NULL::VARCHAR AS SkuPriceId, NULL::VARCHAR AS SkuPriceDetails,
    concat_ws(' ', 'messages', context_window)                            AS SkuMeter,
    'Standard'                                                            AS PricingCategory,
    NULL::VARCHAR AS CommitmentDiscountId, NULL::VARCHAR AS CommitmentDiscountType,
    NULL::VARCHAR AS CommitmentDiscountCategory, NULL::VARCHAR AS CommitmentDiscountStatus,
    CAST(quantity AS DECIMAL(38, 12))                                     AS ConsumedQuantity,
    CASE WHEN metric = 'server_tool_use.web_search_requests' THEN 'requests' ELSE 'tokens' END
                                                                          AS ConsumedUnit,
    CAST(quantity AS DECIMAL(38, 12))                                     AS PricingQuantity,
    CASE WHEN metric = 'server_tool_use.web_search_requests' THEN 'requests' ELSE 'tokens' END
                                                                          AS PricingUnit,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS Tags,
    NULL::VARCHAR                                                         AS x_SourceLineId,
    metric                                                                AS x_UsageType,
    NULL::VARCHAR AS x_Operation, NULL::VARCHAR AS x_InstanceType,
    NULL::VARCHAR AS x_ProductCode, NULL::VARCHAR AS x_LineItemType,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS x_CostCategories,
    model                                                                 AS x_Model,
    CASE metric
        WHEN 'uncached_input_tokens' THEN 'input'
        WHEN 'cache_read_input_tokens' THEN 'cache_read'
        WHEN 'cache_creation.ephemeral_5m_input_tokens' THEN 'cache_write_5m'
        WHEN 'cache_creation.ephemeral_1h_input_tokens' THEN 'cache_write_1h'
        WHEN 'cache_creation_input_tokens' THEN 'cache_write'
        WHEN 'output_tokens' THEN 'output'
    END                                                                   AS x_TokenType,
    service_tier                                                          AS x_ServiceTier,
    api_key_id                                                            AS x_ApiKeyId,
    false                                                                 AS x_CostEstimated,
    $report                                                               AS x_ProviderReport
FROM src
