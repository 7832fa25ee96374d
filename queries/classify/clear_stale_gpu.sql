-- Forget the usage-pattern matches of keys that left their fleet and of fleets about to be
-- profiled again; the others still hold. Every such key is decided again without a step of its
-- own: a key leaves its fleet when a user rule now explains it (touch_dynamic.sql adds those) or
-- when its signal matches were redone (touched_keys.sql), and the members of a fleet profiled
-- again are added by touch_dynamic.sql.
DELETE FROM line_item_class_matches
WHERE tier = 4
  AND (x_ClassKey NOT IN (SELECT x_ClassKey FROM gpu_keys)
       OR x_ClassKey IN (SELECT x_ClassKey FROM gpu_keys
                         WHERE fleet_id IN (SELECT fleet_id FROM stale_fleets)))
