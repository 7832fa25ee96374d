-- Forget earlier decisions; classification is recomputed from the rules every time.
DELETE FROM line_item_class_matches
