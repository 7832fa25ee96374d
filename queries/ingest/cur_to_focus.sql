-- AWS CUR (legacy or 2.0) -> FOCUS-shaped line items.
-- Reads relation `src` with the canonical snake_case CUR columns (see finops_ai/ingest/aws_cur.py;
-- absent columns arrive as typed NULLs) and `service_categories` (product code -> FOCUS category).
-- Cost rules follow AWS's CUR-to-FOCUS mapping and the Well-Architected amortisation recipe:
--   BilledCost    = lineItem/UnblendedCost (what the invoice sums to)
--   EffectiveCost = amortised: Savings Plan / RI covered usage at their effective cost, unused
--                   commitment on the recurring-fee rows, negations and upfront fees at 0
--                   (except a Capacity Block's fee, which nothing amortises).
SELECT
    coalesce(bill_payer_account_id, line_item_usage_account_id)            AS BillingAccountId,
    bill_payer_account_name                                               AS BillingAccountName,
    line_item_usage_account_id                                            AS SubAccountId,
    line_item_usage_account_name                                          AS SubAccountName,
    coalesce(bill_billing_period_start_date, date_trunc('month', line_item_usage_start_date))
                                                                          AS BillingPeriodStart,
    coalesce(bill_billing_period_end_date,
             date_trunc('month', line_item_usage_start_date) + INTERVAL 1 MONTH)
                                                                          AS BillingPeriodEnd,
    line_item_usage_start_date                                            AS ChargePeriodStart,
    coalesce(line_item_usage_end_date, line_item_usage_start_date)        AS ChargePeriodEnd,
    CASE
        WHEN line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage',
             'SavingsPlanNegation', 'BundledDiscount', 'Discount', 'PrivateRateDiscount',
             'EdpDiscount', 'DistributorDiscount') THEN 'Usage'
        WHEN line_item_line_item_type IN ('Fee', 'RIFee', 'SavingsPlanRecurringFee',
             'SavingsPlanUpfrontFee') THEN 'Purchase'
        WHEN line_item_line_item_type = 'Tax' THEN 'Tax'
        WHEN line_item_line_item_type IN ('Credit', 'Refund') THEN 'Credit'
        WHEN line_item_line_item_type IS NULL THEN 'Usage'
        ELSE 'Adjustment'
    END                                                                   AS ChargeCategory,
    CASE WHEN line_item_usage_start_date < bill_billing_period_start_date
         THEN 'Correction' END                                            AS ChargeClass,
    line_item_line_item_description                                       AS ChargeDescription,
    CASE
        WHEN line_item_line_item_type IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Recurring'
        WHEN line_item_line_item_type IN ('Fee', 'SavingsPlanUpfrontFee', 'Credit', 'Refund')
             THEN 'One-Time'
        WHEN line_item_line_item_type = 'Tax' THEN 'Recurring'
        ELSE 'Usage-Based'
    END                                                                   AS ChargeFrequency,
    coalesce(line_item_unblended_cost, 0)                                 AS BilledCost,
    CASE line_item_line_item_type
        WHEN 'SavingsPlanCoveredUsage' THEN coalesce(savings_plan_savings_plan_effective_cost, 0)
        WHEN 'SavingsPlanNegation' THEN 0
        WHEN 'SavingsPlanUpfrontFee' THEN 0
        -- The unused commitment. A bill without TotalCommitmentToDate still shows what the plan
        -- covered in the fee's period (sp_covered_cost, ingest/cur_sp_covered.sql): the fee less
        -- that went unused. Counting the fee whole would count the covered usage twice.
        WHEN 'SavingsPlanRecurringFee' THEN
            CASE WHEN sp_covered_cost IS NULL
                 THEN coalesce(savings_plan_total_commitment_to_date
                               - savings_plan_used_commitment, line_item_unblended_cost, 0)
                 WHEN line_item_unblended_cost < 0 THEN line_item_unblended_cost
                 ELSE greatest(coalesce(line_item_unblended_cost, 0) - sp_covered_cost, 0) END
        WHEN 'DiscountedUsage' THEN coalesce(reservation_effective_cost, 0)
        WHEN 'RIFee' THEN
            coalesce(reservation_unused_amortized_upfront_fee_for_billing_period, 0)
            + coalesce(reservation_unused_recurring_fee, 0)
        -- An RI's upfront fee reaches its DiscountedUsage rows as reservation effective cost. A
        -- Capacity Block for ML names its reservation on its fee too, but nothing amortises it:
        -- the instances in the block bill only a premium OS (EC2 user guide, "Capacity Blocks
        -- pricing and billing"), so the fee is the block's cost.
        WHEN 'Fee' THEN CASE WHEN reservation_reservation_a_r_n IS NOT NULL
                                  AND coalesce(line_item_usage_type, '')
                                      NOT LIKE '%CapacityBlockFee%' THEN 0
                             ELSE coalesce(line_item_unblended_cost, 0) END
        ELSE coalesce(line_item_unblended_cost, 0)
    END                                                                   AS EffectiveCost,
    coalesce(pricing_public_on_demand_cost, line_item_unblended_cost, 0)  AS ListCost,
    coalesce(line_item_net_unblended_cost, line_item_unblended_cost, 0)   AS ContractedCost,
    pricing_public_on_demand_rate                                         AS ListUnitPrice,
    line_item_unblended_rate                                              AS ContractedUnitPrice,
    coalesce(line_item_currency_code, 'USD')                              AS BillingCurrency,
    bill_invoice_id                                                       AS InvoiceId,
    coalesce(bill_invoicing_entity, 'Amazon Web Services, Inc.')          AS InvoiceIssuerName,
    'AWS'                                                                 AS ProviderName,
    CASE WHEN bill_billing_entity = 'AWS Marketplace'
         THEN coalesce(line_item_legal_entity, 'AWS Marketplace')
         ELSE 'AWS' END                                                   AS PublisherName,
    coalesce(product_product_name, product_servicecode, line_item_product_code)
                                                                          AS ServiceName,
    coalesce(service_categories.service_category,
             CASE WHEN line_item_product_code ILIKE 'AmazonBedrock%' THEN 'AI and Machine Learning'
                  WHEN line_item_line_item_type = 'Tax' THEN 'Other' END,
             'Other')                                                     AS ServiceCategory,
    NULL::VARCHAR                                                         AS ServiceSubcategory,
    coalesce(product_region_code, product_region)                         AS RegionId,
    product_location                                                      AS RegionName,
    line_item_availability_zone                                           AS AvailabilityZone,
    line_item_resource_id                                                 AS ResourceId,
    -- Athena/Parquet CURs lower-case tag keys (resource_tags_user_name).
    coalesce(tags['Name'], tags['name'])                                  AS ResourceName,
    NULL::VARCHAR                                                         AS ResourceType,
    product_sku                                                           AS SkuId,
    NULL::VARCHAR                                                         AS SkuPriceId,
    NULL::VARCHAR                                                         AS SkuMeter,
    CASE
        WHEN line_item_line_item_type IN ('DiscountedUsage', 'SavingsPlanCoveredUsage')
             THEN 'Committed'
        WHEN line_item_line_item_type = 'Usage' AND (pricing_term = 'Spot'
             OR line_item_usage_type LIKE '%SpotUsage%') THEN 'Dynamic'
        WHEN line_item_line_item_type = 'Usage' THEN 'Standard'
    END                                                                   AS PricingCategory,
    coalesce(savings_plan_savings_plan_a_r_n, reservation_reservation_a_r_n)
                                                                          AS CommitmentDiscountId,
    CASE WHEN savings_plan_savings_plan_a_r_n IS NOT NULL THEN 'Savings Plan'
         WHEN reservation_reservation_a_r_n IS NOT NULL THEN 'Reserved Instance' END
                                                                          AS CommitmentDiscountType,
    CASE WHEN savings_plan_savings_plan_a_r_n IS NOT NULL THEN 'Spend'
         WHEN reservation_reservation_a_r_n IS NOT NULL THEN 'Usage' END
                                                                    AS CommitmentDiscountCategory,
    CASE WHEN line_item_line_item_type IN ('DiscountedUsage', 'SavingsPlanCoveredUsage')
         THEN 'Used' END                                                  AS CommitmentDiscountStatus,
    CASE WHEN line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')
         THEN line_item_usage_amount END                                  AS ConsumedQuantity,
    CASE WHEN line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')
         THEN pricing_unit END                                            AS ConsumedUnit,
    line_item_usage_amount                                                AS PricingQuantity,
    pricing_unit                                                          AS PricingUnit,
    tags                                                                  AS Tags,
    identity_line_item_id                                                 AS x_SourceLineId,
    line_item_usage_type                                                  AS x_UsageType,
    line_item_operation                                                   AS x_Operation,
    product_instance_type                                                 AS x_InstanceType,
    line_item_product_code                                                AS x_ProductCode,
    line_item_line_item_type                                              AS x_LineItemType,
    cost_categories                                                       AS x_CostCategories,
    -- AI provider columns: NULL on cloud bills, named because the class key and the token
    -- dimension (queries/ingest/token_columns.sql, which fills x_Model and x_TokenType) read them.
    NULL::VARCHAR                                                          AS SkuPriceDetails,
    NULL::VARCHAR                                                          AS x_Model,
    NULL::VARCHAR                                                          AS x_TokenType,
    NULL::VARCHAR                                                          AS x_ServiceTier,
    NULL::VARCHAR                                                          AS x_ProviderReport
FROM src
LEFT JOIN service_categories ON service_categories.product_code = src.line_item_product_code
