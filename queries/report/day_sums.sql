-- Fragment ({include:report/day_sums}, a CTE named day_sums, after a CTE named day_rows): line
-- items summed per whatever day_rows selects next to ChargePeriodStart, ChargePeriodEnd,
-- EffectiveCost and BilledCost, and per UTC charge day and short (the charge covers a day or
-- less: hourly and daily rows, as against monthly charges that land on one day but pay for the
-- month): both costs, the latest charge end, line items. Shared by days.sql (one month and a
-- week, at report time) and cells/store_cell_days.sql (every line item, at load time).
day_sums AS (
    SELECT
        * EXCLUDE (ChargePeriodStart, ChargePeriodEnd, EffectiveCost, BilledCost),
        ChargePeriodStart::DATE                                         AS day,
        ChargePeriodEnd <= ChargePeriodStart + INTERVAL 1 DAY           AS short,
        sum(EffectiveCost)                                              AS effective_cost,
        sum(BilledCost)                                                 AS billed_cost,
        max(ChargePeriodEnd)                                            AS last_charge_end,
        count(*)                                                        AS line_items
    FROM day_rows
    GROUP BY ALL
)
