-- Add the keys a user rule matched this time, and the members of fleets just profiled, to the
-- keys to decide again. Repeats are harmless (assign.sql reads the keys with IN) and cheaper than
-- removing them.
INSERT INTO touched_keys
SELECT x_ClassKey FROM line_item_class_matches WHERE tier = 1
UNION ALL
SELECT x_ClassKey FROM gpu_keys WHERE fleet_id IN (SELECT fleet_id FROM stale_fleets)
