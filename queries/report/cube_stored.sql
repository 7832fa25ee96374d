-- Creates TEMP TABLE report_cube as cube.sql does, from the cells every load keeps
-- (class_cells and class_cell_totals, 016_report_cells.sql) instead of every class key: the
-- cube's dimensions are cell attributes, and the cells' spend per currency is summed from
-- class_key_totals. build.py runs it when cells_current.sql finds them current.
-- $tag_keys as for cube.sql; $basis: 'effective' or 'billed'.
CREATE OR REPLACE TEMP TABLE report_cube AS
SELECT
    c.BillingPeriodStart::DATE                           AS month,
    t.BillingCurrency                                    AS currency,
    c.x_WorkloadClass                                    AS class,
    c.ProviderName                                       AS provider,
    c.ServiceName                                        AS service,
    c.BillingAccountId                                   AS billing_account,
    c.SubAccountId                                       AS account,
    c.x_Model                                            AS model,
    list_transform($tag_keys::VARCHAR[], lambda k: c.Tags[k]) AS tag_values,
    max(t.SubAccountName)                                AS account_name,
    sum(CASE WHEN $basis = 'billed' THEN t.BilledCost ELSE t.EffectiveCost END) AS cost,
    sum(t.line_items)                                    AS line_items
FROM class_cell_totals AS t
JOIN class_cells AS c USING (x_Cell)
GROUP BY ALL
