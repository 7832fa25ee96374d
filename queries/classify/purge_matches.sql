-- Forget the rule matches of purged keys.
DELETE FROM line_item_class_matches
WHERE x_ClassKey NOT IN (SELECT x_ClassKey FROM class_keys)
