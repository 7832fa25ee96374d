-- The cells' spend, from the per-key totals of the last load (classify/store_totals.sql). A key
-- without a row in class_keys (a line item not yet keyed) has no cell: its spend is missing
-- here, and report/cells_current.sql then sends the report to the keys themselves.
INSERT INTO class_cell_totals
SELECT s.x_Cell, t.BillingCurrency, sum(t.line_items), sum(t.EffectiveCost), sum(t.BilledCost),
       max(t.SubAccountName)
FROM class_key_totals AS t
JOIN cell_staging AS s USING (x_ClassKey)
GROUP BY s.x_Cell, t.BillingCurrency
