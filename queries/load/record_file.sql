-- Record one file of a load. $load_id, $source, $source_version, $sha, $size, $format, $rows, $billed.
INSERT INTO load_files VALUES ($load_id, $source, $source_version, $sha, $size, $format, $rows, $billed)
