-- Staging for AI provider rows of the current load (docs/providers.md): they join line_item_data
-- only after the cloud bills' partitions are replaced, and replace windows of days, not months.
-- provider_stage: line items as mapped; provider_stage_windows: the window each source covers.
CREATE TEMP TABLE IF NOT EXISTS provider_stage AS SELECT * FROM line_item_data LIMIT 0;
CREATE TEMP TABLE IF NOT EXISTS provider_stage_windows (
    ProviderName     VARCHAR NOT NULL,
    BillingAccountId VARCHAR NOT NULL,
    BillingAccountName VARCHAR,
    report           VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    window_start     TIMESTAMP NOT NULL,
    window_end       TIMESTAMP NOT NULL,
    fetched_at       TIMESTAMP NOT NULL
);
CREATE TEMP TABLE IF NOT EXISTS provider_stage_notes (note VARCHAR NOT NULL);
