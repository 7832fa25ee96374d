"""Analyst access, read-only: SQL over the warehouse as a table, CSV, JSON or Parquet
(query.py), the example queries shipped with finops-ai (examples.py), and the Hive-partitioned
Parquet export other tools read in place (export.py)."""
