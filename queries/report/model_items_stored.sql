-- Creates TEMP TABLE report_model_items as model_items.sql does, from the sums every
-- load keeps per cell (class_cell_models, 016_report_cells.sql): the inference cells
-- of $month (DATE) and the two months before it; provider and model are cell attributes.
CREATE OR REPLACE TEMP TABLE report_model_items AS
SELECT
    c.BillingPeriodStart::DATE                AS month,
    m.BillingCurrency                         AS currency,
    c.ProviderName                            AS provider,
    c.x_Model                                 AS model,
    m.x_TokenType                             AS token_type,
    m.x_PricingTier                           AS tier,
    m.estimated,
    sum(m.tokens)                             AS tokens,
    sum(m.EffectiveCost)                      AS effective_cost,
    sum(m.BilledCost)                         AS billed_cost,
    sum(m.line_items)                         AS line_items,
    bool_or(m.priced)                         AS priced
FROM class_cell_models AS m
JOIN class_cells AS c USING (x_Cell)
WHERE c.x_WorkloadClass = 'inference'
  AND c.BillingPeriodStart >= ($month::DATE - INTERVAL 2 MONTH)::TIMESTAMP
  AND c.BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
GROUP BY ALL
