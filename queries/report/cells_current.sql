-- Whether the report's cells (016_report_cells.sql) can stand in for class_keys and the line
-- items: rebuilt by the last load with this release's SQL ($fingerprint, classify/run.py's
-- "cells", in classifier_inputs as 'cells_built', which a rule change since drops), one cell
-- for every class key, and the cells' line items and costs, in all and by day, those of
-- class_key_totals (which key_totals_current.sql checks against the line items). When false,
-- build.py derives the same from class_keys and the line items (cube.sql, key_attributes.sql,
-- key_cells.sql, days.sql, compute.sql, model_items.sql, ...).
SELECT
    (SELECT fingerprint FROM classifier_inputs WHERE name = 'cells_built')
        IS NOT DISTINCT FROM $fingerprint
    AND (SELECT count(*) FROM class_key_cells) = (SELECT count(*) FROM class_keys)
    AND (SELECT (coalesce(sum(line_items), 0), sum(EffectiveCost), sum(BilledCost))
         FROM class_cell_totals)
        IS NOT DISTINCT FROM
        (SELECT (coalesce(sum(line_items), 0), sum(EffectiveCost), sum(BilledCost))
         FROM class_key_totals)
    AND (SELECT (coalesce(sum(line_items), 0), sum(EffectiveCost), sum(BilledCost))
         FROM class_cell_days)
        IS NOT DISTINCT FROM
        (SELECT (coalesce(sum(line_items), 0), sum(EffectiveCost), sum(BilledCost))
         FROM class_key_totals) AS current
