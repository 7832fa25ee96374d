-- Creates TEMP TABLE report_key_costs as key_costs.sql does, summing the line items themselves
-- (one full scan of line_item_data, of those few columns): what build.py runs when
-- class_key_totals does not add up to the line items (key_totals_current.sql) or predates its
-- BilledCost column (schema 015), so a report never rests on stale totals.
-- A line item without a class key in class_keys (not classified since loaded) is summed under
-- its key all the same: cube.sql cannot place it, and build.py falls back to cube_rows.sql.
-- $basis: 'effective' (EffectiveCost, amortised) or 'billed' (BilledCost, the invoice).
CREATE OR REPLACE TEMP TABLE report_key_costs AS
SELECT
    x_ClassKey,
    BillingCurrency                                  AS currency,
    max(SubAccountName)                              AS account_name,
    max(ResourceName)                                AS resource_name,
    -- DECIMAL all the way: no float rounding before the report rounds to cents.
    sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END) AS cost,
    count(*)                                         AS line_items
FROM line_item_data
GROUP BY x_ClassKey, BillingCurrency
