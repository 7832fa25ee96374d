-- The usage-pattern evidence and decision for each resource of the GPU fleets to profile again
-- (stale_fleets.sql), over their window (fleet_context.sql): the rules are in
-- queries/classify/usage_pattern.sql, shared with queries/distributed/classify.sql. The steps
-- after store the fleets' profiles (store_fleet_profiles.sql) and the keys' matches (match_gpu.sql).
CREATE OR REPLACE TEMP TABLE gpu_pattern AS
WITH pattern_fleets AS (
    SELECT
        x.fleet_id,
        (SELECT any_value(c.accelerator_type) FROM gpu_candidates AS c
         WHERE c.fleet_id = x.fleet_id) AS accelerator_type,
        x.BillingPeriodStart AS window_start,
        x.window_end,
        x.context_start,
        x.context_end,
        x.fleet_base
    FROM fleet_context AS x
    WHERE x.fleet_id IN (SELECT fleet_id FROM stale_fleets WHERE member_keys > 0)
),
pattern_usage AS (
    -- the fleet's own usage and, for its history, the same fleet's in the neighbouring periods
    SELECT
        f.fleet_id,
        coalesce(nullif(u.ResourceId, ''), CAST(u.x_ClassKey AS VARCHAR)) AS series,
        u.x_ClassKey, u.ChargePeriodStart, u.seconds, u.hours,
        k.fleet_id = f.fleet_id AS own
    FROM gpu_usage AS u
    JOIN gpu_keys AS k USING (x_ClassKey)
    JOIN pattern_fleets AS f
      ON f.fleet_base = k.fleet_base
     AND u.ChargePeriodStart >= f.context_start AND u.ChargePeriodStart < f.context_end
),
{include:classify/usage_pattern}
SELECT * FROM pattern_decisions
