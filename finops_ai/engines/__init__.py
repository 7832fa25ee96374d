"""SQL for other engines: the project's DuckDB SQL transpiled for Athena, Trino and Spark
(transpile.py), and the script that classifies over the Parquet export there (distributed.py)."""
