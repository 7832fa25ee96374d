-- The report's grain, kept at load time so that `finops-ai report` does not work it out from
-- every class key and line item each time it runs (docs/report.md, How it is built). A cell is a
-- set of class keys of one billing period that the report cannot tell apart: the same class,
-- provider, service, accounts, model, tags, region, and what the report derives from a key
-- (report/key_derived.sql: the model billed, the accelerated instance type and family, model
-- capacity bought by the hour, spot). class_cells holds each cell, class_key_cells each key's,
-- class_cell_totals the cells' spend (from class_key_totals), and class_cell_days,
-- class_cell_compute and class_cell_models the sums of their line items that the report's
-- daily, capacity and model sections read. Every load rebuilds all six in its transaction
-- (queries/cells/, classify/run.py) and marks them built with the fingerprint of the SQL that
-- derived them (classifier_inputs 'cells_built'); a rule change drops the mark instead. The
-- report reads them only when the mark is this release's and their sums agree with
-- class_key_totals (report/cells_current.sql), else it derives the same from class_keys and the
-- line items. Empty until the first load (or classification) after this migration.

CREATE TABLE class_cells (
    x_Cell             UBIGINT NOT NULL,
    BillingPeriodStart TIMESTAMP,
    x_WorkloadClass    VARCHAR NOT NULL,
    ProviderName       VARCHAR,
    ServiceName        VARCHAR,
    BillingAccountId   VARCHAR,
    SubAccountId       VARCHAR,
    x_Model            VARCHAR,
    Tags               MAP(VARCHAR, VARCHAR),
    RegionId           VARCHAR,
    x_BilledModel      VARCHAR,
    x_AcceleratedType  VARCHAR,
    x_InstanceFamily   VARCHAR,
    x_CapacityKind     VARCHAR,
    x_SpotKey          BOOLEAN
);

CREATE TABLE class_key_cells (
    x_ClassKey UBIGINT NOT NULL,
    x_Cell     UBIGINT NOT NULL
);

CREATE TABLE class_cell_totals (
    x_Cell          UBIGINT NOT NULL,
    BillingCurrency VARCHAR,
    line_items      BIGINT NOT NULL,
    EffectiveCost   DECIMAL(38, 12),
    BilledCost      DECIMAL(38, 12),
    SubAccountName  VARCHAR
);

CREATE TABLE class_cell_days (
    x_Cell          UBIGINT NOT NULL,
    BillingCurrency VARCHAR,
    day             DATE,
    short           BOOLEAN,
    EffectiveCost   DECIMAL(38, 12),
    BilledCost      DECIMAL(38, 12),
    last_charge_end TIMESTAMP,
    line_items      BIGINT NOT NULL
);

CREATE TABLE class_cell_compute (
    x_Cell            UBIGINT NOT NULL,
    currency          VARCHAR,
    line_item_type    VARCHAR,
    pricing_category  VARCHAR,
    commitment_status VARCHAR,
    commitment_id     VARCHAR,
    commitment_type   VARCHAR,
    period_start      TIMESTAMP,
    period_end        TIMESTAMP,
    unit              VARCHAR,
    quantity          DECIMAL(38, 12),
    unmetered_ms      HUGEINT,
    cost              DECIMAL(38, 12),
    list_cost         DECIMAL(38, 12),
    line_items        BIGINT NOT NULL
);

CREATE TABLE class_cell_models (
    x_Cell          UBIGINT NOT NULL,
    BillingCurrency VARCHAR,
    x_TokenType     VARCHAR,
    x_PricingTier   VARCHAR,
    estimated       BOOLEAN,
    tokens          DECIMAL(38, 0),
    EffectiveCost   DECIMAL(38, 12),
    BilledCost      DECIMAL(38, 12),
    line_items      BIGINT NOT NULL,
    priced          BOOLEAN
);

COMMENT ON TABLE class_cells IS 'Internal to the report: each cell (class keys of one billing period the report groups alike: class, provider, service, accounts, model, tags, region, billed model, accelerated type and family, capacity kind, spot) and its attributes. Rebuilt by every load. Grain: x_Cell. See docs/schema.md.';
COMMENT ON TABLE class_key_cells IS 'Internal to the report: the cell (class_cells) of every class key. Rebuilt by every load. Grain: x_ClassKey.';
COMMENT ON TABLE class_cell_totals IS 'Internal to the report: line items, EffectiveCost, BilledCost and the largest SubAccountName per cell and currency, summed from class_key_totals. Rebuilt by every load. Grain: x_Cell x BillingCurrency.';
COMMENT ON TABLE class_cell_days IS 'Internal to the report: spend per cell, currency, UTC charge day and whether the charge covers a day or less. Rebuilt by every load. See docs/schema.md.';
COMMENT ON TABLE class_cell_compute IS 'Internal to the report: the accelerated compute, hourly model capacity and commitment rows per cell, summed by how they were priced. Rebuilt by every load. See docs/schema.md.';
COMMENT ON TABLE class_cell_models IS 'Internal to the report: the rows naming a model or token type per cell, token type, tier and estimate: tokens, costs, line items. Rebuilt by every load. See docs/schema.md.';
