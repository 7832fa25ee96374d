-- Record that load $load_id now owns the partitions it delivered, and the last charge each covers.
INSERT OR REPLACE INTO bill_partitions BY NAME
SELECT
    ProviderName,
    coalesce(BillingAccountId, '') AS BillingAccountId,
    BillingPeriodStart,
    $load_id AS load_id,
    count(*) AS row_count,
    sum(BilledCost) AS billed_cost,
    now()::TIMESTAMP AS loaded_at,
    -- Usage only: tax and fee rows span the whole month even in a month-to-date bill.
    max(ChargePeriodEnd) FILTER (WHERE ChargeCategory = 'Usage') AS last_charge_end
FROM line_item_data
WHERE x_LoadId = $load_id
GROUP BY ProviderName, coalesce(BillingAccountId, ''), BillingPeriodStart
