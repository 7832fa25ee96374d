-- Incremental classification: what a re-classification can reuse instead of recomputing.
-- Classifying after a rule change should cost in proportion to what changed, not to the size of
-- the warehouse. Three things are kept between classifications:
--   * line items and effective cost per class key and currency (class_key_totals), refreshed by
--     every load, so totals and checks read one row per key instead of every line item;
--   * the matches of the rules that depend only on a key's own attributes (workload tags,
--     built-in signals, defaults: tiers 2, 3 and 5 of line_item_class_matches), recomputed for
--     new keys at each load and for all keys when those rules change (classifier_inputs);
--   * each GPU fleet's profile, with the fingerprint of its member keys (gpu_fleet_members), so
--     only fleets whose members or usage changed are profiled again.

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

-- Fingerprints of the rules whose matches are kept (name -> sha256 of the files behind them).
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
