-- Line items each stored user rule matched and decided, in file order: `classify --rules` names
-- the rules that match nothing (a mistyped account or tag value decides nothing, silently) and
-- those an earlier rule always overrules.
SELECT
    r.rule_id,
    coalesce(r.rule_text, r.kind || ':' || coalesce(r.rule_key || '=', '') || r.pattern),
    (SELECT coalesce(sum(t.line_items), 0)::BIGINT
     FROM line_item_class_matches AS m
     JOIN class_key_totals AS t USING (x_ClassKey)
     WHERE m.tier = 1 AND m.rule_id = r.rule_id) AS matched,
    (SELECT coalesce(sum(t.line_items), 0)::BIGINT
     FROM line_item_classes AS c
     JOIN class_key_totals AS t USING (x_ClassKey)
     WHERE c.x_ClassRule = r.rule_id) AS decided
FROM classification_rules AS r
ORDER BY r.position
