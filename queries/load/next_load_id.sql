-- The id for a new load. Returns one row (load_id).
SELECT coalesce(max(load_id), 0) + 1 AS load_id FROM loads
