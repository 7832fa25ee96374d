"""The script `finops-ai sql --dialect trino|athena|spark --emit` prints: a table over the
Parquet export, the classification inputs as views, then every portable view and query.

Identifiers in the generated DDL come from the schema migrations (code), never from input; the
user's values (the export location, parameters) become SQL literals through sqlglot, which
quotes them for the target dialect.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from finops_ai import __version__
from finops_ai.classify.signals import built_in_signals
from finops_ai.engines.transpile import (
    BASE_RELATIONS,
    Query,
    literal,
    placeholders,
    problems,
    query_set,
    transpile,
    views,
)
from finops_ai.resources import load_query
from finops_ai.warehouse import migrate
from finops_ai.warehouse.db import connect_read_only

PARTITIONS = (("billing_period", "VARCHAR"), ("provider", "VARCHAR"))
# UBIGINT has no equivalent elsewhere; the export writes it as DECIMAL(20,0) (export SQL).
EXPORT_TYPES = {"x_ClassKey": "DECIMAL(20, 0)"}
SIGNAL_COLUMNS = (
    ("rule_id", "VARCHAR"),
    ("priority", "INTEGER"),
    ("product_code", "VARCHAR"),
    ("match_column", "VARCHAR"),
    ("pattern", "VARCHAR"),
    ("workload_class", "VARCHAR"),
    ("confidence", "VARCHAR"),
    ("description", "VARCHAR"),
)
RULE_COLUMNS = (
    ("position", "INTEGER"),
    ("rule_id", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("rule_key", "VARCHAR"),
    ("pattern", "VARCHAR"),
    ("workload_class", "VARCHAR"),
)
DEFAULTS = {"location": "s3://YOUR-BUCKET/finops-export/", "schema": "finops"}


@dataclass(frozen=True)
class Statement:
    name: str
    sql: str


@functools.cache
def export_columns() -> tuple[tuple[str, str], ...]:
    """(name, DuckDB type) of every column in the Parquet export, partition columns last."""
    con = duckdb.connect(":memory:")
    try:
        migrate.apply(con)
        rows = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'line_items' ORDER BY ordinal_position"
        ).fetchall()
    finally:
        con.close()
    return tuple((name, EXPORT_TYPES.get(name, kind)) for name, kind in rows) + PARTITIONS


def table_ddl(dialect: str, location: str, schema: str) -> list[Statement]:
    """CREATE TABLE line_items over the export at ``location``, and its partition discovery."""
    loc = literal(location).sql(dialect="spark" if dialect == "spark" else "trino")
    data = [c for c in export_columns() if c not in PARTITIONS]
    if dialect == "spark":
        sql = f"CREATE OR REPLACE TEMPORARY VIEW line_items\nUSING parquet\nOPTIONS (path {loc})"
        return [Statement("line_items", sql)]
    if dialect == "athena":  # Athena's DDL is Hive's
        cols = ",\n".join(f"  `{n}` {_type(t, 'hive')}" for n, t in data)
        parts = ", ".join(f"`{n}` {_type(t, 'hive')}" for n, t in PARTITIONS)
        sql = (
            f"CREATE EXTERNAL TABLE IF NOT EXISTS line_items (\n{cols}\n)\n"
            f"PARTITIONED BY ({parts})\nSTORED AS PARQUET\nLOCATION {loc}"
        )
        return [
            Statement("line_items", sql),
            Statement("partitions", "MSCK REPAIR TABLE line_items"),
        ]
    cols = ",\n".join(f"  {n} {_type(t, 'trino')}" for n, t in export_columns())
    names = ", ".join(f"'{n}'" for n, _ in PARTITIONS)
    sch = literal(schema).sql(dialect="trino")
    sql = (
        f"CREATE TABLE IF NOT EXISTS line_items (\n{cols}\n)\nWITH (\n"
        f"  external_location = {loc},\n  format = 'PARQUET',\n"
        f"  partitioned_by = ARRAY[{names}]\n)"
    )
    sync = f"CALL system.sync_partition_metadata({sch}, 'line_items', 'FULL')"
    return [Statement("line_items", sql), Statement("partitions", sync)]


def _type(duckdb_type: str, dialect: str) -> str:
    return exp.DataType.build(duckdb_type, dialect="duckdb").sql(dialect=dialect)


def values_view(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[object]]) -> str:
    """A DuckDB SELECT over literal rows (typed; no rows gives an empty, typed result)."""

    def value(raw: object, kind: str) -> exp.Expr:
        if raw is None or raw == "":
            return exp.cast(exp.null(), kind)  # a bare NULL has no type to unify VALUES rows by
        return literal(str(raw)) if kind == "INTEGER" else exp.Literal.string(str(raw))

    if not rows:
        select = exp.select(*[exp.cast(exp.null(), k).as_(n) for n, k in columns])
        return select.where(exp.false()).sql(dialect="duckdb")
    tuples = [
        exp.Tuple(expressions=[value(v, k) for v, (_, k) in zip(r, columns, strict=True)])
        for r in rows
    ]
    values = exp.Values(
        expressions=tuples,
        alias=exp.TableAlias(
            this=exp.to_identifier("t"), columns=[exp.to_identifier(n) for n, _ in columns]
        ),
    )
    return exp.select(*[n for n, _ in columns]).from_(values).sql(dialect="duckdb")


def signal_rows() -> list[list[str]]:
    return [[row[name] for name, _ in SIGNAL_COLUMNS] for row in built_in_signals()]


def statements(
    dialect: str,
    params: Mapping[str, str] | None = None,
    rules: Sequence[Sequence[object]] = (),
) -> tuple[list[Statement], list[tuple[str, list[str]]]]:
    """The emitted statements, and the (query, reasons) left out because they are not portable."""
    values = {**DEFAULTS, **(params or {})}
    out = table_ddl(dialect, values["location"], values["schema"])
    inputs = [
        Query("class_signals", values_view(SIGNAL_COLUMNS, signal_rows()), True),
        Query("classification_rules", values_view(RULE_COLUMNS, rules), True),
    ]
    available, skipped = set(BASE_RELATIONS), []
    for query in inputs + query_set():
        reasons = problems(query.sql, available)
        if reasons:
            skipped.append((query.name, reasons))
            continue
        sql = transpile(query.sql, dialect, values)
        if query.is_view:
            available.add(query.name)
            temporary = "TEMPORARY " if dialect == "spark" else ""
            sql = f"CREATE OR REPLACE {temporary}VIEW {query.name} AS\n{sql}"
        out.append(Statement(query.name, sql))
    return out, skipped


def script(
    dialect: str, params: Mapping[str, str] | None = None, rules: Sequence[Sequence[object]] = ()
) -> str:
    """The whole emitted script, with comments saying where each statement comes from."""
    import sqlglot

    stmts, skipped = statements(dialect, params, rules)
    emitted = {s.name for s in stmts}
    unbound = sorted(
        {p for q in query_set() if q.name in emitted for p in placeholders(q.sql)}
        - set(params or {})
    )
    lines = [
        f"-- finops-ai {__version__}: the project's SQL for {dialect}, transpiled from DuckDB by "
        f"sqlglot {sqlglot.__version__}.",  # type: ignore[attr-defined]
        "-- Run the statements in order, with the session time zone set to UTC.",
        f"-- Export first: finops-ai export --output DIR, then copy DIR to {DEFAULTS['location']}"
        " (or pass --param location=...).",
    ]
    if unbound:
        lines.append(
            "-- Queries with :name markers need values: pass --param NAME=VALUE for "
            + ", ".join(unbound)
            + "."
        )
    for stmt in stmts:
        lines += ["", f"-- {stmt.name}", stmt.sql + ";"]
    if skipped:
        lines += ["", "-- Not emitted: these run on the DuckDB warehouse only."]
        lines += [f"--   {name}: {'; '.join(reasons)}" for name, reasons in skipped]
    return "\n".join(lines) + "\n"


def emit(
    warehouse: Path, sql: str | None, dialect: str, params: Mapping[str, str]
) -> tuple[str, list[str]]:
    """What `finops-ai sql --emit` prints, and warnings for stderr.

    With no ``sql``: the whole script, with the user rules stored in ``warehouse`` (if there is
    one) as the classification_rules view. With ``sql``: that query, transpiled.
    """
    if sql is None:
        return script(dialect, params, stored_rules(warehouse)), []
    if dialect == "duckdb":
        return sql.rstrip() + "\n", []
    names = set(BASE_RELATIONS) | {view.name for view in views()}
    warnings = problems(sql, names)
    return transpile(sql, dialect, params) + ";\n", warnings


def stored_rules(warehouse: Path) -> list[tuple[Any, ...]]:
    if not warehouse.exists():
        return []
    con = connect_read_only(warehouse)
    try:
        return con.execute(load_query("warehouse/stored_rules")).fetchall()
    finally:
        con.close()
