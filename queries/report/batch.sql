-- Creates TEMP TABLE report_batch: per currency, provider and model of $month (DATE), the share
-- of its token spend (every tier) at tier 'batch', and its batch-eligible remainder, the
-- standard-tier input and output tokens, at the model's month batch price of the same token type
-- where the bill shows one (batch tokens and cost both above 0), as the view
-- batch_share_monthly computes it but in the report's cost basis (report_tokens).
--   batch_share            = batch cost / token cost
--   eligible_at_batch_cost = standard input tokens x batch input price
--                            + standard output tokens x batch output price
--   batch_saving           = eligible_cost - eligible_at_batch_cost
CREATE OR REPLACE TEMP TABLE report_batch AS
WITH typed AS (
    SELECT
        currency, provider, model,
        sum(cost)                                                                AS token_cost,
        coalesce(sum(cost) FILTER (WHERE tier = 'batch'), 0)                     AS batch_cost,
        coalesce(sum(tokens) FILTER (WHERE tier = 'standard' AND token_type = 'input'), 0)
                                                                                 AS std_in_tokens,
        coalesce(sum(cost) FILTER (WHERE tier = 'standard' AND token_type = 'input'), 0)
                                                                                 AS std_in_cost,
        coalesce(sum(tokens) FILTER (WHERE tier = 'standard' AND token_type = 'output'), 0)
                                                                                 AS std_out_tokens,
        coalesce(sum(cost) FILTER (WHERE tier = 'standard' AND token_type = 'output'), 0)
                                                                                 AS std_out_cost,
        coalesce(sum(tokens) FILTER (WHERE tier = 'batch' AND token_type = 'input'), 0)
                                                                                 AS batch_in_tokens,
        coalesce(sum(cost) FILTER (WHERE tier = 'batch' AND token_type = 'input'), 0)
                                                                                 AS batch_in_cost,
        coalesce(sum(tokens) FILTER (WHERE tier = 'batch' AND token_type = 'output'), 0)
                                                                                 AS batch_out_tokens,
        coalesce(sum(cost) FILTER (WHERE tier = 'batch' AND token_type = 'output'), 0)
                                                                                 AS batch_out_cost,
        -- standard tokens whose cost is unknown (usage report only) are not priced at batch
        coalesce(bool_or(priced) FILTER (WHERE tier = 'standard' AND token_type = 'input'), true)
                                                                                 AS std_in_priced,
        coalesce(bool_or(priced) FILTER (WHERE tier = 'standard' AND token_type = 'output'), true)
                                                                                 AS std_out_priced
    FROM report_tokens
    WHERE month = $month::DATE
    GROUP BY currency, provider, model
),
priced AS (
    SELECT
        *,
        CASE WHEN batch_in_tokens > 0 AND batch_in_cost > 0
             THEN batch_in_cost::DOUBLE / batch_in_tokens::DOUBLE END   AS batch_in_price,
        CASE WHEN batch_out_tokens > 0 AND batch_out_cost > 0
             THEN batch_out_cost::DOUBLE / batch_out_tokens::DOUBLE END AS batch_out_price
    FROM typed
)
SELECT
    *,
    CASE WHEN in_eligible THEN std_in_cost ELSE 0 END
    + CASE WHEN out_eligible THEN std_out_cost ELSE 0 END AS eligible_cost,
    CASE WHEN in_eligible OR out_eligible
         THEN CASE WHEN in_eligible THEN std_in_tokens::DOUBLE * batch_in_price ELSE 0 END
              + CASE WHEN out_eligible THEN std_out_tokens::DOUBLE * batch_out_price ELSE 0 END
    END AS eligible_at_batch
FROM (
    SELECT
        *,
        batch_in_price IS NOT NULL AND std_in_priced   AS in_eligible,
        batch_out_price IS NOT NULL AND std_out_priced AS out_eligible
    FROM priced
)
