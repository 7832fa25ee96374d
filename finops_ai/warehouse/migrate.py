"""Numbered schema migrations from queries/schema/, recorded in schema_migrations."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from finops_ai.errors import WarehouseError
from finops_ai.resources import queries_dir

_NAME = re.compile(r"^(\d{3})_(\w+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """All known migrations as (version, name, sql), oldest first."""
    found = []
    for path in sorted((queries_dir() / "schema").glob("*.sql")):
        match = _NAME.match(path.name)
        if match:
            found.append((int(match[1]), match[2], path.read_text(encoding="utf-8")))
    return found


def latest_version() -> int:
    return max(version for version, _, _ in migrations())


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE table_name = 'schema_migrations' AND database_name = current_database()"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return int(
        con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]
    )


def apply(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations on ``con`` (the caller holds the transaction); return versions."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    have = current_version(con)
    if have > latest_version():
        raise WarehouseError(
            f"the warehouse has schema version {have}, newer than this finops-ai knows "
            f"({latest_version()})",
            "Upgrade finops-ai",
        )
    applied = []
    for version, name, sql in migrations():
        if version <= have:
            continue
        con.execute(sql)
        con.execute(
            "INSERT INTO schema_migrations VALUES ($version, $name, now()::TIMESTAMP)",
            {"version": version, "name": name},
        )
        applied.append(version)
    return applied


def check_readable(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    have = current_version(con)
    if have > latest_version():
        raise WarehouseError(
            f"{path}: schema version {have} is newer than this finops-ai ({latest_version()})",
            "Upgrade finops-ai",
        )
