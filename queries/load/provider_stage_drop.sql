-- The load's staging is done.
DROP TABLE IF EXISTS temp.provider_stage;
DROP TABLE IF EXISTS temp.provider_stage_windows;
DROP TABLE IF EXISTS temp.provider_stage_notes;
