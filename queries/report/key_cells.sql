-- Creates TEMP TABLE report_cells: the dimensions of each report_keys cell (report_days' grain),
-- one row per cell.
CREATE OR REPLACE TEMP TABLE report_cells AS
SELECT DISTINCT
    cell, class, provider, service, billing_account, account, x_model, tag_values, region, model
FROM report_keys
