-- Forget the tag, signal and default matches about to be recomputed.
DELETE FROM line_item_class_matches
WHERE tier IN (2, 3, 5) AND x_ClassKey IN (SELECT x_ClassKey FROM static_keys)
