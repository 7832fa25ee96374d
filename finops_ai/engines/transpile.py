"""The project's DuckDB SQL, transpiled by sqlglot for Athena, Trino and Spark SQL.

Why sqlglot and not hand-written copies: one source of truth. The views (from the schema
migrations), queries/distributed/, queries/examples/ and queries/report/ are parsed as DuckDB
and generated for the target engine. What does not transpile cleanly is never emitted silently:
:func:`problems` names the reason (a DuckDB-only function, GROUP BY ALL, a warehouse table that
the Parquet export does not carry...), and the emitted script lists those queries as skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError

from finops_ai.errors import FinopsError, first_line
from finops_ai.resources import load_query, queries_dir

DIALECTS = ("duckdb", "trino", "athena", "spark")
# Relations a distributed engine has: the export, and the two small tables emitted as views.
BASE_RELATIONS = frozenset({"line_items", "class_signals", "classification_rules"})
# MAP columns: DuckDB and Spark return NULL for a missing key, Trino raises, so element_at.
MAP_COLUMNS = frozenset({"tags", "x_costcategories"})
QUERY_FOLDERS = ("distributed", "examples", "report")


class TranspileError(FinopsError):
    """A query that cannot be translated to the asked dialect."""


@dataclass(frozen=True)
class Query:
    name: str  # view name, or the query's path under queries/ without .sql
    sql: str  # DuckDB SQL: a view's SELECT, or the query file
    is_view: bool


def views() -> list[Query]:
    """Every view the schema migrations create (the last definition wins), except line_items,
    which on a distributed engine is the table over the Parquet export."""
    found: dict[str, Query] = {}
    for path in sorted((queries_dir() / "schema").glob("*.sql")):
        for tree in sqlglot.parse(path.read_text(encoding="utf-8"), read="duckdb"):
            if isinstance(tree, exp.Create) and tree.args.get("kind") == "VIEW":
                name = tree.this.name
                body = tree.expression.sql(dialect="duckdb", pretty=True)
                found[name] = Query(name, body, is_view=True)
    found.pop("line_items", None)
    return list(found.values())


def queries() -> list[Query]:
    """The query files that may run on a distributed engine, in a stable order."""
    out = []
    for folder in QUERY_FOLDERS:
        for path in sorted((queries_dir() / folder).glob("*.sql")):
            out.append(Query(f"{folder}/{path.stem}", load_query(f"{folder}/{path.stem}"), False))
    return out


def query_set() -> list[Query]:
    return views() + queries()


def parse(sql: str) -> list[exp.Expr]:
    try:
        return [t for t in sqlglot.parse(sql, read="duckdb") if t is not None]
    except ParseError as exc:
        raise TranspileError(f"not valid DuckDB SQL: {first_line(exc)}") from exc


def problems(sql: str, available: Iterable[str] = BASE_RELATIONS) -> list[str]:
    """Why ``sql`` cannot run on Athena/Trino/Spark over the export; empty when it can."""
    try:
        trees = parse(sql)
    except TranspileError as exc:
        return [str(exc)]
    have = {name.lower() for name in available}
    found: list[str] = []
    for tree in trees:
        if not isinstance(tree, exp.Query):
            found.append(f"not a query: {tree.key.upper()} (writes a table)")
            continue
        ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            name = table.name.lower()
            if name and name not in ctes and name not in have:
                found.append(f"reads {table.name}, which the Parquet export does not carry")
        for node in tree.walk():
            reason = _unportable(node)
            if reason:
                found.append(reason)
    return sorted(set(found))


def _unportable(node: exp.Expr) -> str | None:
    # Constructs that sqlglot passes through unchanged although the target engines lack them.
    if isinstance(node, exp.Anonymous):
        return f"DuckDB function {node.name}() has no known translation"
    if isinstance(node, exp.Group) and node.args.get("all"):
        return "GROUP BY ALL (Trino reads ALL as a set quantifier)"
    if isinstance(node, exp.Star) and (node.args.get("except_") or node.args.get("replace")):
        return "SELECT * EXCLUDE/REPLACE"
    if isinstance(node, exp.Slice):
        return "a list or string slice [a:b]"
    if isinstance(node, exp.Lambda):
        return "a lambda"
    if isinstance(node, exp.RegexpLike) and node.args.get("flag"):
        return "a regular-expression flag argument (Spark drops it)"
    if isinstance(node, exp.Unnest) and not isinstance(node.parent, exp.Join | exp.From):
        return "unnest() outside FROM/JOIN (Spark has no set-returning functions there)"
    if isinstance(node, exp.GenerateSeries | exp.Explode):
        return "generate_series()"
    return None


def transpile(sql: str, dialect: str, params: Mapping[str, str] | None = None) -> str:
    """``sql`` (DuckDB) as ``dialect``; ``$name`` parameters in ``params`` become literals."""
    if dialect not in DIALECTS:
        raise TranspileError(f"unknown dialect {dialect!r}; choose one of {', '.join(DIALECTS)}")
    out = []
    for tree in parse(sql):
        if params:
            tree = tree.transform(lambda node: _bind(node, params))
        if dialect in ("trino", "athena"):
            tree = tree.transform(_element_at)
        try:
            out.append(
                tree.sql(
                    dialect=dialect,
                    pretty=True,
                    comments=False,
                    unsupported_level=ErrorLevel.RAISE,
                )
            )
        except UnsupportedError as exc:
            raise TranspileError(f"{dialect}: {first_line(exc)}") from exc
    return ";\n".join(out)


def literal(value: str) -> exp.Expr:
    """A --param value as a SQL literal: integers and decimals as numbers, anything else text."""
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        return exp.Literal.number(value)
    return exp.Literal.string(value)


def python_value(value: str) -> object:
    """A --param value for DuckDB's own parameter binding, typed as :func:`literal` types it."""
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value


def placeholders(sql: str) -> set[str]:
    return {node.name for tree in parse(sql) for node in tree.find_all(exp.Placeholder)}


def _bind(node: exp.Expr, params: Mapping[str, str]) -> exp.Expr:
    if isinstance(node, exp.Placeholder) and node.name in params:
        return literal(params[node.name])
    return node


def _element_at(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
        base = node.this
        if isinstance(base, exp.Column) and base.name.lower() in MAP_COLUMNS:
            return exp.Anonymous(this="ELEMENT_AT", expressions=[base, node.expressions[0]])
    return node


def source_path(query: Query) -> Path:
    if query.is_view:
        return queries_dir() / "schema"
    return queries_dir() / f"{query.name}.sql"
