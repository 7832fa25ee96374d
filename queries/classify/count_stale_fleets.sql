-- How many fleets stale_fleets.sql listed, and how many of them still have members (profiling
-- reads every GPU hour, so it is skipped when none has; the others are fleets that are gone).
SELECT count(*), count_if(member_keys > 0) FROM stale_fleets
