-- Forget the member fingerprints of fleets about to be profiled again, and of fleets that are gone.
DELETE FROM gpu_fleet_members WHERE fleet_id IN (SELECT fleet_id FROM stale_fleets)
