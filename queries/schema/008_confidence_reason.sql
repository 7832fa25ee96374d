-- Why a usage-pattern decision is not made with high confidence, in words, for `explain` and for
-- analysts: 'neither steady nor bursty: decided by the instance family', 'only 4 busy hours'...
-- NULL when the confidence is high. Filled by the next classification: a change to
-- queries/classify/ makes it profile every fleet again.
ALTER TABLE gpu_fleet_profile ADD COLUMN confidence_reason VARCHAR;
