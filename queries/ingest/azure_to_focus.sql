-- Azure Cost Management cost details (EA or MCA, actual or amortized) -> FOCUS line items.
-- Reads relation `src` with the canonical columns of finops_ai/ingest/azure_native.py (absent
-- ones are NULL), and the parameters $mca (an MCA export: invoiced per billing profile) and
-- $amortized (the file shows amortisation, azure_cost_view.sql).
-- Follows Microsoft's conversion (learn.microsoft.com cloud-computing/finops/focus/convert),
-- which applies one set of rules to the amortized rows plus the actual export's commitment
-- purchases:
--   BilledCost    = cost, except usage covered by a reservation or savings plan (and their
--                   unused part) at 0: the purchase carries it on the invoice;
--   EffectiveCost = cost, except reservation and savings plan purchases (and refunds) at 0:
--                   the covered usage and the unused rows carry them.
-- An actual-cost export has the purchases but not their amortisation (its covered usage costs
-- 0), so there both columns stay the cost as billed: a purchase counts when it is bought.
SELECT
    CASE WHEN $mca THEN coalesce(billing_profile_id, billing_account_id)
         ELSE coalesce(billing_account_id, billing_profile_id) END        AS BillingAccountId,
    CASE WHEN $mca THEN coalesce(billing_profile_name, billing_account_name)
         ELSE coalesce(billing_account_name, billing_profile_name) END    AS BillingAccountName,
    subscription_id                                                       AS SubAccountId,
    subscription_name                                                     AS SubAccountName,
    coalesce(billing_period_start, date_trunc('month', charge_date))      AS BillingPeriodStart,
    -- The export gives the period's last day; FOCUS ends are exclusive.
    CASE WHEN billing_period_end IS NULL
             THEN coalesce(billing_period_start, date_trunc('month', charge_date))
                  + INTERVAL 1 MONTH
         WHEN billing_period_end = billing_period_start + INTERVAL 1 MONTH
             THEN billing_period_end
         ELSE billing_period_end + INTERVAL 1 DAY END                     AS BillingPeriodEnd,
    -- Cost details are daily: each row is one day's charge.
    charge_date                                                           AS ChargePeriodStart,
    charge_date + INTERVAL 1 DAY                                          AS ChargePeriodEnd,
    CASE
        WHEN ct IS NULL OR ct IN ('usage', 'unusedreservation', 'unusedsavingsplan') THEN 'Usage'
        WHEN ct IN ('purchase', 'refund') THEN 'Purchase'
        WHEN ct = 'tax' THEN 'Tax'
        WHEN ct = 'credit' THEN 'Credit'
        ELSE 'Adjustment'
    END                                                                   AS ChargeCategory,
    CASE WHEN ct = 'refund' THEN 'Correction' END                         AS ChargeClass,
    coalesce(product, nullif(concat_ws(' - ', nullif(concat_ws(' ', meter_category,
             meter_subcategory), ''), meter_name), ''))                   AS ChargeDescription,
    CASE lower(frequency)
        WHEN 'onetime' THEN 'One-Time' WHEN 'recurring' THEN 'Recurring'
        WHEN 'usagebased' THEN 'Usage-Based'
        ELSE CASE WHEN ct IS NULL OR ct = 'usage' THEN 'Usage-Based' END
    END                                                                   AS ChargeFrequency,
    CASE WHEN $amortized AND (ct IN ('unusedreservation', 'unusedsavingsplan')
                              OR (ct = 'usage' AND committed))
         THEN 0 ELSE coalesce(cost, 0) END                                AS BilledCost,
    CASE WHEN $amortized AND ct IN ('purchase', 'refund') AND committed
         THEN 0 ELSE coalesce(cost, 0) END                                AS EffectiveCost,
    -- MCA gives the pay-as-you-go cost; EA only the pay-as-you-go price (0 on commitments).
    -- Products in DOUBLE: DECIMAL(38,12) x DECIMAL(38,12) overflows.
    coalesce(payg_cost,
             CASE WHEN payg_price <> 0 THEN CAST(CAST(payg_price AS DOUBLE)
                  * CAST(quantity AS DOUBLE) * coalesce(CAST(exchange_rate AS DOUBLE), 1)
                  AS DECIMAL(38, 12)) END,
             cost, 0)                                                     AS ListCost,
    coalesce(CAST(CAST(unit_price AS DOUBLE) * CAST(quantity AS DOUBLE)
                  * coalesce(CAST(exchange_rate AS DOUBLE), 1) AS DECIMAL(38, 12)),
             cost, 0)                                                     AS ContractedCost,
    CAST(CAST(payg_price AS DOUBLE) * coalesce(CAST(exchange_rate AS DOUBLE), 1)
         AS DECIMAL(38, 12))                                              AS ListUnitPrice,
    CAST(CAST(unit_price AS DOUBLE) * coalesce(CAST(exchange_rate AS DOUBLE), 1)
         AS DECIMAL(38, 12))                                              AS ContractedUnitPrice,
    coalesce(billing_currency, 'USD')                                     AS BillingCurrency,
    invoice_id                                                            AS InvoiceId,
    coalesce(partner_name, 'Microsoft')                                   AS InvoiceIssuerName,
    'Microsoft'                                                           AS ProviderName,
    coalesce(publisher_name, 'Microsoft')                                 AS PublisherName,
    -- Microsoft names the service by the resource provider that consumed it (an Azure ML
    -- cluster's VMs are Azure Machine Learning); the meter category where it is not listed.
    coalesce(svc.service_name, meter_category, consumed_service)          AS ServiceName,
    coalesce(svc.service_category, cat.service_category, 'Other')         AS ServiceCategory,
    NULL::VARCHAR                                                         AS ServiceSubcategory,
    lower(replace(resource_location, ' ', ''))                            AS RegionId,
    coalesce(location, resource_location)                                 AS RegionName,
    availability_zone                                                     AS AvailabilityZone,
    resource_id                                                           AS ResourceId,
    coalesce(resource_name, nullif(regexp_extract(resource_id, '([^/]+)/*$', 1), ''))
                                                                          AS ResourceName,
    -- The ARM type from the resource id (microsoft.compute/virtualmachines), not Microsoft's
    -- display name: the provider namespace and every second segment after it.
    nullif(lower(array_to_string(list_filter(
        string_split(regexp_extract(resource_id, '.*/providers/(.+)$', 1), '/'),
        lambda x, i: i = 1 OR (i % 2 = 0 AND x <> '')), '/')), '')        AS ResourceType,
    coalesce(product_id, part_number)                                     AS SkuId,
    NULL::VARCHAR                                                         AS SkuPriceId,
    meter_name                                                            AS SkuMeter,
    CASE lower(pricing_model)
        WHEN 'ondemand' THEN 'Standard' WHEN 'spot' THEN 'Dynamic'
        WHEN 'reservation' THEN 'Committed' WHEN 'savingsplan' THEN 'Committed'
    END                                                                   AS PricingCategory,
    coalesce(benefit_id, reservation_id)                                  AS CommitmentDiscountId,
    CASE WHEN commitment = 'reservation' THEN 'Reservation'
         WHEN commitment = 'savingsplan' THEN 'Savings Plan' END          AS CommitmentDiscountType,
    CASE WHEN commitment = 'reservation' THEN 'Usage'
         WHEN commitment = 'savingsplan' THEN 'Spend' END             AS CommitmentDiscountCategory,
    CASE WHEN ct IN ('unusedreservation', 'unusedsavingsplan') THEN 'Unused'
         WHEN committed AND ct = 'usage' THEN 'Used' END                  AS CommitmentDiscountStatus,
    -- Quantity counts blocks of the unit of measure ("10K", "10 Hours"): ConsumedQuantity is
    -- in single units, as FOCUS has it; PricingQuantity stays what the price applies to.
    CASE WHEN ct IS NULL OR ct = 'usage'
         THEN CAST(CAST(quantity AS DOUBLE) * block AS DECIMAL(38, 12)) END AS ConsumedQuantity,
    CASE WHEN ct IS NULL OR ct = 'usage' THEN
        CASE WHEN base_unit = '' THEN 'Units'
             WHEN starts_with(base_unit, '/') THEN 'Units' || base_unit
             ELSE base_unit END END                                       AS ConsumedUnit,
    quantity                                                              AS PricingQuantity,
    unit_of_measure                                                       AS PricingUnit,
    tags                                                                  AS Tags,
    NULL::VARCHAR                                                         AS x_SourceLineId,
    NULL::VARCHAR                                                         AS x_UsageType,
    NULL::VARCHAR                                                         AS x_Operation,
    -- The VM size (Standard_NC24ads_A100_v4) Azure puts in AdditionalInfo.
    CASE WHEN meter_category ILIKE 'Virtual Machines%' AND json_valid(additional_info)
         THEN additional_info->>'$.ServiceType' END                       AS x_InstanceType,
    consumed_service                                                      AS x_ProductCode,
    NULL::VARCHAR                                                         AS x_LineItemType,
    NULL::MAP(VARCHAR, VARCHAR)                                           AS x_CostCategories,
    -- AI provider columns and SkuPriceDetails: NULL here, named because the class key and the
    -- token dimension (queries/ingest/token_columns.sql, which fills x_Model and x_TokenType
    -- from the meter or SKU) read them.
    NULL::VARCHAR                                                         AS x_Model,
    NULL::VARCHAR                                                         AS x_TokenType,
    NULL::VARCHAR                                                         AS SkuPriceDetails,
    NULL::VARCHAR                                                         AS x_ServiceTier,
    NULL::VARCHAR                                                         AS x_ProviderReport
FROM (
    SELECT *,
           lower(charge_type) AS ct,
           lower(pricing_model) IN ('reservation', 'savingsplan') AS committed,
           CASE
               WHEN benefit_id ILIKE '%/microsoft.capacity/%' THEN 'reservation'
               WHEN benefit_id ILIKE '%/microsoft.billingbenefits/%' THEN 'savingsplan'
               WHEN lower(pricing_model) IN ('reservation', 'savingsplan') THEN lower(pricing_model)
           END AS commitment,
           -- "10K" -> 10,000 Units; "100 Hours" -> 100 Hours; "1 GB/Month" -> 1 GB/Month
           coalesce(CAST(nullif(regexp_extract(unit_of_measure, '^\s*([0-9]+(\.[0-9]+)?)', 1), '')
                         AS DOUBLE), 1)
               * CASE WHEN regexp_matches(unit_of_measure, '^\s*[0-9.]+\s*K($|[\s/])') THEN 1000
                      WHEN regexp_matches(unit_of_measure, '^\s*[0-9.]+\s*M($|[\s/])')
                          THEN 1000000
                      ELSE 1 END AS block,
           trim(regexp_replace(coalesce(unit_of_measure, ''),
                               '^\s*[0-9.]+\s*(?:[KM]($|\s|/))?', '\1')) AS base_unit
    FROM src
) AS a
-- Resource provider namespaces -> FOCUS service, after Microsoft's FinOps toolkit services
-- table (src/open-data/Services.csv), by namespace only.
LEFT JOIN (VALUES
    ('microsoft.compute', 'Virtual Machines', 'Compute'),
    ('microsoft.classiccompute', 'Virtual Machines', 'Compute'),
    ('microsoft.containerservice', 'Azure Kubernetes Service', 'Compute'),
    ('microsoft.containerinstance', 'Azure Container Instances', 'Compute'),
    ('microsoft.containerregistry', 'Azure Container Registry', 'Compute'),
    ('microsoft.app', 'Azure Container Apps', 'Compute'),
    ('microsoft.batch', 'Batch', 'Compute'),
    ('microsoft.web', 'Azure App Service', 'Web'),
    ('microsoft.storage', 'Storage Accounts', 'Storage'),
    ('microsoft.classicstorage', 'Storage Accounts', 'Storage'),
    ('microsoft.recoveryservices', 'Azure Backup', 'Storage'),
    ('microsoft.dataprotection', 'Azure Backup', 'Storage'),
    ('microsoft.sql', 'Azure SQL Database', 'Databases'),
    ('microsoft.dbformysql', 'Azure Database for MySQL', 'Databases'),
    ('microsoft.dbforpostgresql', 'Azure Database for PostgreSQL', 'Databases'),
    ('microsoft.documentdb', 'Azure Cosmos DB', 'Databases'),
    ('microsoft.cache', 'Azure Cache for Redis', 'Databases'),
    ('microsoft.network', 'Virtual Network', 'Networking'),
    ('microsoft.cdn', 'Content Delivery Network', 'Networking'),
    ('microsoft.keyvault', 'Key Vault', 'Security'),
    ('microsoft.security', 'Microsoft Defender for Cloud', 'Security'),
    ('microsoft.operationalinsights', 'Log Analytics', 'Management and Governance'),
    ('microsoft.insights', 'Azure Monitor', 'Management and Governance'),
    ('microsoft.capacity', 'Azure Reservations', 'Management and Governance'),
    ('microsoft.billingbenefits', 'Azure Savings Plan for Compute', 'Compute'),
    ('microsoft.automation', 'Azure Automation', 'Integration'),
    ('microsoft.apimanagement', 'API Management', 'Integration'),
    ('microsoft.datafactory', 'Azure Data Factory', 'Integration'),
    ('microsoft.databricks', 'Azure Databricks', 'Analytics'),
    ('microsoft.cognitiveservices', 'Azure AI Services', 'AI and Machine Learning'),
    ('microsoft.machinelearningservices', 'Azure Machine Learning', 'AI and Machine Learning'),
    ('microsoft.botservice', 'Azure AI Bot Service', 'AI and Machine Learning')
) AS svc(namespace, service_name, service_category)
  ON svc.namespace = lower(a.consumed_service)
-- Meter categories -> FOCUS category, for namespaces the table above does not list.
LEFT JOIN (VALUES
    ('virtual machines', 'Compute'), ('storage', 'Storage'), ('bandwidth', 'Networking'),
    ('virtual network', 'Networking'), ('load balancer', 'Networking'),
    ('sql database', 'Databases'), ('log analytics', 'Management and Governance'),
    ('cognitive services', 'AI and Machine Learning'),
    ('azure openai', 'AI and Machine Learning'), ('foundry models', 'AI and Machine Learning'),
    ('machine learning', 'AI and Machine Learning')
) AS cat(category_key, service_category)
  ON cat.category_key = lower(a.meter_category)
