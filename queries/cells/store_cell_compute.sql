-- The accelerated compute, model capacity bought by the hour and commitment rows of every cell,
-- summed as report/compute.sql sums one month's (report/compute_summed.sql: the same rows, the
-- same grain): report/compute_stored.sql reads them instead of the line items.
INSERT INTO class_cell_compute
WITH compute_rows AS (
    SELECT d.*, k.x_Cell AS cell, c.x_AcceleratedType AS instance_type,
           c.x_CapacityKind AS capacity_kind
    FROM line_item_data AS d
    JOIN class_key_cells AS k USING (x_ClassKey)
    JOIN class_cells AS c USING (x_Cell)
),
{include:report/compute_summed}
SELECT * FROM summed
