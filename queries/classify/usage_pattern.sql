-- Fragment: the usage-pattern rules (tier 4), shared by the warehouse's classifier
-- (queries/classify/gpu_profile.sql) and the one-query classifier for other engines
-- (queries/distributed/classify.sql), which include it with {include:classify/usage_pattern}.
-- Portable SQL: it is transpiled to Spark and Trino, so no DuckDB-only syntax.
--
-- Reads two relations the including query defines:
--   pattern_fleets (fleet_id, accelerator_type, window_start, window_end, context_start,
--                   context_end): each GPU fleet-period, the period's observed window, and the
--                   wider window (neighbouring billing periods, queries/classify/fleet_context.sql)
--                   its history is read from;
--   pattern_usage  (fleet_id, series, x_ClassKey, ChargePeriodStart, seconds, hours, own):
--                   instance-hours per key and charge period of the fleet's resources (series)
--                   in that wider window; own is true for this period's own rows.
-- Defines pattern_decisions: one row per fleet and series (resource) with usage in the period,
-- its decision and the evidence, with the fleet's profile repeated on each row.
--
-- What a person reads from a fleet's hours, and so these rules (docs/classification.md):
--   * A job: instances that start together (or on an idle fleet), run flat and stop together,
--     within 42 days, with no replacements starting as they stop and not at the same hour day
--     after day. Both ends must be seen: a run at the window's edge may go on. Nodes that start
--     with a job and finish early belong to it. Jobs are training, whatever else the fleet runs.
--   * The base: every other run, judged as a whole. Busy part of every day -> serving hours;
--     running through the whole window, steadily -> serving; steady for 30 days or more ->
--     serving; launched or retired in the window and breathing (autoscaling) -> serving;
--     otherwise open at one end -> ambiguous (the family decides, low confidence); seen to start
--     and stop, flat -> a job; duty >= 0.75 with CV <= 0.6 -> steady; duty <= 0.5 or CV >= 1
--     -> bursty (training); else ambiguous.
--   * Purpose-built silicon is a prior: Trainium, Gaudi and TPU v2 to v5p are training unless
--     the base shows serving plainly (a daily cycle, or breathing >= 0.15 over 14 days or more);
--     Inferentia is inference.
pattern_grain AS (
    -- hourly buckets when most of the period's usage rows span an hour or less, else daily
    SELECT
        f.fleet_id, f.accelerator_type, f.window_start, f.window_end, f.context_start,
        f.context_end,
        CASE WHEN sum(CASE WHEN u.seconds <= 3600 THEN 1 ELSE 0 END) * 2 > count(*)
             THEN 3600 ELSE 86400 END AS bs
    FROM pattern_fleets AS f
    JOIN pattern_usage AS u ON u.fleet_id = f.fleet_id AND u.own
    GROUP BY f.fleet_id, f.accelerator_type, f.window_start, f.window_end, f.context_start,
             f.context_end
),
pattern_frame AS (
    -- buckets count from context_start; the period is buckets [w0, w1), the window [0, n_ctx)
    SELECT
        g.*,
        w.w0,
        w.w0 + CAST(greatest(1, ceil((epoch(g.window_end) - epoch(g.window_start)) / g.bs))
                    AS BIGINT) AS w1,
        greatest(
            w.w0 + CAST(greatest(1, ceil((epoch(g.window_end) - epoch(g.window_start)) / g.bs))
                        AS BIGINT),
            CAST(ceil((epoch(g.context_end) - epoch(g.context_start)) / g.bs) AS BIGINT))
            AS n_ctx,
        CAST(floor(epoch(g.context_start) / 3600) AS BIGINT) AS first_hour
    FROM pattern_grain AS g
    JOIN (SELECT fleet_id,
                 CAST(floor((epoch(window_start) - epoch(context_start)) / bs) AS BIGINT) AS w0
          FROM pattern_grain) AS w
      ON w.fleet_id = g.fleet_id
),
pattern_levels AS (
    -- instances each series ran per bucket: the most any one of its keys billed (a Google VM's
    -- GPU, core and RAM SKUs are one instance). Exact decimals: summing doubles gives last-digit
    -- differences that depend on the order rows are read in, and a decision must not.
    SELECT
        k.fleet_id, k.series, k.bucket,
        CAST(max(k.hours) * 3600 / max(k.bs) AS DECIMAL(38, 6)) AS level
    FROM (
        SELECT fleet_id, series, x_ClassKey, bucket, max(bs) AS bs, sum(hours) AS hours
        FROM (
            SELECT
                u.fleet_id, u.series, u.x_ClassKey, u.hours, f.bs,
                CAST(floor((epoch(u.ChargePeriodStart) - epoch(f.context_start)) / f.bs)
                     AS BIGINT) AS bucket
            FROM pattern_usage AS u
            JOIN pattern_frame AS f ON f.fleet_id = u.fleet_id
            WHERE u.ChargePeriodStart >= f.context_start AND u.ChargePeriodStart < f.context_end
        ) AS b
        GROUP BY fleet_id, series, x_ClassKey, bucket
    ) AS k
    GROUP BY k.fleet_id, k.series, k.bucket
    HAVING max(k.hours) > 0
),
pattern_islands AS (
    -- consecutive busy buckets of one series are one run
    SELECT
        l.*,
        l.bucket - row_number() OVER (PARTITION BY l.fleet_id, l.series ORDER BY l.bucket)
            AS island
    FROM pattern_levels AS l
),
pattern_run_bounds AS (
    SELECT
        i.*,
        min(i.bucket) OVER (PARTITION BY i.fleet_id, i.series, i.island) AS rs,
        max(i.bucket) OVER (PARTITION BY i.fleet_id, i.series, i.island) + 1 AS re
    FROM pattern_islands AS i
),
pattern_runs AS (
    -- flatness is read inside the run: its first and last hour are often partly billed
    SELECT
        b.fleet_id, b.series, b.island,
        min(b.rs) AS rs, max(b.re) AS re, count(*) AS len,
        sum(CASE WHEN b.bucket >= f.w0 AND b.bucket < f.w1 THEN b.level ELSE 0 END) AS own_level,
        sum(CASE WHEN b.re - b.rs < 3 OR (b.bucket > b.rs AND b.bucket < b.re - 1)
                 THEN 1 ELSE 0 END) AS n_in,
        sum(CASE WHEN b.re - b.rs < 3 OR (b.bucket > b.rs AND b.bucket < b.re - 1)
                 THEN CAST(b.level AS DOUBLE) ELSE 0 END) AS s1_in,
        sum(CASE WHEN b.re - b.rs < 3 OR (b.bucket > b.rs AND b.bucket < b.re - 1)
                 THEN CAST(b.level AS DOUBLE) * CAST(b.level AS DOUBLE) ELSE 0 END) AS s2_in,
        sum(CASE WHEN b.bucket = b.rs THEN CAST(b.level AS DOUBLE) ELSE 0 END) AS first_level,
        max(f.bs) AS bs, max(f.n_ctx) AS n_ctx, max(f.first_hour) AS first_hour
    FROM pattern_run_bounds AS b
    JOIN pattern_frame AS f ON f.fleet_id = b.fleet_id
    GROUP BY b.fleet_id, b.series, b.island
),
pattern_offsets AS (
    SELECT -2 AS d UNION ALL SELECT -1 UNION ALL SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2
),
pattern_cohorts AS (
    SELECT fleet_id, rs, re, count(*) AS n FROM pattern_runs GROUP BY fleet_id, rs, re
),
pattern_starts AS (
    SELECT fleet_id, rs AS bucket, count(*) AS n FROM pattern_runs GROUP BY fleet_id, rs
),
pattern_totals AS (
    SELECT fleet_id, bucket, sum(level) AS total FROM pattern_levels GROUP BY fleet_id, bucket
),
pattern_run_ends AS (
    SELECT fleet_id, re AS bucket, count(*) AS n FROM pattern_runs GROUP BY fleet_id, re
),
-- What happened around each cohort's start and end depends on the buckets alone, so it is
-- counted once per distinct start, end or (start, end), never per run: a fleet of 100,000
-- instances has at most a few thousand of each. Each probe bucket is computed in a subquery,
-- so that the join is on (fleet, bucket) equality.
pattern_together AS (
    -- runs that started and stopped within a bucket of these (themselves included)
    SELECT q.fleet_id, q.rs, q.re, sum(c.n) AS together
    FROM (SELECT k.fleet_id, k.rs, k.re, k.rs + a.d AS probe_rs, k.re + z.d AS probe_re
          FROM pattern_cohorts AS k
          CROSS JOIN pattern_offsets AS a
          CROSS JOIN pattern_offsets AS z
          WHERE a.d BETWEEN -1 AND 1 AND z.d BETWEEN -1 AND 1) AS q
    JOIN pattern_cohorts AS c
      ON c.fleet_id = q.fleet_id AND c.rs = q.probe_rs AND c.re = q.probe_re
    GROUP BY q.fleet_id, q.rs, q.re
),
pattern_started AS (
    -- runs starting within a bucket of this start: the launch cohort
    SELECT q.fleet_id, q.bucket, sum(s.n) AS started
    FROM (SELECT k.fleet_id, k.bucket, k.bucket + o.d AS probe
          FROM pattern_starts AS k CROSS JOIN pattern_offsets AS o
          WHERE o.d BETWEEN -1 AND 1) AS q
    JOIN pattern_starts AS s ON s.fleet_id = q.fleet_id AND s.bucket = q.probe
    GROUP BY q.fleet_id, q.bucket
),
pattern_stopping AS (
    -- runs stopping within a bucket of this end
    SELECT q.fleet_id, q.bucket, sum(e.n) AS stopping
    FROM (SELECT k.fleet_id, k.bucket, k.bucket + o.d AS probe
          FROM pattern_run_ends AS k CROSS JOIN pattern_offsets AS o
          WHERE o.d BETWEEN -1 AND 1) AS q
    JOIN pattern_run_ends AS e ON e.fleet_id = q.fleet_id AND e.bucket = q.probe
    GROUP BY q.fleet_id, q.bucket
),
pattern_replaced AS (
    -- runs starting in the last two buckets these ran or the one after: their replacements
    SELECT q.fleet_id, q.rs, q.re, sum(s.n) AS starting
    FROM (SELECT k.fleet_id, k.rs, k.re, k.re + o.d AS probe
          FROM pattern_cohorts AS k CROSS JOIN pattern_offsets AS o
          WHERE o.d <= 0 AND k.re + o.d > k.rs + 1) AS q
    JOIN pattern_starts AS s ON s.fleet_id = q.fleet_id AND s.bucket = q.probe
    GROUP BY q.fleet_id, q.rs, q.re
),
pattern_relieving AS (
    -- runs still running when these started, stopping within two buckets: they replaced them
    -- (a job restarted from a checkpoint starts after an idle bucket, not as the old nodes stop)
    SELECT q.fleet_id, q.rs, q.re, sum(e.n) AS relieved
    FROM (SELECT k.fleet_id, k.rs, k.re, k.rs + o.d AS probe
          FROM pattern_cohorts AS k CROSS JOIN pattern_offsets AS o
          WHERE o.d >= 0 AND k.rs + o.d < k.re) AS q
    JOIN pattern_run_ends AS e ON e.fleet_id = q.fleet_id AND e.bucket = q.probe
    GROUP BY q.fleet_id, q.rs, q.re
),
pattern_recurring AS (
    -- runs shorter than a day that start in the same three hours of the day, for about as long,
    -- on three days or more: a fleet following its users' day, not jobs
    SELECT fleet_id, hour_band, length_band, count(DISTINCT day) AS days
    FROM (
        SELECT fleet_id,
               CAST(floor(((first_hour + rs) % 24) / 3) AS BIGINT) AS hour_band,
               CAST(floor(len / 6) AS BIGINT) AS length_band,
               CAST(floor((first_hour + rs) / 24) AS BIGINT) AS day
        FROM pattern_runs
        WHERE bs = 3600 AND len < 24
    ) AS r
    GROUP BY fleet_id, hour_band, length_band
),
pattern_run_evidence AS (
    SELECT
        r.*,
        coalesce(t.together, 1) AS together,
        coalesce(c.started, 1) AS started,
        coalesce(p.starting, 0) AS starting,
        coalesce(s.stopping, 1) AS stopping,
        coalesce(v.relieved, 0) AS relieved,
        coalesce(tb.total, 0) AS before,
        coalesce(ta.total, 0) AS after,
        coalesce(sqrt(greatest(0, r.s2_in / r.n_in - (r.s1_in / r.n_in) * (r.s1_in / r.n_in)))
                 / nullif(r.s1_in / r.n_in, 0), 0) AS run_cv,
        coalesce(q.days, 0) >= 3 AS recurring,
        -- seen to start: after the window's first bucket, or part-way through it (its first
        -- bucket billed clearly less than the run's usual level: it was not running before)
        r.rs > 0 OR (r.len >= 3 AND r.first_level < 0.95 * r.s1_in / r.n_in) AS started_inside
    FROM pattern_runs AS r
    LEFT JOIN pattern_together AS t ON t.fleet_id = r.fleet_id AND t.rs = r.rs AND t.re = r.re
    LEFT JOIN pattern_started AS c ON c.fleet_id = r.fleet_id AND c.bucket = r.rs
    LEFT JOIN pattern_replaced AS p ON p.fleet_id = r.fleet_id AND p.rs = r.rs AND p.re = r.re
    LEFT JOIN pattern_stopping AS s ON s.fleet_id = r.fleet_id AND s.bucket = r.re
    LEFT JOIN pattern_relieving AS v ON v.fleet_id = r.fleet_id AND v.rs = r.rs AND v.re = r.re
    LEFT JOIN pattern_totals AS tb ON tb.fleet_id = r.fleet_id AND tb.bucket = r.rs - 1
    LEFT JOIN pattern_totals AS ta ON ta.fleet_id = r.fleet_id AND ta.bucket = r.re
    LEFT JOIN pattern_recurring AS q
      ON q.fleet_id = r.fleet_id AND r.bs = 3600 AND r.len < 24
     AND q.hour_band = CAST(floor(((r.first_hour + r.rs) % 24) / 3) AS BIGINT)
     AND q.length_band = CAST(floor(r.len / 6) AS BIGINT)
),
pattern_job_runs AS (
    SELECT
        e.*,
        -- seen to start and to stop, flat, at most 42 days, not daily
        e.started_inside AND e.re < e.n_ctx AND e.run_cv <= 0.15 AND e.len * e.bs <= 42 * 86400
            AND NOT e.recurring AS seen_whole,
        -- ...neither replacing instances that stopped as it started nor replaced as it stopped
        -- (a serving fleet's rotation: up to a quarter of the cohort's size is churn)
        e.started_inside AND e.re < e.n_ctx AND e.run_cv <= 0.15 AND e.len * e.bs <= 42 * 86400
            AND NOT e.recurring AND e.starting * 4 < e.stopping
            AND e.relieved * 4 < e.together AS closed_flat,
        -- most of those that started with it stopped with it, and most of those that stopped
        -- with it had started with it (a fleet launched whole scales in only its newest at
        -- night; a fleet retired whole stops what the autoscaler launched that afternoon), or
        -- it ran alone on a fleet seen idle before and after it
        (e.together >= 2 AND e.together * 2 >= e.started AND e.together * 2 >= e.stopping)
            OR (e.rs > 0 AND e.before = 0 AND e.after = 0) AS started_together
    FROM pattern_run_evidence AS e
),
pattern_job_starts AS (
    SELECT fleet_id, rs AS bucket, count(*) AS n
    FROM pattern_job_runs
    WHERE closed_flat AND started_together
    GROUP BY fleet_id, rs
),
pattern_job_ends AS (
    SELECT fleet_id, re AS bucket, count(*) AS n
    FROM pattern_job_runs
    WHERE closed_flat AND started_together
    GROUP BY fleet_id, re
),
pattern_runs_judged AS (
    -- a node that started with a job and failed early, or was swapped in for a failed node
    -- and released with the rest, is part of that job
    SELECT
        j.*,
        (j.closed_flat AND j.started_together)
            OR (j.seen_whole AND (coalesce(n.n, 0) > 0 OR coalesce(x.n, 0) > 0)) AS is_job
    FROM pattern_job_runs AS j
    LEFT JOIN (SELECT q.fleet_id, q.bucket, sum(s.n) AS n
               FROM (SELECT k.fleet_id, k.bucket, k.bucket + o.d AS probe
                     FROM pattern_starts AS k CROSS JOIN pattern_offsets AS o
                     WHERE o.d BETWEEN -1 AND 1) AS q
               JOIN pattern_job_starts AS s ON s.fleet_id = q.fleet_id AND s.bucket = q.probe
               GROUP BY q.fleet_id, q.bucket) AS n
      ON n.fleet_id = j.fleet_id AND n.bucket = j.rs
    LEFT JOIN (SELECT q.fleet_id, q.bucket, sum(s.n) AS n
               FROM (SELECT k.fleet_id, k.bucket, k.bucket + o.d AS probe
                     FROM pattern_run_ends AS k CROSS JOIN pattern_offsets AS o
                     WHERE o.d BETWEEN -1 AND 1) AS q
               JOIN pattern_job_ends AS s ON s.fleet_id = q.fleet_id AND s.bucket = q.probe
               GROUP BY q.fleet_id, q.bucket) AS x
      ON x.fleet_id = j.fleet_id AND x.bucket = j.re
),
pattern_base_totals AS (
    SELECT b.fleet_id, b.bucket, sum(b.level) AS total
    FROM pattern_islands AS b
    JOIN pattern_runs_judged AS j
      ON j.fleet_id = b.fleet_id AND j.series = b.series AND j.island = b.island
    WHERE NOT j.is_job
    GROUP BY b.fleet_id, b.bucket
),
pattern_base_gang AS (
    -- the base's largest launch cohort: runs that started within a bucket of each other
    SELECT fleet_id, max(started) AS gang, count(*) AS base_run_count
    FROM pattern_runs_judged
    WHERE NOT is_job
    GROUP BY fleet_id
),
pattern_base_runs AS (
    SELECT fleet_id, count(*) AS runs, max(len) AS longest
    FROM (SELECT fleet_id, island, count(*) AS len
          FROM (SELECT fleet_id,
                       bucket - row_number() OVER (PARTITION BY fleet_id ORDER BY bucket)
                           AS island
                FROM pattern_base_totals) AS i
          GROUP BY fleet_id, island) AS r
    GROUP BY fleet_id
),
pattern_base AS (
    SELECT
        t.fleet_id,
        min(t.bucket) AS base_start, max(t.bucket) + 1 AS base_end, count(*) AS base_active,
        sum(CAST(t.total AS DOUBLE)) AS s1,
        sum(CAST(t.total AS DOUBLE) * CAST(t.total AS DOUBLE)) AS s2,
        sum(CASE WHEN t.bucket >= f.w0 AND t.bucket < f.w1 THEN t.total ELSE 0 END) AS own_total
    FROM pattern_base_totals AS t
    JOIN pattern_frame AS f ON f.fleet_id = t.fleet_id
    GROUP BY t.fleet_id
),
pattern_base_metrics AS (
    SELECT
        b.*,
        r.runs AS base_runs, r.longest AS base_longest,
        b.base_end - b.base_start AS span,
        CAST(b.base_active AS DOUBLE) / (b.base_end - b.base_start) AS base_duty,
        coalesce(sqrt(greatest(0, b.s2 / (b.base_end - b.base_start)
                      - (b.s1 / (b.base_end - b.base_start)) * (b.s1 / (b.base_end - b.base_start))))
                 / nullif(b.s1 / (b.base_end - b.base_start), 0), 0) AS base_cv,
        coalesce(sqrt(greatest(0, b.s2 / b.base_active
                      - (b.s1 / b.base_active) * (b.s1 / b.base_active)))
                 / nullif(b.s1 / b.base_active, 0), 0) AS breathing
    FROM pattern_base AS b
    LEFT JOIN pattern_base_runs AS r ON r.fleet_id = b.fleet_id
),
pattern_period AS (
    -- the fleet's own billing period as a whole, for the profile table (and the confidence)
    SELECT
        f.fleet_id,
        f.w1 - f.w0 AS n_buckets,
        sum(CASE WHEN t.bucket >= f.w0 AND t.bucket < f.w1 THEN 1 ELSE 0 END) AS active_buckets,
        sum(CASE WHEN t.bucket >= f.w0 AND t.bucket < f.w1 THEN t.total ELSE 0 END) AS s1,
        sum(CASE WHEN t.bucket >= f.w0 AND t.bucket < f.w1
                 THEN CAST(t.total AS DOUBLE) * CAST(t.total AS DOUBLE) ELSE 0 END) AS s2,
        max(CASE WHEN t.bucket >= f.w0 AND t.bucket < f.w1 THEN t.total END) AS peak_instances
    FROM pattern_frame AS f
    JOIN pattern_totals AS t ON t.fleet_id = f.fleet_id
    GROUP BY f.fleet_id, f.w1, f.w0
),
pattern_period_runs AS (
    SELECT fleet_id, count(*) AS runs, max(len) AS longest_run
    FROM (SELECT fleet_id, island, count(*) AS len
          FROM (SELECT t.fleet_id,
                       t.bucket - row_number() OVER (PARTITION BY t.fleet_id ORDER BY t.bucket)
                           AS island
                FROM pattern_totals AS t
                JOIN pattern_frame AS f ON f.fleet_id = t.fleet_id
                WHERE t.bucket >= f.w0 AND t.bucket < f.w1) AS i
          GROUP BY fleet_id, island) AS r
    GROUP BY fleet_id
),
pattern_fleet AS (
    SELECT
        f.fleet_id, f.accelerator_type, f.bs, f.n_ctx, f.w0, f.w1,
        p.n_buckets, p.active_buckets, p.peak_instances, pr.runs, pr.longest_run,
        least(1.0, CAST(p.active_buckets AS DOUBLE) / p.n_buckets) AS duty_cycle,
        CAST(p.s1 AS DOUBLE) / p.n_buckets AS mean_instances,
        sqrt(greatest(0, p.s2 / p.n_buckets
                         - (CAST(p.s1 AS DOUBLE) / p.n_buckets) * (CAST(p.s1 AS DOUBLE) / p.n_buckets)))
            / nullif(CAST(p.s1 AS DOUBLE) / p.n_buckets, 0) AS cv,
        m.base_start, m.base_end, m.base_active, m.span, m.base_duty, m.base_cv, m.breathing,
        coalesce(CAST(m.own_total AS DOUBLE), 0) * f.bs / 3600 AS base_instance_hours,
        m.base_start = 0 AS base_open_start,
        m.base_end >= f.n_ctx AS base_open_end,
        coalesce(f.bs = 3600 AND m.span >= 72 AND m.base_runs >= 3
                 AND m.base_runs >= 0.6 * m.span / 24 AND m.base_longest < 24, false)
            AS base_daily_cycle,
        CASE
            WHEN regexp_matches(lower(f.accelerator_type), '^(trn[0-9]|dl1)|^tpu-v(2|3|4|5p)$')
                THEN 'training'
            WHEN regexp_matches(lower(f.accelerator_type), '^(inf[0-9]|dl2q)') THEN 'inference'
        END AS prior,
        regexp_matches(lower(f.accelerator_type),
                       '^(p[0-9]|trn|dl1|nd)|^a[234]([- ]|$)|^tpu-v(2|3|4|5p)$|a100|h100|h200|b200')
            AS training_family,
        -- seen to launch as one gang (nearly every base run started together, after the
        -- window's first bucket) and flat since: how a distributed training job runs (all
        -- nodes up at once, none added or replaced); serving is autoscaled or rolled
        coalesce(m.base_start > 0 AND g.gang >= 2 AND g.gang >= 0.9 * g.base_run_count
                 AND m.breathing < 0.1, false) AS flat_gang
    FROM pattern_frame AS f
    JOIN pattern_period AS p ON p.fleet_id = f.fleet_id
    LEFT JOIN pattern_period_runs AS pr ON pr.fleet_id = f.fleet_id
    LEFT JOIN pattern_base_metrics AS m ON m.fleet_id = f.fleet_id
    LEFT JOIN pattern_base_gang AS g ON g.fleet_id = f.fleet_id
),
pattern_base_rule AS (
    SELECT
        f.*,
        CASE
            WHEN coalesce(f.base_instance_hours, 0) = 0 THEN 'gpu-pattern-job'
            WHEN f.base_daily_cycle THEN 'gpu-pattern-daily-cycle'
            WHEN f.base_open_start AND f.base_open_end AND f.base_duty >= 0.75
                 AND f.base_cv <= 0.6 THEN 'gpu-pattern-steady'
            WHEN f.span * f.bs >= 30 * 86400 AND f.base_duty >= 0.75 AND f.base_cv <= 0.6
                THEN 'gpu-pattern-steady'
            WHEN (f.base_open_start OR f.base_open_end) AND f.base_duty >= 0.75
                 AND f.breathing >= 0.1
                THEN CASE WHEN f.base_open_end THEN 'gpu-pattern-launched'
                          ELSE 'gpu-pattern-retired' END
            WHEN f.base_open_start OR f.base_open_end THEN 'gpu-pattern-ambiguous'
            WHEN f.base_duty >= 0.75 AND f.breathing < 0.1 THEN 'gpu-pattern-job'
            WHEN f.base_duty >= 0.75 AND f.base_cv <= 0.6 THEN 'gpu-pattern-steady'
            WHEN f.base_duty <= 0.5 OR f.base_cv >= 1.0 THEN 'gpu-pattern-bursty'
            ELSE 'gpu-pattern-ambiguous'
        END AS pattern_rule,
        coalesce(f.base_daily_cycle OR (f.breathing >= 0.15 AND f.span * f.bs >= 14 * 86400),
                 false) AS plainly_serving
    FROM pattern_fleet AS f
),
pattern_fleet_decision AS (
    SELECT
        b.*,
        CASE
            WHEN b.pattern_rule IN ('gpu-pattern-job', 'gpu-pattern-bursty') THEN 'training'
            WHEN b.pattern_rule = 'gpu-pattern-ambiguous'
                THEN CASE WHEN b.training_family OR b.flat_gang THEN 'training'
                          ELSE 'inference' END
            ELSE 'inference'
        END AS pattern_class
    FROM pattern_base_rule AS b
),
pattern_series_runs AS (
    -- each series is decided by its run with the most instance-hours in the period
    SELECT
        j.*,
        row_number() OVER (PARTITION BY j.fleet_id, j.series ORDER BY j.own_level DESC, j.rs)
            AS pick
    FROM pattern_runs_judged AS j
    WHERE j.own_level > 0
),
pattern_series AS (
    SELECT
        f.*,
        r.series, r.rs AS run_start, r.re AS run_end, r.len AS run_length, r.together,
        r.is_job, CAST(r.own_level AS DOUBLE) * f.bs / 3600 AS series_instance_hours,
        CASE WHEN r.is_job THEN 'gpu-pattern-job' ELSE f.pattern_rule END AS series_rule,
        CASE WHEN r.is_job THEN 'training' ELSE f.pattern_class END AS series_class
    FROM pattern_series_runs AS r
    JOIN pattern_fleet_decision AS f ON f.fleet_id = r.fleet_id
    WHERE r.pick = 1
),
pattern_ruled AS (
    SELECT
        s.*,
        CASE
            WHEN s.prior = 'training' AND s.series_class = 'inference' AND NOT s.plainly_serving
                THEN 'gpu-pattern-accelerator-prior'
            WHEN s.prior = 'inference' AND s.series_class = 'training'
                THEN 'gpu-pattern-accelerator-prior'
            ELSE s.series_rule
        END AS rule_id,
        CASE
            WHEN s.prior = 'training' AND s.series_class = 'inference' AND NOT s.plainly_serving
                THEN 'training'
            WHEN s.prior = 'inference' THEN 'inference'
            ELSE s.series_class
        END AS workload_class
    FROM pattern_series AS s
),
pattern_decisions AS (
    SELECT
        r.*,
        CASE
            WHEN r.rule_id = 'gpu-pattern-ambiguous' THEN 'low'
            WHEN r.rule_id = 'gpu-pattern-accelerator-prior' THEN 'medium'
            WHEN r.is_job AND r.run_length < 3 THEN 'low'
            WHEN r.is_job AND r.bs = 86400 THEN 'medium'
            WHEN r.is_job AND r.together >= 2 AND r.run_length >= 6 THEN 'high'
            WHEN r.is_job THEN 'medium'
            WHEN r.active_buckets < 6 THEN 'low'
            WHEN r.bs = 86400 AND r.n_ctx < 14 THEN 'low'
            WHEN r.bs = 86400 THEN 'medium'
            WHEN r.n_ctx < 72 THEN 'low'
            WHEN r.rule_id = 'gpu-pattern-steady' AND r.base_duty >= 0.9 AND r.base_cv <= 0.35
                THEN 'high'
            WHEN r.rule_id = 'gpu-pattern-bursty' AND r.base_duty <= 0.35 THEN 'high'
            ELSE 'medium'
        END AS confidence,
        CASE
            WHEN r.rule_id = 'gpu-pattern-ambiguous' AND r.flat_gang
                THEN 'flat, and its start or end lies outside the window: launched as one gang, as training jobs are'
            WHEN r.rule_id = 'gpu-pattern-ambiguous'
                THEN 'flat, and its start or end lies outside the window: decided by the accelerator family'
            WHEN r.rule_id = 'gpu-pattern-accelerator-prior'
                THEN 'the usage pattern said otherwise; purpose-built silicon decided'
            WHEN r.is_job AND r.run_length < 3 THEN 'a job of one or two buckets'
            WHEN r.is_job AND r.bs = 86400 THEN 'daily data: never more than medium'
            WHEN r.is_job AND r.together >= 2 AND r.run_length >= 6 THEN NULL
            WHEN r.is_job THEN 'a single instance started and stopped on an idle fleet'
            WHEN r.active_buckets < 6 THEN 'fewer than 6 busy hours or days'
            WHEN r.bs = 86400 AND r.n_ctx < 14 THEN 'daily data, fewer than 14 days observed'
            WHEN r.bs = 86400 THEN 'daily data: never more than medium'
            WHEN r.n_ctx < 72 THEN 'fewer than 72 hours observed'
            WHEN r.rule_id = 'gpu-pattern-steady' AND r.base_duty >= 0.9 AND r.base_cv <= 0.35
                THEN NULL
            WHEN r.rule_id = 'gpu-pattern-bursty' AND r.base_duty <= 0.35 THEN NULL
            WHEN r.rule_id = 'gpu-pattern-steady'
                THEN 'steady, but not busy 90% of the time with CV <= 0.35'
            WHEN r.rule_id = 'gpu-pattern-bursty' THEN 'bursty, but busy more than 35% of the time'
            WHEN r.rule_id = 'gpu-pattern-daily-cycle'
                THEN 'busy part of every day, idle in between: serving hours'
            WHEN r.rule_id IN ('gpu-pattern-launched', 'gpu-pattern-retired')
                THEN 'serving that starts or stops in the window, judged by its autoscaling'
            ELSE 'a flat run seen to start and stop, not in a cohort of instances'
        END AS confidence_reason
    FROM pattern_ruled AS r
)
