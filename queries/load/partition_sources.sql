-- What every load holds in the bill partitions (provider, billing account, billing period)
-- that load $load_id delivers, before any is replaced: one row per partition, load, file and
-- currency, with the last usage charge it covers and the file's delivery, content hash and
-- format.
-- Newest load first, then by file.
WITH delivered AS (
    SELECT DISTINCT ProviderName, coalesce(BillingAccountId, '') AS BillingAccountId,
           BillingPeriodStart
    FROM line_item_data
    WHERE x_LoadId = $load_id
),
-- Aggregated first, then matched to the delivered partitions: a join on every row costs more.
held AS (
    SELECT ProviderName, coalesce(BillingAccountId, '') AS BillingAccountId,
           BillingPeriodStart, x_LoadId, x_SourceFile, BillingCurrency,
           count(*) AS row_count, coalesce(sum(BilledCost), 0) AS billed_cost,
           -- Usage only: tax and fee rows span the whole month even in a month-to-date bill.
           max(ChargePeriodEnd) FILTER (WHERE ChargeCategory = 'Usage') AS last_charge_end
    FROM line_item_data
    WHERE BillingPeriodStart BETWEEN (SELECT min(BillingPeriodStart) FROM delivered)
                                 AND (SELECT max(BillingPeriodStart) FROM delivered)
    GROUP BY ALL
)
SELECT h.ProviderName, h.BillingAccountId, h.BillingPeriodStart, h.x_LoadId, h.x_SourceFile,
       h.BillingCurrency, h.row_count, h.billed_cost, h.last_charge_end,
       f.delivery_id, f.content_sha256, coalesce(f.source_path, h.x_SourceFile) AS source_path,
       f.format
FROM held AS h
SEMI JOIN delivered AS p
  ON p.ProviderName = h.ProviderName
 AND p.BillingAccountId = h.BillingAccountId
 AND p.BillingPeriodStart = h.BillingPeriodStart
LEFT JOIN load_files AS f ON f.load_id = h.x_LoadId AND f.source = h.x_SourceFile
ORDER BY h.ProviderName, h.BillingAccountId, h.BillingPeriodStart, h.x_LoadId DESC,
         h.x_SourceFile, h.BillingCurrency NULLS FIRST
