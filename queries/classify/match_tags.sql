-- Tier 2: the common tagging convention, a workload tag saying what the resource does
-- (workload=training, ml-workload=inference, ...). Explicit user rules still win. Tax and
-- credits keep their own rules (reported apart from workloads) even when they carry the tag.
-- Only GPU/accelerator compute and AI services are judged by the tag: teams tag a whole stack
-- (the web database behind a model is "serving", the bucket of training data is "training"),
-- and CPU instances, storage and databases are not AI spend. A user rule on the tag covers them.
-- Tag keys match in any case: a legacy CSV CUR keeps `Workload`, its Athena/Parquet delivery
-- lower-cases it to `workload`, and both are the same bill.
INSERT INTO line_item_class_matches
WITH tags AS (
    SELECT k.x_ClassKey, unnest(map_keys(k.Tags)) AS tag_name,
           unnest(map_values(k.Tags)) AS tag_value
    FROM class_keys AS k
    WHERE k.ChargeCategory NOT IN ('Tax', 'Credit')
      AND (k.accelerator_type IS NOT NULL OR k.ServiceCategory = 'AI and Machine Learning')
      AND k.x_ClassKey IN (SELECT x_ClassKey FROM static_keys)
)
SELECT DISTINCT g.x_ClassKey, 2, t.priority, 'tag-' || t.tag_key || '-' || v.workload_class,
       v.workload_class, 'high', 'tag ' || g.tag_name || '=' || g.tag_value
FROM tags AS g
JOIN (VALUES (1, 'workload'), (2, 'ml-workload'), (3, 'ai-workload'), (4, 'workload-type'),
             (5, 'workload_type'), (6, 'ml_workload')) AS t(priority, tag_key)
  ON lower(g.tag_name) = t.tag_key
JOIN (VALUES ('training', 'training'), ('train', 'training'), ('fine-tuning', 'training'),
             ('finetuning', 'training'), ('fine-tune', 'training'), ('finetune', 'training'),
             ('inference', 'inference'), ('serving', 'inference'), ('serve', 'inference'),
             ('prediction', 'inference'), ('endpoint', 'inference')) AS v(tag_value, workload_class)
  ON lower(trim(g.tag_value)) = v.tag_value
