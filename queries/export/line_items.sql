-- The classified line items of the billing months in $months (VARCHAR[] of 'YYYY-MM'), written
-- as Hive-partitioned Parquet under $target: billing_period=YYYY-MM/provider=NAME/data_N.parquet.
-- Every line_items column is kept (the partition values are extra columns, not replacements).
-- x_ClassKey is UBIGINT in DuckDB; Athena, Trino and Spark have no unsigned 64-bit integer, so it
-- is written as DECIMAL(20,0), which every engine reads exactly.
COPY (
    SELECT
        * REPLACE (CAST(x_ClassKey AS DECIMAL(20, 0)) AS x_ClassKey),
        strftime(BillingPeriodStart, '%Y-%m') AS billing_period,
        coalesce(ProviderName, 'unknown') AS provider
    FROM line_items
    WHERE list_contains($months, strftime(BillingPeriodStart, '%Y-%m'))
) TO $target (FORMAT parquet, PARTITION_BY (billing_period, provider))
