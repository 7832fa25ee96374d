-- Classify the line items in one self-contained query, for engines that run over the Parquet
-- export (Athena/Trino, Spark SQL) instead of the warehouse; `finops-ai sql --dialect spark
-- --emit` transpiles it. The same tiers, patterns and thresholds as queries/classify/* (user
-- rules > workload tags > service signals > GPU usage pattern > default), written in SQL that
-- sqlglot transpiles cleanly: no DISTINCT ON, GROUP BY ALL, hash(), median(), slices or
-- DuckDB-only regex flags; DuckDB's regexp_extract returns '' on no match, so it is never
-- coalesced on (Trino returns NULL there).
-- Reads line_items (the export: every column, x_ClassKey included), class_signals (the rows of
-- queries/classify/signals.csv) and classification_rules (your rules), all as tables or views.
-- Returns one row per x_ClassKey: x_ClassKey, x_WorkloadClass, x_ClassRule, x_ClassConfidence.
WITH picked AS (
    SELECT
        x_ClassKey, ProviderName, BillingAccountId, SubAccountId, BillingPeriodStart,
        BillingPeriodEnd, ChargeCategory, ServiceName, ServiceCategory, ServiceSubcategory,
        RegionId, ResourceId, ResourceType, SkuMeter, ChargeDescription, x_UsageType,
        x_InstanceType, x_ProductCode, x_Model, x_TokenType, Tags, x_CostCategories,
        row_number() OVER (PARTITION BY x_ClassKey ORDER BY x_LoadId DESC) AS pick
    FROM line_items
),
typed AS (
    SELECT
        p.*,
        lower(coalesce(
            x_InstanceType,
            CASE WHEN x_UsageType IS NOT NULL THEN coalesce(
                regexp_extract(x_UsageType, ':([A-Za-z0-9-]+\.[A-Za-z0-9-]+)$', 1), '') END,
            CASE WHEN ProviderName = 'AWS' AND ChargeDescription IS NOT NULL THEN coalesce(
                regexp_extract(ChargeDescription,
                    ' ([a-z][a-z0-9-]*\.[a-z0-9-]+) (reserved |Spot |Dedicated )?(?i:instance)', 1),
                '') END,
            '')) AS itype,
        lower(coalesce(SkuMeter, ChargeDescription, '')) AS sku_text
    FROM picked AS p
    WHERE pick = 1
),
tpu AS (
    -- Google Cloud TPU generations, as queries/classify/store_keys.sql reads them
    SELECT
        t.*,
        CASE
            WHEN regexp_matches(sku_text, '\btpu ?7x|\bironwood\b') OR itype LIKE 'tpu7x-%'
                THEN '7x'
            WHEN regexp_matches(sku_text, '\btrillium\b') OR itype LIKE 'ct6e-%' THEN '6e'
            WHEN regexp_matches(sku_text, '\bv5 ?lite') OR regexp_matches(itype, '^ct5lp?-')
                THEN '5e'
            WHEN itype LIKE 'ct5p-%' THEN '5p'
            WHEN itype LIKE 'ct4p-%' THEN '4'
            WHEN regexp_matches(itype, '^ct3p?-') THEN '3'
            ELSE coalesce(nullif(regexp_extract(sku_text, '\btpu[- ]?v([0-9]+[a-z]?)\b', 1), ''),
                          nullif(regexp_extract(sku_text, '\bv([0-9]+[a-z]?) tpu\b', 1), ''))
        END AS tpu_version,
        regexp_matches(sku_text, '\btpu|\btrillium\b|\bironwood\b')
            OR regexp_matches(itype, '^(ct[3-6][a-z]*-[a-z]*tpu|ct6e-|tpu7x-)') AS is_tpu
    FROM typed AS t
),
typed_keys AS (
    SELECT
        x_ClassKey, ProviderName, BillingAccountId, SubAccountId, BillingPeriodStart,
        BillingPeriodEnd, ChargeCategory, ServiceName, ServiceCategory, ServiceSubcategory,
        RegionId, ResourceId, ResourceType, SkuMeter, ChargeDescription, x_UsageType,
        x_InstanceType, x_ProductCode, x_Model, x_TokenType, Tags, x_CostCategories,
        CASE
            WHEN ChargeCategory <> 'Usage' THEN NULL
            WHEN regexp_matches(itype, '^(p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|gr6|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*|f[12]|vt1)\.')
                THEN itype
            WHEN regexp_matches(coalesce(SkuMeter, ''), '^N[CDVG][0-9]')
                THEN SkuMeter
            WHEN regexp_matches(coalesce(ChargeDescription, ''), 'Virtual Machines N[CDVG]')
                THEN regexp_extract(ChargeDescription, 'Virtual Machines (N[CDVG][A-Za-z0-9]*)', 1)
            WHEN is_tpu THEN CASE
                WHEN tpu_version IS NULL THEN 'tpu'
                WHEN tpu_version = '7x' THEN 'tpu-7x'
                WHEN tpu_version = '5' THEN 'tpu-v5p'
                WHEN tpu_version = '6' THEN 'tpu-v6e'
                ELSE 'tpu-v' || tpu_version
            END
            WHEN regexp_matches(sku_text, '\bnvidia (?:[a-z0-9]+ )*?[a-z0-9]+ gpu\b')
                THEN 'nvidia-' || replace(
                    regexp_extract(sku_text, '\bnvidia ((?:[a-z0-9]+ )*?[a-z0-9]+) gpu\b', 1),
                    ' ', '-')
            WHEN regexp_matches(sku_text,
                     '\b(?:a2|a3|a4x|a4|g2|g4)(?: ultra| mega| high| edge| plus)? (?:predefined |instance )*(?:core|ram|cpu)\b')
                THEN replace(regexp_extract(sku_text,
                     '\b((?:a2|a3|a4x|a4|g2|g4)(?: ultra| mega| high| edge| plus)?) (?:predefined |instance )*(?:core|ram|cpu)\b',
                     1), ' ', '-')
            WHEN regexp_matches(sku_text, 'nvidia|\bgpu\b|\b(a2|a3|g2) (instance|highgpu|ultragpu)')
                THEN coalesce(SkuMeter, ChargeDescription)
        END AS accelerator_type
    FROM tpu
),
vm_accelerators AS (
    SELECT ResourceId, BillingPeriodStart, min(accelerator_type) AS accelerator_type
    FROM typed_keys
    WHERE lower(ProviderName) LIKE 'google%' AND ResourceId IS NOT NULL AND ResourceId <> ''
      AND (accelerator_type LIKE 'nvidia-%' OR accelerator_type LIKE 'tpu%')
    GROUP BY ResourceId, BillingPeriodStart
),
rule_keys AS (
    -- a Google VM's host core and memory SKUs take its GPU's or TPU's type
    -- (queries/classify/inherit_accelerator.sql)
    SELECT
        t.x_ClassKey, t.ProviderName, t.BillingAccountId, t.SubAccountId, t.BillingPeriodStart,
        t.BillingPeriodEnd, t.ChargeCategory, t.ServiceName, t.ServiceCategory,
        t.ServiceSubcategory, t.RegionId, t.ResourceId, t.ResourceType, t.SkuMeter,
        t.ChargeDescription, t.x_UsageType, t.x_InstanceType, t.x_ProductCode, t.x_Model,
        t.x_TokenType, t.Tags, t.x_CostCategories,
        CASE
            WHEN v.accelerator_type IS NOT NULL AND lower(t.ProviderName) LIKE 'google%'
                 AND t.ChargeCategory = 'Usage'
                 AND NOT (coalesce(t.accelerator_type, '') LIKE 'nvidia-%'
                          OR coalesce(t.accelerator_type, '') LIKE 'tpu%')
                 AND regexp_matches(lower(coalesce(t.SkuMeter, t.ChargeDescription, '')),
                                    '\b(core|cpu|ram|memory)\b')
                THEN v.accelerator_type
            ELSE t.accelerator_type
        END AS accelerator_type
    FROM typed_keys AS t
    LEFT JOIN vm_accelerators AS v
      ON v.ResourceId = t.ResourceId AND v.BillingPeriodStart = t.BillingPeriodStart
),
key_entries AS (
    -- Every tag and cost category of each key, for the user rules on them (whose keys match in
    -- any case, as in queries/classify/match_user_rules.sql).
    SELECT k.x_ClassKey, 'tag' AS kind, g.entry_key, k.Tags[g.entry_key] AS entry_value
    FROM rule_keys AS k
    CROSS JOIN unnest(map_keys(k.Tags)) AS g(entry_key)
    UNION ALL
    SELECT k.x_ClassKey, 'cost_category', g.entry_key, k.x_CostCategories[g.entry_key]
    FROM rule_keys AS k
    CROSS JOIN unnest(map_keys(k.x_CostCategories)) AS g(entry_key)
),
user_rule_matches AS (
    SELECT DISTINCT e.x_ClassKey, 1 AS tier, r.position AS priority, r.rule_id,
           r.workload_class, 'high' AS confidence
    FROM key_entries AS e
    JOIN classification_rules AS r
      ON r.kind = e.kind AND lower(e.entry_key) = lower(r.rule_key)
     AND e.entry_value ILIKE r.pattern ESCAPE '\'
    UNION ALL
    SELECT k.x_ClassKey, 1 AS tier, r.position AS priority, r.rule_id, r.workload_class,
           'high' AS confidence
    FROM rule_keys AS k
    JOIN classification_rules AS r ON CASE r.kind
        WHEN 'account' THEN k.SubAccountId ILIKE r.pattern ESCAPE '\'
                            OR k.BillingAccountId ILIKE r.pattern ESCAPE '\'
        WHEN 'resource' THEN k.ResourceId ILIKE r.pattern ESCAPE '\'
        WHEN 'service' THEN k.ServiceName ILIKE r.pattern ESCAPE '\'
                            OR k.x_ProductCode ILIKE r.pattern ESCAPE '\'
        WHEN 'usage_type' THEN k.x_UsageType ILIKE r.pattern ESCAPE '\'
        WHEN 'provider' THEN k.ProviderName ILIKE r.pattern ESCAPE '\'
        WHEN 'model' THEN k.x_Model ILIKE r.pattern ESCAPE '\'
        ELSE false
    END
),
key_tags AS (
    -- Tag keys match in any case (queries/classify/match_tags.sql); tax and credits keep their
    -- own rules even when tagged; only GPU/accelerator compute and AI services are judged.
    SELECT k.x_ClassKey, g.tag_name, k.Tags[g.tag_name] AS tag_value
    FROM rule_keys AS k
    CROSS JOIN unnest(map_keys(k.Tags)) AS g(tag_name)
    WHERE k.ChargeCategory NOT IN ('Tax', 'Credit')
      AND (k.accelerator_type IS NOT NULL OR k.ServiceCategory = 'AI and Machine Learning')
),
tag_matches AS (
    SELECT DISTINCT g.x_ClassKey, 2 AS tier, t.priority,
           'tag-' || t.tag_key || '-' || v.workload_class AS rule_id,
           v.workload_class, 'high' AS confidence
    FROM key_tags AS g
    JOIN (VALUES (1, 'workload'), (2, 'ml-workload'), (3, 'ai-workload'),
                 (4, 'workload-type'), (5, 'workload_type'), (6, 'ml_workload'))
        AS t(priority, tag_key)
      ON lower(g.tag_name) = t.tag_key
    JOIN (VALUES ('training', 'training'), ('train', 'training'), ('fine-tuning', 'training'),
                 ('finetuning', 'training'), ('fine-tune', 'training'), ('finetune', 'training'),
                 ('inference', 'inference'), ('serving', 'inference'), ('serve', 'inference'),
                 ('prediction', 'inference'), ('endpoint', 'inference'))
        AS v(tag_value, workload_class)
      ON lower(trim(g.tag_value)) = v.tag_value
),
signal_matches AS (
    SELECT k.x_ClassKey, 3 AS tier, CAST(s.priority AS INTEGER) AS priority, s.rule_id,
           s.workload_class, s.confidence
    FROM rule_keys AS k
    JOIN class_signals AS s
      ON (nullif(trim(s.product_code), '') IS NULL OR k.x_ProductCode ILIKE s.product_code)
     AND CASE s.match_column
            WHEN 'x_UsageType' THEN k.x_UsageType
            WHEN 'x_ProductCode' THEN k.x_ProductCode
            WHEN 'x_InstanceType' THEN k.x_InstanceType
            WHEN 'x_TokenType' THEN k.x_TokenType
            WHEN 'x_Model' THEN k.x_Model
            WHEN 'ServiceName' THEN k.ServiceName
            WHEN 'ServiceSubcategory' THEN k.ServiceSubcategory
            WHEN 'SkuMeter' THEN k.SkuMeter
            WHEN 'ChargeDescription' THEN k.ChargeDescription
            WHEN 'ChargeCategory' THEN k.ChargeCategory
            WHEN 'ResourceType' THEN k.ResourceType
            WHEN 'ResourceId' THEN k.ResourceId
            WHEN 'ProviderName' THEN k.ProviderName
            -- 'Tags.KEY': the value of one tag (e.g. Azure ML's ComputeType)
            ELSE CASE WHEN s.match_column LIKE 'Tags.%'
                      THEN k.Tags[substring(s.match_column, 6)] END
         END ILIKE s.pattern
),
explained AS (
    SELECT x_ClassKey FROM user_rule_matches
    UNION
    SELECT x_ClassKey FROM tag_matches
    UNION
    SELECT x_ClassKey FROM signal_matches
),
partition_ends AS (
    -- The last usage charge billed per bill partition: the end of the window a fleet is judged on.
    SELECT ProviderName, coalesce(BillingAccountId, '') AS BillingAccountId, BillingPeriodStart,
           max(CASE WHEN ChargeCategory = 'Usage' THEN ChargePeriodEnd END) AS last_charge_end
    FROM line_items
    GROUP BY ProviderName, coalesce(BillingAccountId, ''), BillingPeriodStart
),
gpu_keys AS (
    SELECT
        k.x_ClassKey, k.accelerator_type, k.fleet_tag,
        concat_ws('|', coalesce(k.ProviderName, ''), coalesce(k.SubAccountId, ''),
                  coalesce(k.RegionId, ''), k.accelerator_type, k.fleet_tag,
                  strftime(k.BillingPeriodStart, '%Y-%m-%d %H:%M')) AS fleet_id,
        concat_ws('|', coalesce(k.ProviderName, ''), coalesce(k.SubAccountId, ''),
                  coalesce(k.RegionId, ''), k.accelerator_type, k.fleet_tag) AS fleet_base,
        k.ResourceId, k.ProviderName, k.BillingAccountId, k.SubAccountId, k.RegionId, k.BillingPeriodStart,
        least(k.BillingPeriodEnd, coalesce(e.last_charge_end, k.BillingPeriodEnd))
            AS window_end_hint
    FROM (
        SELECT
            c.*,
            coalesce(c.Tags['aws:autoscaling:groupName'], c.Tags['aws:autoscaling_group_name'],
                     c.Tags['aws:eks:nodegroup-name'], c.Tags['eks:nodegroup-name'],
                     c.Tags['aws:ec2:fleet-id'], c.Tags['aws:ec2spot:fleet-request-id'],
                     c.Tags['karpenter.sh/nodepool'], c.Tags['aws:batch:compute-environment'],
                     '') AS fleet_tag
        FROM rule_keys AS c
        WHERE c.accelerator_type IS NOT NULL
          AND c.x_ClassKey NOT IN (SELECT x_ClassKey FROM explained)
    ) AS k
    LEFT JOIN partition_ends AS e
      ON e.ProviderName = k.ProviderName
     AND e.BillingAccountId = coalesce(k.BillingAccountId, '')
     AND e.BillingPeriodStart = k.BillingPeriodStart
),
partition_context AS (
    -- each partition's neighbours, for the fleets' windows (queries/classify/fleet_context.sql)
    SELECT
        ProviderName, BillingAccountId, BillingPeriodStart,
        lag(BillingPeriodStart) OVER (PARTITION BY ProviderName, BillingAccountId
                                      ORDER BY BillingPeriodStart) AS previous_start,
        lead(BillingPeriodStart) OVER (PARTITION BY ProviderName, BillingAccountId
                                       ORDER BY BillingPeriodStart) AS next_start,
        lead(last_charge_end) OVER (PARTITION BY ProviderName, BillingAccountId
                                    ORDER BY BillingPeriodStart) AS next_end
    FROM partition_ends
),
pattern_fleets AS (
    SELECT
        g.fleet_id,
        max(g.fleet_base) AS fleet_base,
        max(g.accelerator_type) AS accelerator_type,
        max(g.BillingPeriodStart) AS window_start,
        max(g.window_end_hint) AS window_end,
        min(CASE WHEN epoch(p.previous_start) >= epoch(g.BillingPeriodStart) - 32 * 86400
                 THEN p.previous_start ELSE g.BillingPeriodStart END) AS context_start,
        max(CASE WHEN epoch(p.next_start) <= epoch(g.BillingPeriodStart) + 32 * 86400
                 THEN greatest(coalesce(p.next_end, g.window_end_hint), g.window_end_hint)
                 ELSE g.window_end_hint END) AS context_end
    FROM gpu_keys AS g
    LEFT JOIN partition_context AS p
      ON p.ProviderName = g.ProviderName
     AND p.BillingAccountId = coalesce(g.BillingAccountId, '')
     AND p.BillingPeriodStart = g.BillingPeriodStart
    GROUP BY g.fleet_id
),
gpu_usage AS (
    -- instance-hours per key and charge period, as queries/classify/store_gpu_usage.sql counts them
    SELECT
        x_ClassKey, ChargePeriodStart, ResourceId, max(seconds) AS seconds,
        CASE WHEN lower(max(ProviderName)) LIKE 'google%'
             THEN least(sum(hours), max(seconds) / 3600) ELSE sum(hours) END AS hours
    FROM (
        SELECT
            li.x_ClassKey, li.ChargePeriodStart, li.ProviderName, li.ResourceId,
            epoch(li.ChargePeriodEnd) - epoch(li.ChargePeriodStart) AS seconds,
            CASE
                WHEN li.x_LineItemType IS NOT NULL AND li.ConsumedQuantity IS NULL THEN 0
                WHEN li.ConsumedQuantity IS NULL
                    THEN CAST(epoch(li.ChargePeriodEnd) - epoch(li.ChargePeriodStart) AS DOUBLE)
                         / 3600
                ELSE CAST(li.ConsumedQuantity AS DOUBLE) * CASE
                    WHEN coalesce(trim(li.ConsumedUnit), '') = '' THEN 1.0
                    WHEN regexp_matches(lower(trim(li.ConsumedUnit)),
                                        '^([0-9]+ )?(h|hr|hrs|hour|hours)$') THEN 1.0
                    WHEN regexp_matches(lower(trim(li.ConsumedUnit)),
                                        '^(s|sec|secs|second|seconds)$') THEN 1.0 / 3600
                    WHEN regexp_matches(lower(trim(li.ConsumedUnit)),
                                        '^(min|mins|minute|minutes)$') THEN 1.0 / 60
                    WHEN regexp_matches(lower(trim(li.ConsumedUnit)), '^(d|day|days)$') THEN 24.0
                    ELSE 0.0
                END
            END AS hours
        FROM line_items AS li
        WHERE li.x_ClassKey IN (SELECT x_ClassKey FROM gpu_keys)
    ) AS rows_
    GROUP BY x_ClassKey, ChargePeriodStart, ResourceId
),
pattern_usage AS (
    SELECT
        f.fleet_id,
        coalesce(nullif(u.ResourceId, ''), CAST(u.x_ClassKey AS VARCHAR)) AS series,
        u.x_ClassKey, u.ChargePeriodStart, u.seconds, u.hours,
        k.fleet_id = f.fleet_id AS own
    FROM gpu_usage AS u
    JOIN gpu_keys AS k ON k.x_ClassKey = u.x_ClassKey
    JOIN pattern_fleets AS f
      ON f.fleet_base = k.fleet_base
     AND u.ChargePeriodStart >= f.context_start AND u.ChargePeriodStart < f.context_end
),
{include:classify/usage_pattern},
gpu_matches AS (
    -- each key takes its resource's decision, or its fleet's base (or job) decision
    SELECT g.x_ClassKey, 4 AS tier, 0 AS priority,
           coalesce(s.rule_id, f.rule_id) AS rule_id,
           coalesce(s.workload_class, f.workload_class) AS workload_class,
           coalesce(s.confidence, f.confidence) AS confidence
    FROM gpu_keys AS g
    JOIN (SELECT fleet_id, rule_id, workload_class, confidence,
                 row_number() OVER (PARTITION BY fleet_id
                                    ORDER BY CASE WHEN is_job THEN 1 ELSE 0 END, series) AS pick
          FROM pattern_decisions) AS f
      ON f.fleet_id = g.fleet_id AND f.pick = 1
    LEFT JOIN pattern_decisions AS s
      ON s.fleet_id = g.fleet_id
     AND s.series = coalesce(nullif(g.ResourceId, ''), CAST(g.x_ClassKey AS VARCHAR))
),
default_matches AS (
    SELECT x_ClassKey, 5 AS tier, 0 AS priority,
           CASE WHEN ServiceCategory = 'AI and Machine Learning' THEN 'default-ai-service'
                ELSE 'default-non-ai' END AS rule_id,
           CASE WHEN ServiceCategory = 'AI and Machine Learning' THEN 'ai_other'
                ELSE 'non_ai' END AS workload_class,
           CASE WHEN ServiceCategory = 'AI and Machine Learning' THEN 'low'
                ELSE 'medium' END AS confidence
    FROM rule_keys
),
matches AS (
    SELECT * FROM user_rule_matches
    UNION ALL SELECT * FROM tag_matches
    UNION ALL SELECT * FROM signal_matches
    UNION ALL SELECT * FROM gpu_matches
    UNION ALL SELECT * FROM default_matches
),
ranked AS (
    SELECT
        x_ClassKey, workload_class, rule_id, confidence,
        row_number() OVER (PARTITION BY x_ClassKey ORDER BY tier, priority, rule_id) AS choice
    FROM matches
)
SELECT x_ClassKey, workload_class AS x_WorkloadClass, rule_id AS x_ClassRule,
       confidence AS x_ClassConfidence
FROM ranked
WHERE choice = 1
