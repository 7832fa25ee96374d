-- Store one user rule. $position, $rule_id, $kind, $rule_key, $pattern, $class, $source, $text.
INSERT INTO classification_rules
VALUES ($position, $rule_id, $kind, $rule_key, $pattern, $class, $source, $text)
