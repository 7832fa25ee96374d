-- Record the window each staged source delivered (for provider files ingested again). $load_id.
INSERT INTO provider_sources
SELECT
    $load_id, w.source, w.ProviderName, w.BillingAccountId, w.report, w.window_start,
    w.window_end,
    CAST(date_diff('day', date_trunc('day', w.window_start),
                   date_trunc('day', w.window_end - INTERVAL 1 MICROSECOND)) + 1 AS INTEGER)
FROM temp.provider_stage_windows w;
