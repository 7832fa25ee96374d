-- Tier 1: the user's explicit rules (classification_rules), first in file order wins.
-- Patterns are ILIKE patterns ('*' in the rules file becomes '%'). Tag and cost category keys
-- match in any case, as the workload tags do (match_tags.sql): a legacy CSV CUR keeps `Team`, its
-- Parquet delivery has `team`, and a rule must not stop matching when the format changes.
-- One OR per kind rather than a CASE: a conjunction stops at the kind test, so only the columns
-- of the rules' own kinds are matched (a third of the time with only account rules).
INSERT INTO line_item_class_matches
WITH rules AS MATERIALIZED (
    -- What explain shows, worked out once per rule rather than once per matched key: the rule
    -- as written in its file (rules stored before schema 9 have only their ILIKE pattern).
    SELECT *,
           coalesce(rule_text, kind || ':' || coalesce(rule_key || '=', '') || pattern)
               || coalesce(', from ' || source, '') AS written
    FROM classification_rules
)
SELECT k.x_ClassKey, 1, r.position, r.rule_id, r.workload_class, 'high', r.written
FROM class_keys AS k
JOIN rules AS r ON
    (r.kind = 'account' AND (k.SubAccountId ILIKE r.pattern ESCAPE '\'
                             OR k.BillingAccountId ILIKE r.pattern ESCAPE '\'))
    OR (r.kind = 'tag' AND array_length(list_filter(map_entries(k.Tags), lambda e:
            lower(e.key) = lower(r.rule_key) AND e.value ILIKE r.pattern ESCAPE '\')) > 0)
    OR (r.kind = 'cost_category' AND array_length(list_filter(map_entries(k.x_CostCategories),
            lambda e: lower(e.key) = lower(r.rule_key) AND e.value ILIKE r.pattern ESCAPE '\')) > 0)
    OR (r.kind = 'resource' AND k.ResourceId ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'service' AND (k.ServiceName ILIKE r.pattern ESCAPE '\'
                                OR k.x_ProductCode ILIKE r.pattern ESCAPE '\'))
    OR (r.kind = 'usage_type' AND k.x_UsageType ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'provider' AND k.ProviderName ILIKE r.pattern ESCAPE '\')
    OR (r.kind = 'model' AND k.x_Model ILIKE r.pattern ESCAPE '\')
