-- Forget class keys whose line items were all replaced by a newer delivery.
DELETE FROM class_keys
WHERE x_ClassKey NOT IN (SELECT DISTINCT x_ClassKey FROM line_item_data)
