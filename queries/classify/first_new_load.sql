-- The oldest load whose line items class_keys has not seen: $load_id (the load just written,
-- or NULL) or any load with rows still lacking a class key.
SELECT least($load_id, (SELECT min(x_LoadId) FROM line_item_data WHERE x_ClassKey IS NULL))
