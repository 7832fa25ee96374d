-- The line items of every cell that name a model (x_Model) or a token type (x_TokenType), summed
-- per token type, tier and whether the cost is estimated as report/model_items.sql sums three
-- months of inference rows (report/model_sums.sql): report/model_items_stored.sql reads them.
INSERT INTO class_cell_models
WITH model_rows AS (
    SELECT
        k.x_Cell, d.BillingCurrency, d.x_TokenType, d.x_PricingTier,
        coalesce(d.x_CostEstimated, false) AS estimated,
        d.x_TokenCount, d.EffectiveCost, d.BilledCost, d.x_ProviderReport, d.x_CostEstimated
    FROM line_item_data AS d
    JOIN class_key_cells AS k USING (x_ClassKey)
    WHERE d.x_TokenType IS NOT NULL OR d.x_Model IS NOT NULL
),
{include:report/model_sums}
SELECT * FROM model_sums
