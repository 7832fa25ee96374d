-- Creates TEMP TABLE report_cube: the one full scan of line_items a report makes. Spend per
-- billing (invoice) month, currency, class, provider, service, billing and usage account, model
-- and budget tag values; every other report query reads this small table, and names a cell
-- by its rowid.
-- Every one of those but the currency is an attribute of the line item's class key (the hash
-- of them, queries/classify/class_key.sql, one row each in class_keys), so the line items are
-- summed per key and currency first, reading only a few columns of line_item_data, and the
-- attributes joined after, once per key: the budget tags' map lookups and the class included.
-- build.py checks that the cube holds every line item, and if some had no key in class_keys
-- (not classified since loaded), builds it from the rows themselves instead (cube_rows.sql).
-- $basis: 'effective' (EffectiveCost, amortised) or 'billed' (BilledCost, the invoice).
-- $tag_keys: VARCHAR[] of the tag keys that budget lines name ([] for none).
CREATE OR REPLACE TEMP TABLE report_cube AS
WITH per_key AS (
    SELECT
        x_ClassKey,
        BillingCurrency,
        max(SubAccountName)                              AS account_name,
        max(ChargePeriodEnd)                             AS last_charge_end,
        -- DECIMAL all the way: no float rounding before the report rounds to cents.
        sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END) AS cost,
        count(*)                                         AS line_items
    FROM line_item_data
    GROUP BY x_ClassKey, BillingCurrency
)
SELECT
    k.BillingPeriodStart::DATE                           AS month,
    p.BillingCurrency                                    AS currency,
    coalesce(c.x_WorkloadClass, 'non_ai')                AS class,
    k.ProviderName                                       AS provider,
    k.ServiceName                                        AS service,
    k.BillingAccountId                                   AS billing_account,
    k.SubAccountId                                       AS account,
    k.x_Model                                            AS model,
    list_transform($tag_keys::VARCHAR[], lambda t: k.Tags[t]) AS tag_values,
    max(p.account_name)                                  AS account_name,
    max(p.last_charge_end)                               AS last_charge_end,
    sum(p.cost)                                          AS cost,
    sum(p.line_items)                                    AS line_items
FROM per_key AS p
JOIN class_keys AS k USING (x_ClassKey)
LEFT JOIN line_item_classes AS c USING (x_ClassKey)
GROUP BY ALL
