-- Is a delivery (e.g. an S3 billing period at a given CUR assembly) already current?
-- $version: the source_version recorded for its files. Returns one boolean.
SELECT EXISTS (
    SELECT 1
    FROM load_files f
    JOIN bill_partitions p ON p.load_id = f.load_id
    WHERE f.source_version = $version
) AS is_current
