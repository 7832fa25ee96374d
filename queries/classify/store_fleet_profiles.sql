-- The profile of each fleet just judged (gpu_profile.sql), one row per fleet-period: its period
-- as a whole, the jobs found in it, and its base with the base's decision (the fleet's decision;
-- a fleet of jobs alone is decided by them). docs/analysts.md describes the columns.
INSERT INTO gpu_fleet_profile BY NAME
WITH fleets AS (
    SELECT
        p.fleet_id,
        any_value(c.ProviderName) AS ProviderName,
        min(c.BillingAccountId) AS BillingAccountId,  -- a usage account can move payers
        any_value(c.SubAccountId) AS SubAccountId,
        any_value(c.RegionId) AS RegionId,
        any_value(c.fleet_tag) AS fleet_tag,
        any_value(c.fleet_base) AS fleet_base
    FROM (SELECT DISTINCT fleet_id FROM gpu_pattern) AS p
    JOIN gpu_candidates AS c USING (fleet_id)
    GROUP BY p.fleet_id
), costs AS (
    SELECT k.fleet_id, sum(u.EffectiveCost) AS effective_cost
    FROM gpu_usage AS u
    JOIN gpu_keys AS k USING (x_ClassKey)
    WHERE k.fleet_id IN (SELECT fleet_id FROM gpu_pattern)
    GROUP BY k.fleet_id
), judged AS (
    SELECT
        fleet_id,
        -- the base's decision when there is a base (every non-job series has it), else a job's
        arg_min({'rule_id': rule_id, 'workload_class': workload_class, 'confidence': confidence,
                 'confidence_reason': confidence_reason},
                (is_job, series)) AS d,
        any_value(accelerator_type) AS accelerator_type,
        any_value(bs) AS bs, any_value(n_buckets) AS n_buckets,
        any_value(active_buckets) AS active_buckets, any_value(duty_cycle) AS duty_cycle,
        any_value(mean_instances) AS mean_instances, any_value(peak_instances) AS peak_instances,
        any_value(cv) AS cv, any_value(runs) AS runs, any_value(longest_run) AS longest_run,
        count(*) AS resources,
        count_if(is_job) AS jobs,
        sum(CASE WHEN is_job THEN series_instance_hours ELSE 0 END) AS job_instance_hours,
        max(CASE WHEN is_job THEN together END) AS largest_job,
        any_value(base_instance_hours) AS base_instance_hours,
        any_value(base_start) AS base_start, any_value(base_end) AS base_end,
        any_value(base_open_start) AS base_open_start, any_value(base_open_end) AS base_open_end,
        any_value(breathing) AS breathing, any_value(prior) AS prior
    FROM gpu_pattern
    GROUP BY fleet_id
)
SELECT
    j.fleet_id, f.ProviderName, f.BillingAccountId, f.SubAccountId, f.RegionId,
    j.accelerator_type, f.fleet_tag, x.BillingPeriodStart,
    CASE j.bs WHEN 3600 THEN 'hourly' ELSE 'daily' END AS granularity,
    j.n_buckets AS buckets, j.active_buckets,
    round(j.duty_cycle, 9) AS duty_cycle, round(j.mean_instances, 9) AS mean_instances,
    j.peak_instances, round(j.cv, 9) AS cv, j.runs, j.longest_run, j.resources,
    c.effective_cost,
    j.d.workload_class AS workload_class, j.d.rule_id AS rule_id, j.d.confidence AS confidence,
    j.d.confidence_reason AS confidence_reason,
    f.fleet_base, x.context_start, x.context_end,
    j.jobs, round(j.job_instance_hours, 9) AS job_instance_hours, j.largest_job,
    round(j.base_instance_hours, 9) AS base_instance_hours,
    x.context_start + to_seconds(j.base_start * j.bs) AS base_start,
    x.context_start + to_seconds(j.base_end * j.bs) AS base_end,
    j.base_open_start, j.base_open_end, round(j.breathing, 9) AS breathing, j.prior
FROM judged AS j
JOIN fleets AS f USING (fleet_id)
JOIN fleet_context AS x USING (fleet_id)
LEFT JOIN costs AS c USING (fleet_id)
