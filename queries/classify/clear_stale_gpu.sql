-- Forget those usage-pattern matches (touch_stale_gpu.sql); the others still hold.
DELETE FROM line_item_class_matches
WHERE tier = 4
  AND (x_ClassKey NOT IN (SELECT x_ClassKey FROM gpu_keys)
       OR x_ClassKey IN (SELECT x_ClassKey FROM gpu_keys
                         WHERE fleet_id IN (SELECT fleet_id FROM stale_fleets)))
