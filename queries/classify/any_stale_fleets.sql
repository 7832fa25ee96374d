-- Whether any GPU fleet needs profiling (profiling reads every GPU hour, so it is skipped if not).
SELECT count(*) > 0 FROM stale_fleets
