-- How much this load staged of AI provider data. Returns (windows, notes).
SELECT (SELECT count(*) FROM temp.provider_stage_windows),
       (SELECT count(*) FROM temp.provider_stage_notes)
