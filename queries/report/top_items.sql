-- The $limit largest services, models (x_Model: AI provider rows) and usage accounts (projects,
-- workspaces, subscriptions) within training and within inference in $month (DATE), per
-- currency: the amount, its share of the class, the month before's amount and the change.
-- Reads report_cube. label is the account's name where any bill gives one.
WITH items AS (
    SELECT currency, class, 'service' AS dimension, service AS key, provider, month, cost
    FROM report_cube
    UNION ALL
    SELECT currency, class, 'model', model, provider, month, cost
    FROM report_cube WHERE model IS NOT NULL
    UNION ALL
    SELECT currency, class, 'account', coalesce(account, billing_account), provider, month, cost
    FROM report_cube
),
names AS (
    SELECT provider, coalesce(account, billing_account) AS key, max(account_name) AS label
    FROM report_cube
    GROUP BY ALL
),
sums AS (
    SELECT currency, class, dimension, key, provider,
           sum(cost) FILTER (WHERE month = $month::DATE)                      AS amount,
           sum(cost) FILTER (WHERE month = $month::DATE - INTERVAL 1 MONTH)   AS previous
    FROM items
    WHERE class IN ('training', 'inference')
      AND month IN ($month::DATE, $month::DATE - INTERVAL 1 MONTH)
    GROUP BY ALL
),
class_totals AS (
    SELECT currency, class, sum(cost) AS class_total
    FROM report_cube
    WHERE month = $month::DATE
    GROUP BY ALL
)
SELECT
    s.currency, s.class, s.dimension, s.key,
    CASE WHEN s.dimension = 'account' THEN n.label END                   AS label,
    s.provider,
    round(s.amount, 2)                                                   AS amount,
    round(share_of(s.amount, t.class_total), 6)
                                                                         AS share_of_class,
    round(s.previous, 2)                                                 AS previous,
    CASE WHEN s.previous > 0 THEN round(((s.amount - s.previous) / s.previous)::DOUBLE, 6) END
                                                                         AS change
FROM sums AS s
JOIN class_totals AS t USING (currency, class)
LEFT JOIN names AS n ON n.provider = s.provider AND n.key IS NOT DISTINCT FROM s.key
WHERE s.amount IS NOT NULL AND s.amount <> 0
QUALIFY row_number() OVER (PARTITION BY s.currency, s.class, s.dimension
                           ORDER BY s.amount DESC, s.key) <= $limit
ORDER BY s.currency, s.class, s.dimension, s.amount DESC, s.key
