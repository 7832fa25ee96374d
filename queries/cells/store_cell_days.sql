-- Spend per cell, currency, UTC charge day and length of charge (short: a day or less), as the
-- report's report_days reads it (report/days.sql derives the same from the line items of one
-- month and the week before): EffectiveCost and BilledCost, the latest charge end, line items.
-- Every line item counts once: report/cells_current.sql checks the line items add up to
-- class_key_totals'.
INSERT INTO class_cell_days
SELECT
    k.x_Cell,
    d.BillingCurrency,
    d.ChargePeriodStart::DATE                                          AS day,
    d.ChargePeriodEnd <= d.ChargePeriodStart + INTERVAL 1 DAY          AS short,
    sum(d.EffectiveCost)                                               AS EffectiveCost,
    sum(d.BilledCost)                                                  AS BilledCost,
    max(d.ChargePeriodEnd)                                             AS last_charge_end,
    count(*)                                                           AS line_items
FROM line_item_data AS d
JOIN class_key_cells AS k USING (x_ClassKey)
GROUP BY ALL
