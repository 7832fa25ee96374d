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
--             cache-write-tokens, ... (and <model>-InputTokenCount, -OutputTokenCount,
--             -CacheRead/CacheWriteInputTokenCount, seen unverified in older bills); suffix
--             -batch, -flex, -priority, -custom-model,
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
--
-- Layered so that a row of no source above (most of a cloud bill) costs a few cheap string tests:
-- every later expression is guarded by its source (tk_family) and stays NULL otherwise.
SELECT
    * EXCLUDE (tk_family, tk_unit, tk_json, tk_br, tk_mp, tk_az, tk_gg, tk_br_model, tk_br_kind,
               tk_br_suffix, tk_az_model, tk_az_cached, tk_az_kind, tk_gg_model, tk_gg_kind,
               tk_words, tk_model, tk_type, tk_tier, tk_mult)
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
            WHEN tk_type IS NULL THEN NULL
            WHEN tk_family = 'bedrock_mp' AND tk_unit = 'units' THEN
                CASE
                    WHEN regexp_matches(lower(split_part(coalesce(ChargeDescription, ''), '|', 3)),
                                        '\b(1 ?m|million|millions|1,000,000)\b') THEN 1000000
                    WHEN regexp_matches(lower(split_part(coalesce(ChargeDescription, ''), '|', 3)),
                                        '\b(1 ?k|thousand|thousands|1,000)\b') THEN 1000
                    WHEN regexp_matches(lower(split_part(coalesce(ChargeDescription, ''), '|', 3)),
                                        '\bper (1 )?token\b') THEN 1
                END
            WHEN tk_family = 'google' AND tk_unit IN ('count', '1 count') THEN 1
            WHEN tk_unit IN ('token', 'tokens', '1 token', '1 tokens') THEN 1
            WHEN regexp_matches(tk_unit, '^(1 ?k|1,000|1000|k|thousand) ?(tokens?|count)?$')
                THEN 1000
            WHEN regexp_matches(tk_unit, '^(1 ?m|1,000,000|1000000|m|million) ?(tokens?|count)?$')
                THEN 1000000
        END AS tk_mult
    FROM (
        SELECT
            *,
            -- The model, normalised: Azure and Google names lower case with '-' for spaces.
            CASE
                WHEN tk_family IS NULL THEN NULL
                WHEN tk_family = 'provider' THEN x_Model
                WHEN tk_family = 'focus' THEN nullif(trim(coalesce(
                    json_extract_string(tk_json, '$.ModelId'),
                    json_extract_string(tk_json, '$.ModelFamily'))), '')
                WHEN tk_family = 'bedrock_mp' THEN coalesce(
                    nullif(regexp_extract(ServiceName, '^(.+) \(Amazon Bedrock Edition\)$', 1), ''),
                    ServiceName)
                WHEN tk_family = 'bedrock' THEN CASE
                    WHEN tk_br_model <> '' THEN tk_br_model
                    WHEN tk_br ILIKE '%provisioned%' OR tk_br ILIKE '%modelunits%'
                         OR tk_br ILIKE '%customization%'
                        THEN nullif(regexp_extract(tk_br,
                            '^(.+?)-(?i:provisionedthroughput|provisioned-throughput|modelunits|customization)',
                            1), '') END
                WHEN tk_family = 'azure' THEN nullif(replace(trim(CASE
                    WHEN tk_az_model <> ''
                        THEN regexp_replace(tk_az_model, '([- ])batch\b|\bfine[- ]tuned\b', '', 'g')
                    -- an embedding (or unknown) token meter is all model
                    WHEN tk_unit LIKE '%token%' OR tk_az LIKE '% tokens'
                        THEN regexp_replace(tk_az, '[- ]tokens?$', '')
                    END), ' ', '-'), '')
                WHEN tk_family = 'google' THEN nullif(replace(trim(tk_gg_model), ' ', '-'), '')
            END AS tk_model,
            CASE
                WHEN tk_family IS NULL OR tk_type = 'training' THEN NULL
                -- tk_words is ' '-separated words: a word is ' word '
                WHEN tk_type IS NULL AND ' ' || tk_words || ' ' NOT LIKE '% provisioned %'
                    THEN NULL
                WHEN ' ' || tk_words || ' ' LIKE '% custom_model %' THEN 'custom_model'
                WHEN ' ' || tk_words || ' ' LIKE '% provisioned %' THEN 'provisioned'
                WHEN ' ' || tk_words || ' ' LIKE '% batch %' THEN 'batch'
                WHEN ' ' || tk_words || ' ' LIKE '% flex %' THEN 'flex'
                WHEN ' ' || tk_words || ' ' LIKE '% priority %' THEN 'priority'
                ELSE 'standard'
            END AS tk_tier
        FROM (
            SELECT
                *,
                -- The token type.
                CASE
                    WHEN tk_family IS NULL THEN NULL
                    WHEN tk_family = 'provider' THEN CASE
                        WHEN x_TokenType = 'input' AND x_Model ILIKE '%embed%' THEN 'embedding'
                        ELSE x_TokenType END
                    WHEN tk_family = 'focus' THEN CASE
                        WHEN lower(json_extract_string(tk_json, '$.TokenDirection')) = 'output'
                            THEN 'output'
                        WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE 'read%'
                            THEN 'cache_read'
                        WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE 'write%1h%'
                            THEN 'cache_write_1h'
                        WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE 'write%5m%'
                            THEN 'cache_write_5m'
                        WHEN lower(json_extract_string(tk_json, '$.TokenCacheAction')) LIKE 'write%'
                            THEN 'cache_write'
                        WHEN lower(json_extract_string(tk_json, '$.TokenDirection')) = 'input'
                            THEN CASE WHEN lower(concat_ws(' ',
                                          json_extract_string(tk_json, '$.ModelId'),
                                          json_extract_string(tk_json, '$.ModelFamily'))) LIKE '%embed%'
                                      THEN 'embedding' ELSE 'input' END
                        ELSE 'other' END
                    WHEN tk_family = 'bedrock_mp' THEN CASE
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
                    WHEN tk_family = 'bedrock' THEN CASE
                        WHEN tk_br_kind LIKE 'cache%read%' THEN 'cache_read'
                        WHEN tk_br_kind LIKE 'cache%write%' THEN CASE
                            WHEN tk_br_kind LIKE '%1h%' OR tk_br_suffix LIKE '%1h%'
                                THEN 'cache_write_1h'
                            WHEN tk_br_kind LIKE '%5m%' OR tk_br_suffix LIKE '%5m%'
                                THEN 'cache_write_5m'
                            ELSE 'cache_write' END
                        WHEN tk_br_kind LIKE 'input%'
                            THEN CASE WHEN tk_br_model ILIKE '%embed%' THEN 'embedding'
                                      ELSE 'input' END
                        WHEN tk_br_kind LIKE 'output%' THEN 'output'
                    END
                    WHEN tk_family = 'azure' THEN CASE
                        WHEN coalesce(tk_az_kind, '') = '' THEN
                            CASE WHEN tk_az LIKE '%embedding%'
                                      AND (tk_unit LIKE '%token%' OR tk_az LIKE '% tokens')
                                     THEN 'embedding'
                                 WHEN tk_unit LIKE '%token%' OR tk_az LIKE '% tokens'
                                     THEN 'other' END
                        WHEN tk_az_cached <> '' THEN 'cache_read'
                        WHEN tk_az_kind LIKE 'out%' THEN 'output'
                        WHEN tk_az LIKE '%embedding%' THEN 'embedding'
                        ELSE 'input'
                    END
                    WHEN tk_family = 'google' THEN CASE
                        WHEN tk_unit LIKE '%char%' OR tk_gg LIKE '%character%' THEN NULL
                        WHEN coalesce(tk_gg_kind, '') = '' THEN
                            CASE WHEN tk_gg LIKE '%token%'
                                      AND (tk_unit IN ('token', 'tokens', 'count')
                                           OR tk_unit LIKE '% tokens')
                                     THEN 'other' END
                        WHEN tk_gg LIKE '%storage%' THEN 'other'
                        WHEN tk_gg LIKE '%embedding%' THEN 'embedding'
                        WHEN tk_gg_kind = 'output' THEN 'output'
                        WHEN tk_gg LIKE '%cach%' THEN 'cache_read'
                        ELSE 'input'
                    END
                    WHEN tk_family = 'tokens' THEN CASE
                        WHEN regexp_matches(tk_words, 'cache[ _-]?read|cached') THEN 'cache_read'
                        WHEN regexp_matches(tk_words, 'cache[ _-]?writ') THEN 'cache_write'
                        WHEN regexp_matches(tk_words, '\boutput') THEN 'output'
                        WHEN regexp_matches(tk_words, 'embedding') THEN 'embedding'
                        WHEN regexp_matches(tk_words, '\binput') THEN 'input'
                        ELSE 'other'
                    END
                END AS tk_type
            FROM (
                SELECT
                    *,
                    -- The words that name a tier, in one lower-case string per source.
                    CASE
                        WHEN tk_family IS NULL THEN NULL
                        WHEN tk_family = 'provider' THEN concat_ws(' ',
                            CASE WHEN x_Model LIKE 'ft:%' THEN 'custom_model' END,
                            CASE lower(x_ServiceTier)
                                WHEN 'batch' THEN 'batch' WHEN 'flex' THEN 'flex'
                                WHEN 'priority' THEN 'priority' WHEN 'scale' THEN 'provisioned'
                            END)
                        WHEN tk_family = 'focus' THEN lower(concat_ws(' ',
                            json_extract_string(tk_json, '$.ServiceTier'),
                            json_extract_string(tk_json, '$.PricingTier'), SkuPriceId, SkuId,
                            SkuMeter))
                        WHEN tk_family = 'bedrock_mp' THEN replace(tk_mp, '_', ' ')
                        WHEN tk_family = 'bedrock' THEN concat_ws(' ',
                            CASE WHEN tk_br ILIKE '%-provisionedthroughput%'
                                      OR tk_br ILIKE '%-provisioned-throughput%'
                                      OR tk_br ILIKE '%-modelunits%'
                                 THEN 'provisioned' END,
                            replace(replace(lower(tk_br_suffix), 'custom-model', 'custom_model'),
                                    '-', ' '))
                        WHEN tk_family = 'azure' THEN concat_ws(' ',
                            CASE WHEN tk_az LIKE 'provisioned managed%'
                                      OR tk_az LIKE '%provisioned throughput%'
                                 THEN 'provisioned' END,
                            CASE WHEN regexp_matches(tk_az, 'fine[- ]?tuned|ftuned')
                                 THEN 'custom_model' END,
                            CASE WHEN regexp_matches(tk_az, '(^|[- ])batch') THEN 'batch' END)
                        WHEN tk_family = 'google' THEN concat_ws(' ',
                            CASE WHEN tk_gg LIKE '%provisioned throughput%' THEN 'provisioned' END,
                            regexp_extract(tk_gg, '\b(batch|flex|priority)\b', 1))
                        WHEN tk_family = 'tokens' THEN regexp_replace(
                            lower(concat_ws(' ', SkuMeter, ChargeDescription, x_UsageType)),
                            '[^a-z0-9_]+', ' ', 'g')
                    END AS tk_words
                FROM (
                    SELECT
                        * EXCLUDE (tk_br_parts, tk_az_parts, tk_gg_parts),
                        CASE WHEN tk_br_parts LIKE '%|%' THEN split_part(tk_br_parts, '|', 1) END
                            AS tk_br_model,
                        CASE WHEN tk_br_parts LIKE '%|%'
                             THEN lower(split_part(tk_br_parts, '|', 2)) END AS tk_br_kind,
                        CASE WHEN tk_br_parts LIKE '%|%'
                             THEN lower(split_part(tk_br_parts, '|', 3)) END AS tk_br_suffix,
                        CASE WHEN tk_az_parts LIKE '%|%' THEN split_part(tk_az_parts, '|', 1) END
                            AS tk_az_model,
                        CASE WHEN tk_az_parts LIKE '%|%' THEN split_part(tk_az_parts, '|', 2) END
                            AS tk_az_cached,
                        CASE WHEN tk_az_parts LIKE '%|%' THEN split_part(tk_az_parts, '|', 3) END
                            AS tk_az_kind,
                        CASE WHEN tk_gg_parts LIKE '%|%' THEN split_part(tk_gg_parts, '|', 1) END
                            AS tk_gg_model,
                        CASE WHEN tk_gg_parts LIKE '%|%' THEN split_part(tk_gg_parts, '|', 2) END
                            AS tk_gg_kind
                    FROM (
                    SELECT
                        *,
                        -- Each source's pattern, matched once per row and its groups joined by
                        -- '|' (which none of these strings holds); no '|': no match.
                        -- Bedrock: <model>-<kind>[-<suffix>] after the region prefix.
                        CASE WHEN tk_br IS NOT NULL THEN regexp_replace(tk_br,
                            '^(.+?)-(cache-read-input-token-count|cache-write-1h-input-token-count|cache-write-5m-input-token-count|cache-write-input-token-count|cache-read-input-tokens|cache-write-input-tokens|cache-read-tokens|cache-write-1h-tokens|cache-write-5m-tokens|cache-write-tokens|cacheread-tokens|cachewrite-tokens|input-token-count|output-token-count|input-tokens|output-tokens|CacheReadInputTokenCount|CacheWrite1hInputTokenCount|CacheWriteInputTokenCount|InputTokenCount|OutputTokenCount)(-.*)?$',
                            '\1|\2|\3') END AS tk_br_parts,
                        -- Azure: <model>[-batch][-fine tuned][-cached|cchd]-<inp|outp...>[-...]
                        CASE WHEN tk_az IS NOT NULL THEN regexp_replace(
                            regexp_replace(tk_az, '[- ]tokens?$', ''),
                            '^(.+?)[- ](?:batch[- ]?)?(?:fine[- ]?tuned[- ])?(cached[- ]|cchd[- ])?(inp|input|inpt|outp|output)(?:[- ].*)?$',
                            '\1|\2|\3') END AS tk_az_parts,
                        -- Google: <model> [modifiers] [modality] Input|Output ...
                        CASE WHEN tk_gg IS NOT NULL THEN regexp_replace(
                            regexp_replace(tk_gg, '^cloud vertex ai model garden model as a service ', ''),
                            '^(.+?) (?:(?:thinking|live|long context|long|cached|batch|flex|priority) )*(?:(?:text|image|audio|video) )?(input|output)\b.*$',
                            '\1|\2') END AS tk_gg_parts
                    FROM (
                        SELECT
                            *,
                            CASE WHEN tk_family IS NOT NULL
                                 THEN lower(trim(coalesce(ConsumedUnit, PricingUnit, ''))) END
                                AS tk_unit,
                            CASE WHEN tk_family = 'focus' THEN SkuPriceDetails END AS tk_json,
                            CASE WHEN tk_family = 'bedrock'
                                 THEN regexp_replace(x_UsageType, '^[A-Z]{2,4}[0-9]-', '') END
                                AS tk_br,
                            CASE WHEN tk_family = 'bedrock_mp' THEN lower(regexp_extract(
                                x_UsageType, '-MP:[A-Za-z0-9]+_(.+)-Units$', 1)) END AS tk_mp,
                            CASE WHEN tk_family = 'azure' THEN lower(trim(coalesce(SkuMeter, ''))) END
                                AS tk_az,
                            CASE WHEN tk_family = 'google'
                                 THEN lower(trim(coalesce(ChargeDescription, SkuMeter, ''))) END
                                AS tk_gg
                        FROM (
                            -- Which source's rules read the row. Cheap tests only: most rows of
                            -- a cloud bill are none of these, and nothing else is computed for them.
                            SELECT
                                *,
                                CASE
                                    WHEN x_ProviderReport IS NOT NULL THEN 'provider'
                                    WHEN SkuPriceDetails IS NOT NULL AND json_valid(SkuPriceDetails)
                                         AND (json_extract_string(SkuPriceDetails, '$.TokenDirection')
                                                  IS NOT NULL
                                              OR (json_extract_string(SkuPriceDetails, '$.ModelId')
                                                      IS NOT NULL
                                                  AND coalesce(ConsumedUnit, PricingUnit) ILIKE '%token%'))
                                        THEN 'focus'
                                    WHEN x_UsageType LIKE '%-MP:%' AND x_UsageType ILIKE '%token%'
                                        THEN 'bedrock_mp'
                                    WHEN x_ProductCode ILIKE 'AmazonBedrock%' THEN 'bedrock'
                                    WHEN ProviderName ILIKE 'Microsoft%'
                                         AND (ServiceName ILIKE '%openai%' OR ServiceName ILIKE '%foundry%'
                                              OR SkuMeter ILIKE '% tokens'
                                              OR SkuMeter ILIKE 'provisioned managed%')
                                        THEN 'azure'
                                    WHEN ProviderName ILIKE 'Google%'
                                         AND (ServiceName ILIKE '%vertex%' OR ServiceName ILIKE '%gemini%'
                                              OR ServiceName ILIKE '%generative language%')
                                        THEN 'google'
                                    WHEN coalesce(ConsumedUnit, PricingUnit) ILIKE '%token%'
                                        THEN 'tokens'
                                END AS tk_family
                            FROM mapped
                        ) AS families
                    ) AS sources
                    ) AS matched
                ) AS fields
            ) AS worded
        ) AS typed
    ) AS named
) AS counted
