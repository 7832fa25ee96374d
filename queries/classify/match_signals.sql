-- Tier 3: the built-in service / usage-type signals (class_signals, from signals.csv).
-- Almost every signal reads columns that thousands of keys share (usage type, product, SKU,
-- service...): each distinct combination of those columns is matched once, not each key. Only
-- the signals on a resource id or a tag are matched key by key. A combination is told apart by
-- its hash, as line items are by their class key.
INSERT INTO line_item_class_matches
WITH keys AS (
    SELECT x_ClassKey,
           hash(x_UsageType, x_ProductCode, x_InstanceType, x_TokenType, x_Model, ServiceName,
                ServiceSubcategory, SkuMeter, ChargeDescription, ChargeCategory, ResourceType,
                ProviderName) AS shared
    FROM class_keys
    WHERE x_ClassKey IN (SELECT x_ClassKey FROM static_keys)
), combinations AS (
    SELECT DISTINCT ON (shared)
           shared, x_UsageType, x_ProductCode, x_InstanceType, x_TokenType, x_Model, ServiceName,
           ServiceSubcategory, SkuMeter, ChargeDescription, ChargeCategory, ResourceType,
           ProviderName
    FROM class_keys
    JOIN keys USING (x_ClassKey)
), shared_matches AS (
    SELECT c.shared, s.*
    FROM combinations AS c
    JOIN class_signals AS s
      ON (s.product_code IS NULL OR c.x_ProductCode ILIKE s.product_code)
     AND CASE s.match_column
            WHEN 'x_UsageType' THEN c.x_UsageType
            WHEN 'x_ProductCode' THEN c.x_ProductCode
            WHEN 'x_InstanceType' THEN c.x_InstanceType
            WHEN 'x_TokenType' THEN c.x_TokenType
            WHEN 'x_Model' THEN c.x_Model
            WHEN 'ServiceName' THEN c.ServiceName
            WHEN 'ServiceSubcategory' THEN c.ServiceSubcategory
            WHEN 'SkuMeter' THEN c.SkuMeter
            WHEN 'ChargeDescription' THEN c.ChargeDescription
            WHEN 'ChargeCategory' THEN c.ChargeCategory
            WHEN 'ResourceType' THEN c.ResourceType
            WHEN 'ProviderName' THEN c.ProviderName
         END ILIKE s.pattern
)
SELECT k.x_ClassKey, 3, m.priority, m.rule_id, m.workload_class, m.confidence, m.description
FROM keys AS k
JOIN shared_matches AS m USING (shared)
UNION ALL
SELECT k.x_ClassKey, 3, s.priority, s.rule_id, s.workload_class, s.confidence, s.description
FROM (SELECT * FROM class_keys WHERE x_ClassKey IN (SELECT x_ClassKey FROM static_keys)) AS k
JOIN (SELECT * FROM class_signals
      WHERE match_column = 'ResourceId' OR starts_with(match_column, 'Tags.')) AS s
  ON (s.product_code IS NULL OR k.x_ProductCode ILIKE s.product_code)
 -- 'Tags.KEY': the value of one tag (e.g. Azure ML's ComputeType)
 AND CASE WHEN s.match_column = 'ResourceId' THEN k.ResourceId
          ELSE k.Tags[s.match_column[6:]] END ILIKE s.pattern
