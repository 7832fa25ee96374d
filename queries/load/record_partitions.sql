-- Record that load $load_id now owns the partitions it delivered.
INSERT OR REPLACE INTO bill_partitions
SELECT
    ProviderName,
    coalesce(BillingAccountId, '') AS BillingAccountId,
    BillingPeriodStart,
    $load_id AS load_id,
    count(*) AS row_count,
    sum(BilledCost) AS billed_cost,
    now()::TIMESTAMP AS loaded_at
FROM line_item_data
WHERE x_LoadId = $load_id
GROUP BY ProviderName, coalesce(BillingAccountId, ''), BillingPeriodStart
