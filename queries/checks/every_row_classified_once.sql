-- Every line item has exactly one class: returns the offending class keys (none when sound).
SELECT d.x_ClassKey, count(c.x_ClassKey) AS decisions
FROM (SELECT DISTINCT x_ClassKey FROM line_item_data) AS d
LEFT JOIN line_item_classes AS c USING (x_ClassKey)
GROUP BY d.x_ClassKey
HAVING count(c.x_ClassKey) <> 1
LIMIT 10
