-- Fragment ({include:report/compute_summed}, a CTE named summed, after a CTE named compute_rows):
-- the accelerated compute, model capacity bought by the hour and commitment rows of
-- compute_rows (line items with their cell, instance_type and capacity_kind), summed per cell and
-- the columns the capacity sections price by (compute.sql says which rows and why). Shared by
-- compute.sql (one month's line items, at report time) and cells/store_cell_compute.sql (every
-- line item, at load time), so that both pick and sum the same rows.
summed AS (
    SELECT
        cell,
        BillingCurrency                            AS currency,
        x_LineItemType                             AS line_item_type,
        PricingCategory                            AS pricing_category,
        CommitmentDiscountStatus                   AS commitment_status,
        CommitmentDiscountId                       AS commitment_id,
        CommitmentDiscountType                     AS commitment_type,
        CASE WHEN instance_type IS NOT NULL THEN ChargePeriodStart END AS period_start,
        CASE WHEN instance_type IS NOT NULL THEN ChargePeriodEnd END   AS period_end,
        ConsumedUnit                               AS unit,
        -- exact sums (DECIMAL, milliseconds), so that no order of adding them changes the hours
        sum(ConsumedQuantity)                      AS quantity,
        sum(CASE WHEN ConsumedQuantity IS NULL AND x_LineItemType IS NULL
                 THEN datediff('millisecond', ChargePeriodStart, ChargePeriodEnd) END)
                                                   AS unmetered_ms,
        sum(EffectiveCost)                         AS cost,
        sum(ListCost)                              AS list_cost,
        count(*)                                   AS line_items
    FROM compute_rows
    WHERE (instance_type IS NOT NULL OR capacity_kind IS NOT NULL
           OR CommitmentDiscountId IS NOT NULL OR CommitmentDiscountStatus IS NOT NULL
           OR x_LineItemType IN ('SavingsPlanCoveredUsage', 'DiscountedUsage',
                                 'SavingsPlanRecurringFee', 'RIFee'))
      AND (ChargeCategory = 'Usage' OR x_LineItemType IN ('SavingsPlanRecurringFee', 'RIFee'))
      AND x_LineItemType IS DISTINCT FROM 'SavingsPlanNegation'
    GROUP BY ALL
)
