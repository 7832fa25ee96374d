-- Forget the GPU candidates of keys about to be matched again, and of keys that are gone.
DELETE FROM gpu_candidates
WHERE x_ClassKey IN (SELECT x_ClassKey FROM static_keys)
   OR x_ClassKey NOT IN (SELECT x_ClassKey FROM class_keys)
