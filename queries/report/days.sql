-- Creates TEMP TABLE report_days: spend per report_keys cell, currency and UTC charge day, for
-- the line items of the report month $month (DATE; in_month) and those of the month before
-- that were charged in its last 7 days (the baseline of the first days' daily jumps).
-- short: the charge covers a day or less (hourly and daily rows), as against monthly charges
-- (fees, tax, a monthly provider invoice) that land on one day but pay for the whole month.
-- last_charge_end: how far the cell's charges of that kind reach. $basis as for cube.sql.
-- A second read of line_item_data (the class comes with report_keys), of one month and a week:
-- months are stored one after another, so DuckDB skips the row groups of every other month.
CREATE OR REPLACE TEMP TABLE report_days AS
WITH charges AS (
    SELECT x_ClassKey, BillingCurrency, BillingPeriodStart, ChargePeriodStart, ChargePeriodEnd,
           CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END AS cost
    FROM line_item_data
    WHERE BillingPeriodStart = $month::TIMESTAMP
    UNION ALL
    -- The week before, of the keys report_keys holds for it (AI keys that bill a model).
    SELECT x_ClassKey, BillingCurrency, BillingPeriodStart, ChargePeriodStart, ChargePeriodEnd,
           CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END
    FROM line_item_data
    WHERE BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
      AND ChargePeriodStart >= $month::TIMESTAMP - INTERVAL 7 DAY
)
SELECT
    k.cell,
    d.BillingCurrency                                                  AS currency,
    d.BillingPeriodStart = $month::TIMESTAMP                           AS in_month,
    d.ChargePeriodStart::DATE                                          AS day,
    d.ChargePeriodEnd <= d.ChargePeriodStart + INTERVAL 1 DAY          AS short,
    sum(d.cost)                                                        AS cost,
    max(d.ChargePeriodEnd)                                             AS last_charge_end,
    count(*)                                                           AS line_items
FROM charges AS d
JOIN report_keys AS k USING (x_ClassKey)
GROUP BY ALL
