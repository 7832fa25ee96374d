-- The hourly (or daily) usage profile of each GPU fleet over its billing period, and the
-- usage-pattern decision. Thresholds (documented in docs/classification.md):
--   steady serving fleet -> inference: duty cycle >= 0.75 and coefficient of variation <= 0.6
--   bursty jobs          -> training:  duty cycle <= 0.5, or coefficient of variation >= 1.0
--   in between, busy part of nearly every day (hourly data) -> inference, a daily cycle
--   anything else in between -> the accelerator family's usual use, low confidence
-- The observed window runs from the billing period start to the last charge the provider
-- billed for that account and period, so a month-to-date bill is judged on the days it has.
INSERT INTO gpu_fleet_profile
WITH fleets AS (
    SELECT
        g.fleet_id,
        any_value(g.ProviderName) AS ProviderName,
        min(g.BillingAccountId) AS BillingAccountId,  -- a usage account can move payers
        any_value(g.SubAccountId) AS SubAccountId,
        any_value(g.RegionId) AS RegionId,
        any_value(g.accelerator_type) AS accelerator_type,
        any_value(g.fleet_tag) AS fleet_tag,
        any_value(g.BillingPeriodStart) AS BillingPeriodStart,
        max(g.window_end_hint) AS window_end,
        -- ResourceId is part of the class key, so the keys' resources are the usage's
        count(DISTINCT k.ResourceId) AS resources
    FROM gpu_candidates AS g
    JOIN class_keys AS k USING (x_ClassKey)
    WHERE g.fleet_id IN (SELECT fleet_id FROM stale_fleets)
      AND g.x_ClassKey IN (SELECT x_ClassKey FROM gpu_keys)
    GROUP BY g.fleet_id
), hourly AS (
    -- One pass over the fleets' GPU hours, into hourly buckets (a daily bill's rows fall on the
    -- first hour of their day). Everything after reads these few rows, not the usage.
    SELECT
        g.fleet_id,
        floor((epoch(u.ChargePeriodStart) - epoch(f.BillingPeriodStart)) / 3600) AS hour,
        sum(u.hours) AS hours,
        count(*) AS usage_rows,
        count_if(u.seconds <= 3600) AS hourly_rows,
        sum(u.EffectiveCost) AS effective_cost
    FROM gpu_usage AS u
    JOIN gpu_keys AS g USING (x_ClassKey)
    JOIN fleets AS f USING (fleet_id)
    GROUP BY ALL
), grain AS (
    -- Hourly buckets when most usage rows span an hour or less, else daily (as
    -- queries/distributed/classify.sql judges it).
    SELECT fleet_id,
           CASE WHEN sum(hourly_rows) * 2 > sum(usage_rows) THEN 3600 ELSE 86400 END
               AS bucket_seconds,
           sum(effective_cost) AS effective_cost
    FROM hourly
    GROUP BY fleet_id
), buckets AS (
    SELECT
        h.fleet_id,
        floor(h.hour * 3600 / g.bucket_seconds) AS bucket,
        -- Exact decimals from here on: summing doubles gives last-digit differences that depend
        -- on the order rows are read in, and a profile must not change when only that does.
        CAST(sum(h.hours) / (any_value(g.bucket_seconds) / 3600) AS DECIMAL(18, 6)) AS instances
    FROM hourly AS h
    JOIN grain AS g USING (fleet_id)
    GROUP BY h.fleet_id, bucket
    HAVING sum(h.hours) > 0
), islands AS (
    SELECT fleet_id, bucket - row_number() OVER (PARTITION BY fleet_id ORDER BY bucket) AS island
    FROM buckets
), runs AS (
    SELECT fleet_id, count(*) AS runs, max(run_length) AS longest_run
    FROM (SELECT fleet_id, island, count(*) AS run_length FROM islands GROUP BY ALL)
    GROUP BY fleet_id
), stats AS (
    SELECT
        f.*,
        g.bucket_seconds, g.effective_cost,
        greatest(1, ceil((epoch(f.window_end) - epoch(f.BillingPeriodStart)) / g.bucket_seconds))
            AS n_buckets,
        count(b.bucket) AS active_buckets,
        sum(b.instances) AS instance_buckets,
        sum(b.instances * b.instances) AS instance_squares,
        max(b.instances) AS peak_instances
    FROM fleets AS f
    JOIN grain AS g USING (fleet_id)
    LEFT JOIN buckets AS b USING (fleet_id)
    GROUP BY ALL
), metrics AS (
    SELECT
        s.*,
        r.runs, r.longest_run,
        least(1.0, s.active_buckets / s.n_buckets) AS duty_cycle,
        s.instance_buckets / s.n_buckets AS mean_instances,
        sqrt(greatest(0, s.instance_squares / s.n_buckets
                         - pow(s.instance_buckets / s.n_buckets, 2)))
            / nullif(s.instance_buckets / s.n_buckets, 0) AS cv,
        -- Busy for part of nearly every day and idle in between, never a whole day: a serving
        -- fleet that follows its users' day (jobs do not stop every evening). Hourly data only.
        -- Three days at least: on a month's first day one run would pass for a daily cycle.
        coalesce(s.bucket_seconds = 3600 AND s.n_buckets >= 72 AND r.runs >= 3
                 AND r.runs >= 0.8 * s.n_buckets / 24 AND r.longest_run < 24, false)
            AS daily_cycle
    FROM stats AS s
    LEFT JOIN runs AS r USING (fleet_id)
), decided AS (
    SELECT
        *,
        CASE
            WHEN duty_cycle >= 0.75 AND cv <= 0.6 THEN 'inference'
            WHEN duty_cycle <= 0.5 OR cv >= 1.0 THEN 'training'
            WHEN daily_cycle THEN 'inference'
            WHEN regexp_matches(accelerator_type, '^(p[0-9]|trn|dl|nd)', 'i') THEN 'training'
            ELSE 'inference'
        END AS workload_class,
        CASE
            WHEN duty_cycle >= 0.75 AND cv <= 0.6 THEN 'gpu-pattern-steady'
            WHEN duty_cycle <= 0.5 OR cv >= 1.0 THEN 'gpu-pattern-bursty'
            WHEN daily_cycle THEN 'gpu-pattern-daily-cycle'
            ELSE 'gpu-pattern-ambiguous'
        END AS rule_id
    FROM metrics
)
SELECT
    fleet_id, ProviderName, BillingAccountId, SubAccountId, RegionId, accelerator_type,
    fleet_tag, BillingPeriodStart,
    CASE bucket_seconds WHEN 3600 THEN 'hourly' ELSE 'daily' END AS granularity,
    n_buckets, active_buckets, duty_cycle, mean_instances, peak_instances, cv, runs,
    longest_run, resources, effective_cost, workload_class, rule_id,
    reason[1] AS confidence,
    reason[2] AS confidence_reason
FROM (
    SELECT
        *,
        CASE
            WHEN rule_id = 'gpu-pattern-ambiguous'
                THEN ['low', 'neither steady nor bursty: decided by the instance family']
            -- a handful of busy hours or days is too little evidence either way
            WHEN active_buckets < 6
                THEN ['low', printf('only %d busy %s', active_buckets,
                                    CASE bucket_seconds WHEN 3600 THEN 'hour(s)' ELSE 'day(s)' END)]
            WHEN bucket_seconds = 86400 AND n_buckets < 14
                THEN ['low', printf('daily data, only %d days observed', n_buckets::BIGINT)]
            WHEN bucket_seconds = 86400
                THEN ['medium', 'daily data: never more than medium']
            WHEN n_buckets < 72
                THEN ['low', printf('only %d hours observed', n_buckets::BIGINT)]
            WHEN rule_id = 'gpu-pattern-steady' AND duty_cycle >= 0.9 AND cv <= 0.35
                THEN ['high', NULL]
            WHEN rule_id = 'gpu-pattern-bursty' AND duty_cycle <= 0.35 THEN ['high', NULL]
            WHEN rule_id = 'gpu-pattern-daily-cycle'
                THEN ['medium', 'busy part of every day, idle in between: serving hours']
            WHEN rule_id = 'gpu-pattern-steady'
                THEN ['medium', 'steady, but not busy 90% of the time with CV <= 0.35']
            ELSE ['medium', 'bursty, but busy more than 35% of the time']
        END AS reason
    FROM decided
)
