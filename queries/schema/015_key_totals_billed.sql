-- class_key_totals also carries each key's BilledCost and its largest SubAccountName and
-- ResourceName (neither is part of the key), so that the report reads its spend per class key
-- and its top resources' names (queries/report/key_costs.sql) from one row per key instead of
-- reading every line item again: EffectiveCost alone served only the classifier's totals.
-- Refreshed with the rest by every load (classify/store_totals.sql).
ALTER TABLE class_key_totals ADD COLUMN BilledCost DECIMAL(38, 12);
ALTER TABLE class_key_totals ADD COLUMN SubAccountName VARCHAR;
ALTER TABLE class_key_totals ADD COLUMN ResourceName VARCHAR;

DELETE FROM class_key_totals;

INSERT INTO class_key_totals BY NAME
SELECT x_ClassKey, BillingCurrency, count(*) AS line_items, sum(EffectiveCost) AS EffectiveCost,
       sum(BilledCost) AS BilledCost, max(SubAccountName) AS SubAccountName,
       max(ResourceName) AS ResourceName
FROM line_item_data
-- A warehouse upgraded from before class keys (schema 4) has none yet: classify sets them and
-- rebuilds these totals at the next load; until then the report sums the line items.
WHERE x_ClassKey IS NOT NULL
GROUP BY x_ClassKey, BillingCurrency;
