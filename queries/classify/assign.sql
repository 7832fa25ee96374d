-- The decision per touched class key (touched_keys.sql): the matching rule of the highest
-- precedence (user rule > workload tag > service signal > usage pattern > default; then
-- priority).
CREATE OR REPLACE TEMP TABLE decided AS
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
