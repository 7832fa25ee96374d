-- The bill partitions (provider, billing account, billing period) a load delivered, with the
-- files that fed each. $load_id. Returns one row per partition and file.
SELECT
    ProviderName,
    coalesce(BillingAccountId, '') AS BillingAccountId,
    BillingPeriodStart,
    x_SourceFile,
    count(*) AS row_count,
    sum(BilledCost) AS billed_cost
FROM line_item_data
WHERE x_LoadId = $load_id
GROUP BY ALL
ORDER BY ALL
