-- The token dimension of every line item: its model (x_Model), token type (x_TokenType), pricing
-- tier (x_PricingTier) and token count (x_TokenCount), from the columns every bill format maps to.
-- Reads relation `mapped` (the output of an ingest mapping, or line_item_data itself when a new
-- release derives them again: queries/load/refresh_token_columns.sql) and returns it with
-- x_Model and x_TokenType replaced and the two new columns added. Deterministic and a function
-- of the row alone, so re-ingesting, restating or re-deriving a row always gives the same values.
-- docs/schema.md ("The token dimension") lists the values and where each comes from.
--
--   x_TokenType   input | output | cache_read | cache_write_5m | cache_write_1h | cache_write
--                 (a cache write whose duration the bill does not name) | embedding | other
--                 (priced per token, kind unknown) | training (AI provider fine-tuning; not
--                 inference). NULL: not priced per token.
--   x_PricingTier standard | batch | flex | priority | provisioned (capacity bought by time:
--                 Bedrock provisioned throughput, Azure PTU, Vertex provisioned throughput,
--                 OpenAI Scale Tier) | custom_model (inference on a fine-tuned, customised or
--                 imported model). Set on token rows and on provisioned capacity; else NULL.
--   x_TokenCount  tokens, as a count (1K/1M-token units multiplied out). NULL where the row
--                 counts none: AI provider cost-report rows (their usage report counts the same
--                 tokens), non-usage rows, or a unit that cannot be read as tokens.
--
-- Sources, first match wins:
--   provider  OpenAI/Anthropic rows (x_ProviderReport set): model and token type as mapped
--             (queries/ingest/openai_*.sql, anthropic_*.sql), the input of an embedding model
--             -> embedding; tier from x_ServiceTier (batch, flex, priority; OpenAI's scale ->
--             provisioned; others standard) and the model (ft:... -> custom_model).
--   focus     FOCUS 1.3 SkuPriceDetails: ModelId, TokenDirection (Input/Output) and
--             TokenCacheAction (Uncached/Read/Write).
--   bedrock_mp  Bedrock models sold through AWS Marketplace: usage type
--             <REGION>-MP:<REGION>_<component>-Units (InputTokenCount, OutputTokenCount,
--             CacheReadInputTokenCount, CacheWriteInputTokenCount, CacheWrite1hInputTokenCount,
--             input_tokens_standard, ..., with _Global and _Batch variants); the model is the
--             product ("Claude 3 Haiku (Amazon Bedrock Edition)" -> "Claude 3 Haiku"); the unit
--             is "Units", the real one the description's third `|` field ("... per 1K tokens",
--             "Input tokens (thousands)").
--   bedrock   first-party Bedrock (x_ProductCode AmazonBedrock*): usage type
--             <REGION>-<model>-<kind>[-<suffix>], kind input-tokens, output-tokens,
--             cache-read-input-token-count, cache-write[-1h]-input-token-count, cache-read-tokens,
--             cache-write-tokens, ...; suffix -batch, -flex, -priority, -custom-model,
--             -cross-region-global (routing, not a tier), -standard; <model>-ProvisionedThroughput
--             and -ModelUnits are provisioned capacity; <model>-Customization-* training.
--   azure     Azure OpenAI meters: <model>[-Batch][-cached]-Inp|Input|Outp|Output[-glbl|regnl|
--             Data Zone] [Tokens]; "Provisioned Managed ..." is PTU capacity; "Fine Tuned" tokens
--             are custom_model.
--   google    Vertex AI and Gemini API SKUs: "<model> [Batch|Flex|Cached|Thinking ...] [Text|
--             Image|Audio|Video] Input|Output ..." ("Gemini 2.5 Flash Text Input - Batch
--             Predictions" -> gemini-2.5-flash, input, batch); "... Caching" input is cache_read,
--             caching storage (token-hours) is other without a count.
--   tokens    anything else whose unit is tokens: token type from the description's words,
--             no model.
SELECT
    * EXCLUDE (tk_family, tk_model, tk_type, tk_tier, tk_mult, tk_unit_c, tk_unit_p)
      REPLACE (tk_model AS x_Model, tk_type AS x_TokenType),
    tk_tier AS x_PricingTier,
    CASE
        WHEN tk_type IS NULL OR tk_type = 'training' OR tk_mult IS NULL THEN NULL
        WHEN x_ProviderReport IS NOT NULL AND x_ProviderReport NOT LIKE 'usage%' THEN NULL
        WHEN ConsumedQuantity IS NOT NULL
            THEN CAST(round(CAST(ConsumedQuantity AS DECIMAL(38, 12)) * tk_mult) AS DECIMAL(38, 0))
    END AS x_TokenCount
FROM (
    SELECT
        *,
        -- Tokens per unit of ConsumedQuantity.
        CASE
            WHEN tk_family = 'bedrock_mp' AND tk_unit_c = 'units' THEN
                CASE
                    WHEN regexp_matches(lower(split_part(coalesce(ChargeDescription, ''), '|', 3)),
                                        '\b(1 ?m|million|millions|1,000,000)\b') THEN 1000000
                    WHEN regexp_matches(lower(split_part(coalesce(ChargeDescription, ''), '|', 3)),
                                        '\b(1 ?k|thousand|thousands|1,000)\b') THEN 1000
                    WHEN regexp_matches(lower(split_part(coalesce(ChargeDescription, ''), '|', 3)),
                                        '\bper (1 )?token\b') THEN 1
                END
            WHEN tk_family = 'google' AND tk_unit_c IN ('count', '1 count') THEN 1
            WHEN tk_unit_c IN ('token', 'tokens', '1 token', '1 tokens') THEN 1
            WHEN regexp_matches(tk_unit_c, '^(1 ?k|1,000|1000|k|thousand) ?(tokens?|count)?$')
                THEN 1000
            WHEN regexp_matches(tk_unit_c, '^(1 ?m|1,000,000|1000000|m|million) ?(tokens?|count)?$')
                THEN 1000000
        END AS tk_mult
    FROM (
        SELECT
            * EXCLUDE (tk_model_raw, tk_kind, tk_words, tk_bedrock, tk_mp, tk_azure, tk_google,
                       tk_json, tk_mult_hint),
            CASE
                WHEN tk_family = 'provider' THEN tk_model_raw
                WHEN tk_family IN ('azure', 'google')
                    THEN nullif(replace(lower(trim(tk_model_raw)), ' ', '-'), '')
                ELSE nullif(trim(tk_model_raw), '')
            END AS tk_model,
            tk_kind AS tk_type,
            CASE
                WHEN tk_kind = 'training' THEN NULL
                WHEN tk_kind IS NULL AND NOT regexp_matches(tk_words, '\bprovisioned\b') THEN NULL
                WHEN regexp_matches(tk_words, '\bcustom_model\b') THEN 'custom_model'
                WHEN regexp_matches(tk_words, '\bprovisioned\b') THEN 'provisioned'
                WHEN regexp_matches(tk_words, '\bbatch\b') THEN 'batch'
                WHEN regexp_matches(tk_words, '\bflex\b') THEN 'flex'
                WHEN regexp_matches(tk_words, '\bpriority\b') THEN 'priority'
                ELSE 'standard'
            END AS tk_tier
        FROM (
            SELECT
                *,
                -- The model as the source names it (normalised above).
                CASE tk_family
                    WHEN 'provider' THEN x_Model
                    WHEN 'focus' THEN coalesce(json_extract_string(tk_json, '$.ModelId'),
                                               json_extract_string(tk_json, '$.ModelFamily'))
                    WHEN 'bedrock_mp' THEN coalesce(
                        nullif(regexp_extract(ServiceName, '^(.+) \(Amazon Bedrock Edition\)$', 1), ''),
                        ServiceName)
                    WHEN 'bedrock' THEN coalesce(
                        nullif(tk_bedrock.model, ''),
                        nullif(regexp_extract(tk_bedrock.rest,
                            '^(.+?)-(?i:provisionedthroughput|provisioned-throughput|modelunits|customization)',
                            1), ''))
                    WHEN 'azure' THEN CASE
                        WHEN tk_azure.model <> ''
                            THEN regexp_replace(tk_azure.model, '([- ])batch\b|\bfine[- ]tuned\b', '', 'g')
                        -- an embedding (or unknown) token meter is all model
                        WHEN tk_unit_c LIKE '%token%' OR tk_azure.meter LIKE '% tokens'
                            THEN regexp_replace(tk_azure.meter, '[- ]tokens?$', '')
                    END
                    WHEN 'google' THEN tk_google.model
                END AS tk_model_raw,
                -- The token type.
                CASE tk_family
                    WHEN 'provider' THEN CASE
                        WHEN x_TokenType = 'input' AND x_Model ILIKE '%embed%' THEN 'embedding'
                        ELSE x_TokenType END
                    WHEN 'focus' THEN CASE
                        WHEN lower(json_extract_string(tk_json, '$.TokenDirection')) = 'output'
                            THEN 'output'
                        WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE 'read%'
                            THEN 'cache_read'
                        WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE 'write%'
                            THEN CASE
                                WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE '%1h%'
                                    THEN 'cache_write_1h'
                                WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE '%5m%'
                                    THEN 'cache_write_5m'
                                ELSE 'cache_write' END
                        WHEN lower(json_extract_string(tk_json, '$.TokenDirection')) = 'input'
                            THEN CASE WHEN regexp_matches(lower(concat_ws(' ',
                                          json_extract_string(tk_json, '$.ModelId'),
                                          json_extract_string(tk_json, '$.ModelFamily'))), 'embed')
                                      THEN 'embedding' ELSE 'input' END
                        ELSE 'other' END
                    WHEN 'bedrock_mp' THEN CASE
                        WHEN regexp_matches(tk_mp, '^cache_?read') THEN 'cache_read'
                        WHEN regexp_matches(tk_mp, '^cache_?write_?1h') THEN 'cache_write_1h'
                        WHEN regexp_matches(tk_mp, '^cache_?write_?5m') THEN 'cache_write_5m'
                        WHEN regexp_matches(tk_mp, '^cache_?write') THEN 'cache_write'
                        WHEN regexp_matches(tk_mp, '^input')
                            THEN CASE WHEN ServiceName ILIKE '%embed%' THEN 'embedding'
                                      ELSE 'input' END
                        WHEN regexp_matches(tk_mp, '^output') THEN 'output'
                        WHEN tk_mp LIKE '%token%' THEN 'other'
                    END
                    WHEN 'bedrock' THEN CASE
                        WHEN tk_bedrock.kind LIKE 'cache%read%' THEN 'cache_read'
                        WHEN tk_bedrock.kind LIKE 'cache%write%' THEN CASE
                            WHEN tk_bedrock.kind LIKE '%1h%' OR tk_bedrock.suffix LIKE '%1h%'
                                THEN 'cache_write_1h'
                            WHEN tk_bedrock.kind LIKE '%5m%' OR tk_bedrock.suffix LIKE '%5m%'
                                THEN 'cache_write_5m'
                            ELSE 'cache_write' END
                        WHEN tk_bedrock.kind LIKE 'input%'
                            THEN CASE WHEN tk_bedrock.model ILIKE '%embed%' THEN 'embedding'
                                      ELSE 'input' END
                        WHEN tk_bedrock.kind LIKE 'output%' THEN 'output'
                    END
                    WHEN 'azure' THEN CASE
                        WHEN coalesce(tk_azure.kind, '') = '' THEN
                            CASE WHEN tk_azure.meter LIKE '%embedding%'
                                      AND (tk_unit_c LIKE '%token%' OR tk_azure.meter LIKE '% tokens')
                                     THEN 'embedding'
                                 WHEN tk_unit_c LIKE '%token%' OR tk_azure.meter LIKE '% tokens'
                                     THEN 'other' END
                        WHEN tk_azure.cached <> '' THEN 'cache_read'
                        WHEN tk_azure.kind LIKE 'out%' THEN 'output'
                        WHEN tk_azure.meter LIKE '%embedding%' THEN 'embedding'
                        ELSE 'input'
                    END
                    WHEN 'google' THEN CASE
                        WHEN tk_unit_c LIKE '%char%' THEN NULL
                        WHEN tk_google.text LIKE '%character%' THEN NULL
                        WHEN tk_google.kind IS NULL OR tk_google.kind = '' THEN
                            CASE WHEN tk_google.text LIKE '%token%' AND tk_mult_hint THEN 'other' END
                        WHEN tk_google.text LIKE '%storage%' THEN 'other'
                        WHEN tk_google.text LIKE '%embedding%' THEN 'embedding'
                        WHEN tk_google.kind = 'output' THEN 'output'
                        WHEN tk_google.text LIKE '%cach%' THEN 'cache_read'
                        ELSE 'input'
                    END
                    WHEN 'tokens' THEN CASE
                        WHEN regexp_matches(tk_words, 'cache[ _-]?read|cached') THEN 'cache_read'
                        WHEN regexp_matches(tk_words, 'cache[ _-]?writ') THEN 'cache_write'
                        WHEN regexp_matches(tk_words, '\boutput') THEN 'output'
                        WHEN regexp_matches(tk_words, 'embedding') THEN 'embedding'
                        WHEN regexp_matches(tk_words, '\binput') THEN 'input'
                        ELSE 'other'
                    END
                END AS tk_kind
            FROM (
                SELECT
                    *,
                    -- The words that name a tier, in one lower-case string per source.
                    CASE tk_family
                        WHEN 'provider' THEN concat_ws(' ',
                            CASE WHEN x_Model LIKE 'ft:%' THEN 'custom_model' END,
                            CASE lower(x_ServiceTier)
                                WHEN 'batch' THEN 'batch' WHEN 'flex' THEN 'flex'
                                WHEN 'priority' THEN 'priority' WHEN 'scale' THEN 'provisioned'
                            END)
                        WHEN 'focus' THEN lower(concat_ws(' ', json_extract_string(tk_json, '$.ServiceTier'),
                            json_extract_string(tk_json, '$.PricingTier'), SkuPriceId, SkuId, SkuMeter))
                        WHEN 'bedrock_mp' THEN replace(tk_mp, '_', ' ')
                        WHEN 'bedrock' THEN concat_ws(' ',
                            CASE WHEN regexp_matches(lower(tk_bedrock.rest),
                                     '-(provisionedthroughput|provisioned-throughput|modelunits)')
                                 THEN 'provisioned' END,
                            replace(replace(lower(tk_bedrock.suffix), 'custom-model', 'custom_model'),
                                    '-', ' '))
                        WHEN 'azure' THEN concat_ws(' ',
                            CASE WHEN tk_azure.meter LIKE 'provisioned managed%'
                                      OR tk_azure.meter LIKE '%provisioned throughput%'
                                 THEN 'provisioned' END,
                            CASE WHEN regexp_matches(tk_azure.meter, 'fine[- ]?tuned|ftuned')
                                 THEN 'custom_model' END,
                            CASE WHEN regexp_matches(tk_azure.meter, '(^|[- ])batch')
                                 THEN 'batch' END)
                        WHEN 'google' THEN concat_ws(' ',
                            CASE WHEN tk_google.text LIKE '%provisioned throughput%'
                                 THEN 'provisioned' END,
                            regexp_extract(tk_google.text, '\b(batch|flex|priority)\b', 1))
                        WHEN 'tokens' THEN lower(concat_ws(' ', SkuMeter, ChargeDescription, x_UsageType))
                        ELSE ''
                    END AS tk_words
                FROM (
                    SELECT
                        *,
                        CASE WHEN tk_family = 'bedrock' THEN struct_insert(
                            regexp_extract(regexp_replace(x_UsageType, '^[A-Z]{2,4}[0-9]-', ''),
                                '^(.+?)-(cache-read-input-token-count|cache-write-1h-input-token-count|cache-write-5m-input-token-count|cache-write-input-token-count|cache-read-input-tokens|cache-write-input-tokens|cache-read-tokens|cache-write-1h-tokens|cache-write-5m-tokens|cache-write-tokens|cacheread-tokens|cachewrite-tokens|input-token-count|output-token-count|input-tokens|output-tokens)(-.*)?$',
                                ['model', 'kind', 'suffix']),
                            rest := regexp_replace(x_UsageType, '^[A-Z]{2,4}[0-9]-', ''))
                        END AS tk_bedrock,
                        CASE WHEN tk_family = 'bedrock_mp' THEN
                            lower(regexp_extract(x_UsageType, '-MP:[A-Za-z0-9]+_(.+)-Units$', 1))
                        END AS tk_mp,
                        CASE WHEN tk_family = 'azure' THEN struct_insert(
                            regexp_extract(
                                regexp_replace(lower(trim(coalesce(SkuMeter, ''))), '[- ]tokens?$', ''),
                                '^(.+?)[- ](?:batch[- ]?)?(?:fine[- ]?tuned[- ])?(cached[- ]|cchd[- ])?(inp|input|inpt|outp|output)(?:[- ]|$)',
                                ['model', 'cached', 'kind']),
                            meter := lower(trim(coalesce(SkuMeter, ''))))
                        END AS tk_azure,
                        CASE WHEN tk_family = 'google' THEN struct_insert(
                            regexp_extract(
                                regexp_replace(lower(trim(coalesce(ChargeDescription, SkuMeter, ''))),
                                               '^cloud vertex ai model garden model as a service ', ''),
                                '^(.+?) (?:(?:thinking|live|long context|long|cached|batch|flex|priority) )*(?:(?:text|image|audio|video) )?(input|output)\b',
                                ['model', 'kind']),
                            text := lower(coalesce(ChargeDescription, SkuMeter, '')))
                        END AS tk_google,
                        tk_unit_c IN ('token', 'tokens', 'count') OR tk_unit_c LIKE '% tokens'
                            AS tk_mult_hint
                    FROM (
                        SELECT
                            *,
                            CASE
                                WHEN x_ProviderReport IS NOT NULL THEN 'provider'
                                WHEN tk_json IS NOT NULL
                                     AND (json_extract_string(tk_json, '$.TokenDirection') IS NOT NULL
                                          OR (json_extract_string(tk_json, '$.ModelId') IS NOT NULL
                                              AND tk_unit_c LIKE '%token%'))
                                    THEN 'focus'
                                WHEN x_UsageType LIKE '%-MP:%' AND lower(x_UsageType) LIKE '%token%'
                                    THEN 'bedrock_mp'
                                WHEN x_ProductCode ILIKE 'AmazonBedrock%' THEN 'bedrock'
                                WHEN ProviderName ILIKE 'Microsoft%'
                                     AND (ServiceName ILIKE '%openai%' OR ServiceName ILIKE '%foundry%'
                                          OR lower(SkuMeter) LIKE '% tokens'
                                          OR lower(SkuMeter) LIKE 'provisioned managed%')
                                    THEN 'azure'
                                WHEN ProviderName ILIKE 'Google%'
                                     AND (ServiceName ILIKE '%vertex%' OR ServiceName ILIKE '%gemini%'
                                          OR ServiceName ILIKE '%generative language%')
                                    THEN 'google'
                                WHEN tk_unit_c LIKE '%token%' THEN 'tokens'
                            END AS tk_family
                        FROM (
                            SELECT
                                *,
                                lower(trim(coalesce(ConsumedUnit, PricingUnit, ''))) AS tk_unit_c,
                                lower(trim(coalesce(PricingUnit, ''))) AS tk_unit_p,
                                CASE WHEN json_valid(SkuPriceDetails) THEN SkuPriceDetails END AS tk_json
                            FROM mapped
                        ) AS units
                    ) AS families
                ) AS parsed
            ) AS worded
        ) AS kinds
    ) AS tiered
) AS counted
