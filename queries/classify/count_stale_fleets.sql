-- Whether any fleet with members needs profiling (profiling reads every GPU hour, so it is
-- skipped if not; stale_fleets.sql also lists the fleets that are gone).
SELECT count(*) > 0 FROM stale_fleets WHERE member_keys > 0
