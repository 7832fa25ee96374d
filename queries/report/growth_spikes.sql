-- AI services, models and usage accounts whose spend in $month (DATE) grew far above their
-- class's trend, per currency and class: month-over-month growth at least $min_excess (a
-- fraction: 0.25 = 25 percentage points) above the class's 3-month compound monthly growth rate
-- (its month-over-month change when there are not 3 months), and an increase of at least
-- $min_share (a fraction) of the currency's AI spend in $month, so that pennies do not alarm.
-- Items new this month are new_items.sql's. Reads report_cube and report_trend; largest rise first.
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
sums AS (
    SELECT currency, class, dimension, key, provider,
           coalesce(sum(cost) FILTER (WHERE month = $month::DATE), 0)     AS amount,
           sum(cost) FILTER (WHERE month = $month::DATE - INTERVAL 1 MONTH) AS previous
    FROM items
    WHERE month IN ($month::DATE, $month::DATE - INTERVAL 1 MONTH)
    GROUP BY ALL
),
trend AS (
    SELECT currency, series AS class, coalesce(cagr_3m, mom_change) AS trend_growth
    FROM report_trend
    WHERE month = $month::DATE
),
ai AS (
    SELECT currency, amount AS ai_total
    FROM report_trend
    WHERE month = $month::DATE AND series = 'ai_total'
),
names AS (
    SELECT provider, coalesce(account, billing_account) AS key, max(account_name) AS label
    FROM report_cube
    GROUP BY ALL
),
growth AS (
    SELECT s.*, t.trend_growth, ai.ai_total,
           ((s.amount - s.previous) / s.previous)::DOUBLE AS growth
    FROM sums AS s
    JOIN trend AS t USING (currency, class)
    JOIN ai USING (currency)
    WHERE s.previous > 0 AND t.trend_growth IS NOT NULL
)
SELECT
    g.currency, g.class, g.dimension, g.key,
    CASE WHEN g.dimension = 'account' THEN n.label END AS label,
    g.provider,
    round(g.amount, 2)                 AS amount,
    round(g.previous, 2)               AS previous,
    round(g.growth, 6)                 AS growth,
    round(g.trend_growth, 6)           AS trend_growth
FROM growth AS g
LEFT JOIN names AS n ON n.provider = g.provider AND n.key IS NOT DISTINCT FROM g.key
WHERE g.growth >= g.trend_growth + $min_excess
  AND g.amount - g.previous >= $min_share * g.ai_total
ORDER BY g.currency, g.amount - g.previous DESC, g.class, g.dimension, g.key
LIMIT $limit
