-- Rewrite the decisions that changed, in place (x_ClassKey, the indexed column, stays).
UPDATE line_item_classes AS c
SET x_WorkloadClass = d.x_WorkloadClass,
    x_ClassRule = d.x_ClassRule,
    x_ClassConfidence = d.x_ClassConfidence
FROM decided AS d
WHERE d.x_ClassKey = c.x_ClassKey
  AND (d.x_WorkloadClass <> c.x_WorkloadClass OR d.x_ClassRule <> c.x_ClassRule
       OR d.x_ClassConfidence <> c.x_ClassConfidence)
