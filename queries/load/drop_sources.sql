-- Restatement: delete the rows earlier loads' files hold in the bill partitions they lose.
-- Parallel lists, one entry per (load, file, partition): $load_ids, $sources, $providers,
-- $accounts, $periods. Which files lose which partitions is decided in load/restate.py.
DELETE FROM line_item_data AS d
USING (
    SELECT unnest($load_ids::BIGINT[]) AS load_id, unnest($sources::VARCHAR[]) AS source,
           unnest($providers::VARCHAR[]) AS provider, unnest($accounts::VARCHAR[]) AS account,
           unnest($periods::TIMESTAMP[]) AS period
) AS x
WHERE d.x_LoadId = x.load_id
  AND d.x_SourceFile = x.source
  AND d.ProviderName = x.provider
  AND coalesce(d.BillingAccountId, '') = x.account
  AND d.BillingPeriodStart = x.period
