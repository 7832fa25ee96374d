-- Creates TEMP TABLE report_key_costs: the one full scan of line_item_data a report makes.
-- Spend and line items per class key and currency, and the largest account name (SubAccountName,
-- not part of the key); reading only those few columns. cube.sql joins each key's attributes
-- (class_keys, line_item_classes) to it once per key, and top_resources.sql picks the report
-- month's resources (ResourceId is a key attribute) from it, so neither reads the line items.
-- A line item without a class key in class_keys (not classified since loaded) is summed under
-- its key all the same: cube.sql cannot place it, and build.py falls back to cube_rows.sql.
-- $basis: 'effective' (EffectiveCost, amortised) or 'billed' (BilledCost, the invoice).
CREATE OR REPLACE TEMP TABLE report_key_costs AS
SELECT
    x_ClassKey,
    BillingCurrency                                  AS currency,
    max(SubAccountName)                              AS account_name,
    -- DECIMAL all the way: no float rounding before the report rounds to cents.
    sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END) AS cost,
    count(*)                                         AS line_items
FROM line_item_data
GROUP BY x_ClassKey, BillingCurrency
