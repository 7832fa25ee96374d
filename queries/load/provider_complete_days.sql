-- Days of a provider organisation's reports that need no pulling again: read in full at least two
-- days after they ended (providers revise the last two days). $provider, $account, $start, $end
-- (dates, end exclusive). Returns (report, day).
SELECT report, day
FROM provider_days
WHERE ProviderName = $provider AND BillingAccountId = $account
  AND day >= $start AND day < $end
  AND full_day AND fetched_at >= day + INTERVAL 3 DAY
ORDER BY day, report
