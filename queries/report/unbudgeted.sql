-- Unbudgeted AI opex: the AI spend (training, inference, other AI) in $month (DATE) that no
-- budget line covers (report_budget_match; with no budgets file no line covers anything, so it
-- is all AI spend: one definition either way). Per currency, class, provider, service and usage
-- account, largest first, rounded; currency_total sums the currency's rows. share_of_ai: of the
-- currency's AI spend in $month.
WITH ai AS (
    SELECT currency, sum(cost) AS ai_total
    FROM report_cube
    WHERE month = $month::DATE AND class <> 'non_ai'
    GROUP BY currency
),
names AS (
    SELECT provider, account, max(account_name) AS account_name
    FROM report_cube
    GROUP BY ALL
)
SELECT
    c.currency, c.class, c.provider, c.service, c.account, n.account_name,
    round(sum(c.cost), 2)                                                    AS amount,
    round(share_of(sum(c.cost), any_value(ai.ai_total)), 6)                   AS share_of_ai,
    round(sum(sum(c.cost)) OVER (PARTITION BY c.currency), 2)                AS currency_total
FROM report_cube AS c
LEFT JOIN ai USING (currency)
LEFT JOIN names AS n ON n.provider = c.provider AND n.account IS NOT DISTINCT FROM c.account
WHERE c.month = $month::DATE
  AND c.class <> 'non_ai'
  AND c.rowid NOT IN (SELECT cell_id FROM report_budget_match)
GROUP BY c.currency, c.class, c.provider, c.service, c.account, n.account_name
HAVING sum(c.cost) <> 0
ORDER BY c.currency, sum(c.cost) DESC, c.class, c.provider, c.service, c.account
