"""Put a warehouse back as an older release left it, for the upgrade tests."""

from __future__ import annotations

import re

import duckdb

from finops_ai.resources import query_path


def undo_migration(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Drop the columns queries/schema/<version>_*.sql added, and its record."""
    (path,) = query_path("schema").glob(f"{version:03d}_*.sql")
    sql = path.read_text(encoding="utf-8")
    for table, column in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", sql):
        con.execute(f"ALTER TABLE IF EXISTS {table} DROP COLUMN IF EXISTS {column}")
    con.execute("DELETE FROM schema_migrations WHERE version = $v", {"v": version})


def undo_migration_010(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what queries/schema/010_usage_pattern.sql added (its columns), and its record."""
    undo_migration(con, 10)


def undo_migration_011(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what queries/schema/011_delivery_identity.sql added (its columns), and its record."""
    undo_migration(con, 11)
