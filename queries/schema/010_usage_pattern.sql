-- The usage-pattern rules judge each GPU/accelerator resource by how its runs start and stop,
-- with the fleet's history across neighbouring billing periods (queries/classify/usage_pattern.sql).
--   * gpu_usage.hours now holds instance-hours from time-based units only (a Google VM's RAM
--     in byte-seconds adds none); the keys are recomputed by the next classification because
--     store_gpu_usage.sql changed.
--   * gpu_candidates.fleet_base: the fleet without its billing period, to find its neighbours.
--   * gpu_fleet_members.context_start/end: the window around the period a profile was judged
--     on; when a neighbouring month arrives, the window and so the profile change.
--   * gpu_fleet_profile: the evidence of the new rules (jobs, the steady base, its start and end).
ALTER TABLE gpu_candidates ADD COLUMN fleet_base UBIGINT;
ALTER TABLE gpu_fleet_members ADD COLUMN context_start TIMESTAMP;
ALTER TABLE gpu_fleet_members ADD COLUMN context_end TIMESTAMP;
ALTER TABLE gpu_fleet_profile ADD COLUMN fleet_base UBIGINT;
ALTER TABLE gpu_fleet_profile ADD COLUMN context_start TIMESTAMP;
ALTER TABLE gpu_fleet_profile ADD COLUMN context_end TIMESTAMP;
ALTER TABLE gpu_fleet_profile ADD COLUMN jobs INTEGER;
ALTER TABLE gpu_fleet_profile ADD COLUMN job_instance_hours DOUBLE;
ALTER TABLE gpu_fleet_profile ADD COLUMN largest_job INTEGER;
ALTER TABLE gpu_fleet_profile ADD COLUMN base_instance_hours DOUBLE;
ALTER TABLE gpu_fleet_profile ADD COLUMN base_start TIMESTAMP;
ALTER TABLE gpu_fleet_profile ADD COLUMN base_end TIMESTAMP;
ALTER TABLE gpu_fleet_profile ADD COLUMN base_open_start BOOLEAN;
ALTER TABLE gpu_fleet_profile ADD COLUMN base_open_end BOOLEAN;
ALTER TABLE gpu_fleet_profile ADD COLUMN breathing DOUBLE;
ALTER TABLE gpu_fleet_profile ADD COLUMN prior VARCHAR;
-- Profiles and matches computed by the old rules go: the next classification recomputes them.
DELETE FROM classifier_inputs;

COMMENT ON COLUMN gpu_fleet_profile.fleet_base IS 'The fleet across billing periods (fleet_id without the period): its profiles in neighbouring months share it';
COMMENT ON COLUMN gpu_fleet_profile.context_start IS 'Start of the window the fleet was judged on: the previous loaded billing period''s start when there is one (history), else this period''s';
COMMENT ON COLUMN gpu_fleet_profile.context_end IS 'End of that window: the next loaded billing period''s last charge when there is one, else this one''s';
COMMENT ON COLUMN gpu_fleet_profile.jobs IS 'Runs judged as jobs (instances that started together or from idle, ran flat and stopped, within 42 days, not replaced)';
COMMENT ON COLUMN gpu_fleet_profile.job_instance_hours IS 'Instance-hours in this billing period of those job runs (training)';
COMMENT ON COLUMN gpu_fleet_profile.largest_job IS 'Instances that started together in the largest job';
COMMENT ON COLUMN gpu_fleet_profile.base_instance_hours IS 'Instance-hours in this billing period of the other runs: the fleet''s base, judged as a whole';
COMMENT ON COLUMN gpu_fleet_profile.base_start IS 'First hour (or day) the base ran in the window';
COMMENT ON COLUMN gpu_fleet_profile.base_end IS 'End of the last hour (or day) the base ran in the window';
COMMENT ON COLUMN gpu_fleet_profile.base_open_start IS 'The base was already running when the window starts (its start is not seen)';
COMMENT ON COLUMN gpu_fleet_profile.base_open_end IS 'The base was still running when the window ends';
COMMENT ON COLUMN gpu_fleet_profile.breathing IS 'Coefficient of variation of the base''s instance count over the buckets it ran: autoscaling breathes (>= 0.1), jobs are flat';
COMMENT ON COLUMN gpu_fleet_profile.prior IS 'training or inference when the accelerator is purpose-built silicon (Trainium, Gaudi, TPU v2-v5p; Inferentia), else NULL';
