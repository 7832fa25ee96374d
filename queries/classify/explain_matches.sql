-- Every rule that matched one class key, in precedence order (the first one decided). $key.
SELECT tier, rule_id, workload_class, confidence, description
FROM line_item_class_matches
WHERE x_ClassKey = $key
ORDER BY tier, priority, rule_id
