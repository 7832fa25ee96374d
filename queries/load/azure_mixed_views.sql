-- Bill partitions this load touched that now hold both an Azure actual-cost export and an
-- amortized-cost export (x_SourceFormat azure-<agreement>-actual / -amortized): two views of
-- the same charges, which added together count every on-demand charge twice
-- (ingest/azure_native.py refuses them). Returns the partition, one file of each view, and
-- whether the actual-cost file is this load's (the one to name in the error).
WITH touched AS (
    SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart
    FROM line_item_data
    WHERE x_LoadId = $load_id AND x_SourceFormat LIKE 'azure-%'
), views AS (
    SELECT d.BillingAccountId, d.BillingPeriodStart, d.x_SourceFile,
           bool_or(d.x_LoadId = $load_id) AS is_new,
           CASE WHEN d.x_SourceFormat LIKE 'azure-%-actual' THEN 'actual' ELSE 'amortized' END
               AS cost_view
    FROM line_item_data AS d
    JOIN touched AS t
      ON t.ProviderName = d.ProviderName
     AND t.BillingAccountId IS NOT DISTINCT FROM d.BillingAccountId
     AND t.BillingPeriodStart = d.BillingPeriodStart
    WHERE d.x_SourceFormat LIKE 'azure-%-actual' OR d.x_SourceFormat LIKE 'azure-%-amortized'
    GROUP BY ALL
)
SELECT a.BillingAccountId, a.BillingPeriodStart, a.x_SourceFile, b.x_SourceFile, a.is_new
FROM views AS a
JOIN views AS b
  ON b.BillingAccountId IS NOT DISTINCT FROM a.BillingAccountId
 AND b.BillingPeriodStart = a.BillingPeriodStart
WHERE a.cost_view = 'actual' AND b.cost_view = 'amortized' AND (a.is_new OR b.is_new)
ORDER BY a.BillingPeriodStart, a.x_SourceFile, b.x_SourceFile
LIMIT 1
