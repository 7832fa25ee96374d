INSERT INTO class_key_cells SELECT x_ClassKey, x_Cell FROM cell_staging
