-- Google Cloud Billing export (standard or detailed usage cost) -> FOCUS line items.
-- Reads relation `src` with the canonical columns of finops_ai/ingest/gcp_native.py (a field
-- path with dots made underscores; absent ones NULL), plus credits_total (the row's credits
-- summed), invoice_period (invoice.month as a timestamp) and tags_map (labels, system labels,
-- project labels and tags).
-- Follows Google's own FOCUS BigQuery view: the costs are the row's cost with its credits
-- (free trial, sustained use and committed use discounts, promotions) netted in, since Google
-- bills credits on the usage they reduce; ListCost is cost_at_list. The billing period is
-- the invoice month, not the usage month (late usage is invoiced in the next month), and a
-- month's rows replace by it.
SELECT
    billing_account_id                                                   AS BillingAccountId,
    NULL::VARCHAR                                                        AS BillingAccountName,
    project_id                                                           AS SubAccountId,
    project_name                                                         AS SubAccountName,
    coalesce(invoice_period, date_trunc('month', usage_start_time))      AS BillingPeriodStart,
    coalesce(invoice_period, date_trunc('month', usage_start_time)) + INTERVAL 1 MONTH
                                                                         AS BillingPeriodEnd,
    usage_start_time                                                     AS ChargePeriodStart,
    coalesce(usage_end_time, usage_start_time)                           AS ChargePeriodEnd,
    CASE lower(cost_type)
        WHEN 'regular' THEN 'Usage' WHEN 'tax' THEN 'Tax'
        WHEN 'adjustment' THEN 'Adjustment' WHEN 'rounding_error' THEN 'Adjustment'
        ELSE CASE WHEN cost_type IS NULL THEN 'Usage' ELSE 'Adjustment' END
    END                                                                  AS ChargeCategory,
    CASE WHEN coalesce(adjustment_info_id, adjustment_info_description, adjustment_info_type,
                       adjustment_info_mode) IS NOT NULL
         THEN 'Correction' END                                           AS ChargeClass,
    sku_description                                                      AS ChargeDescription,
    CASE WHEN regular AND sku_description ILIKE 'Commitment%' THEN 'Recurring'
         WHEN regular THEN 'Usage-Based'
         ELSE 'One-Time' END                                             AS ChargeFrequency,
    coalesce(cost, 0) + credits_total                                    AS BilledCost,
    coalesce(cost, 0) + credits_total                                    AS EffectiveCost,
    coalesce(cost_at_list, cost, 0)                                      AS ListCost,
    coalesce(cost, 0)                                                    AS ContractedCost,
    NULL::DECIMAL(38, 12)                                                AS ListUnitPrice,
    price_effective_price                                                AS ContractedUnitPrice,
    coalesce(currency, 'USD')                                            AS BillingCurrency,
    NULL::VARCHAR                                                        AS InvoiceId,
    'Google Cloud'                                                       AS InvoiceIssuerName,
    'Google Cloud'                                                       AS ProviderName,
    CASE WHEN transaction_type ILIKE 'THIRD_PARTY%' THEN coalesce(seller_name, 'Google Cloud')
         ELSE 'Google Cloud' END                                         AS PublisherName,
    service_description                                                  AS ServiceName,
    coalesce(cat.service_category, 'Other')                              AS ServiceCategory,
    NULL::VARCHAR                                                        AS ServiceSubcategory,
    location_region                                                      AS RegionId,
    NULL::VARCHAR                                                        AS RegionName,
    location_zone                                                        AS AvailabilityZone,
    resource_global_name                                                 AS ResourceId,
    resource_name                                                        AS ResourceName,
    NULL::VARCHAR                                                        AS ResourceType,
    sku_id                                                               AS SkuId,
    NULL::VARCHAR                                                        AS SkuPriceId,
    -- Google has no meter apart from the SKU, whose description is the ChargeDescription.
    NULL::VARCHAR                                                        AS SkuMeter,
    CASE WHEN NOT regular THEN NULL
         WHEN sku_description ILIKE 'Commitment%' OR credits ILIKE '%COMMITTED_USAGE_DISCOUNT%'
             THEN 'Committed'
         WHEN sku_description ILIKE '%Preemptible%' OR sku_description ILIKE 'Spot %'
             THEN 'Dynamic'
         ELSE 'Standard' END                                             AS PricingCategory,
    subscription_instance_id                                             AS CommitmentDiscountId,
    CASE WHEN credits ILIKE '%COMMITTED_USAGE_DISCOUNT%' THEN 'Committed Use Discount' END
                                                                         AS CommitmentDiscountType,
    CASE WHEN credits ILIKE '%COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE%' THEN 'Spend'
         WHEN credits ILIKE '%COMMITTED_USAGE_DISCOUNT%' THEN 'Usage' END
                                                                     AS CommitmentDiscountCategory,
    CASE WHEN credits ILIKE '%COMMITTED_USAGE_DISCOUNT%' THEN 'Used' END
                                                                         AS CommitmentDiscountStatus,
    -- Units differ from SKU to SKU (RAM in byte-seconds, GPUs in seconds): never sum these
    -- across SKUs.
    CASE WHEN regular THEN usage_amount END                              AS ConsumedQuantity,
    CASE WHEN regular THEN usage_unit END                                AS ConsumedUnit,
    usage_amount_in_pricing_units                                        AS PricingQuantity,
    usage_pricing_unit                                                   AS PricingUnit,
    CASE WHEN cardinality(tags_map) > 0 THEN tags_map END                AS Tags,
    NULL::VARCHAR                                                        AS x_SourceLineId,
    NULL::VARCHAR                                                        AS x_UsageType,
    NULL::VARCHAR                                                        AS x_Operation,
    -- The machine type Compute Engine puts in a system label (GKE TPU nodes: ct5lp-hightpu-4t).
    tags_map['compute.googleapis.com/machine_spec']                      AS x_InstanceType,
    service_id                                                           AS x_ProductCode,
    NULL::VARCHAR                                                        AS x_LineItemType,
    NULL::MAP(VARCHAR, VARCHAR)                                          AS x_CostCategories,
    -- AI provider columns and SkuPriceDetails: NULL here, named because the class key and the
    -- token dimension (queries/ingest/token_columns.sql, which fills x_Model and x_TokenType
    -- from the meter or SKU) read them.
    NULL::VARCHAR                                                        AS x_Model,
    NULL::VARCHAR                                                        AS x_TokenType,
    NULL::VARCHAR                                                        AS SkuPriceDetails,
    NULL::VARCHAR                                                        AS x_ServiceTier,
    NULL::VARCHAR                                                        AS x_ProviderReport
FROM (SELECT *, coalesce(lower(cost_type), 'regular') = 'regular' AS regular FROM src) AS g
-- Service (service.description) -> FOCUS category; services not listed are Other.
LEFT JOIN (VALUES
    ('vertex ai', 'AI and Machine Learning'), ('cloud automl', 'AI and Machine Learning'),
    ('gemini api', 'AI and Machine Learning'),
    ('generative language api', 'AI and Machine Learning'),
    ('cloud vision api', 'AI and Machine Learning'), ('cloud speech api', 'AI and Machine Learning'),
    ('cloud text-to-speech api', 'AI and Machine Learning'),
    ('cloud translation api', 'AI and Machine Learning'),
    ('cloud natural language api', 'AI and Machine Learning'),
    ('cloud document ai api', 'AI and Machine Learning'),
    ('cloud video intelligence api', 'AI and Machine Learning'),
    ('dialogflow', 'AI and Machine Learning'), ('cloud tpu', 'Compute'),
    ('compute engine', 'Compute'), ('kubernetes engine', 'Compute'), ('cloud run', 'Compute'),
    ('cloud functions', 'Compute'), ('app engine', 'Compute'),
    ('cloud storage', 'Storage'), ('filestore', 'Storage'),
    ('bigquery', 'Analytics'), ('bigquery storage api', 'Analytics'), ('dataflow', 'Analytics'),
    ('dataproc', 'Analytics'), ('cloud pub/sub', 'Integration'),
    ('cloud sql', 'Databases'), ('cloud spanner', 'Databases'), ('cloud bigtable', 'Databases'),
    ('cloud memorystore for redis', 'Databases'), ('firestore', 'Databases'),
    ('networking', 'Networking'), ('cloud dns', 'Networking'), ('cloud cdn', 'Networking'),
    ('cloud logging', 'Management and Governance'),
    ('stackdriver logging', 'Management and Governance'),
    ('cloud monitoring', 'Management and Governance'),
    ('stackdriver monitoring', 'Management and Governance'),
    ('security command center', 'Security'), ('cloud key management service (kms)', 'Security'),
    ('secret manager', 'Security'), ('artifact registry', 'Developer Tools'),
    ('cloud build', 'Developer Tools'), ('support', 'Other')
) AS cat(service, service_category)
  ON cat.service = lower(g.service_description)
