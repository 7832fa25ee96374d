-- The user's classification rules in file order, as the distributed classification reads them
-- (queries/distributed/classify.sql: classification_rules).
SELECT position, rule_id, kind, rule_key, pattern, workload_class
FROM classification_rules
ORDER BY position
