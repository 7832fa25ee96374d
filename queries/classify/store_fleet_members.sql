-- Remember which member keys, and which window, each new profile was computed from.
INSERT INTO gpu_fleet_members BY NAME
SELECT s.fleet_id, s.member_keys, s.member_hash, x.context_start, x.context_end
FROM stale_fleets AS s
JOIN fleet_context AS x USING (fleet_id)
WHERE s.member_keys > 0
