-- Tier 2: the common tagging convention, a workload tag saying what the resource does
-- (workload=training, ml-workload=inference, ...). Explicit user rules still win.
INSERT INTO line_item_class_matches
SELECT k.x_ClassKey, 2, t.priority, 'tag-' || t.tag_key || '-' || v.workload_class,
       v.workload_class, 'high', 'tag ' || t.tag_key || '=' || k.Tags[t.tag_key]
FROM class_keys AS k
JOIN (VALUES (1, 'workload'), (2, 'ml-workload'), (3, 'ai-workload'), (4, 'workload-type'),
             (5, 'workload_type'), (6, 'ml_workload')) AS t(priority, tag_key)
  ON k.Tags[t.tag_key] IS NOT NULL
JOIN (VALUES ('training', 'training'), ('train', 'training'), ('fine-tuning', 'training'),
             ('finetuning', 'training'), ('fine-tune', 'training'), ('finetune', 'training'),
             ('inference', 'inference'), ('serving', 'inference'), ('serve', 'inference'),
             ('prediction', 'inference'), ('endpoint', 'inference')) AS v(tag_value, workload_class)
  ON lower(trim(k.Tags[t.tag_key])) = v.tag_value
