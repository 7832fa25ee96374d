-- Per provider and billing account: whether it has data in $month (DATE), the latest month before
-- it with data, and how far its charges in $month run (a month-to-date bill ends early).
-- Reads report_cube; looks back 3 months, so a provider dropped long ago is not reported.
-- Finds a source missing from the month or delivered only in part.
SELECT
    provider,
    billing_account,
    bool_or(month = $month::DATE)                                     AS in_month,
    strftime(max(month) FILTER (WHERE month < $month::DATE), '%Y-%m') AS previous_month,
    max(last_charge_end) FILTER (WHERE month = $month::DATE)          AS last_charge_end,
    ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP                      AS month_end,
    count(DISTINCT billing_account) OVER (PARTITION BY provider)      AS provider_accounts
FROM report_cube
WHERE month <= $month::DATE AND month >= $month::DATE - INTERVAL 3 MONTH
GROUP BY provider, billing_account
ORDER BY provider, billing_account
