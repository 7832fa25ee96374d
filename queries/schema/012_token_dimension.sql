-- The token dimension: every token-priced line item, from every source, gets its model
-- (x_Model), token type (x_TokenType), pricing tier (x_PricingTier) and token count
-- (x_TokenCount), derived by queries/ingest/token_columns.sql as rows are loaded (docs/schema.md,
-- "The token dimension"). FOCUS 1.3's SkuPriceDetails is kept, since FOCUS AI rows name their
-- model there. Rows already in the warehouse are derived by the next classification
-- (finops_ai/classify/run.py, queries/load/refresh_token_columns.sql): the stale fingerprint
-- stored below asks for it. Runs inside the writer's transaction (finops_ai/warehouse/migrate.py).
ALTER TABLE line_item_data ADD COLUMN SkuPriceDetails VARCHAR;
ALTER TABLE line_item_data ADD COLUMN x_PricingTier VARCHAR;
ALTER TABLE line_item_data ADD COLUMN x_TokenCount DECIMAL(38, 0);

-- AI provider token types are now spelled as the other sources' are. Renamed here rather than by
-- the derivation, because the next load's cost estimates (queries/load/provider_estimates.sql)
-- match the price table on them before any classification runs. A renamed row loses its class
-- key, which hashes the token type, and is keyed again by the next classification.
UPDATE line_item_data
SET x_TokenType = CASE
        WHEN x_TokenType = 'input' AND x_Model ILIKE '%embed%' THEN 'embedding'
        WHEN x_TokenType = 'cached input' THEN 'cache_read'
        WHEN x_TokenType = 'cache write 5m' THEN 'cache_write_5m'
        WHEN x_TokenType = 'cache write 1h' THEN 'cache_write_1h'
        WHEN x_TokenType = 'cache write' THEN 'cache_write'
        -- an OpenAI cost line in tokens of a kind the mapping did not name (audio, image, ...)
        WHEN x_TokenType IS NULL THEN 'other'
    END,
    x_ClassKey = NULL
WHERE x_ProviderReport IS NOT NULL
  AND (x_TokenType IN ('cached input', 'cache write 5m', 'cache write 1h', 'cache write')
       OR (x_TokenType = 'input' AND x_Model ILIKE '%embed%')
       OR (x_TokenType IS NULL AND x_ProviderReport = 'costs'
           AND PricingUnit IN ('tokens', '1000_tokens')));

-- Derive the rest at the next classification (a warehouse without rows has nothing to derive).
INSERT OR REPLACE INTO classifier_inputs
SELECT 'tokens', 'stale: derived before schema 12'
WHERE EXISTS (SELECT 1 FROM line_item_data);

-- The public view lists the table's columns as they were when it was created: recreate it.
CREATE OR REPLACE VIEW line_items AS
SELECT d.*, c.x_WorkloadClass, c.x_ClassRule, c.x_ClassConfidence
FROM line_item_data AS d
LEFT JOIN line_item_classes AS c USING (x_ClassKey);

COMMENT ON VIEW line_items IS 'One row per bill line: FOCUS columns, x_ extensions and the workload class. The public contract; see docs/schema.md.';

-- Analyst view: the token-priced inference line items and the provisioned capacity that serves
-- models, one row per line item. Portable (transpiled for Athena/Trino/Spark): see the rules at
-- the top of 005_analyst_views.sql. Cost-report rows of OpenAI and Anthropic carry the money and
-- no tokens, their usage-report rows the tokens at cost 0 (or an estimate on days no cost report
-- covers): both meet on (ProviderName, BillingAccountId, model, token_type, tier), so sums of
-- tokens and of cost over any grouping count each token and each dollar once.
CREATE VIEW token_line_items AS
SELECT
    strftime(BillingPeriodStart, '%Y-%m')                            AS billing_month,
    BillingPeriodStart,
    CAST(ChargePeriodStart AS DATE)                                  AS charge_day,
    ChargePeriodStart,
    ChargePeriodEnd,
    ProviderName,
    PublisherName,
    ServiceName,
    BillingAccountId,
    SubAccountId,
    RegionId,
    ResourceId,
    CASE WHEN x_TokenType IS NULL THEN 'capacity' ELSE 'tokens' END AS priced_by,
    x_Model                                                          AS model,
    x_TokenType                                                      AS token_type,
    x_PricingTier                                                    AS tier,
    x_TokenCount                                                     AS tokens,
    CASE WHEN x_TokenType IS NULL
              AND lower(ConsumedUnit) IN ('hrs', 'hr', 'hour', 'hours', '1 hour', '1 hours')
         THEN ConsumedQuantity END                                   AS capacity_hours,
    BillingCurrency,
    BilledCost                                                       AS billed_cost,
    EffectiveCost                                                    AS effective_cost,
    ListCost                                                         AS list_cost,
    coalesce(x_CostEstimated, false)                                 AS estimated,
    x_ProviderReport                                                 AS provider_report,
    x_UsageType,
    SkuMeter,
    ChargeDescription,
    x_SourceFile
FROM line_items
WHERE x_WorkloadClass = 'inference'
  AND (x_TokenType IS NOT NULL OR x_PricingTier = 'provisioned');

COMMENT ON VIEW token_line_items IS 'Token-priced inference line items (and provisioned model capacity) with their model, token type, pricing tier and token count, one row per line item. Grain: line item. Sums of tokens and of effective_cost over any grouping count each once. See docs/analysts.md.';
COMMENT ON COLUMN token_line_items.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN token_line_items.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN token_line_items.charge_day IS 'UTC date of ChargePeriodStart';
COMMENT ON COLUMN token_line_items.ChargePeriodStart IS 'Start of the usage charged (UTC)';
COMMENT ON COLUMN token_line_items.ChargePeriodEnd IS 'End of the usage charged (UTC), exclusive';
COMMENT ON COLUMN token_line_items.ProviderName IS 'AWS, Microsoft, Google Cloud, OpenAI, Anthropic, or a FOCUS provider';
COMMENT ON COLUMN token_line_items.PublisherName IS 'Who publishes the service (the model vendor on a marketplace resale)';
COMMENT ON COLUMN token_line_items.ServiceName IS 'The service as the bill names it (Amazon Bedrock, Claude 3 Haiku (Amazon Bedrock Edition), Azure OpenAI, Vertex AI, OpenAI API, Claude API)';
COMMENT ON COLUMN token_line_items.BillingAccountId IS 'The account invoiced (AWS payer, Azure billing account, OpenAI/Anthropic organisation)';
COMMENT ON COLUMN token_line_items.SubAccountId IS 'Usage account: AWS linked account, Azure subscription, GCP project, OpenAI project, Anthropic workspace';
COMMENT ON COLUMN token_line_items.RegionId IS 'Region where the bill gives one';
COMMENT ON COLUMN token_line_items.ResourceId IS 'Model ARN, inference profile, provisioned model, deployment or account where the bill gives one';
COMMENT ON COLUMN token_line_items.priced_by IS 'tokens (token_type set) or capacity (provisioned capacity bought by time: tier provisioned, no token_type)';
COMMENT ON COLUMN token_line_items.model IS 'x_Model: the model as its source names it (gpt-5-2025-08-07, NovaPro, Claude 3 Haiku, gpt-4o-0806, gemini-2.5-flash, FOCUS ModelId); NULL where the bill does not name one (Azure PTU)';
COMMENT ON COLUMN token_line_items.token_type IS 'x_TokenType: input, output, cache_read, cache_write_5m, cache_write_1h, cache_write (duration not named), embedding or other; NULL on capacity rows';
COMMENT ON COLUMN token_line_items.tier IS 'x_PricingTier: standard, batch, flex, priority, provisioned or custom_model';
COMMENT ON COLUMN token_line_items.tokens IS 'x_TokenCount: tokens as a count (1K/1M units multiplied out); NULL on AI provider cost-report rows (their usage-report rows count them) and where the unit cannot be read as tokens';
COMMENT ON COLUMN token_line_items.capacity_hours IS 'Capacity rows billed in hours: the unit-hours bought (Bedrock model-unit hours, Azure PTU hours); else NULL';
COMMENT ON COLUMN token_line_items.BillingCurrency IS 'Currency of the cost columns; never add across currencies';
COMMENT ON COLUMN token_line_items.billed_cost IS 'BilledCost (what the invoice charges; 0 on usage-report rows)';
COMMENT ON COLUMN token_line_items.effective_cost IS 'EffectiveCost (amortised; 0 on usage-report rows unless estimated)';
COMMENT ON COLUMN token_line_items.list_cost IS 'ListCost (at public prices)';
COMMENT ON COLUMN token_line_items.estimated IS 'The cost is an estimate from list prices (AI provider usage on a day no cost report covers)';
COMMENT ON COLUMN token_line_items.provider_report IS 'x_ProviderReport: the AI provider report the row came from (costs, usage/completions, cost_report, usage_report/messages, ...); NULL on cloud bills';
COMMENT ON COLUMN token_line_items.x_UsageType IS 'AWS usage type (what the Bedrock model, token type and tier were read from)';
COMMENT ON COLUMN token_line_items.SkuMeter IS 'The meter (what the Azure OpenAI model, token type and tier were read from)';
COMMENT ON COLUMN token_line_items.ChargeDescription IS 'The provider''s text (Vertex AI SKU description, Marketplace unit, OpenAI line item)';
COMMENT ON COLUMN token_line_items.x_SourceFile IS 'The file or endpoint the row came from';

-- inference_by_model now reads the token dimension, so every source's models and tokens count.
CREATE OR REPLACE VIEW inference_by_model AS
SELECT
    strftime(BillingPeriodStart, '%Y-%m')                                    AS billing_month,
    BillingPeriodStart,
    ProviderName,
    ServiceName,
    x_Model                                                                  AS model,
    BillingCurrency,
    sum(EffectiveCost)                                                       AS effective_cost,
    sum(CASE WHEN x_TokenType IS NOT NULL THEN EffectiveCost ELSE 0 END)     AS token_cost,
    sum(CASE WHEN x_CostEstimated THEN EffectiveCost ELSE 0 END)             AS estimated_cost,
    sum(CASE WHEN x_TokenType = 'output' THEN 0 ELSE x_TokenCount END)       AS input_tokens,
    sum(CASE WHEN x_TokenType = 'output' THEN x_TokenCount ELSE 0 END)       AS output_tokens,
    sum(x_TokenCount)                                                        AS tokens,
    CAST(sum(CASE WHEN x_TokenType IS NOT NULL THEN EffectiveCost ELSE 0 END) AS DOUBLE)
        / nullif(CAST(sum(x_TokenCount) AS DOUBLE), 0) * 1000000             AS cost_per_1m_tokens,
    count(*)                                                                 AS line_items
FROM line_items
WHERE x_WorkloadClass = 'inference' AND x_Model IS NOT NULL
GROUP BY
    strftime(BillingPeriodStart, '%Y-%m'), BillingPeriodStart, ProviderName, ServiceName, x_Model,
    BillingCurrency;

COMMENT ON VIEW inference_by_model IS 'Inference spend and tokens per billing month, provider, service, model and currency, for spend that names a model (x_Model: OpenAI, Anthropic, Bedrock, Bedrock Marketplace, Azure OpenAI, Vertex AI, FOCUS 1.3). Grain: BillingPeriodStart x ProviderName x ServiceName x model x BillingCurrency. See docs/analysts.md.';
COMMENT ON COLUMN inference_by_model.billing_month IS 'YYYY-MM of BillingPeriodStart';
COMMENT ON COLUMN inference_by_model.BillingPeriodStart IS 'First instant of the invoice month (UTC)';
COMMENT ON COLUMN inference_by_model.ProviderName IS 'AWS, Microsoft, Google Cloud, OpenAI, Anthropic, ...';
COMMENT ON COLUMN inference_by_model.ServiceName IS 'The service as the bill names it';
COMMENT ON COLUMN inference_by_model.model IS 'x_Model: the model named by the AI provider, the Bedrock usage type or Marketplace product, the Azure OpenAI meter, the Vertex AI SKU or FOCUS SkuPriceDetails';
COMMENT ON COLUMN inference_by_model.BillingCurrency IS 'Currency of the cost columns';
COMMENT ON COLUMN inference_by_model.effective_cost IS 'Sum of EffectiveCost of the model''s inference line items';
COMMENT ON COLUMN inference_by_model.token_cost IS 'The part of effective_cost charged per token (x_TokenType set; excludes provisioned throughput, searches, storage)';
COMMENT ON COLUMN inference_by_model.estimated_cost IS 'Part of effective_cost estimated from list prices';
COMMENT ON COLUMN inference_by_model.input_tokens IS 'Tokens that are not output: uncached and cached input, cache writes, embeddings';
COMMENT ON COLUMN inference_by_model.output_tokens IS 'Output tokens';
COMMENT ON COLUMN inference_by_model.tokens IS 'All tokens (x_TokenCount; AI providers: from their usage reports, NULL when only a cost report is loaded)';
COMMENT ON COLUMN inference_by_model.cost_per_1m_tokens IS 'token_cost per million tokens';
COMMENT ON COLUMN inference_by_model.line_items IS 'Number of line items summed';

COMMENT ON COLUMN line_item_data.SkuPriceDetails IS 'FOCUS SkuPriceDetails as exported (JSON text)';
COMMENT ON COLUMN line_item_data.x_PricingTier IS 'standard, batch, flex, priority, provisioned or custom_model, on token and provisioned-capacity rows';
COMMENT ON COLUMN line_item_data.x_TokenCount IS 'Tokens as a count, on token rows that count them';
