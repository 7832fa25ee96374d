-- Add the keys a user rule matched this time, and the members of fleets just profiled, to the
-- keys to decide again.
INSERT INTO touched_keys
SELECT x_ClassKey FROM line_item_class_matches WHERE tier = 1
UNION
SELECT x_ClassKey FROM gpu_keys WHERE fleet_id IN (SELECT fleet_id FROM stale_fleets)
EXCEPT
SELECT x_ClassKey FROM touched_keys
