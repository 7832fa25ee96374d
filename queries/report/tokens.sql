-- Creates TEMP TABLE report_tokens: the token-priced inference of $month (DATE) and the two
-- months before it (the unit economics' 3-month trend), per month, currency, provider, model,
-- token type and tier: the rows of the view token_line_items (012_token_dimension.sql) with
-- priced_by = 'tokens': tokens, cost in the report's basis ($basis as for cube.sql), line items
-- and whether a cost is known (priced). Cost-report rows (money, no tokens) and usage-report rows
-- (tokens at cost 0) of OpenAI and Anthropic meet on these keys, so each token and each dollar
-- counts once. The unit economics, cache and batch sections and the token levers read this
-- table; the analyst views unit_economics_monthly, cache_savings_monthly and batch_share_monthly
-- (014_unit_economics.sql) are the same figures in EffectiveCost.
-- Summed from report_model_items (model_items.sql), the three months' inference rows that name a
-- model or a token type, read once for this and top_models.sql.
CREATE OR REPLACE TEMP TABLE report_tokens AS
SELECT
    month, currency, provider, model, token_type, tier,
    sum(tokens)                                                               AS tokens,
    sum(CASE WHEN $basis = 'billed' THEN billed_cost ELSE effective_cost END) AS cost,
    sum(line_items)                                                           AS line_items,
    bool_or(priced)                                                           AS priced
FROM report_model_items
WHERE token_type IS NOT NULL
GROUP BY ALL
