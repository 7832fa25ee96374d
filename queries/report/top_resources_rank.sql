-- Fragment ({include:report/top_resources_rank}, after a CTE named keyed): the rest of
-- top_resources.sql and top_resources_stored.sql, which differ only in where keyed reads each
-- key's spend, class, resource, provider, service and resource name from. The $limit largest
-- are picked among those at least as large as the $limit-th largest amount (max(amount, n)),
-- so that the ordering window sorts a handful of rows, not every resource.
grouped AS (
    SELECT currency, class, key, provider, max(service) AS service, sum(cost) AS amount
    FROM keyed
    WHERE BillingPeriodStart = $month::TIMESTAMP
    GROUP BY currency, class, key, provider
    HAVING amount <> 0
),
cutoff AS (
    SELECT currency, class, list_last(max(amount, $limit)) AS floor FROM grouped GROUP BY ALL
),
chosen AS (
    SELECT g.* FROM grouped AS g JOIN cutoff AS c USING (currency, class)
    WHERE g.amount >= c.floor
    QUALIFY row_number() OVER (PARTITION BY currency, class ORDER BY amount DESC, key) <= $limit
),
names AS (
    SELECT s.currency, s.class, s.key, s.provider, max(k.resource_name) AS label
    FROM chosen AS s
    JOIN keyed AS k USING (currency, class, key, provider)
    WHERE k.BillingPeriodStart = $month::TIMESTAMP
    GROUP BY ALL
),
previous AS (
    SELECT currency, class, key, provider, sum(cost) AS amount
    FROM keyed
    WHERE BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
      AND key IN (SELECT key FROM chosen)
    GROUP BY ALL
),
class_totals AS (
    SELECT currency, class, sum(cost) AS class_total
    FROM report_cube
    WHERE month = $month::DATE
    GROUP BY ALL
)
SELECT
    s.currency, s.class, 'resource' AS dimension, s.key,
    coalesce(n.label, s.service)                                         AS label,
    s.provider,
    round(s.amount, 2)                                                   AS amount,
    round(share_of(s.amount, t.class_total), 6)
                                                                         AS share_of_class,
    round(p.amount, 2)                                                   AS previous,
    CASE WHEN p.amount > 0 THEN round(((s.amount - p.amount) / p.amount)::DOUBLE, 6) END
                                                                         AS change
FROM chosen AS s
JOIN class_totals AS t USING (currency, class)
LEFT JOIN names AS n USING (currency, class, key, provider)
LEFT JOIN previous AS p USING (currency, class, key, provider)
ORDER BY s.currency, s.class, s.amount DESC, s.key
