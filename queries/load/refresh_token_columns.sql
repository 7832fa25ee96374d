-- Derive the token dimension of the stored line items again (queries/ingest/token_columns.sql),
-- when a release changed how it is derived, or the warehouse was upgraded to schema 12: new rows
-- get it on the way in, so this runs once per change, from finops_ai/classify/run.py, before the
-- class keys are brought up to date. Only rows whose values change are written; those whose model
-- or token type changed lose their class key, so that the classification that follows keys them
-- again (the key hashes both).
UPDATE line_item_data AS d
SET x_Model = t.x_Model,
    x_TokenType = t.x_TokenType,
    x_PricingTier = t.x_PricingTier,
    x_TokenCount = t.x_TokenCount,
    x_ClassKey = CASE
        WHEN d.x_Model IS NOT DISTINCT FROM t.x_Model
             AND d.x_TokenType IS NOT DISTINCT FROM t.x_TokenType THEN d.x_ClassKey
    END
FROM (
    -- as a mapping's output: without the two columns the derivation adds
    WITH mapped AS (
        SELECT rowid AS token_row, * EXCLUDE (x_PricingTier, x_TokenCount) FROM line_item_data
    )
    {include:ingest/token_columns}
) AS t
WHERE d.rowid = t.token_row
  AND (d.x_Model IS DISTINCT FROM t.x_Model
       OR d.x_TokenType IS DISTINCT FROM t.x_TokenType
       OR d.x_PricingTier IS DISTINCT FROM t.x_PricingTier
       OR d.x_TokenCount IS DISTINCT FROM t.x_TokenCount)
