-- A restated billing period brings its class keys again: drop their old GPU hours first.
DELETE FROM gpu_usage WHERE x_ClassKey IN (SELECT x_ClassKey FROM new_keys)
