-- Creates TEMP TABLE report_compute as compute.sql does, from the sums every load keeps
-- per cell (class_cell_compute, 016_report_cells.sql: the rows compute.sql reads, at the grain
-- it sums them to) for the cells of $month (DATE).
CREATE OR REPLACE TEMP TABLE report_compute AS
WITH summed AS (
    SELECT s.x_Cell AS cell, s.* EXCLUDE (x_Cell)
    FROM class_cell_compute AS s
    JOIN class_cells AS c USING (x_Cell)
    WHERE c.BillingPeriodStart = $month::TIMESTAMP
),
{include:report/compute_priced}
