-- Is a delivery (e.g. an S3 billing period at a given CUR assembly) already current, i.e. do the
-- rows of the files recorded with this source_version still stand? $version. Returns one boolean.
SELECT EXISTS (
    SELECT 1
    FROM load_files f
    JOIN line_item_data d ON d.x_LoadId = f.load_id AND d.x_SourceFile = f.source
    WHERE f.source_version = $version
) AS is_current
