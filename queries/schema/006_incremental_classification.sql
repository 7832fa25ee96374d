-- Incremental classification: what a re-classification can reuse instead of recomputing.
-- Classifying after a rule change should cost in proportion to what changed, not to the size of
-- the warehouse. These are kept between classifications:
--   * line items and effective cost per class key and currency (class_key_totals), refreshed by
--     every load, so totals and checks read one row per key instead of every line item;
--   * the matches of the rules that depend only on a key's own attributes (workload tags,
--     built-in signals, defaults: tiers 2, 3 and 5 of line_item_class_matches), recomputed for
--     new keys at each load, and for all keys when the classifier's SQL changes
--     (classifier_inputs);
--   * each GPU fleet's profile, with the fingerprint of its member keys (gpu_fleet_members), so
--     only fleets whose members or usage changed are profiled again, and the GPU keys no tag or
--     signal explains (gpu_candidates).

CREATE TABLE class_key_totals (
    x_ClassKey      UBIGINT NOT NULL,
    BillingCurrency VARCHAR,
    line_items      BIGINT NOT NULL,
    EffectiveCost   DECIMAL(38, 12)
);

INSERT INTO class_key_totals
SELECT x_ClassKey, BillingCurrency, count(*), sum(EffectiveCost)
FROM line_item_data
WHERE x_ClassKey IS NOT NULL
GROUP BY x_ClassKey, BillingCurrency;

-- Fingerprints of the SQL that computed what is kept (name -> sha256 of queries/classify/ files).
CREATE TABLE classifier_inputs (
    name        VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL
);

-- The member keys each stored fleet profile was computed from.
CREATE TABLE gpu_fleet_members (
    fleet_id    UBIGINT NOT NULL,
    member_keys BIGINT NOT NULL,
    member_hash UBIGINT NOT NULL
);

-- GPU/accelerator keys that no workload tag or service signal explains, with their fleet:
-- the usage-pattern rules' candidates (queries/classify/store_gpu_candidates.sql).
CREATE TABLE gpu_candidates (
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
