-- Tier 3: the built-in service / usage-type signals (class_signals, from signals.csv).
INSERT INTO line_item_class_matches
SELECT k.x_ClassKey, 3, s.priority, s.rule_id, s.workload_class, s.confidence, s.description
FROM (SELECT * FROM class_keys WHERE x_ClassKey IN (SELECT x_ClassKey FROM static_keys)) AS k
JOIN class_signals AS s
  ON (s.product_code IS NULL OR k.x_ProductCode ILIKE s.product_code)
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
        ELSE CASE WHEN starts_with(s.match_column, 'Tags.') THEN k.Tags[s.match_column[6:]] END
     END ILIKE s.pattern
