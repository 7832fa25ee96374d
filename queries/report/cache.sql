-- Creates TEMP TABLE report_cache: prompt caching in $month (DATE), per currency, provider and
-- model, over the standard tier (report_tokens), as the view cache_savings_monthly computes it
-- but in the report's cost basis. Prices are the model's month cost per token of each type
-- (writes of every duration together):
--   hit_ratio   = read / (input + write + read)
--   net_savings = read x (input price - read price) - write x (write price - input price)
-- (a model with reads but no billed writes has a write term of 0).
-- The cache lever (savings_cache.sql) raises the hit ratio to $cache_target: the extra reads
-- are target x (input + write + read) - read, at most the uncached input, each saving what a
-- read saved this month net of its writes (net_savings / read); only models with reads whose
-- net saving is positive, so the bill shows what a cached token saves.
CREATE OR REPLACE TEMP TABLE report_cache AS
WITH typed AS (
    SELECT
        currency, provider, model,
        coalesce(sum(tokens) FILTER (WHERE token_type = 'input'), 0)            AS input_tokens,
        coalesce(sum(cost) FILTER (WHERE token_type = 'input'), 0)              AS input_cost,
        coalesce(sum(tokens) FILTER (WHERE token_type = 'cache_read'), 0)       AS read_tokens,
        coalesce(sum(cost) FILTER (WHERE token_type = 'cache_read'), 0)         AS read_cost,
        coalesce(sum(tokens) FILTER (WHERE token_type LIKE 'cache_write%'), 0)  AS write_tokens,
        coalesce(sum(cost) FILTER (WHERE token_type LIKE 'cache_write%'), 0)    AS write_cost,
        -- a type whose cost is unknown (usage report only) has no price: the saving is NULL
        bool_or(priced) FILTER (WHERE token_type = 'input')                    AS input_priced,
        bool_or(priced) FILTER (WHERE token_type = 'cache_read')               AS read_priced,
        bool_or(priced) FILTER (WHERE token_type LIKE 'cache_write%')          AS write_priced
    FROM report_tokens
    WHERE month = $month::DATE AND tier = 'standard'
      AND (token_type IN ('input', 'cache_read') OR token_type LIKE 'cache_write%')
    GROUP BY currency, provider, model
),
priced AS (
    SELECT
        *,
        CASE WHEN input_priced THEN input_cost::DOUBLE / nullif(input_tokens::DOUBLE, 0) END
                                                             AS input_price,
        CASE WHEN read_priced THEN read_cost::DOUBLE / nullif(read_tokens::DOUBLE, 0) END
                                                             AS read_price,
        CASE WHEN write_priced THEN write_cost::DOUBLE / nullif(write_tokens::DOUBLE, 0) END
                                                             AS write_price,
        (input_tokens + write_tokens + read_tokens)::DOUBLE  AS all_tokens
    FROM typed
    WHERE input_tokens + read_tokens + write_tokens > 0
),
saved AS (
    SELECT
        *,
        read_tokens::DOUBLE / all_tokens AS hit_ratio,
        CASE WHEN read_tokens > 0 THEN read_tokens::DOUBLE * (input_price - read_price) ELSE 0 END
        - CASE WHEN write_tokens > 0 THEN write_tokens::DOUBLE * (write_price - input_price)
               ELSE 0 END AS net_savings
    FROM priced
)
SELECT
    *,
    CASE WHEN read_tokens > 0 AND net_savings > 0 AND hit_ratio < $cache_target
         THEN least($cache_target * all_tokens - read_tokens::DOUBLE, input_tokens::DOUBLE) END
                                                                     AS extra_reads,
    CASE WHEN read_tokens > 0 AND net_savings > 0 AND hit_ratio < $cache_target
         THEN least($cache_target * all_tokens - read_tokens::DOUBLE, input_tokens::DOUBLE)
              * net_savings / read_tokens::DOUBLE END                AS target_saving
FROM saved
