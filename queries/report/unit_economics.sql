-- The unit economics of $month (DATE): every token-priced inference row of the month once, per
-- currency, provider, model, token type and tier (report_tokens), largest cost first. tokens and
-- cost add up to the month's token-priced inference spend. cost_per_million = cost / tokens x
-- 1e6 (6 decimals), NULL when tokens is 0 or NULL (a cost report loaded without its usage) and
-- when no row carries a cost (a usage report loaded without its cost report: not a price of 0).
SELECT
    currency, provider, model, token_type, tier,
    round(tokens)::HUGEINT                                                     AS tokens,
    round(cost, 2)::DECIMAL(38, 2)                                             AS cost,
    CASE WHEN priced
         THEN round(cost::DOUBLE / nullif(tokens::DOUBLE, 0) * 1000000, 6) END AS cost_per_million
FROM report_tokens
WHERE month = $month::DATE
ORDER BY currency, cost DESC, provider, model NULLS LAST, token_type, tier
