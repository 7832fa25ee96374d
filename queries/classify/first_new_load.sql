-- The oldest load whose line items class_keys has not seen (NULL when none): every load when
-- $all; else $load_id (the load just written, or NULL) or any load with rows still lacking a
-- class key. Runs before set_keys stamps those rows.
SELECT CASE
    WHEN $all THEN (SELECT min(x_LoadId) FROM line_item_data)
    ELSE least($load_id, (SELECT min(x_LoadId) FROM line_item_data WHERE x_ClassKey IS NULL))
END
