-- Fragment ({include:report/model_sums}, a CTE named model_sums, after a CTE named model_rows):
-- the rows that name a model or a token type summed per whatever else model_rows selects, next
-- to x_TokenCount, EffectiveCost, BilledCost, x_ProviderReport and x_CostEstimated: tokens, both
-- costs, line items, and priced, false when every row is an AI provider usage-report row (tokens
-- at cost 0, no estimate): its cost is unknown, not 0. Shared by model_items.sql (three months,
-- at report time) and cells/store_cell_models.sql (every line item, at load time).
model_sums AS (
    SELECT
        * EXCLUDE (x_TokenCount, EffectiveCost, BilledCost, x_ProviderReport, x_CostEstimated),
        sum(x_TokenCount)                                               AS tokens,
        sum(EffectiveCost)                                              AS effective_cost,
        sum(BilledCost)                                                 AS billed_cost,
        count(*)                                                        AS line_items,
        bool_or(x_ProviderReport IS NULL OR x_ProviderReport NOT LIKE 'usage%'
                OR coalesce(x_CostEstimated, false))                    AS priced
    FROM model_rows
    GROUP BY ALL
)
