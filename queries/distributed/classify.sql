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
rule_keys AS (
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
        k.ProviderName, k.BillingAccountId, k.SubAccountId, k.RegionId, k.BillingPeriodStart,
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
gpu_hours AS (
    SELECT
        g.fleet_id,
        li.x_ClassKey,
        li.ChargePeriodStart,
        max(epoch(li.ChargePeriodEnd) - epoch(li.ChargePeriodStart)) AS seconds,
        sum(CASE
                WHEN li.ConsumedQuantity IS NOT NULL THEN CAST(li.ConsumedQuantity AS DOUBLE)
                WHEN li.x_LineItemType IS NULL
                    THEN CAST(epoch(li.ChargePeriodEnd) - epoch(li.ChargePeriodStart) AS DOUBLE)
                         / 3600
                ELSE 0
            END) AS hours
    FROM line_items AS li
    JOIN gpu_keys AS g ON g.x_ClassKey = li.x_ClassKey
    GROUP BY g.fleet_id, li.x_ClassKey, li.ChargePeriodStart
),
fleets AS (
    SELECT fleet_id, max(accelerator_type) AS accelerator_type,
           max(BillingPeriodStart) AS BillingPeriodStart, max(window_end_hint) AS window_end
    FROM gpu_keys
    GROUP BY fleet_id
),
grain AS (
    SELECT fleet_id,
           CASE WHEN avg(CASE WHEN seconds <= 3600 THEN 1.0 ELSE 0.0 END) > 0.5
                THEN 3600 ELSE 86400 END AS bucket_seconds
    FROM gpu_hours
    GROUP BY fleet_id
),
buckets AS (
    SELECT
        u.fleet_id,
        floor((epoch(u.ChargePeriodStart) - epoch(f.BillingPeriodStart)) / g.bucket_seconds)
            AS bucket,
        sum(u.hours) / (max(g.bucket_seconds) / 3600.0) AS instances
    FROM gpu_hours AS u
    JOIN fleets AS f ON f.fleet_id = u.fleet_id
    JOIN grain AS g ON g.fleet_id = u.fleet_id
    GROUP BY u.fleet_id,
             floor((epoch(u.ChargePeriodStart) - epoch(f.BillingPeriodStart)) / g.bucket_seconds)
    HAVING sum(u.hours) > 0
),
islands AS (
    SELECT fleet_id, bucket - row_number() OVER (PARTITION BY fleet_id ORDER BY bucket) AS island
    FROM buckets
),
runs AS (
    SELECT fleet_id, count(*) AS runs, max(run_length) AS longest_run
    FROM (SELECT fleet_id, island, count(*) AS run_length FROM islands GROUP BY fleet_id, island)
        AS r
    GROUP BY fleet_id
),
stats AS (
    SELECT
        f.fleet_id, f.accelerator_type, g.bucket_seconds,
        greatest(1, ceil((epoch(f.window_end) - epoch(f.BillingPeriodStart)) / g.bucket_seconds))
            AS n_buckets,
        count(b.bucket) AS active_buckets,
        sum(b.instances) AS instance_buckets,
        sum(b.instances * b.instances) AS instance_squares
    FROM fleets AS f
    JOIN grain AS g ON g.fleet_id = f.fleet_id
    LEFT JOIN buckets AS b ON b.fleet_id = f.fleet_id
    GROUP BY f.fleet_id, f.accelerator_type, g.bucket_seconds, f.window_end, f.BillingPeriodStart
),
metrics AS (
    SELECT
        s.*,
        least(1.0, CAST(s.active_buckets AS DOUBLE) / s.n_buckets) AS duty_cycle,
        sqrt(greatest(0, s.instance_squares / s.n_buckets
                         - (s.instance_buckets / s.n_buckets) * (s.instance_buckets / s.n_buckets)))
            / nullif(s.instance_buckets / s.n_buckets, 0) AS cv,
        -- busy part of nearly every day (queries/classify/gpu_profile.sql)
        coalesce(s.bucket_seconds = 3600 AND s.n_buckets >= 72 AND r.runs >= 3
                 AND r.runs >= 0.8 * s.n_buckets / 24 AND r.longest_run < 24, false)
            AS daily_cycle
    FROM stats AS s
    LEFT JOIN runs AS r ON r.fleet_id = s.fleet_id
),
decided AS (
    SELECT
        *,
        CASE
            WHEN duty_cycle >= 0.75 AND cv <= 0.6 THEN 'gpu-pattern-steady'
            WHEN duty_cycle <= 0.5 OR cv >= 1.0 THEN 'gpu-pattern-bursty'
            WHEN daily_cycle THEN 'gpu-pattern-daily-cycle'
            ELSE 'gpu-pattern-ambiguous'
        END AS rule_id
    FROM metrics
),
fleet_decisions AS (
    SELECT
        fleet_id,
        rule_id,
        CASE
            WHEN rule_id IN ('gpu-pattern-steady', 'gpu-pattern-daily-cycle') THEN 'inference'
            WHEN rule_id = 'gpu-pattern-bursty' THEN 'training'
            WHEN regexp_matches(lower(accelerator_type), '^(p[0-9]|trn|dl|nd)') THEN 'training'
            ELSE 'inference'
        END AS workload_class,
        CASE
            WHEN rule_id = 'gpu-pattern-ambiguous' THEN 'low'
            -- a handful of busy hours or days is too little evidence either way
            WHEN active_buckets < 6 THEN 'low'
            WHEN bucket_seconds = 86400 THEN (CASE WHEN n_buckets >= 14 THEN 'medium' ELSE 'low' END)
            WHEN n_buckets < 72 THEN 'low'
            WHEN rule_id = 'gpu-pattern-steady' AND duty_cycle >= 0.9 AND cv <= 0.35 THEN 'high'
            WHEN rule_id = 'gpu-pattern-bursty' AND duty_cycle <= 0.35 THEN 'high'
            ELSE 'medium'
        END AS confidence
    FROM decided
),
gpu_matches AS (
    SELECT g.x_ClassKey, 4 AS tier, 0 AS priority, d.rule_id, d.workload_class, d.confidence
    FROM gpu_keys AS g
    JOIN fleet_decisions AS d ON d.fleet_id = g.fleet_id
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
