-- The classes add up to the whole: returns a row only if the view loses or duplicates cost.
SELECT t.rows, t.cost, v.rows, v.cost
FROM (SELECT count(*) AS rows, coalesce(sum(EffectiveCost), 0) AS cost FROM line_item_data) AS t,
     (SELECT count(*) AS rows, coalesce(sum(EffectiveCost), 0) AS cost FROM line_items
      WHERE x_WorkloadClass IS NOT NULL) AS v
WHERE t.rows <> v.rows OR t.cost <> v.cost
