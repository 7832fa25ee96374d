-- Add the keys a user rule or a GPU fleet matched this time to the keys to decide again.
INSERT INTO touched_keys
SELECT DISTINCT x_ClassKey FROM line_item_class_matches
WHERE tier IN (1, 4) AND x_ClassKey NOT IN (SELECT x_ClassKey FROM touched_keys)
