-- Tier 5: what is left. AI services with no specific rule are other AI spend; everything
-- else (CPU compute, storage, databases, networking...) is not AI.
INSERT INTO line_item_class_matches
SELECT x_ClassKey, 5, 0,
       CASE WHEN ServiceCategory = 'AI and Machine Learning' THEN 'default-ai-service'
            ELSE 'default-non-ai' END,
       CASE WHEN ServiceCategory = 'AI and Machine Learning' THEN 'ai_other' ELSE 'non_ai' END,
       CASE WHEN ServiceCategory = 'AI and Machine Learning' THEN 'low' ELSE 'medium' END,
       CASE WHEN ServiceCategory = 'AI and Machine Learning'
            THEN 'AI and Machine Learning service with no more specific rule'
            ELSE 'No AI signal' END
FROM class_keys
WHERE x_ClassKey IN (SELECT x_ClassKey FROM static_keys)
