-- Remember which member keys each new profile was computed from.
INSERT INTO gpu_fleet_members
SELECT fleet_id, member_keys, member_hash FROM stale_fleets WHERE member_keys > 0
