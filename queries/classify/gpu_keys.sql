-- The GPU fleet members this time: the candidates (store_gpu_candidates.sql) that no user rule
-- explains, with what the profile steps read of them.
CREATE OR REPLACE TEMP TABLE gpu_keys AS
SELECT x_ClassKey, fleet_id, fleet_base, BillingPeriodStart FROM gpu_candidates
WHERE x_ClassKey NOT IN (SELECT x_ClassKey FROM line_item_class_matches WHERE tier = 1)
