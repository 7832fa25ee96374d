-- Analyst views for inference unit economics: cost per million tokens by provider, model, token
-- type and tier; what prompt caching saved; what share of each model's token spend ran at the
-- batch tier and what the rest would cost at the model's batch price. All three read the token
-- dimension (token_line_items, 012_token_dimension.sql), token-priced rows only, and price with
-- EffectiveCost. The report's unit economics, cache and batch sections compute the same figures
-- in its own cost basis (queries/report/tokens.sql and the queries reading it); docs/analysts.md
-- and docs/report.md explain the formulas. Portable SQL, as 005_analyst_views.sql's rules say:
-- `finops-ai sql --emit` transpiles these for Athena, Trino and Spark over the Parquet export.
-- Sums of tokens are cast to DOUBLE before any product (DECIMAL(38) tokens times a DECIMAL price
-- overflows).

CREATE VIEW unit_economics_monthly AS
SELECT
    billing_month,
    BillingPeriodStart,
    BillingCurrency,
    ProviderName,
    model,
    token_type,
    tier,
    sum(tokens)                                                     AS tokens,
    sum(effective_cost)                                             AS effective_cost,
    sum(billed_cost)                                                AS billed_cost,
    -- NULL, not 0, where no row carries a cost (an AI provider usage report without its cost
    -- report: tokens at cost 0)
    CASE WHEN max(CASE WHEN provider_report IS NULL OR provider_report NOT LIKE 'usage%' OR estimated THEN 1 ELSE 0 END) = 1
         THEN CAST(sum(effective_cost) AS DOUBLE)
              / nullif(CAST(sum(tokens) AS DOUBLE), 0) * 1000000 END AS cost_per_million,
    count(*)                                                        AS line_items
FROM token_line_items
WHERE priced_by = 'tokens'
GROUP BY
    billing_month, BillingPeriodStart, BillingCurrency, ProviderName, model, token_type, tier;

COMMENT ON VIEW unit_economics_monthly IS 'Token-priced inference per billing month, currency, provider, model, token type and pricing tier: tokens, cost and cost per million tokens. OpenAI and Anthropic cost-report rows (money, no tokens) and usage-report rows (tokens at cost 0) meet in one row, so cost_per_million is one division. Grain: BillingPeriodStart x BillingCurrency x ProviderName x model x token_type x tier. See docs/analysts.md.';
COMMENT ON COLUMN unit_economics_monthly.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN unit_economics_monthly.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN unit_economics_monthly.BillingCurrency IS 'Currency of the cost columns; never add across currencies';
COMMENT ON COLUMN unit_economics_monthly.ProviderName IS 'AWS, Microsoft, Google Cloud, OpenAI, Anthropic, or a FOCUS provider';
COMMENT ON COLUMN unit_economics_monthly.model IS 'x_Model as token_line_items names it; NULL where the bill names none';
COMMENT ON COLUMN unit_economics_monthly.token_type IS 'input, output, cache_read, cache_write_5m, cache_write_1h, cache_write (duration not named), embedding or other';
COMMENT ON COLUMN unit_economics_monthly.tier IS 'standard, batch, flex, priority or custom_model';
COMMENT ON COLUMN unit_economics_monthly.tokens IS 'Sum of x_TokenCount; NULL when only a cost report (no usage report) is loaded for the row';
COMMENT ON COLUMN unit_economics_monthly.effective_cost IS 'Sum of EffectiveCost (amortised)';
COMMENT ON COLUMN unit_economics_monthly.billed_cost IS 'Sum of BilledCost (the invoice)';
COMMENT ON COLUMN unit_economics_monthly.cost_per_million IS 'effective_cost / tokens x 1,000,000; NULL when tokens is 0 or NULL, or when no row carries a cost (an AI provider usage report loaded without its cost report)';
COMMENT ON COLUMN unit_economics_monthly.line_items IS 'Number of line items summed';

-- Prompt caching per model over its standard tier. Prices are the model's month cost per token
-- of each type (cost / tokens); writes of every duration count as one kind.
--   hit_ratio   = read / (input + write + read)
--   net_savings = read x (input price - read price) - write x (write price - input price)
-- A model with reads but no billed writes has a write term of 0.
CREATE VIEW cache_savings_monthly AS
WITH typed AS (
    SELECT
        billing_month,
        BillingPeriodStart,
        BillingCurrency,
        ProviderName,
        model,
        coalesce(sum(CASE WHEN token_type = 'input' THEN tokens END), 0)        AS input_tokens,
        coalesce(sum(CASE WHEN token_type = 'input' THEN effective_cost END), 0) AS input_cost,
        coalesce(sum(CASE WHEN token_type = 'cache_read' THEN tokens END), 0)   AS read_tokens,
        coalesce(sum(CASE WHEN token_type = 'cache_read' THEN effective_cost END), 0)
                                                                                AS read_cost,
        coalesce(sum(CASE WHEN token_type LIKE 'cache_write%' THEN tokens END), 0)
                                                                                AS write_tokens,
        coalesce(sum(CASE WHEN token_type LIKE 'cache_write%' THEN effective_cost END), 0)
                                                                                AS write_cost,
        -- 1 where a row of the type carries a cost: a usage report alone prices nothing
        max(CASE WHEN token_type = 'input' THEN CASE WHEN provider_report IS NULL OR provider_report NOT LIKE 'usage%' OR estimated THEN 1 ELSE 0 END END)
                                                                                AS input_priced,
        max(CASE WHEN token_type = 'cache_read' THEN CASE WHEN provider_report IS NULL OR provider_report NOT LIKE 'usage%' OR estimated THEN 1 ELSE 0 END END)
                                                                                AS read_priced,
        max(CASE WHEN token_type LIKE 'cache_write%' THEN CASE WHEN provider_report IS NULL OR provider_report NOT LIKE 'usage%' OR estimated THEN 1 ELSE 0 END END)
                                                                                AS write_priced
    FROM token_line_items
    WHERE priced_by = 'tokens' AND tier = 'standard'
      AND (token_type IN ('input', 'cache_read') OR token_type LIKE 'cache_write%')
    GROUP BY billing_month, BillingPeriodStart, BillingCurrency, ProviderName, model
),
priced AS (
    SELECT
        *,
        CASE WHEN input_priced = 1
             THEN CAST(input_cost AS DOUBLE) / nullif(CAST(input_tokens AS DOUBLE), 0) END
                                                                             AS input_price,
        CASE WHEN read_priced = 1
             THEN CAST(read_cost AS DOUBLE) / nullif(CAST(read_tokens AS DOUBLE), 0) END
                                                                             AS read_price,
        CASE WHEN write_priced = 1
             THEN CAST(write_cost AS DOUBLE) / nullif(CAST(write_tokens AS DOUBLE), 0) END
                                                                             AS write_price
    FROM typed
    WHERE input_tokens + read_tokens + write_tokens > 0
)
SELECT
    billing_month,
    BillingPeriodStart,
    BillingCurrency,
    ProviderName,
    model,
    input_tokens,
    read_tokens                                                         AS cache_read_tokens,
    write_tokens                                                        AS cache_write_tokens,
    input_cost,
    read_cost                                                           AS cache_read_cost,
    write_cost                                                          AS cache_write_cost,
    input_price * 1000000                                               AS input_per_million,
    read_price * 1000000                                                AS cache_read_per_million,
    write_price * 1000000                                               AS cache_write_per_million,
    CAST(read_tokens AS DOUBLE)
        / CAST(input_tokens + write_tokens + read_tokens AS DOUBLE)     AS hit_ratio,
    CASE WHEN read_tokens > 0
         THEN CAST(read_tokens AS DOUBLE) * (input_price - read_price) ELSE 0 END
    - CASE WHEN write_tokens > 0
           THEN CAST(write_tokens AS DOUBLE) * (write_price - input_price) ELSE 0 END
                                                                        AS net_savings
FROM priced;

COMMENT ON VIEW cache_savings_monthly IS 'Prompt caching per billing month, currency, provider and model over the standard (non-batch) tier: uncached input, cache reads and writes, the hit ratio read / (input + write + read), and the net saving read x (input price - read price) - write x (write price - input price), prices being the model''s month cost per token of each type (EffectiveCost / tokens); a model with reads but no billed writes has a write term of 0. Grain: BillingPeriodStart x BillingCurrency x ProviderName x model. See docs/analysts.md.';
COMMENT ON COLUMN cache_savings_monthly.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN cache_savings_monthly.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN cache_savings_monthly.BillingCurrency IS 'Currency of the cost columns';
COMMENT ON COLUMN cache_savings_monthly.ProviderName IS 'AWS, Microsoft, Google Cloud, OpenAI, Anthropic, ...';
COMMENT ON COLUMN cache_savings_monthly.model IS 'x_Model';
COMMENT ON COLUMN cache_savings_monthly.input_tokens IS 'Uncached input tokens (token_type input), standard tier';
COMMENT ON COLUMN cache_savings_monthly.cache_read_tokens IS 'Tokens read from the prompt cache (token_type cache_read)';
COMMENT ON COLUMN cache_savings_monthly.cache_write_tokens IS 'Tokens written to the cache: cache_write_5m + cache_write_1h + cache_write (duration not named)';
COMMENT ON COLUMN cache_savings_monthly.input_cost IS 'EffectiveCost of the uncached input';
COMMENT ON COLUMN cache_savings_monthly.cache_read_cost IS 'EffectiveCost of the cache reads';
COMMENT ON COLUMN cache_savings_monthly.cache_write_cost IS 'EffectiveCost of the cache writes';
COMMENT ON COLUMN cache_savings_monthly.input_per_million IS 'input_cost / input_tokens x 1,000,000: the input price; NULL without input tokens';
COMMENT ON COLUMN cache_savings_monthly.cache_read_per_million IS 'cache_read_cost / cache_read_tokens x 1,000,000; NULL without reads';
COMMENT ON COLUMN cache_savings_monthly.cache_write_per_million IS 'cache_write_cost / cache_write_tokens x 1,000,000; NULL without writes';
COMMENT ON COLUMN cache_savings_monthly.hit_ratio IS 'cache_read_tokens / (input_tokens + cache_write_tokens + cache_read_tokens)';
COMMENT ON COLUMN cache_savings_monthly.net_savings IS 'cache_read_tokens x (input price - read price) - cache_write_tokens x (write price - input price), prices per token; the write term is 0 without billed writes; NULL when reads or writes have no input price to compare with';

-- Batch share per model: of its token spend (every tier), the part at tier 'batch'; and its
-- batch-eligible remainder, the standard-tier input and output tokens, priced at the model's
-- month batch price of the same token type where the bill shows one (batch tokens and cost
-- both above 0).
CREATE VIEW batch_share_monthly AS
WITH typed AS (
    SELECT
        billing_month,
        BillingPeriodStart,
        BillingCurrency,
        ProviderName,
        model,
        sum(effective_cost)                                                      AS token_cost,
        coalesce(sum(CASE WHEN tier = 'batch' THEN effective_cost END), 0)       AS batch_cost,
        coalesce(sum(CASE WHEN tier = 'standard' AND token_type = 'input'
                          THEN tokens END), 0)                                   AS std_in_tokens,
        coalesce(sum(CASE WHEN tier = 'standard' AND token_type = 'input'
                          THEN effective_cost END), 0)                           AS std_in_cost,
        coalesce(sum(CASE WHEN tier = 'standard' AND token_type = 'output'
                          THEN tokens END), 0)                                   AS std_out_tokens,
        coalesce(sum(CASE WHEN tier = 'standard' AND token_type = 'output'
                          THEN effective_cost END), 0)                           AS std_out_cost,
        coalesce(sum(CASE WHEN tier = 'batch' AND token_type = 'input'
                          THEN tokens END), 0)                                   AS batch_in_tokens,
        coalesce(sum(CASE WHEN tier = 'batch' AND token_type = 'input'
                          THEN effective_cost END), 0)                           AS batch_in_cost,
        coalesce(sum(CASE WHEN tier = 'batch' AND token_type = 'output'
                          THEN tokens END), 0)                                   AS batch_out_tokens,
        coalesce(sum(CASE WHEN tier = 'batch' AND token_type = 'output'
                          THEN effective_cost END), 0)                           AS batch_out_cost,
        -- 1 where a standard row of the type carries a cost (else it is not eligible)
        coalesce(max(CASE WHEN tier = 'standard' AND token_type = 'input' THEN CASE WHEN provider_report IS NULL OR provider_report NOT LIKE 'usage%' OR estimated THEN 1 ELSE 0 END END), 1)
                                                                                 AS std_in_priced,
        coalesce(max(CASE WHEN tier = 'standard' AND token_type = 'output' THEN CASE WHEN provider_report IS NULL OR provider_report NOT LIKE 'usage%' OR estimated THEN 1 ELSE 0 END END), 1)
                                                                                 AS std_out_priced
    FROM token_line_items
    WHERE priced_by = 'tokens'
    GROUP BY billing_month, BillingPeriodStart, BillingCurrency, ProviderName, model
),
priced AS (
    SELECT
        *,
        CASE WHEN batch_in_tokens > 0 AND batch_in_cost > 0
             THEN CAST(batch_in_cost AS DOUBLE) / CAST(batch_in_tokens AS DOUBLE) END
                                                                            AS batch_in_price,
        CASE WHEN batch_out_tokens > 0 AND batch_out_cost > 0
             THEN CAST(batch_out_cost AS DOUBLE) / CAST(batch_out_tokens AS DOUBLE) END
                                                                            AS batch_out_price
    FROM typed
),
eligible AS (
    SELECT
        *,
        CASE WHEN in_eligible = 1 THEN std_in_cost ELSE 0 END
        + CASE WHEN out_eligible = 1 THEN std_out_cost ELSE 0 END           AS eligible_cost,
        CASE WHEN in_eligible = 0 AND out_eligible = 0 THEN NULL ELSE
            CASE WHEN in_eligible = 1 THEN CAST(std_in_tokens AS DOUBLE) * batch_in_price
                 ELSE 0 END
            + CASE WHEN out_eligible = 1 THEN CAST(std_out_tokens AS DOUBLE) * batch_out_price
                   ELSE 0 END END                                           AS eligible_at_batch
    FROM (
        SELECT
            *,
            CASE WHEN batch_in_price IS NOT NULL AND std_in_priced = 1 THEN 1 ELSE 0 END
                                                                            AS in_eligible,
            CASE WHEN batch_out_price IS NOT NULL AND std_out_priced = 1 THEN 1 ELSE 0 END
                                                                            AS out_eligible
        FROM priced
    ) AS flagged
)
SELECT
    billing_month,
    BillingPeriodStart,
    BillingCurrency,
    ProviderName,
    model,
    token_cost,
    batch_cost,
    CASE WHEN token_cost > 0 AND batch_cost >= 0 AND batch_cost <= token_cost
         THEN CAST(batch_cost AS DOUBLE) / CAST(token_cost AS DOUBLE) END   AS batch_share,
    std_in_tokens                                                           AS standard_input_tokens,
    std_out_tokens                                                          AS standard_output_tokens,
    batch_in_price * 1000000                                                AS batch_input_per_million,
    batch_out_price * 1000000                                               AS batch_output_per_million,
    eligible_cost,
    eligible_at_batch                                                       AS eligible_at_batch_cost,
    CAST(eligible_cost AS DOUBLE) - eligible_at_batch                       AS batch_saving
FROM eligible;

COMMENT ON VIEW batch_share_monthly IS 'Batch share per billing month, currency, provider and model: the part of its token spend at tier batch, and its batch-eligible remainder (standard-tier input and output tokens) priced at the model''s month batch price of the same token type where the bill shows one. batch_saving = eligible_cost - eligible_at_batch_cost. Grain: BillingPeriodStart x BillingCurrency x ProviderName x model. See docs/analysts.md.';
COMMENT ON COLUMN batch_share_monthly.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN batch_share_monthly.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN batch_share_monthly.BillingCurrency IS 'Currency of the cost columns';
COMMENT ON COLUMN batch_share_monthly.ProviderName IS 'AWS, Microsoft, Google Cloud, OpenAI, Anthropic, ...';
COMMENT ON COLUMN batch_share_monthly.model IS 'x_Model';
COMMENT ON COLUMN batch_share_monthly.token_cost IS 'EffectiveCost of the model''s token-priced rows, every tier';
COMMENT ON COLUMN batch_share_monthly.batch_cost IS 'The part of token_cost at tier batch';
COMMENT ON COLUMN batch_share_monthly.batch_share IS 'batch_cost / token_cost (a fraction); NULL when token_cost is not positive';
COMMENT ON COLUMN batch_share_monthly.standard_input_tokens IS 'Standard-tier input tokens (batch-eligible)';
COMMENT ON COLUMN batch_share_monthly.standard_output_tokens IS 'Standard-tier output tokens (batch-eligible)';
COMMENT ON COLUMN batch_share_monthly.batch_input_per_million IS 'The model''s batch input price: batch input cost / tokens x 1,000,000; NULL where the bill shows no batch input with a cost';
COMMENT ON COLUMN batch_share_monthly.batch_output_per_million IS 'The same for output';
COMMENT ON COLUMN batch_share_monthly.eligible_cost IS 'EffectiveCost of the standard-tier input and output of the token types that have a batch price';
COMMENT ON COLUMN batch_share_monthly.eligible_at_batch_cost IS 'The same tokens at the batch price: standard input tokens x batch input price + standard output tokens x batch output price; NULL without a batch price';
COMMENT ON COLUMN batch_share_monthly.batch_saving IS 'eligible_cost - eligible_at_batch_cost; NULL without a batch price';
