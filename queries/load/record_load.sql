-- Record a finished load. $load_id, $started_at, $command, $version.
INSERT INTO loads
SELECT $load_id, $started_at, now()::TIMESTAMP, $command,
       (SELECT count(*) FROM line_item_data WHERE x_LoadId = $load_id), $version
