-- Workload classification: training / inference / ai_other / non_ai for every line item.
-- Line items are grouped by a class key (a hash of every column a rule can look at, stamped on
-- each row once); classification decides per key, so re-classifying after a rule change touches
-- a few thousand keys, never the line items themselves.
ALTER TABLE line_item_data ADD COLUMN x_ClassKey UBIGINT;

-- One row per class key: the attributes rules read, kept up to date by each load, so that
-- classifying never has to scan the line items.
CREATE TABLE class_keys (
    x_ClassKey         UBIGINT PRIMARY KEY,
    ProviderName       VARCHAR,
    BillingAccountId   VARCHAR,
    SubAccountId       VARCHAR,
    BillingPeriodStart TIMESTAMP,
    BillingPeriodEnd   TIMESTAMP,
    ChargeCategory     VARCHAR,
    ServiceName        VARCHAR,
    ServiceCategory    VARCHAR,
    ServiceSubcategory VARCHAR,
    RegionId           VARCHAR,
    ResourceId         VARCHAR,
    ResourceType       VARCHAR,
    SkuMeter           VARCHAR,
    ChargeDescription  VARCHAR,
    x_UsageType        VARCHAR,
    x_Operation        VARCHAR,
    x_InstanceType     VARCHAR,
    x_ProductCode      VARCHAR,
    x_Model            VARCHAR,
    x_TokenType        VARCHAR,
    Tags               MAP(VARCHAR, VARCHAR),
    x_CostCategories   MAP(VARCHAR, VARCHAR),
    accelerator_type   VARCHAR
);

-- Hours of GPU/accelerator use per class key and charge period start: what the usage-pattern
-- rules profile. Kept up to date by each load.
CREATE TABLE gpu_usage (
    x_ClassKey        UBIGINT NOT NULL,
    ChargePeriodStart TIMESTAMP NOT NULL,
    seconds           DOUBLE,
    hours             DOUBLE,
    ResourceId        VARCHAR,
    EffectiveCost     DECIMAL(38, 12)
);

-- The last charge each bill partition covers: the end of the window GPU profiles are judged on.
ALTER TABLE bill_partitions ADD COLUMN last_charge_end TIMESTAMP;

-- The decision for each class key. x_ClassRule is the id of the rule that decided
-- (queries/classify/signals.csv, a user rule from the rules file, or a gpu-pattern-* rule).
CREATE TABLE line_item_classes (
    x_ClassKey        UBIGINT PRIMARY KEY,
    x_WorkloadClass   VARCHAR NOT NULL,
    x_ClassRule       VARCHAR NOT NULL,
    x_ClassConfidence VARCHAR NOT NULL
);

-- Every rule that matched a class key, decided or overruled, for `finops-ai explain`.
CREATE TABLE line_item_class_matches (
    x_ClassKey     UBIGINT NOT NULL,
    tier           INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    rule_id        VARCHAR NOT NULL,
    workload_class VARCHAR NOT NULL,
    confidence     VARCHAR NOT NULL,
    description    VARCHAR
);

-- The user's rules (from `finops-ai classify --rules FILE`), kept so that every later ingest
-- classifies with them too.
CREATE TABLE classification_rules (
    position       INTEGER NOT NULL,
    rule_id        VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    rule_key       VARCHAR,
    pattern        VARCHAR NOT NULL,
    workload_class VARCHAR NOT NULL,
    source         VARCHAR
);

-- The usage profile of each GPU/accelerator fleet per billing period that no tag or service
-- explained: what the usage-pattern rules decided from.
CREATE TABLE gpu_fleet_profile (
    fleet_id           UBIGINT NOT NULL,
    ProviderName       VARCHAR,
    BillingAccountId   VARCHAR,
    SubAccountId       VARCHAR,
    RegionId           VARCHAR,
    accelerator_type   VARCHAR,
    fleet_tag          VARCHAR,
    BillingPeriodStart TIMESTAMP,
    granularity        VARCHAR,
    buckets            INTEGER,
    active_buckets     INTEGER,
    duty_cycle         DOUBLE,
    mean_instances     DOUBLE,
    peak_instances     DOUBLE,
    cv                 DOUBLE,
    runs               INTEGER,
    longest_run        INTEGER,
    resources          INTEGER,
    effective_cost     DECIMAL(38, 12),
    workload_class     VARCHAR,
    rule_id            VARCHAR,
    confidence         VARCHAR
);

CREATE OR REPLACE VIEW line_items AS
SELECT d.*, c.x_WorkloadClass, c.x_ClassRule, c.x_ClassConfidence
FROM line_item_data AS d
LEFT JOIN line_item_classes AS c USING (x_ClassKey);
