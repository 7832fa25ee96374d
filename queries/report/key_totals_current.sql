-- Whether class_key_totals (one row per class key and currency) can stand in for the line items
-- in report_key_costs (key_costs.sql): true when its line items and $basis cost add up to those
-- of line_item_data, read from two of its columns (the line items' count is metadata). Every
-- load rebuilds the totals and checks them (classify/store_totals.sql), so they are current
-- unless something wrote line items without classifying them; then build.py sums the line items
-- themselves (key_costs_rows.sql) rather than report from stale totals. What it cannot see: a
-- hand edit that moves cost or rows between keys and keeps both sums (an UPDATE of x_ClassKey).
-- $basis: 'effective' or 'billed'.
SELECT
    (SELECT count(*) FROM line_item_data) = (SELECT coalesce(sum(line_items), 0)
                                             FROM class_key_totals)
    AND (SELECT sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END)
         FROM line_item_data)
        IS NOT DISTINCT FROM
        (SELECT sum(CASE WHEN $basis = 'billed' THEN BilledCost ELSE EffectiveCost END)
         FROM class_key_totals) AS current
