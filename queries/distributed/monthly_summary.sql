-- The monthly summary: per billing (invoice) month, currency and workload class, the line
-- items, billed (invoice) and effective (amortised) cost, and each class's share of the month's
-- effective cost. Portable (Athena/Trino, Spark SQL): the proof that a distributed engine over
-- the Parquet export gives the same numbers as the warehouse (tests/test_spark.py).
WITH totals AS (
    SELECT
        strftime(BillingPeriodStart, '%Y-%m') AS billing_month,
        BillingCurrency,
        coalesce(x_WorkloadClass, 'non_ai') AS x_WorkloadClass,
        count(*) AS line_items,
        sum(BilledCost) AS billed_cost,
        sum(EffectiveCost) AS effective_cost
    FROM line_items
    GROUP BY strftime(BillingPeriodStart, '%Y-%m'), BillingCurrency,
             coalesce(x_WorkloadClass, 'non_ai')
)
SELECT
    billing_month,
    BillingCurrency,
    x_WorkloadClass,
    line_items,
    billed_cost,
    effective_cost,
    CAST(effective_cost AS DOUBLE)
        / nullif(CAST(sum(effective_cost) OVER (PARTITION BY billing_month, BillingCurrency)
                      AS DOUBLE), 0) AS share_of_month
FROM totals
ORDER BY billing_month, BillingCurrency, x_WorkloadClass
