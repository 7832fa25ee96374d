-- Record which load now owns each UTC day of each staged window. $load_id.
INSERT OR REPLACE INTO provider_days
SELECT
    w.ProviderName, w.BillingAccountId, w.report,
    CAST(d.day AS DATE)                                                   AS day,
    $load_id                                                              AS load_id,
    w.source,
    w.window_start <= d.day AND w.window_end >= d.day + INTERVAL 1 DAY    AS full_day,
    w.fetched_at
FROM temp.provider_stage_windows w,
     LATERAL (SELECT unnest(generate_series(date_trunc('day', w.window_start),
                                            w.window_end - INTERVAL 1 MICROSECOND,
                                            INTERVAL 1 DAY)) AS day) d;
