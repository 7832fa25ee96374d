-- The keys whose decision may change: those whose tag, signal and default matches are being
-- recomputed, and those a user rule or a GPU fleet decided last time (tiers 1 and 4 are
-- recomputed every time; touch_dynamic.sql adds the keys they match this time). Every other
-- key keeps exactly the matches it had, so it keeps its decision.
CREATE OR REPLACE TEMP TABLE touched_keys AS
SELECT x_ClassKey FROM static_keys
UNION
SELECT x_ClassKey FROM line_item_class_matches WHERE tier IN (1, 4)
