-- Two sources of one load that cover the same days of the same report would add up; returns the
-- first such pair: (provider, report, first source, second source, overlap start).
SELECT a.ProviderName, a.report, a.source, b.source, greatest(a.window_start, b.window_start)
FROM temp.provider_stage_windows a
JOIN temp.provider_stage_windows b
  ON a.ProviderName = b.ProviderName AND a.BillingAccountId = b.BillingAccountId
 AND a.report = b.report AND a.source < b.source
 AND a.window_start < b.window_end AND b.window_start < a.window_end
ORDER BY 1, 2, 3, 4
LIMIT 1
