-- Stamp line items loaded without a class key (AI provider rows, and warehouses from before keys
-- were computed at load time) with their key; the marker below is replaced by class_key.sql.
UPDATE line_item_data
SET x_ClassKey = {class_key}
WHERE x_ClassKey IS NULL
