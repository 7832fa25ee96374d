-- Has a file with this content been ingested before, and do its rows still stand?
-- $sha: sha256 of the file. Returns (load_id, source, is_current), newest first.
SELECT
    f.load_id,
    f.source,
    EXISTS (SELECT 1 FROM bill_partitions p WHERE p.load_id = f.load_id) AS is_current
FROM load_files f
WHERE f.content_sha256 = $sha
ORDER BY f.load_id DESC
