-- The GPU fleets to profile again: every fleet when $static_all; otherwise fleets whose member keys
-- differ from those their stored profile was computed from (a rule now explains some of them,
-- or a delivery added or dropped keys), fleets with a key just loaded (its usage may differ),
-- fleets whose window (fleet_context.sql) moved because a neighbouring month was loaded, and
-- the same fleet in the neighbouring months of any of those (its history changed).
-- Members are fingerprinted by their count and the XOR of their keys (which are hashes).
-- Fleets profiled before that have no member now are listed too, with no members, so that their
-- profile, fingerprint and matches go. When no fleet is listed, every stored usage-pattern match
-- still holds, so classify skips the GPU steps (count_stale_fleets.sql).
CREATE OR REPLACE TEMP TABLE stale_fleets AS
WITH current AS (
    SELECT k.fleet_id, any_value(k.fleet_base) AS fleet_base,
           any_value(k.BillingPeriodStart) AS BillingPeriodStart,
           count(*) AS member_keys, bit_xor(k.x_ClassKey) AS member_hash
    FROM gpu_keys AS k
    GROUP BY k.fleet_id
), changed AS (
    SELECT c.*
    FROM current AS c
    JOIN fleet_context AS x USING (fleet_id)
    WHERE $static_all
       OR NOT EXISTS (SELECT 1 FROM gpu_fleet_members AS m
                      WHERE m.fleet_id = c.fleet_id AND m.member_keys = c.member_keys
                        AND m.member_hash = c.member_hash
                        AND m.context_start IS NOT DISTINCT FROM x.context_start
                        AND m.context_end IS NOT DISTINCT FROM x.context_end)
       OR c.fleet_id IN (SELECT g.fleet_id FROM gpu_keys AS g
                         WHERE g.x_ClassKey IN (SELECT x_ClassKey FROM new_keys))
), gone AS (
    SELECT p.fleet_id, p.fleet_base, p.BillingPeriodStart
    FROM gpu_fleet_profile AS p
    WHERE p.fleet_id NOT IN (SELECT fleet_id FROM current)
)
SELECT fleet_id, member_keys, member_hash FROM changed
UNION
SELECT c.fleet_id, c.member_keys, c.member_hash
FROM current AS c
JOIN (SELECT fleet_base, BillingPeriodStart FROM changed
      UNION ALL SELECT fleet_base, BillingPeriodStart FROM gone) AS n
  ON n.fleet_base = c.fleet_base
 AND c.BillingPeriodStart BETWEEN n.BillingPeriodStart - INTERVAL 32 DAY
                              AND n.BillingPeriodStart + INTERVAL 32 DAY
UNION
SELECT fleet_id, 0, 0
FROM (SELECT fleet_id FROM gpu_fleet_members UNION SELECT fleet_id FROM gpu_fleet_profile)
WHERE fleet_id NOT IN (SELECT fleet_id FROM current)
