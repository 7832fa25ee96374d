-- What every load holds in the bill partitions (provider, billing account, billing period)
-- that load $load_id delivers, before any is replaced: one row per partition, load, file and
-- currency, with the file's delivery and content hash. Newest load first, then by file.
WITH delivered AS (
    SELECT DISTINCT ProviderName, coalesce(BillingAccountId, '') AS BillingAccountId,
           BillingPeriodStart
    FROM line_item_data
    WHERE x_LoadId = $load_id
),
held AS (
    SELECT d.ProviderName, coalesce(d.BillingAccountId, '') AS BillingAccountId,
           d.BillingPeriodStart, d.x_LoadId, d.x_SourceFile, d.BillingCurrency,
           count(*) AS row_count, coalesce(sum(d.BilledCost), 0) AS billed_cost
    FROM line_item_data AS d
    SEMI JOIN delivered AS p
      ON p.ProviderName = d.ProviderName
     AND p.BillingAccountId = coalesce(d.BillingAccountId, '')
     AND p.BillingPeriodStart = d.BillingPeriodStart
    GROUP BY ALL
)
SELECT h.ProviderName, h.BillingAccountId, h.BillingPeriodStart, h.x_LoadId, h.x_SourceFile,
       h.BillingCurrency, h.row_count, h.billed_cost,
       f.delivery_id, f.content_sha256, coalesce(f.source_path, h.x_SourceFile) AS source_path
FROM held AS h
LEFT JOIN load_files AS f ON f.load_id = h.x_LoadId AND f.source = h.x_SourceFile
ORDER BY h.ProviderName, h.BillingAccountId, h.BillingPeriodStart, h.x_LoadId DESC,
         h.x_SourceFile, h.BillingCurrency NULLS FIRST
