-- Cost per 1M tokens by model and billing month, cheapest first within each month.
-- The token-priced part of inference spend divided by the tokens it bought. Models billed only
-- by provisioned throughput (no tokens) are left out. Reads the view inference_by_model.
-- Portable (Athena/Trino, Spark SQL).
SELECT
    billing_month,
    ProviderName,
    model,
    BillingCurrency,
    tokens,
    token_cost,
    round(cost_per_1m_tokens, 4) AS cost_per_1m_tokens
FROM inference_by_model
WHERE tokens > 0
ORDER BY billing_month, cost_per_1m_tokens, ProviderName, model
