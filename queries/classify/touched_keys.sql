-- The keys whose decision may change: those whose tag, signal and default matches are being
-- recomputed, and those a user rule decided last time (tier 1 is recomputed every time). The
-- GPU fleet steps and touch_dynamic.sql add the others whose matches change. Every other key
-- keeps exactly the matches it had, so it keeps its decision.
CREATE OR REPLACE TEMP TABLE touched_keys AS
SELECT x_ClassKey FROM static_keys
UNION
SELECT x_ClassKey FROM line_item_class_matches WHERE tier = 1
