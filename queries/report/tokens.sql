-- Creates TEMP TABLE report_tokens: the token-priced inference of $month (DATE) and the two
-- months before it (the unit economics' 3-month trend), per month, currency, provider, model,
-- token type and tier, from the view token_line_items (012_token_dimension.sql): tokens, cost in
-- the report's basis ($basis as for cube.sql), line items and whether a cost is known (priced). Cost-report rows (money, no tokens)
-- and usage-report rows (tokens at cost 0) of OpenAI and Anthropic meet on these keys, so each
-- token and each dollar counts once. The unit economics, cache and batch sections and the token
-- levers read this table; the analyst views unit_economics_monthly, cache_savings_monthly and
-- batch_share_monthly (014_unit_economics.sql) are the same figures in EffectiveCost.
CREATE OR REPLACE TEMP TABLE report_tokens AS
SELECT
    BillingPeriodStart::DATE                                                  AS month,
    BillingCurrency                                                           AS currency,
    ProviderName                                                              AS provider,
    model,
    token_type,
    tier,
    sum(tokens)                                                               AS tokens,
    sum(CASE WHEN $basis = 'billed' THEN billed_cost ELSE effective_cost END) AS cost,
    count(*)                                                                  AS line_items,
    -- false when every row is an AI provider usage-report row (tokens at cost 0, no estimate):
    -- its cost is unknown, not 0, so no price is derived from it
    bool_or(provider_report IS NULL OR provider_report NOT LIKE 'usage%' OR estimated) AS priced
FROM token_line_items
-- A range on the column itself: DuckDB pushes it through the views into the scan of
-- line_item_data, with the token rows' filter, so only three months' token rows are joined.
WHERE priced_by = 'tokens'
  AND BillingPeriodStart >= ($month::DATE - INTERVAL 2 MONTH)::TIMESTAMP
  AND BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
GROUP BY ALL
