-- The oldest load with line items not yet given a class key (NULL when there are none).
SELECT min(x_LoadId) FROM line_item_data WHERE x_ClassKey IS NULL
