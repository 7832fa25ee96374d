-- Tier 1: the user's explicit rules (classification_rules), first in file order wins.
-- Patterns are ILIKE patterns ('*' in the rules file becomes '%').
-- One OR per kind rather than a CASE: a conjunction stops at the kind test, so only the columns
-- of the rules' own kinds are matched (a third of the time with only account rules).
INSERT INTO line_item_class_matches
SELECT
    k.x_ClassKey, 1, r.position, r.rule_id, r.workload_class, 'high',
    'user rule ' || r.kind || coalesce(':' || r.rule_key, '') || ' = ' || r.pattern
FROM class_keys AS k
JOIN classification_rules AS r ON
    (r.kind = 'account' AND (k.SubAccountId ILIKE r.pattern ESCAPE '\'
                             OR k.BillingAccountId ILIKE r.pattern ESCAPE '\'))
    OR (r.kind = 'tag' AND k.Tags[r.rule_key] ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'cost_category' AND k.x_CostCategories[r.rule_key] ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'resource' AND k.ResourceId ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'service' AND (k.ServiceName ILIKE r.pattern ESCAPE '\'
                                OR k.x_ProductCode ILIKE r.pattern ESCAPE '\'))
    OR (r.kind = 'usage_type' AND k.x_UsageType ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'provider' AND k.ProviderName ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'model' AND k.x_Model ILIKE r.pattern ESCAPE '\')
