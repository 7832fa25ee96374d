-- Creates TEMP TABLE report_compute: the report month's ($month, DATE) accelerated compute
-- (report_keys.instance_type), model capacity bought by the hour (capacity_kind) and
-- commitment rows, by how each was priced:
--   unused     the unused part of a commitment: a CUR SavingsPlanRecurringFee or RIFee row
--              (its EffectiveCost is what went unused, ingest/cur_to_focus.sql), a FOCUS row
--              with CommitmentDiscountStatus = 'Unused';
--   committed  usage a Savings Plan or reservation covered: CUR SavingsPlanCoveredUsage or
--              DiscountedUsage, FOCUS PricingCategory = 'Committed' or status 'Used';
--   spot       PricingCategory 'Dynamic' (FOCUS's spot and preemptible) or 'Spot', or a spot
--              usage type or meter (report_keys.spot_key);
--   on_demand  any other usage.
-- Only usage and the two commitment fees: negations, credits, tax and purchases (an RI's or a
-- plan's upfront fee, whose cost reaches the covered usage amortised) are left out.
-- hours: ConsumedQuantity in hours, as the classifier counts GPU hours (store_gpu_usage.sql):
-- a unit of time converted to hours, a unit-less quantity as hours, a row without a quantity
-- as its charge period (unless it is a CUR fee or discount row: those add none). Line items are summed per cell and unit
-- first and the pricing and hours worked out after, so nothing runs per line item.
-- Accelerated rows keep their charge period (period_start/_end), so fleets.sql can see whether
-- a fleet ran in every hour.
-- Money: EffectiveCost (what the usage cost after discounts) and ListCost (at list prices):
-- whatever --cost says, a commitment's price only shows amortised.
CREATE OR REPLACE TEMP TABLE report_compute AS
WITH summed AS (
    SELECT
        k.cell,
        d.BillingCurrency                          AS currency,
        d.x_LineItemType                           AS line_item_type,
        d.PricingCategory                          AS pricing_category,
        d.CommitmentDiscountStatus                 AS commitment_status,
        d.CommitmentDiscountId                     AS commitment_id,
        d.CommitmentDiscountType                   AS commitment_type,
        CASE WHEN k.instance_type IS NOT NULL THEN d.ChargePeriodStart END AS period_start,
        CASE WHEN k.instance_type IS NOT NULL THEN d.ChargePeriodEnd END   AS period_end,
        d.ConsumedUnit                             AS unit,
        sum(CAST(d.ConsumedQuantity AS DOUBLE))    AS quantity,
        sum(CASE WHEN d.ConsumedQuantity IS NULL AND d.x_LineItemType IS NULL
                 THEN (epoch(d.ChargePeriodEnd) - epoch(d.ChargePeriodStart)) / 3600 END)
                                                   AS unmetered_hours,
        sum(d.EffectiveCost)                       AS cost,
        sum(d.ListCost)                            AS list_cost,
        count(*)                                   AS line_items
    FROM line_item_data AS d
    JOIN report_keys AS k USING (x_ClassKey)
    WHERE d.BillingPeriodStart = $month::TIMESTAMP
      AND (k.instance_type IS NOT NULL OR k.capacity_kind IS NOT NULL
           OR d.CommitmentDiscountId IS NOT NULL OR d.CommitmentDiscountStatus IS NOT NULL
           OR d.x_LineItemType IN ('SavingsPlanCoveredUsage', 'DiscountedUsage',
                                   'SavingsPlanRecurringFee', 'RIFee'))
      AND (d.ChargeCategory = 'Usage'
           OR d.x_LineItemType IN ('SavingsPlanRecurringFee', 'RIFee'))
      AND d.x_LineItemType IS DISTINCT FROM 'SavingsPlanNegation'
    GROUP BY ALL
),
{include:report/compute_priced}
