-- Has a file with this content been ingested before, and do its rows still stand?
-- $sha: sha256 of the file. Returns (load_id, source, is_current, delivery_id), newest first.
-- A cloud bill is current while its rows still stand (no newer delivery replaced them); an AI
-- provider file while it still owns every day of the window it delivered (provider_days).
SELECT
    f.load_id,
    f.source,
    CASE
        WHEN EXISTS (SELECT 1 FROM provider_sources s
                     WHERE s.load_id = f.load_id AND s.source = f.source)
        THEN coalesce((
            SELECT bool_and(s.day_count = (
                SELECT count(*) FROM provider_days d
                WHERE d.load_id = s.load_id AND d.source = s.source
                  AND d.ProviderName = s.ProviderName AND d.report = s.report))
            FROM provider_sources s
            WHERE s.load_id = f.load_id AND s.source = f.source), false)
        ELSE EXISTS (SELECT 1 FROM line_item_data d
                     WHERE d.x_LoadId = f.load_id AND d.x_SourceFile = f.source)
    END AS is_current,
    f.delivery_id
FROM load_files f
WHERE f.content_sha256 = $sha
ORDER BY f.load_id DESC
