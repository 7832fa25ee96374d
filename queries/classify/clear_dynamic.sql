-- User rules and GPU usage patterns (tiers 1 and 4) are decided afresh every time.
DELETE FROM line_item_class_matches WHERE tier IN (1, 4)
