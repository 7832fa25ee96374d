-- The built-in service/usage-type signals (queries/classify/signals.csv), as a temp table.
-- $path: the CSV file.
CREATE OR REPLACE TEMP TABLE class_signals AS
SELECT
    rule_id,
    CAST(priority AS INTEGER) AS priority,
    NULLIF(trim(product_code), '') AS product_code,
    match_column,
    pattern,
    workload_class,
    confidence,
    description
FROM read_csv($path, header = true, all_varchar = true)
