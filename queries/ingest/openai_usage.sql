-- OpenAI Usage API results (/v1/organization/usage/*) -> line items with quantities and no money
-- (the Costs API carries it; docs/providers.md). Reads relation `src` (finops_ai/ingest/openai.py
-- USAGE_SCHEMA): one row per bucket, result and metered field (`metric`, the API's field name:
-- input_uncached_tokens, input_cached_tokens, input_cache_write_tokens, output_tokens,
-- input_tokens, images, characters, seconds, usage_bytes (already GB-days), num_sessions,
-- num_requests). $account / $account_name: the organisation; $report: 'usage/<endpoint>'.
-- BilledCost is 0 here; queries/load/provider_estimates.sql prices days no cost report covers.
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
    concat_ws(' ', coalesce(model, endpoint), CASE WHEN batch THEN 'batch' END,
              replace(metric, '_', ' '))                                  AS ChargeDescription,
    'Usage-Based'                                                         AS ChargeFrequency,
    0::DECIMAL(38, 12)                                                    AS BilledCost,
    0::DECIMAL(38, 12)                                                    AS EffectiveCost,
    0::DECIMAL(38, 12)                                                    AS ListCost,
    0::DECIMAL(38, 12)                                                    AS ContractedCost,
    NULL::DECIMAL(38, 12)                                                 AS ListUnitPrice,
    NULL::DECIMAL(38, 12)                                                 AS ContractedUnitPrice,
    'USD'                                                                 AS BillingCurrency,
    NULL::VARCHAR                                                         AS InvoiceId,
    'OpenAI'                                                              AS InvoiceIssuerName,
    'OpenAI'                                                              AS ProviderName,
    'OpenAI'                                                              AS PublisherName,
    'OpenAI API'                                                          AS ServiceName,
    'AI and Machine Learning'                                             AS ServiceCategory,
    'Generative AI'                                                       AS ServiceSubcategory,
    NULL::VARCHAR AS RegionId, NULL::VARCHAR AS RegionName, NULL::VARCHAR AS AvailabilityZone,
    vector_store_id                                                       AS ResourceId,
    NULL::VARCHAR AS ResourceName, NULL::VARCHAR AS ResourceType,
    NULL::VARCHAR AS SkuId, NULL::VARCHAR AS SkuPriceId, NULL::VARCHAR AS SkuPriceDetails,
    concat_ws(' ', endpoint, size, source, context_level)                 AS SkuMeter,
    'Standard'                                                            AS PricingCategory,
    NULL::VARCHAR AS CommitmentDiscountId, NULL::VARCHAR AS CommitmentDiscountType,
    NULL::VARCHAR AS CommitmentDiscountCategory, NULL::VARCHAR AS CommitmentDiscountStatus,
    CAST(quantity AS DECIMAL(38, 12))                                     AS ConsumedQuantity,
    CASE metric
        WHEN 'images' THEN 'images'
        WHEN 'characters' THEN 'characters'
        WHEN 'seconds' THEN 'seconds'
        WHEN 'usage_bytes' THEN 'GB-days'
        WHEN 'num_sessions' THEN 'sessions'
        WHEN 'num_requests' THEN 'requests'
        ELSE 'tokens'
    END                                                                   AS ConsumedUnit,
    CAST(quantity AS DECIMAL(38, 12))                                     AS PricingQuantity,
    CASE metric
        WHEN 'images' THEN 'images'
        WHEN 'characters' THEN 'characters'
        WHEN 'seconds' THEN 'seconds'
        WHEN 'usage_bytes' THEN 'GB-days'
        WHEN 'num_sessions' THEN 'sessions'
        WHEN 'num_requests' THEN 'requests'
        ELSE 'tokens'
    END                                                                   AS PricingUnit,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS Tags,
    NULL::VARCHAR                                                         AS x_SourceLineId,
    endpoint || ':' || metric                                             AS x_UsageType,
    NULL::VARCHAR AS x_Operation, NULL::VARCHAR AS x_InstanceType,
    NULL::VARCHAR AS x_ProductCode, NULL::VARCHAR AS x_LineItemType,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS x_CostCategories,
    model                                                                 AS x_Model,
    CASE metric
        WHEN 'input_uncached_tokens' THEN 'input'
        WHEN 'input_tokens' THEN 'input'
        WHEN 'input_cached_tokens' THEN 'cache_read'
        WHEN 'input_cache_write_tokens' THEN 'cache_write'
        WHEN 'output_tokens' THEN 'output'
    END                                                                   AS x_TokenType,
    CASE WHEN batch THEN 'batch' ELSE service_tier END                    AS x_ServiceTier,
    api_key_id                                                            AS x_ApiKeyId,
    false                                                                 AS x_CostEstimated,
    $report                                                               AS x_ProviderReport
FROM src
