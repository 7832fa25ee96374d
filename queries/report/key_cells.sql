-- Creates TEMP TABLE report_cells: the attributes of each report_keys cell (the grain of
-- report_days and report_compute), one row per cell.
CREATE OR REPLACE TEMP TABLE report_cells AS
SELECT DISTINCT
    cell, class, provider, service, billing_account, account, x_model, tag_values, region,
    model, instance_type, family, capacity_kind, spot_key
FROM report_keys
