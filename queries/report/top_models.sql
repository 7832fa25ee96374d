-- The $limit inference models with the most spend in $month (DATE), per currency, by the rule of
-- the view inference_by_model (012_token_dimension.sql, docs/analysts.md): inference line items
-- that name a model (x_Model). Its money is EffectiveCost whatever the report's cost basis. Per
-- provider and model: the spend, the part charged per token, the part estimated from list
-- prices, the tokens, and the cost per million tokens (token_cost / tokens) this month and the
-- month before; NULL where there are no token counts (provisioned throughput, or a cost report
-- loaded without its usage report).
-- Summed from report_model_items (model_items.sql): the inference rows that name a model, read
-- once for this and tokens.sql.
WITH months AS (
    SELECT currency, provider, model, month,
           sum(effective_cost)                                                    AS cost,
           sum(CASE WHEN token_type IS NOT NULL THEN effective_cost ELSE 0 END)   AS token_cost,
           sum(CASE WHEN estimated THEN effective_cost ELSE 0 END)                AS estimated_cost,
           sum(tokens)                                                            AS tokens
    FROM report_model_items
    WHERE model IS NOT NULL AND month >= ($month::DATE - INTERVAL 1 MONTH)::DATE
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
