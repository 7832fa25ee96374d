-- Restatement: a newer delivery of a (provider, billing account, billing period) replaces every
-- older row of that partition. Deletes older loads' rows for the partitions $load_id delivered.
DELETE FROM line_item_data AS old
WHERE old.x_LoadId <> $load_id
  AND (old.ProviderName, coalesce(old.BillingAccountId, ''), old.BillingPeriodStart) IN (
      SELECT DISTINCT ProviderName, coalesce(BillingAccountId, ''), BillingPeriodStart
      FROM line_item_data
      WHERE x_LoadId = $load_id
  )
