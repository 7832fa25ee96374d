-- Stamp line items with their class key: those loaded without one (AI provider rows, and
-- warehouses from before keys were computed at load time), or every row when $all (the key
-- expression changed, or a classification from scratch). The marker below is replaced by
-- class_key.sql.
UPDATE line_item_data
SET x_ClassKey = {class_key}
WHERE $all OR x_ClassKey IS NULL
