-- Line items and effective cost per class key and currency, so that totals and checks after a
-- re-classification read one row per key instead of every line item.
INSERT INTO class_key_totals
SELECT x_ClassKey, BillingCurrency, count(*), sum(EffectiveCost)
FROM line_item_data
GROUP BY x_ClassKey, BillingCurrency
