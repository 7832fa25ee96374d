-- Savings lever cache_hit_target, per currency: the standard-tier models whose cache hit ratio is
-- below the target, raised to it (report_cache: extra_reads at the model's own net saving per
-- cached token this month). amount = the sum of the models' target savings; parts: each model,
-- largest first.
SELECT
    currency,
    round(sum(target_saving), 2)::DECIMAL(38, 2)                  AS amount,
    round(sum(extra_reads))::HUGEINT                              AS extra_reads,
    list({'provider': provider, 'model': model,
          'hit_ratio': round(hit_ratio, 6),
          'extra_reads': round(extra_reads)::HUGEINT,
          'per_million': round(net_savings / read_tokens::DOUBLE * 1000000, 6),
          'saving': round(target_saving, 2)::DECIMAL(38, 2)}
         ORDER BY target_saving DESC, provider, model)            AS parts
FROM report_cache
WHERE target_saving > 0
GROUP BY currency
ORDER BY currency
