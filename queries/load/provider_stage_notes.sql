-- The notes staged by this load, in order. Returns (note).
SELECT note FROM temp.provider_stage_notes
