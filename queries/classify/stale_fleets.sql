-- The GPU fleets to profile again: every fleet when $static_all; otherwise fleets whose member keys
-- differ from those their stored profile was computed from (a rule now explains some of them,
-- or a delivery added or dropped keys) and fleets with a key just loaded (its usage may differ).
-- Members are fingerprinted by their count and the XOR of their keys (which are hashes).
-- Fleets profiled before that have no member now are listed too, with no members, so that their
-- profile, fingerprint and matches go. When no fleet is listed, every stored usage-pattern match
-- still holds (a key that left a fleet changed that fleet's members), so classify skips the GPU
-- steps (count_stale_fleets.sql).
CREATE OR REPLACE TEMP TABLE stale_fleets AS
WITH current AS (
    SELECT fleet_id, count(*) AS member_keys, bit_xor(x_ClassKey) AS member_hash
    FROM gpu_keys
    GROUP BY fleet_id
)
SELECT c.*
FROM current AS c
WHERE $static_all
   OR NOT EXISTS (SELECT 1 FROM gpu_fleet_members AS m
                  WHERE m.fleet_id = c.fleet_id AND m.member_keys = c.member_keys
                    AND m.member_hash = c.member_hash)
   OR c.fleet_id IN (SELECT g.fleet_id FROM gpu_keys AS g
                     WHERE g.x_ClassKey IN (SELECT x_ClassKey FROM new_keys))
UNION ALL
SELECT fleet_id, 0, 0
FROM (SELECT fleet_id FROM gpu_fleet_members UNION SELECT fleet_id FROM gpu_fleet_profile)
WHERE fleet_id NOT IN (SELECT fleet_id FROM current)
