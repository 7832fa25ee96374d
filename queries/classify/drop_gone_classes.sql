-- Forget the decisions of keys that are gone.
DELETE FROM line_item_classes
WHERE x_ClassKey NOT IN (SELECT x_ClassKey FROM class_keys)
