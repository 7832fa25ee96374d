DROP TABLE cell_staging
