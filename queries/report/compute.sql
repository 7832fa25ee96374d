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
WITH compute_rows AS (
    SELECT d.*, k.cell, k.instance_type, k.capacity_kind
    FROM line_item_data AS d
    JOIN report_keys AS k USING (x_ClassKey)
    WHERE d.BillingPeriodStart = $month::TIMESTAMP
),
{include:report/compute_summed},
{include:report/compute_priced}
