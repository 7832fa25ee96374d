-- User rules (tier 1) are matched afresh every time.
DELETE FROM line_item_class_matches WHERE tier = 1
