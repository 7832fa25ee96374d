-- Creates TEMP TABLE report_tokens: the token-priced inference of $month (DATE) and the two
-- months before it (the unit economics' 3-month trend), per month, currency, provider, model,
-- token type and tier: the rows of the view token_line_items (012_token_dimension.sql) with
-- priced_by = 'tokens': tokens, cost in the report's basis ($basis as for cube.sql), line items
-- and whether a cost is known (priced). Cost-report rows (money, no tokens) and usage-report rows
-- (tokens at cost 0) of OpenAI and Anthropic meet on these keys, so each token and each dollar
-- counts once. The unit economics, cache and batch sections and the token levers read this
-- table; the analyst views unit_economics_monthly, cache_savings_monthly and batch_share_monthly
-- (014_unit_economics.sql) are the same figures in EffectiveCost.
-- The view's row filter, read per class key: the class and x_TokenType are key attributes, so
-- the line items are joined to the three months' inference token keys (a few thousand), not each
-- to its class as the views line_items and token_line_items do.
CREATE OR REPLACE TEMP TABLE report_tokens AS
WITH token_keys AS (
    SELECT k.x_ClassKey
    FROM class_keys AS k
    JOIN line_item_classes AS c USING (x_ClassKey)
    WHERE c.x_WorkloadClass = 'inference'
      AND k.x_TokenType IS NOT NULL
      AND k.BillingPeriodStart >= ($month::DATE - INTERVAL 2 MONTH)::TIMESTAMP
      AND k.BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
)
SELECT
    d.BillingPeriodStart::DATE                                                AS month,
    d.BillingCurrency                                                         AS currency,
    d.ProviderName                                                            AS provider,
    d.x_Model                                                                 AS model,
    d.x_TokenType                                                             AS token_type,
    d.x_PricingTier                                                           AS tier,
    sum(d.x_TokenCount)                                                       AS tokens,
    sum(CASE WHEN $basis = 'billed' THEN d.BilledCost ELSE d.EffectiveCost END) AS cost,
    count(*)                                                                  AS line_items,
    -- false when every row is an AI provider usage-report row (tokens at cost 0, no estimate):
    -- its cost is unknown, not 0, so no price is derived from it
    bool_or(d.x_ProviderReport IS NULL OR d.x_ProviderReport NOT LIKE 'usage%'
            OR coalesce(d.x_CostEstimated, false))                            AS priced
FROM line_item_data AS d
JOIN token_keys AS t USING (x_ClassKey)
-- A range on the column itself, so DuckDB skips the row groups of every other month.
WHERE d.x_TokenType IS NOT NULL
  AND d.BillingPeriodStart >= ($month::DATE - INTERVAL 2 MONTH)::TIMESTAMP
  AND d.BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
GROUP BY ALL
