-- After a load: the line items, their per-key totals and the classified totals agree. Returns a
-- row only if class_key_totals lost or duplicated line items or cost, or a key with line items
-- has no decision (line_item_classes allows at most one per key: x_ClassKey is its key).
SELECT format('{} line items cost {}, class_key_totals hold {} costing {}, and {} costing {} '
              'have a class', t.rows, t.cost, k.rows, k.cost, c.rows, c.cost) AS problem
FROM (SELECT count(*) AS rows, coalesce(sum(EffectiveCost), 0) AS cost FROM line_item_data) AS t,
     (SELECT coalesce(sum(line_items), 0) AS rows, coalesce(sum(EffectiveCost), 0) AS cost
      FROM class_key_totals) AS k,
     (SELECT coalesce(sum(line_items), 0) AS rows, coalesce(sum(EffectiveCost), 0) AS cost
      FROM class_key_totals JOIN line_item_classes USING (x_ClassKey)) AS c
WHERE t.rows <> k.rows OR t.cost <> k.cost OR t.rows <> c.rows OR t.cost <> c.cost
