-- Bookkeeping for idempotent, restatement-safe ingest.
-- loads: one row per ingest command that changed the warehouse.
-- load_files: every file a load read, with its content hash (same hash again = nothing to do).
-- bill_partitions: which load currently owns each (provider, billing account, billing period);
--   a newer delivery of the same partition replaces the older one's rows.
CREATE TABLE loads (
    load_id      BIGINT PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    command      VARCHAR,
    row_count    BIGINT,
    finops_ai_version VARCHAR
);

CREATE TABLE load_files (
    load_id        BIGINT NOT NULL,
    source         VARCHAR NOT NULL,
    source_version VARCHAR,
    content_sha256 VARCHAR NOT NULL,
    size_bytes     BIGINT,
    format         VARCHAR NOT NULL,
    row_count      BIGINT NOT NULL,
    billed_cost    DECIMAL(38, 12)
);

CREATE TABLE bill_partitions (
    ProviderName       VARCHAR NOT NULL,
    BillingAccountId   VARCHAR NOT NULL,
    BillingPeriodStart TIMESTAMP NOT NULL,
    load_id            BIGINT NOT NULL,
    row_count          BIGINT NOT NULL,
    billed_cost        DECIMAL(38, 12),
    loaded_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (ProviderName, BillingAccountId, BillingPeriodStart)
);
