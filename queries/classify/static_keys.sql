-- The keys whose tag, signal and default matches (tiers 2, 3 and 5) are computed afresh: every
-- key when $static_all (those rules changed, or a full classification), else the keys just loaded.
-- These matches depend only on a key's own attributes, so the others keep theirs.
CREATE OR REPLACE TEMP TABLE static_keys AS
SELECT x_ClassKey FROM class_keys
WHERE $static_all OR x_ClassKey IN (SELECT x_ClassKey FROM new_keys)
