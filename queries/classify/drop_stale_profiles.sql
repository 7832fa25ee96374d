-- Forget the profiles of fleets about to be profiled again, and of fleets that are gone.
DELETE FROM gpu_fleet_profile WHERE fleet_id IN (SELECT fleet_id FROM stale_fleets)
