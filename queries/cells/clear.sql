-- Line items or the cells' SQL changed: every cell is worked out again from every class key, and
-- its sums from every line item (the load that changed them has just read them all).
DELETE FROM class_key_cells;
DELETE FROM class_cells;
DELETE FROM class_cell_totals;
DELETE FROM class_cell_days;
DELETE FROM class_cell_compute;
DELETE FROM class_cell_models;
