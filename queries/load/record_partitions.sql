-- Record the bill partitions load $load_id delivered as they now stand (every load's rows that
-- remain in them, after the restatement), the last charge each covers, and the delivery that
-- makes each up (NULL when loose files, or the parts of several deliveries, do).
INSERT OR REPLACE INTO bill_partitions BY NAME
WITH delivered AS (
    SELECT DISTINCT ProviderName, coalesce(BillingAccountId, '') AS BillingAccountId,
           BillingPeriodStart
    FROM line_item_data
    WHERE x_LoadId = $load_id
)
SELECT
    d.ProviderName,
    coalesce(d.BillingAccountId, '') AS BillingAccountId,
    d.BillingPeriodStart,
    $load_id AS load_id,
    count(*) AS row_count,
    sum(d.BilledCost) AS billed_cost,
    now()::TIMESTAMP AS loaded_at,
    -- Usage only: tax and fee rows span the whole month even in a month-to-date bill.
    max(d.ChargePeriodEnd) FILTER (WHERE d.ChargeCategory = 'Usage') AS last_charge_end,
    CASE WHEN count(f.delivery_id) = count(*) AND count(DISTINCT f.delivery_id) = 1
         THEN any_value(f.delivery_id) END AS delivery_id
FROM line_item_data AS d
SEMI JOIN delivered AS p
  ON p.ProviderName = d.ProviderName
 AND p.BillingAccountId = coalesce(d.BillingAccountId, '')
 AND p.BillingPeriodStart = d.BillingPeriodStart
LEFT JOIN load_files AS f ON f.load_id = d.x_LoadId AND f.source = d.x_SourceFile
GROUP BY d.ProviderName, coalesce(d.BillingAccountId, ''), d.BillingPeriodStart
