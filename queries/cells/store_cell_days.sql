-- Spend per cell, currency, UTC charge day and length of charge, as report/days.sql sums one
-- month and a week (report/day_sums.sql): report/days_stored.sql reads them instead. Every line
-- item counts once: report/cells_current.sql checks they add up to class_key_totals'.
INSERT INTO class_cell_days
WITH day_rows AS (
    SELECT k.x_Cell, d.BillingCurrency, d.ChargePeriodStart, d.ChargePeriodEnd, d.EffectiveCost,
           d.BilledCost
    FROM line_item_data AS d
    JOIN class_key_cells AS k USING (x_ClassKey)
),
{include:report/day_sums}
SELECT * FROM day_sums
