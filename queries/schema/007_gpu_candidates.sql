-- GPU/accelerator keys that no workload tag or service signal explains, with their fleet: the
-- usage-pattern rules' candidates (queries/classify/store_gpu_candidates.sql), kept between
-- classifications like the tier 2 and 3 matches they follow from. IF NOT EXISTS: one release
-- added this table to migration 006 instead, so some schema 6 warehouses have it already.
CREATE TABLE IF NOT EXISTS gpu_candidates (
    x_ClassKey         UBIGINT NOT NULL,
    accelerator_type   VARCHAR,
    fleet_tag          VARCHAR,
    fleet_id           UBIGINT,
    ProviderName       VARCHAR,
    BillingAccountId   VARCHAR,
    SubAccountId       VARCHAR,
    RegionId           VARCHAR,
    BillingPeriodStart TIMESTAMP,
    window_end_hint    TIMESTAMP
);

-- The classifier's fingerprints are now 'keys' and 'rules' (finops_ai/classify/run.py). Forget
-- the old ones and 'rules', so that the next classification recomputes every match, profile and
-- decision and fills gpu_candidates. Keys stay: the key SQL did not change.
DELETE FROM classifier_inputs WHERE name <> 'keys';
