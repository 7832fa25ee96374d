-- Savings lever batch_eligible_tokens, per currency: the standard-tier input and output tokens of
-- the models whose batch price the bill shows, at that price (report_batch): amount = the sum of
-- the models' positive batch savings. parts: each model, largest saving first.
WITH models AS (
    SELECT *, eligible_cost::DOUBLE - eligible_at_batch AS saving
    FROM report_batch
    WHERE eligible_cost::DOUBLE - eligible_at_batch > 0
)
SELECT
    currency,
    round(sum(saving), 2)::DECIMAL(38, 2)                         AS amount,
    round(sum(eligible_cost), 2)::DECIMAL(38, 2)                  AS eligible_cost,
    round(sum(eligible_at_batch), 2)::DECIMAL(38, 2)              AS at_batch_cost,
    list({'provider': provider, 'model': model,
          'input_tokens': round(CASE WHEN batch_in_price IS NOT NULL THEN std_in_tokens
                                     ELSE 0 END)::HUGEINT,
          'output_tokens': round(CASE WHEN batch_out_price IS NOT NULL THEN std_out_tokens
                                      ELSE 0 END)::HUGEINT,
          'eligible_cost': round(eligible_cost, 2)::DECIMAL(38, 2),
          'at_batch_cost': round(eligible_at_batch, 2)::DECIMAL(38, 2),
          'input_per_million': round(batch_in_price * 1000000, 6),
          'output_per_million': round(batch_out_price * 1000000, 6),
          'saving': round(saving, 2)::DECIMAL(38, 2)}
         ORDER BY saving DESC, provider, model)                   AS parts
FROM models
GROUP BY currency
ORDER BY currency
