-- The decision per class key: the matching rule of the highest precedence
-- (user rule > workload tag > service signal > usage pattern > default; then priority).
INSERT INTO line_item_classes
SELECT DISTINCT ON (x_ClassKey) x_ClassKey, workload_class, rule_id, confidence
FROM line_item_class_matches
ORDER BY x_ClassKey, tier, priority, rule_id
