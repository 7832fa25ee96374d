-- Per provider and billing account: whether it has data in $month (DATE), the latest month before
-- it with data, and how far its charges in $month run (a month-to-date bill ends early).
-- Reads report_cube, and for the last charge the line items of $month (only three of their
-- columns: months are stored one after another, so DuckDB skips every other month's row groups).
-- Looks back 3 months, so a provider dropped long ago is not reported.
-- Finds a source missing from the month or delivered only in part.
WITH ends AS (
    SELECT ProviderName AS provider, BillingAccountId AS billing_account,
           max(ChargePeriodEnd) AS last_charge_end
    FROM line_item_data
    WHERE BillingPeriodStart = $month::TIMESTAMP
    GROUP BY ALL
),
accounts AS (
    SELECT
        provider,
        billing_account,
        bool_or(month = $month::DATE)                                     AS in_month,
        strftime(max(month) FILTER (WHERE month < $month::DATE), '%Y-%m') AS previous_month,
        count(DISTINCT billing_account) OVER (PARTITION BY provider)      AS provider_accounts
    FROM report_cube
    WHERE month <= $month::DATE AND month >= $month::DATE - INTERVAL 3 MONTH
    GROUP BY provider, billing_account
)
SELECT
    a.provider,
    a.billing_account,
    a.in_month,
    a.previous_month,
    CASE WHEN a.in_month THEN e.last_charge_end END                  AS last_charge_end,
    ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP                      AS month_end,
    a.provider_accounts
FROM accounts AS a
LEFT JOIN ends AS e
  ON e.provider IS NOT DISTINCT FROM a.provider
 AND e.billing_account IS NOT DISTINCT FROM a.billing_account
ORDER BY a.provider, a.billing_account
