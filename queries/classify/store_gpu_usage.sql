-- The GPU/accelerator hours of the new line items, per class key and charge period start.
-- Hours are the consumed quantity; SavingsPlanNegation and other non-usage rows add none.
INSERT INTO gpu_usage
SELECT
    d.x_ClassKey,
    d.ChargePeriodStart,
    max(epoch(d.ChargePeriodEnd) - epoch(d.ChargePeriodStart)) AS seconds,
    sum(CASE
            WHEN d.ConsumedQuantity IS NOT NULL THEN d.ConsumedQuantity
            WHEN d.x_LineItemType IS NULL
                THEN (epoch(d.ChargePeriodEnd) - epoch(d.ChargePeriodStart)) / 3600
            ELSE 0
        END) AS hours,
    any_value(d.ResourceId) AS ResourceId,
    sum(d.EffectiveCost) AS EffectiveCost
FROM line_item_data AS d
WHERE d.x_LoadId >= $first_load
  AND d.x_ClassKey IN (SELECT x_ClassKey FROM class_keys WHERE accelerator_type IS NOT NULL)
  AND d.x_ClassKey IN (SELECT x_ClassKey FROM new_keys)
GROUP BY d.x_ClassKey, d.ChargePeriodStart
