-- The top-level field names of a JSON bill's first record (a BigQuery export writes one record
-- per line; a JSON array's elements are its records): the formats' tests tell Google's Cloud
-- Billing export from an AI provider's API response by them (ingest/layout.py).
SELECT json_keys(json) FROM read_json_objects($path, format = 'auto', compression = $compression)
LIMIT 1
