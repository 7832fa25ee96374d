-- The $limit largest resources (ResourceId) within training and within inference in $month
-- (DATE), per currency, with the month before's amount. ResourceId, the provider, the service
-- and the class are attributes of the class key, so the amounts are summed from
-- report_key_costs (key_costs.sql, in the report's cost basis), and so is the resource's name
-- (the largest ResourceName of the chosen resource's keys in the month).
-- Rows without a ResourceId (token spend) are not resources.
WITH keyed AS (
    SELECT
        k.BillingPeriodStart,
        p.x_ClassKey,
        p.currency,
        c.x_WorkloadClass                                AS class,
        k.ResourceId                                     AS key,
        k.ProviderName                                   AS provider,
        k.ServiceName                                    AS service,
        p.resource_name,
        p.cost
    FROM report_key_costs AS p
    JOIN class_keys AS k USING (x_ClassKey)
    JOIN line_item_classes AS c USING (x_ClassKey)
    WHERE k.BillingPeriodStart IN ($month::TIMESTAMP, $month::TIMESTAMP - INTERVAL 1 MONTH)
      AND c.x_WorkloadClass IN ('training', 'inference')
      AND k.ResourceId IS NOT NULL
),
chosen AS (
    SELECT currency, class, key, provider, max(service) AS service, sum(cost) AS amount
    FROM keyed
    WHERE BillingPeriodStart = $month::TIMESTAMP
    GROUP BY currency, class, key, provider
    HAVING amount <> 0
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
