-- Creates TEMP TABLE report_cube: spend per billing (invoice) month, currency, class, provider,
-- service, billing and usage account, model and budget tag values; every other report query
-- reads this small table, and names a cell by its rowid.
-- Every one of those but the currency is an attribute of the line item's class key (the hash
-- of them, queries/classify/class_key.sql, one row each in class_keys), so the cube is summed
-- from report_key_costs (key_costs.sql: the line items summed per key and currency) with the
-- attributes joined once per key: the budget tags' map lookups and the class included.
-- build.py checks that the cube holds every line item, and if some had no key in class_keys
-- (not classified since loaded), builds it from the rows themselves instead (cube_rows.sql).
-- $tag_keys: VARCHAR[] of the tag keys that budget lines name ([] for none). The cost basis is
-- report_key_costs'.
CREATE OR REPLACE TEMP TABLE report_cube AS
SELECT
    k.BillingPeriodStart::DATE                           AS month,
    p.currency,
    coalesce(c.x_WorkloadClass, 'non_ai')                AS class,
    k.ProviderName                                       AS provider,
    k.ServiceName                                        AS service,
    k.BillingAccountId                                   AS billing_account,
    k.SubAccountId                                       AS account,
    k.x_Model                                            AS model,
    list_transform($tag_keys::VARCHAR[], lambda t: k.Tags[t]) AS tag_values,
    max(p.account_name)                                  AS account_name,
    sum(p.cost)                                          AS cost,
    sum(p.line_items)                                    AS line_items
FROM report_key_costs AS p
JOIN class_keys AS k USING (x_ClassKey)
LEFT JOIN line_item_classes AS c USING (x_ClassKey)
GROUP BY ALL
