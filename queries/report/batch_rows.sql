-- The batch section (JSON `batch`): every model of report_batch, per currency, the largest
-- saving at the batch price first, then by token spend. Money in cents, prices per million
-- tokens to 6 decimals, the share a fraction to 6 decimals (NULL unless the token spend is
-- positive and the batch part within it).
SELECT
    currency, provider, model,
    round(token_cost, 2)::DECIMAL(38, 2)                                 AS token_cost,
    round(batch_cost, 2)::DECIMAL(38, 2)                                 AS batch_cost,
    round(share_of(batch_cost, token_cost), 6)                           AS batch_share,
    round(std_in_tokens)::HUGEINT                                        AS standard_input_tokens,
    round(std_out_tokens)::HUGEINT                                       AS standard_output_tokens,
    round(batch_in_price * 1000000, 6)                                   AS batch_input_per_million,
    round(batch_out_price * 1000000, 6)                                  AS batch_output_per_million,
    round(eligible_cost, 2)::DECIMAL(38, 2)                              AS eligible_cost,
    round(eligible_at_batch, 2)::DECIMAL(38, 2)                          AS eligible_at_batch_cost,
    round(eligible_cost::DOUBLE - eligible_at_batch, 2)::DECIMAL(38, 2)  AS batch_saving
FROM report_batch
ORDER BY currency, eligible_cost::DOUBLE - eligible_at_batch DESC NULLS LAST, token_cost DESC,
         provider, model NULLS LAST
