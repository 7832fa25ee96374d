-- Creates TEMP TABLE report_model_items: the inference line items of $month (DATE) and the two
-- months before it that name a model (x_Model) or a token type (x_TokenType), summed per month,
-- currency, provider, model, token type, tier and whether the cost is estimated: tokens,
-- EffectiveCost and BilledCost, line items, and whether a cost is known (priced: false when
-- every row is an AI provider usage-report row, tokens at cost 0 and no estimate). One read of
-- line_item_data for the two readers: tokens.sql (the token-priced rows, 3 months, the report's
-- basis) and top_models.sql (the rows naming a model, 2 months, EffectiveCost).
-- The class, x_Model and x_TokenType are class key attributes, so the line items are joined to
-- the three months' inference keys that name either (a few thousand), not each to its class as
-- the views line_items, token_line_items and inference_by_model do.
CREATE OR REPLACE TEMP TABLE report_model_items AS
WITH model_keys AS (
    SELECT k.x_ClassKey
    FROM class_keys AS k
    JOIN line_item_classes AS c USING (x_ClassKey)
    WHERE c.x_WorkloadClass = 'inference'
      AND (k.x_TokenType IS NOT NULL OR k.x_Model IS NOT NULL)
      AND k.BillingPeriodStart >= ($month::DATE - INTERVAL 2 MONTH)::TIMESTAMP
      AND k.BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
),
model_rows AS (
    SELECT
        d.BillingPeriodStart::DATE AS month, d.BillingCurrency AS currency,
        d.ProviderName AS provider, d.x_Model AS model, d.x_TokenType AS token_type,
        d.x_PricingTier AS tier, coalesce(d.x_CostEstimated, false) AS estimated,
        d.x_TokenCount, d.EffectiveCost, d.BilledCost, d.x_ProviderReport, d.x_CostEstimated
    FROM line_item_data AS d
    JOIN model_keys AS m USING (x_ClassKey)
    -- A range on the column itself, so DuckDB skips the row groups of every other month.
    WHERE (d.x_TokenType IS NOT NULL OR d.x_Model IS NOT NULL)
      AND d.BillingPeriodStart >= ($month::DATE - INTERVAL 2 MONTH)::TIMESTAMP
      AND d.BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
),
{include:report/model_sums}
SELECT * FROM model_sums
