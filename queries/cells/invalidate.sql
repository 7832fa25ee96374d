-- A classification that loaded nothing (a rule change) may have moved keys between classes, and
-- so between cells: rather than rebuild the cells from every line item, it drops the mark that
-- they are current, and the report derives what they hold from the keys and line items until
-- the next load rebuilds them (report/cells_current.sql).
DELETE FROM classifier_inputs WHERE name = 'cells_built'
