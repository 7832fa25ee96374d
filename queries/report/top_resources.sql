-- The $limit largest resources (ResourceId) within training and within inference in $month
-- (DATE), per currency, with the month before's amount: the one report query that reads
-- line_items itself rather than report_cube, and only those two months of it (the month
-- before only for the resources already chosen). $basis: 'effective' or 'billed'.
-- Rows without a ResourceId (token spend) are not resources.
WITH chosen AS (
    SELECT
        BillingCurrency                                  AS currency,
        x_WorkloadClass                                  AS class,
        ResourceId                                       AS key,
        ProviderName                                     AS provider,
        max(ResourceName)                                AS label,
        max(ServiceName)                                 AS service,
        sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END) AS amount
    FROM line_items
    WHERE BillingPeriodStart = $month::TIMESTAMP
      AND x_WorkloadClass IN ('training', 'inference')
      AND ResourceId IS NOT NULL
    GROUP BY BillingCurrency, x_WorkloadClass, ResourceId, ProviderName
    HAVING amount <> 0
    QUALIFY row_number() OVER (PARTITION BY currency, class ORDER BY amount DESC, key) <= $limit
),
previous AS (
    SELECT
        BillingCurrency                                  AS currency,
        x_WorkloadClass                                  AS class,
        ResourceId                                       AS key,
        ProviderName                                     AS provider,
        sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END) AS amount
    FROM line_items
    WHERE BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
      AND ResourceId IN (SELECT key FROM chosen)
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
    coalesce(s.label, s.service)                                         AS label,
    s.provider,
    round(s.amount, 2)                                                   AS amount,
    round(share_of(s.amount, t.class_total), 6)
                                                                         AS share_of_class,
    round(p.amount, 2)                                                   AS previous,
    CASE WHEN p.amount > 0 THEN round(((s.amount - p.amount) / p.amount)::DOUBLE, 6) END
                                                                         AS change
FROM chosen AS s
JOIN class_totals AS t USING (currency, class)
LEFT JOIN previous AS p USING (currency, class, key, provider)
ORDER BY s.currency, s.class, s.amount DESC, s.key
