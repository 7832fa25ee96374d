DELETE FROM gpu_usage WHERE x_ClassKey NOT IN (SELECT x_ClassKey FROM class_keys)
