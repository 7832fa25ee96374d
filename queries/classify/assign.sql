-- The decision per touched class key (touched_keys.sql): the matching rule of the highest
-- precedence (user rule > workload tag > service signal > usage pattern > default; then
-- priority). Only changed decisions are rewritten; keys without one (just loaded) get theirs.
-- One MERGE rather than a temp table, an UPDATE and an INSERT: writing the decisions' strings
-- twice was a third of the cost of re-classifying after a rule change.
MERGE INTO line_item_classes AS c
USING (
    SELECT x_ClassKey, d.workload_class AS x_WorkloadClass, d.rule_id AS x_ClassRule,
           d.confidence AS x_ClassConfidence
    FROM (
        SELECT x_ClassKey,
               arg_min({'workload_class': workload_class, 'rule_id': rule_id,
                        'confidence': confidence}, (tier, priority, rule_id)) AS d
        FROM line_item_class_matches
        WHERE x_ClassKey IN (SELECT x_ClassKey FROM touched_keys)
        GROUP BY x_ClassKey
    )
) AS d
ON d.x_ClassKey = c.x_ClassKey
WHEN MATCHED AND (d.x_WorkloadClass <> c.x_WorkloadClass OR d.x_ClassRule <> c.x_ClassRule
                  OR d.x_ClassConfidence <> c.x_ClassConfidence) THEN
    UPDATE SET x_WorkloadClass = d.x_WorkloadClass,
               x_ClassRule = d.x_ClassRule,
               x_ClassConfidence = d.x_ClassConfidence
WHEN NOT MATCHED THEN
    INSERT VALUES (d.x_ClassKey, d.x_WorkloadClass, d.x_ClassRule, d.x_ClassConfidence)
