-- Line items, effective and billed cost, and the largest account and resource name per class
-- key and currency, so that totals and checks after a re-classification, and the report's spend per key
-- (report/key_costs.sql), read one row per key instead of every line item.
INSERT INTO class_key_totals BY NAME
SELECT x_ClassKey, BillingCurrency, count(*) AS line_items, sum(EffectiveCost) AS EffectiveCost,
       sum(BilledCost) AS BilledCost, max(SubAccountName) AS SubAccountName,
       max(ResourceName) AS ResourceName
FROM line_item_data
GROUP BY x_ClassKey, BillingCurrency
