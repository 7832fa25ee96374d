-- The line items of every cell that name a model (x_Model) or a token type (x_TokenType), summed
-- per token type, tier and whether the cost is estimated, as report/model_items.sql sums three
-- months of inference rows: report/model_items_stored.sql reads them instead.
INSERT INTO class_cell_models
SELECT
    k.x_Cell,
    d.BillingCurrency,
    d.x_TokenType,
    d.x_PricingTier,
    coalesce(d.x_CostEstimated, false)                                        AS estimated,
    sum(d.x_TokenCount)                                                       AS tokens,
    sum(d.EffectiveCost)                                                      AS EffectiveCost,
    sum(d.BilledCost)                                                         AS BilledCost,
    count(*)                                                                  AS line_items,
    bool_or(d.x_ProviderReport IS NULL OR d.x_ProviderReport NOT LIKE 'usage%'
            OR coalesce(d.x_CostEstimated, false))                            AS priced
FROM line_item_data AS d
JOIN class_key_cells AS k USING (x_ClassKey)
WHERE (d.x_TokenType IS NOT NULL OR d.x_Model IS NOT NULL)
GROUP BY ALL
