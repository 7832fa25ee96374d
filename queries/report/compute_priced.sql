-- Fragment ({include:report/compute_priced}, after a CTE named summed): the rest of compute.sql
-- and compute_stored.sql, which differ only in where summed comes from: the line items of the
-- report month (compute.sql) or the sums every load keeps per cell (class_cell_compute,
-- 016_report_cells.sql). summed: cell, currency, line_item_type, pricing_category,
-- commitment_status, commitment_id, commitment_type, period_start, period_end, unit, quantity,
-- unmetered_ms, cost, list_cost, line_items.
priced AS (
    SELECT
        s.currency, c.provider, c.class, c.region, c.service, c.model, c.instance_type,
        c.family, c.capacity_kind,
        CASE
            WHEN s.line_item_type IN ('SavingsPlanRecurringFee', 'RIFee')
                 OR s.commitment_status = 'Unused' THEN 'unused'
            WHEN s.line_item_type IN ('SavingsPlanCoveredUsage', 'DiscountedUsage')
                 OR s.pricing_category = 'Committed' OR s.commitment_status = 'Used'
                THEN 'committed'
            WHEN s.pricing_category IN ('Dynamic', 'Spot') OR c.spot_key THEN 'spot'
            ELSE 'on_demand'
        END AS pricing,
        s.commitment_id, s.commitment_type, s.period_start, s.period_end,
        -- Seconds, exactly (DECIMAL): hours as a DOUBLE sum differed in the last digits with the
        -- order DuckDB added them in, which moved a fleet's hours by a cent at a half cent.
        coalesce(s.unmetered_ms, 0) * 0.001 + coalesce(s.quantity * CASE
            WHEN coalesce(trim(s.unit), '') = '' THEN 3600
            WHEN regexp_matches(lower(trim(s.unit)), '^([0-9]+ )?(h|hr|hrs|hour|hours)$') THEN 3600
            WHEN regexp_matches(lower(trim(s.unit)), '^(s|sec|secs|second|seconds)$') THEN 1
            WHEN regexp_matches(lower(trim(s.unit)), '^(min|mins|minute|minutes)$') THEN 60
            WHEN regexp_matches(lower(trim(s.unit)), '^(d|day|days)$') THEN 86400
            ELSE 0
        END, 0) AS seconds,
        s.cost, s.list_cost, s.line_items
    FROM summed AS s
    JOIN report_cells AS c USING (cell)
)
SELECT currency, provider, class, region, service, model, instance_type, family, capacity_kind,
       pricing, commitment_id, commitment_type, period_start, period_end,
       CAST(sum(seconds) / 3600 AS DECIMAL(38, 12)) AS hours, sum(cost) AS cost,
       sum(list_cost) AS list_cost,
       sum(line_items) AS line_items
FROM priced
GROUP BY ALL
