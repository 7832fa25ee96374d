-- Creates TEMP TABLE report_days: spend per report_keys cell, currency and UTC charge day, for
-- the line items of the report month $month (DATE; in_month) and those of the month before
-- that were charged in its last 7 days (the baseline of the first days' daily jumps).
-- short: the charge covers a day or less (hourly and daily rows), as against monthly charges
-- (fees, tax, a monthly provider invoice) that land on one day but pay for the whole month.
-- last_charge_end: how far the cell's charges of that kind reach. $basis as for cube.sql.
-- A second read of line_items, of one month and a week: months are stored one after another,
-- so DuckDB skips the row groups of every other month.
CREATE OR REPLACE TEMP TABLE report_days AS
SELECT
    k.cell,
    d.BillingCurrency                                                  AS currency,
    d.BillingPeriodStart = $month::TIMESTAMP                           AS in_month,
    d.ChargePeriodStart::DATE                                          AS day,
    d.ChargePeriodEnd <= d.ChargePeriodStart + INTERVAL 1 DAY          AS short,
    sum(CASE WHEN $basis = 'billed' THEN d.BilledCost ELSE d.EffectiveCost END) AS cost,
    max(d.ChargePeriodEnd)                                             AS last_charge_end,
    count(*)                                                           AS line_items
FROM line_item_data AS d
JOIN report_keys AS k USING (x_ClassKey)
WHERE d.BillingPeriodStart = $month::TIMESTAMP
   OR (d.BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
       AND d.ChargePeriodStart >= $month::TIMESTAMP - INTERVAL 7 DAY)
GROUP BY ALL
