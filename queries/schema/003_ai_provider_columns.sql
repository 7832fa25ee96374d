-- AI provider usage and cost (OpenAI, Anthropic): the columns their line items need, and the
-- bookkeeping that lets an API pull replace a window of days instead of a whole billing month.
-- See docs/providers.md. Runs inside the writer's transaction (finops_ai/warehouse/migrate.py).
ALTER TABLE line_item_data ADD COLUMN x_Model VARCHAR;
ALTER TABLE line_item_data ADD COLUMN x_TokenType VARCHAR;
ALTER TABLE line_item_data ADD COLUMN x_ServiceTier VARCHAR;
ALTER TABLE line_item_data ADD COLUMN x_ApiKeyId VARCHAR;
ALTER TABLE line_item_data ADD COLUMN x_CostEstimated BOOLEAN;
ALTER TABLE line_item_data ADD COLUMN x_ProviderReport VARCHAR;

-- The public view lists the table's columns as they were when it was created: recreate it.
CREATE OR REPLACE VIEW line_items AS SELECT * FROM line_item_data;

-- provider_days: which load (and file or endpoint) currently owns each UTC day of one report
-- (`costs`, `usage/completions`, `cost_report`, `usage_report/messages`, ...) of one provider
-- organisation. A newer window of the same report replaces the older rows of those days.
-- full_day: the window covered the whole day; fetched_at: when the data was read (a pull) or
-- ingested (a file). A day is complete, and not pulled again, once it was read in full at least
-- two days after it ended, because providers still revise the last two days.
CREATE TABLE provider_days (
    ProviderName     VARCHAR NOT NULL,
    BillingAccountId VARCHAR NOT NULL,
    report           VARCHAR NOT NULL,
    day              DATE NOT NULL,
    load_id          BIGINT NOT NULL,
    source           VARCHAR NOT NULL,
    full_day         BOOLEAN NOT NULL,
    fetched_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (ProviderName, BillingAccountId, report, day)
);

-- provider_sources: the window each file or endpoint of a load delivered, so that a saved
-- response ingested again is skipped while it still owns all of its days.
CREATE TABLE provider_sources (
    load_id          BIGINT NOT NULL,
    source           VARCHAR NOT NULL,
    ProviderName     VARCHAR NOT NULL,
    BillingAccountId VARCHAR NOT NULL,
    report           VARCHAR NOT NULL,
    window_start     TIMESTAMP NOT NULL,
    window_end       TIMESTAMP NOT NULL,
    day_count        INTEGER NOT NULL
);
