-- Service-tier factors on provider_prices.sql, for estimates only. Price table version 2026-11-26.
-- Both providers bill the Batch API at 50% of standard token prices; OpenAI's Flex processing is
-- billed at batch rates. A tier not listed here (priority, scale) is not estimated: it is billed
-- under a separate commitment, and Anthropic's Priority Tier never appears in its cost report.
-- NULL is a usage row not grouped by tier. Returns (provider, service_tier, factor).
SELECT * FROM (VALUES
    ('OpenAI', NULL, 1.0), ('OpenAI', 'default', 1.0), ('OpenAI', 'auto', 1.0),
    ('OpenAI', 'batch', 0.5), ('OpenAI', 'flex', 0.5),
    ('Anthropic', NULL, 1.0), ('Anthropic', 'standard', 1.0), ('Anthropic', 'batch', 0.5)
) AS t(provider, service_tier, factor)
