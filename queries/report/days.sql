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
           EffectiveCost, BilledCost
    FROM line_item_data
    WHERE BillingPeriodStart = $month::TIMESTAMP
    UNION ALL
    -- The week before, of the keys report_keys holds for it (AI keys that bill a model).
    SELECT x_ClassKey, BillingCurrency, BillingPeriodStart, ChargePeriodStart, ChargePeriodEnd,
           EffectiveCost, BilledCost
    FROM line_item_data
    WHERE BillingPeriodStart = $month::TIMESTAMP - INTERVAL 1 MONTH
      AND ChargePeriodStart >= $month::TIMESTAMP - INTERVAL 7 DAY
),
day_rows AS (
    SELECT k.cell, d.BillingCurrency AS currency,
           d.BillingPeriodStart = $month::TIMESTAMP AS in_month,
           d.ChargePeriodStart, d.ChargePeriodEnd, d.EffectiveCost, d.BilledCost
    FROM charges AS d
    JOIN report_keys AS k USING (x_ClassKey)
),
{include:report/day_sums}
SELECT cell, currency, in_month, day, short,
       CASE WHEN $basis = 'billed' THEN billed_cost ELSE effective_cost END AS cost,
       last_charge_end, line_items
FROM day_sums
