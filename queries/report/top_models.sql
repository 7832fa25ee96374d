-- The $limit inference models with the most spend in $month (DATE), per currency, by the rule of
-- the view inference_by_model (012_token_dimension.sql, docs/analysts.md): inference line items
-- that name a model (x_Model). Its money is EffectiveCost whatever the report's cost basis. Per
-- provider and model: the spend, the part charged per token, the part estimated from list
-- prices, the tokens, and the cost per million tokens (token_cost / tokens) this month and the
-- month before; NULL where there are no token counts (provisioned throughput, or a cost report
-- loaded without its usage report).
-- The class and x_Model are class key attributes, so the line items are joined to the two
-- months' inference keys that name a model, not each to its class as the view does.
WITH model_keys AS (
    SELECT k.x_ClassKey
    FROM class_keys AS k
    JOIN line_item_classes AS c USING (x_ClassKey)
    WHERE c.x_WorkloadClass = 'inference'
      AND k.x_Model IS NOT NULL
      AND k.BillingPeriodStart >= ($month::DATE - INTERVAL 1 MONTH)::TIMESTAMP
      AND k.BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
),
months AS (
    SELECT d.BillingCurrency AS currency, d.ProviderName AS provider, d.x_Model AS model,
           d.BillingPeriodStart::DATE AS month,
           sum(d.EffectiveCost)                                                   AS cost,
           sum(CASE WHEN d.x_TokenType IS NOT NULL THEN d.EffectiveCost ELSE 0 END) AS token_cost,
           sum(CASE WHEN d.x_CostEstimated THEN d.EffectiveCost ELSE 0 END)        AS estimated_cost,
           sum(d.x_TokenCount)                                                    AS tokens
    FROM line_item_data AS d
    JOIN model_keys AS m USING (x_ClassKey)
    -- A range on the column itself, so DuckDB skips the row groups of every other month.
    WHERE d.x_Model IS NOT NULL
      AND d.BillingPeriodStart >= ($month::DATE - INTERVAL 1 MONTH)::TIMESTAMP
      AND d.BillingPeriodStart < ($month::DATE + INTERVAL 1 MONTH)::TIMESTAMP
    GROUP BY ALL
),
rates AS (
    SELECT *,
           CASE WHEN tokens > 0 AND token_cost > 0
                THEN round(token_cost::DOUBLE / tokens * 1000000, 4) END AS per_1m
    FROM months
)
SELECT
    t.currency, t.provider, t.model,
    round(t.cost, 2)                      AS effective_cost,
    round(t.token_cost, 2)                AS token_cost,
    round(t.estimated_cost, 2)            AS estimated_cost,
    round(t.tokens)::HUGEINT              AS tokens,
    t.per_1m                              AS cost_per_1m_tokens,
    p.per_1m                              AS previous_cost_per_1m_tokens
FROM rates AS t
LEFT JOIN rates AS p
  ON p.currency = t.currency AND p.provider = t.provider AND p.model = t.model
 AND p.month = ($month::DATE - INTERVAL 1 MONTH)::DATE
WHERE t.month = $month::DATE AND t.cost <> 0
QUALIFY row_number() OVER (PARTITION BY t.currency ORDER BY t.cost DESC, t.provider, t.model)
        <= $limit
ORDER BY t.currency, t.cost DESC, t.provider, t.model
