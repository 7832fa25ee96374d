-- Keys about to lose their usage-pattern match: no longer a GPU fleet member (a rule now
-- explains them, or they are gone), or in a fleet about to be profiled again.
INSERT INTO touched_keys
SELECT m.x_ClassKey FROM line_item_class_matches AS m
WHERE m.tier = 4
  AND m.x_ClassKey NOT IN (SELECT x_ClassKey FROM touched_keys)
  AND (m.x_ClassKey NOT IN (SELECT x_ClassKey FROM gpu_keys)
       OR m.x_ClassKey IN (SELECT x_ClassKey FROM gpu_keys
                           WHERE fleet_id IN (SELECT fleet_id FROM stale_fleets)))
