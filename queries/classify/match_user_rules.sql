-- Tier 1: the user's explicit rules (classification_rules), first in file order wins.
-- Patterns are ILIKE patterns ('*' in the rules file becomes '%').
INSERT INTO line_item_class_matches
SELECT
    k.x_ClassKey, 1, r.position, r.rule_id, r.workload_class, 'high',
    'user rule ' || r.kind || coalesce(':' || r.rule_key, '') || ' = ' || r.pattern
FROM class_keys AS k
JOIN classification_rules AS r ON CASE r.kind
    WHEN 'account' THEN k.SubAccountId ILIKE r.pattern ESCAPE '\'
                        OR k.BillingAccountId ILIKE r.pattern ESCAPE '\'
    WHEN 'tag' THEN k.Tags[r.rule_key] ILIKE r.pattern ESCAPE '\'
    WHEN 'cost_category' THEN k.x_CostCategories[r.rule_key] ILIKE r.pattern ESCAPE '\'
    WHEN 'resource' THEN k.ResourceId ILIKE r.pattern ESCAPE '\'
    WHEN 'service' THEN k.ServiceName ILIKE r.pattern ESCAPE '\'
                        OR k.x_ProductCode ILIKE r.pattern ESCAPE '\'
    WHEN 'usage_type' THEN k.x_UsageType ILIKE r.pattern ESCAPE '\'
    WHEN 'provider' THEN k.ProviderName ILIKE r.pattern ESCAPE '\'
    WHEN 'model' THEN k.x_Model ILIKE r.pattern ESCAPE '\'
    ELSE false
END
