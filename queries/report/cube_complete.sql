-- Whether report_cube holds every line item: cube.sql places them through their class keys,
-- and a line item without one in class_keys (none once a load has classified) would be missing.
SELECT (SELECT coalesce(sum(line_items), 0) FROM report_cube)
       = (SELECT count(*) FROM line_item_data) AS complete
