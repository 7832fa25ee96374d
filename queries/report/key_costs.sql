-- Creates TEMP TABLE report_key_costs: spend and line items per class key and currency, and the
-- largest account and resource name (SubAccountName, ResourceName: not part of the key, which
-- holds SubAccountId and ResourceId), from class_key_totals: one row per key, which every load
-- refreshes from the line items (classify/store_totals.sql) and checks against them
-- (checks/class_totals_reconcile.sql). build.py runs it only when key_totals_current.sql finds
-- the totals holding every line item and cent of the line items; else key_costs_rows.sql sums
-- the line items themselves (the same table, one full scan). cube.sql joins each key's
-- attributes (class_keys, line_item_classes) to it once per key, and top_resources.sql picks
-- the report month's resources (ResourceId is a key attribute) from it.
-- $basis: 'effective' (EffectiveCost, amortised) or 'billed' (BilledCost, the invoice).
CREATE OR REPLACE TEMP TABLE report_key_costs AS
SELECT
    x_ClassKey,
    BillingCurrency                                              AS currency,
    SubAccountName                                               AS account_name,
    ResourceName                                                 AS resource_name,
    CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END AS cost,
    line_items
FROM class_key_totals
