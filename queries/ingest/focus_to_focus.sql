-- FOCUS export -> warehouse line items. Reads relation `src` with the FOCUS columns listed in
-- finops_ai/ingest/focus.py (absent ones are NULL). Mostly a pass-through; it fills what older or
-- draft versions lack: ProviderName from the 1.3 draft's ServiceProviderName/HostProviderName,
-- EffectiveCost from BilledCost, and x_ProductCode from AWS's x_ServiceCode. FOCUS's enumerated
-- values are spelled as the spec does whatever their case: Google's FOCUS BigQuery view writes
-- ChargeCategory 'usage', and every rule compares with 'Usage'.
SELECT
    BillingAccountId, BillingAccountName, SubAccountId, SubAccountName,
    BillingPeriodStart,
    coalesce(BillingPeriodEnd, BillingPeriodStart + INTERVAL 1 MONTH)      AS BillingPeriodEnd,
    ChargePeriodStart,
    coalesce(ChargePeriodEnd, ChargePeriodStart)                           AS ChargePeriodEnd,
    CASE lower(trim(coalesce(ChargeCategory, 'Usage')))
        WHEN 'usage' THEN 'Usage' WHEN 'purchase' THEN 'Purchase' WHEN 'tax' THEN 'Tax'
        WHEN 'credit' THEN 'Credit' WHEN 'adjustment' THEN 'Adjustment'
        ELSE ChargeCategory
    END                                                                    AS ChargeCategory,
    CASE lower(trim(ChargeClass)) WHEN 'correction' THEN 'Correction' ELSE ChargeClass END
                                                                           AS ChargeClass,
    ChargeDescription,
    CASE lower(trim(ChargeFrequency))
        WHEN 'one-time' THEN 'One-Time' WHEN 'recurring' THEN 'Recurring'
        WHEN 'usage-based' THEN 'Usage-Based' ELSE ChargeFrequency
    END                                                                    AS ChargeFrequency,
    BilledCost,
    coalesce(EffectiveCost, BilledCost)                                    AS EffectiveCost,
    coalesce(ListCost, BilledCost)                                         AS ListCost,
    coalesce(ContractedCost, BilledCost)                                   AS ContractedCost,
    ListUnitPrice, ContractedUnitPrice,
    coalesce(BillingCurrency, 'USD')                                       AS BillingCurrency,
    InvoiceId,
    coalesce(InvoiceIssuerName, InvoiceIssuer, ProviderName, ServiceProviderName)
                                                                           AS InvoiceIssuerName,
    coalesce(ProviderName, ServiceProviderName, HostProviderName, 'Unknown') AS ProviderName,
    coalesce(PublisherName, ServiceProviderName, ProviderName)             AS PublisherName,
    ServiceName,
    coalesce(ServiceCategory, 'Other')                                     AS ServiceCategory,
    ServiceSubcategory, RegionId, RegionName, AvailabilityZone,
    ResourceId, ResourceName, ResourceType,
    SkuId, SkuPriceId, coalesce(SkuMeter, x_SkuMeterName)                  AS SkuMeter,
    CASE lower(trim(PricingCategory))
        WHEN 'standard' THEN 'Standard' WHEN 'dynamic' THEN 'Dynamic'
        WHEN 'committed' THEN 'Committed' WHEN 'other' THEN 'Other' ELSE PricingCategory
    END                                                                    AS PricingCategory,
    CommitmentDiscountId, CommitmentDiscountType, CommitmentDiscountCategory,
    CommitmentDiscountStatus,
    ConsumedQuantity, ConsumedUnit, PricingQuantity, PricingUnit,
    Tags,
    NULL::VARCHAR                                                          AS x_SourceLineId,
    x_UsageType, x_Operation, x_InstanceType,
    x_ServiceCode                                                          AS x_ProductCode,
    NULL::VARCHAR                                                          AS x_LineItemType,
    NULL::MAP(VARCHAR, VARCHAR)                                            AS x_CostCategories,
    -- FOCUS 1.3 (and 1.2) SkuPriceDetails, a JSON object: queries/ingest/token_columns.sql reads
    -- the model and token type of AI rows from it.
    SkuPriceDetails,
    -- AI provider columns: NULL on cloud bills, named because the class key and the token
    -- dimension (queries/ingest/token_columns.sql, which fills x_Model and x_TokenType) read them.
    NULL::VARCHAR                                                          AS x_Model,
    NULL::VARCHAR                                                          AS x_TokenType,
    NULL::VARCHAR                                                          AS x_ServiceTier,
    NULL::VARCHAR                                                          AS x_ProviderReport
FROM src
