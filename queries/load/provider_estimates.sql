-- Which AI provider rows carry the money (docs/providers.md): cost-report rows always; usage rows
-- never, except on a day for which no cost report of that provider organisation was ingested:
-- then a usage row is priced from the list-price table (temp views provider_prices and
-- provider_price_tiers, from queries/ingest/provider_prices.sql and provider_price_tiers.sql) and
-- marked x_CostEstimated = true. Run after every load that touches provider data, so that a cost
-- report arriving later turns the estimates of its days back to 0. Usage rows with no price stay
-- at 0 and are not marked estimated.
UPDATE line_item_data AS u
SET BilledCost = e.cost,
    EffectiveCost = e.cost,
    ListCost = e.cost,
    ContractedCost = e.cost,
    ListUnitPrice = e.unit_price,
    x_CostEstimated = e.estimated
FROM (
    SELECT
        usage.rid,
        CASE WHEN covered.day IS NULL AND priced.unit_price IS NOT NULL
             THEN CAST(usage.ConsumedQuantity * priced.unit_price AS DECIMAL(38, 12))
             ELSE 0 END                                                   AS cost,
        CASE WHEN covered.day IS NULL THEN CAST(priced.unit_price AS DECIMAL(38, 12)) END
                                                                          AS unit_price,
        covered.day IS NULL AND priced.unit_price IS NOT NULL             AS estimated
    FROM (
        SELECT rowid AS rid, ProviderName, BillingAccountId, ChargePeriodStart, ConsumedQuantity
        FROM line_item_data
        WHERE x_ProviderReport LIKE 'usage%'
    ) AS usage
    LEFT JOIN (
        SELECT DISTINCT ProviderName, BillingAccountId, day
        FROM provider_days
        WHERE report NOT LIKE 'usage%'
    ) AS covered
      ON covered.ProviderName = usage.ProviderName
     AND covered.BillingAccountId = usage.BillingAccountId
     AND covered.day = CAST(usage.ChargePeriodStart AS DATE)
    LEFT JOIN (
        SELECT
            u.rowid AS rid,
            CAST(p.usd AS DECIMAL(18, 6))
                * CASE p.per WHEN '1M' THEN 0.000001 WHEN '1K' THEN 0.001 ELSE 1 END
                * CAST(t.factor AS DECIMAL(4, 2))                         AS unit_price
        FROM line_item_data AS u
        JOIN provider_prices AS p
          ON p.provider = u.ProviderName
         AND (p.model_prefix = '' OR u.x_Model = p.model_prefix
              OR starts_with(u.x_Model, p.model_prefix || '-'))
         AND p.token_type IS NOT DISTINCT FROM u.x_TokenType
         AND p.unit = u.ConsumedUnit
         AND (p.report IS NULL OR p.report = u.x_ProviderReport)
         AND p.effective_from <= CAST(u.ChargePeriodStart AS DATE)
        JOIN provider_price_tiers AS t
          ON t.provider = u.ProviderName
         AND t.service_tier IS NOT DISTINCT FROM u.x_ServiceTier
        WHERE u.x_ProviderReport LIKE 'usage%'
        QUALIFY row_number() OVER (
            PARTITION BY u.rowid ORDER BY length(p.model_prefix) DESC, p.effective_from DESC) = 1
    ) AS priced ON priced.rid = usage.rid
) AS e
WHERE u.rowid = e.rid
