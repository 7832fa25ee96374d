-- The accelerated compute, model capacity bought by the hour and commitment rows of every cell,
-- summed as report/compute.sql sums one month's (its summed CTE; the same rows, the same
-- grain): report/compute_stored.sql reads them instead of the line items.
INSERT INTO class_cell_compute
SELECT
    k.x_Cell,
    d.BillingCurrency                          AS currency,
    d.x_LineItemType                           AS line_item_type,
    d.PricingCategory                          AS pricing_category,
    d.CommitmentDiscountStatus                 AS commitment_status,
    d.CommitmentDiscountId                     AS commitment_id,
    d.CommitmentDiscountType                   AS commitment_type,
    CASE WHEN c.x_AcceleratedType IS NOT NULL THEN d.ChargePeriodStart END AS period_start,
    CASE WHEN c.x_AcceleratedType IS NOT NULL THEN d.ChargePeriodEnd END   AS period_end,
    d.ConsumedUnit                             AS unit,
    sum(CAST(d.ConsumedQuantity AS DOUBLE))    AS quantity,
    sum(CASE WHEN d.ConsumedQuantity IS NULL AND d.x_LineItemType IS NULL
             THEN (epoch(d.ChargePeriodEnd) - epoch(d.ChargePeriodStart)) / 3600 END)
                                               AS unmetered_hours,
    sum(d.EffectiveCost)                       AS cost,
    sum(d.ListCost)                            AS list_cost,
    count(*)                                   AS line_items
FROM line_item_data AS d
JOIN class_key_cells AS k USING (x_ClassKey)
JOIN class_cells AS c USING (x_Cell)
WHERE (c.x_AcceleratedType IS NOT NULL OR c.x_CapacityKind IS NOT NULL
       OR d.CommitmentDiscountId IS NOT NULL OR d.CommitmentDiscountStatus IS NOT NULL
       OR d.x_LineItemType IN ('SavingsPlanCoveredUsage', 'DiscountedUsage',
                               'SavingsPlanRecurringFee', 'RIFee'))
  AND (d.ChargeCategory = 'Usage'
       OR d.x_LineItemType IN ('SavingsPlanRecurringFee', 'RIFee'))
  AND d.x_LineItemType IS DISTINCT FROM 'SavingsPlanNegation'
GROUP BY ALL
