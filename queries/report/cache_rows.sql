-- The cache section (JSON `cache`): report_cache's models, per currency, largest net saving
-- first (models without caching last, by their uncached input). Tokens whole, net_savings in
-- cents, hit_ratio a fraction to 6 decimals.
SELECT
    currency, provider, model,
    round(input_tokens)::HUGEINT              AS input_tokens,
    round(read_tokens)::HUGEINT               AS cache_read_tokens,
    round(write_tokens)::HUGEINT              AS cache_write_tokens,
    round(hit_ratio, 6)                       AS hit_ratio,
    round(net_savings, 2)::DECIMAL(38, 2)     AS net_savings
FROM report_cache
ORDER BY currency, read_tokens + write_tokens = 0, net_savings DESC NULLS LAST,
         input_tokens DESC, provider, model NULLS LAST
