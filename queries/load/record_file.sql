-- Record one file of a load. $load_id, $source, $source_version, $sha, $size, $format, $rows,
-- $billed, $delivery_id (NULL for a loose file), $source_path.
INSERT INTO load_files (load_id, source, source_version, content_sha256, size_bytes, format,
                        row_count, billed_cost, delivery_id, source_path)
VALUES ($load_id, $source, $source_version, $sha, $size, $format, $rows, $billed, $delivery_id,
        $source_path)
