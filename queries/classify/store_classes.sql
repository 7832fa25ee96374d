-- Store the decisions of keys that had none.
INSERT INTO line_item_classes
SELECT d.* FROM decided AS d
WHERE d.x_ClassKey NOT IN (SELECT x_ClassKey FROM line_item_classes)
