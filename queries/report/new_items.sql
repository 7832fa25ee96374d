-- AI services, models and usage accounts with AI spend (training, inference, ai_other) in
-- $month (DATE) and none in any earlier month, per currency, largest first. Empty when the
-- warehouse has no earlier month in that currency (then everything would be "new").
-- class: the AI class with most of the item's spend in $month. Reads report_cube.
WITH items AS (
    SELECT currency, class, 'service' AS dimension, service AS key, provider, month, cost
    FROM report_cube WHERE class <> 'non_ai'
    UNION ALL
    SELECT currency, class, 'model', model, provider, month, cost
    FROM report_cube WHERE class <> 'non_ai' AND model IS NOT NULL
    UNION ALL
    SELECT currency, class, 'account', coalesce(account, billing_account), provider, month, cost
    FROM report_cube WHERE class <> 'non_ai'
),
by_class AS (
    SELECT currency, dimension, key, provider, class,
           sum(cost) FILTER (WHERE month = $month::DATE) AS amount,
           count(*) FILTER (WHERE month < $month::DATE)  AS earlier_cells
    FROM items
    WHERE month <= $month::DATE
    GROUP BY ALL
),
per_item AS (
    SELECT currency, dimension, key, provider,
           sum(amount)                       AS amount,
           sum(earlier_cells)                AS earlier_cells,
           arg_max(class, coalesce(amount, 0)) AS class
    FROM by_class
    GROUP BY ALL
),
names AS (
    SELECT provider, coalesce(account, billing_account) AS key, max(account_name) AS label
    FROM report_cube
    GROUP BY ALL
),
history AS (
    SELECT currency, count(DISTINCT month) FILTER (WHERE month < $month::DATE) AS earlier_months
    FROM report_cube
    GROUP BY currency
)
SELECT
    p.currency, p.class, p.dimension, p.key,
    CASE WHEN p.dimension = 'account' THEN n.label END AS label,
    p.provider,
    round(p.amount, 2)                                 AS amount
FROM per_item AS p
JOIN history AS h USING (currency)
LEFT JOIN names AS n ON n.provider = p.provider AND n.key IS NOT DISTINCT FROM p.key
WHERE h.earlier_months > 0 AND p.earlier_cells = 0 AND p.amount > 0
ORDER BY p.currency, p.amount DESC, p.dimension, p.key
LIMIT $limit
