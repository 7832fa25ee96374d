"""Build the typed projection that feeds a mapping query in queries/ingest/.

A mapping query (say ``ingest/cur_to_focus``) reads a relation ``src`` with a fixed set of
canonical columns. Real bills drift: columns come and go between months, and the same column is
``lineItem/UsageType`` in a CSV and ``line_item_usage_type`` in Parquet. This module matches the
file's columns to the canonical ones by name, casts each to its canonical type, and fills the
ones the file lacks with typed NULLs, so the mapping query never changes shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from finops_ai.errors import IngestError

DECIMAL = "DECIMAL(38, 12)"
TEXT_TYPES = ("VARCHAR",)
# Charges fall between these. A date outside (year 0, 9999-12-31, a time in milliseconds read
# as seconds, the 1970 of a zero time) is a corrupt value, not a charge.
EARLIEST, LATEST = "2000-01-01", "2100-01-01"
_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE")
_TIME_TYPES = ("DATE", "TIMESTAMP")


@dataclass(frozen=True)
class Projected:
    sql: str  # "SELECT ... FROM <reader>"
    params: dict[str, object]
    # (file column, SQL naming what is wrong with its value, NULL when nothing is): the
    # projection's casts stop at a bad value; these find its row for the error message.
    checks: tuple[tuple[str, str], ...]
    reader: str  # the table function reading the file


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def cast_expr(column: str, source_type: str, target: str) -> str:
    """An expression turning file column ``column`` of ``source_type`` into ``target``."""
    ref = quote_ident(column)
    wanted = _wrong_type(source_type, target)
    if wanted and target != "MAP(VARCHAR, VARCHAR)":
        # A column of the wrong type is fine while it is empty (exports type columns they do
        # not fill); a value in it stops the load. A BOOLEAN cost would cast to 1 and 0 dollars.
        return (
            f"CASE WHEN {ref} IS NULL THEN CAST(NULL AS {target}) "
            f"ELSE error('a column holds {source_type} values, not {wanted}') END"
        )
    if target == "VARCHAR":
        if source_type.startswith("VARCHAR"):
            # Bills write '' for "no value"; trimming every string costs more than it finds.
            return f"NULLIF({ref}, '')"
        return f"CAST({ref} AS VARCHAR)"
    if target == "TIMESTAMP":
        if source_type.startswith("VARCHAR"):
            # Through TIMESTAMPTZ so that 'Z' and '-07:00' offsets are honoured (session is UTC).
            # The text is checked first (cheaply: trim only what fails), because DuckDB takes
            # year 0 and zone names ('PST' read as Los Angeles, daylight time or not) as dates.
            text = (
                f"CASE WHEN {_time_text_ok(ref)} THEN {ref} "
                f"WHEN {_time_text_ok(f'trim({ref})')} THEN trim({ref}) "
                f"WHEN NULLIF(trim({ref}), '') IS NULL THEN NULL "
                "ELSE error('a date/time is out of range or names a time zone') END"
            )
            return f"CAST(CAST({text} AS TIMESTAMPTZ) AS TIMESTAMP)"
        stamp = f"CAST({ref} AS TIMESTAMP)"
        return (
            f"CASE WHEN NOT {_in_range(stamp)} THEN error('a date/time is out of range') "
            f"ELSE {stamp} END"
        )
    if target == DECIMAL:
        if source_type.startswith("VARCHAR"):
            return f"CAST(NULLIF(trim({ref}), '') AS {DECIMAL})"
        return f"CAST({ref} AS {DECIMAL})"
    if target == "MAP(VARCHAR, VARCHAR)":
        if source_type == target:
            return ref  # a no-op CAST still costs a pass over every map
        if source_type.startswith("MAP"):
            return f"CAST({ref} AS MAP(VARCHAR, VARCHAR))"
        # JSON text (CUR 2.0 CSV, FOCUS CSV); '' and 'null' mean no tags. Google's FOCUS
        # BigQuery view writes an array of {"key", "value", "x_type"} objects (labels, system
        # labels, project labels) instead of an object: the first value of a key wins.
        text = f"NULLIF(NULLIF(trim({ref}), ''), 'null')"
        items = f"CAST(CAST({text} AS JSON) AS JSON[])"
        pairs = (
            f"list_filter(list_transform({items}, lambda x: struct_pack(key := x->>'key', "
            f"value := x->>'value')), lambda x, i: x.key IS NOT NULL AND list_position("
            f"list_transform({items}, lambda y: y->>'key'), x.key) = i)"
        )
        return (
            f"CASE WHEN starts_with({text}, '[') THEN map_from_entries({pairs}) "
            f"ELSE CAST(CAST({text} AS JSON) AS MAP(VARCHAR, VARCHAR)) END"
        )
    raise ValueError(f"no cast to {target}")


def _time_text_ok(text: str) -> str:
    """SQL: does ``text`` start with a year in range and end in a digit, Z, UTC or GMT (no
    zone name)? The calendar itself is checked by the cast."""
    return (
        f"({text}[5] = '-' AND left({text}, 4) BETWEEN '{EARLIEST[:4]}' AND '{int(LATEST[:4]) - 1}'"
        f" AND (right({text}, 1) BETWEEN '0' AND '9' OR right({text}, 1) IN ('Z', 'z')"
        f" OR upper(right({text}, 3)) IN ('UTC', 'GMT')))"
    )


def _in_range(stamp: str) -> str:
    return f"({stamp} >= TIMESTAMP '{EARLIEST}' AND {stamp} < TIMESTAMP '{LATEST}')"


def what_is_wrong(column: str, source_type: str, target: str) -> str:
    """SQL naming what keeps file column ``column``'s value from becoming ``target``, or NULL
    when nothing does (the row-by-row twin of :func:`cast_expr`'s checks)."""
    ref = quote_ident(column)
    span = f"between {EARLIEST[:4]} and {int(LATEST[:4]) - 1}"
    wanted = _wrong_type(source_type, target)
    if wanted:
        return f"CASE WHEN {ref} IS NOT NULL THEN 'holds {source_type} values, not {wanted}' END"
    if target == "TIMESTAMP" and source_type.startswith("VARCHAR"):
        text = f"NULLIF(trim({ref}), '')"
        parsed = f"TRY_CAST({text} AS TIMESTAMPTZ)"
        return (
            f"CASE WHEN {text} IS NULL THEN NULL "
            f"WHEN {parsed} IS NULL THEN 'is not a date/time' "
            f"WHEN NOT (right({text}, 1) BETWEEN '0' AND '9' OR right({text}, 1) IN ('Z', 'z') "
            f"OR upper(right({text}, 3)) IN ('UTC', 'GMT')) "
            "THEN 'names a time zone (bills give UTC or a numeric offset such as -07:00)' "
            f"WHEN NOT {_time_text_ok(text)} THEN 'is not a date {span}' END"
        )
    if target == "TIMESTAMP":
        stamp = f"TRY_CAST({ref} AS TIMESTAMP)"
        return (
            f"CASE WHEN {ref} IS NULL THEN NULL WHEN {stamp} IS NULL THEN 'is not a date/time' "
            f"WHEN NOT {_in_range(stamp)} THEN 'is not a date {span}' END"
        )
    if target == DECIMAL:
        text = f"NULLIF(trim(CAST({ref} AS VARCHAR)), '')"
        digits = f"regexp_full_match({text}, '[+-]?[0-9]*[.]?[0-9]*([eE][+-]?[0-9]+)?')"
        return (
            f"CASE WHEN {text} IS NULL OR TRY_CAST({ref} AS {DECIMAL}) IS NOT NULL THEN NULL "
            f"WHEN {digits} THEN 'is too large an amount (at most 26 digits before the point)' "
            "ELSE 'is not a number' END"
        )
    if target == "MAP(VARCHAR, VARCHAR)" and source_type.startswith("VARCHAR"):
        text = f"NULLIF(NULLIF(trim({ref}), ''), 'null')"
        return (
            f"CASE WHEN {text} IS NOT NULL AND (TRY_CAST({text} AS JSON) IS NULL "
            f"OR json_type(TRY_CAST({text} AS JSON)) NOT IN ('OBJECT', 'ARRAY')) "
            "THEN 'is not a JSON object of tags' END"
        )
    return "NULL"


def _wrong_type(source_type: str, target: str) -> str | None:
    """What ``target`` wants if a column of ``source_type`` cannot hold it, else None."""
    base = source_type.split("(")[0].upper()
    if target == DECIMAL:
        numeric = base == "DECIMAL" or base.lstrip("U") in _NUMERIC_TYPES
        return None if base.startswith("VARCHAR") or numeric else "numbers"
    if target == "TIMESTAMP":
        return None if base.startswith(("VARCHAR", *_TIME_TYPES)) else "dates/times"
    if target == "MAP(VARCHAR, VARCHAR)":
        return None if base.startswith(("VARCHAR", "MAP")) else "a map of tags"
    return None


def check_type(column: str, source_type: str, target: str, name: str) -> None:
    """Refuse a map column of a type no cast makes a map (DuckDB would fail to bind it)."""
    wanted = _wrong_type(source_type, target)
    if wanted:
        raise IngestError(name, f"column {column!r} holds {source_type} values, not {wanted}")


def project(
    reader: str,
    reader_params: Mapping[str, object],
    wanted: dict[str, str],
    found: dict[str, tuple[str, str]],
    extra_exprs: dict[str, str] | None = None,
    *,
    name: str,
    extra_checks: tuple[tuple[str, str], ...] = (),
) -> Projected:
    """SELECT every ``wanted`` canonical column (name -> type) from ``reader``.

    ``found`` maps canonical names to (file column, file type). ``extra_exprs`` supplies
    ready-made expressions (e.g. tag maps) for canonical names not in ``wanted``, and
    ``extra_checks`` the checks of the file columns they read (see :func:`what_is_wrong`).
    """
    parts = []
    checks = []
    for canonical, target in wanted.items():
        if canonical in found:
            column, source_type = found[canonical]
            if target == "MAP(VARCHAR, VARCHAR)":
                check_type(column, source_type, target, name)
            parts.append(f"{cast_expr(column, source_type, target)} AS {canonical}")
            if target != "VARCHAR":
                checks.append((column, what_is_wrong(column, source_type, target)))
        else:
            parts.append(f"CAST(NULL AS {target}) AS {canonical}")
    for canonical, expr in (extra_exprs or {}).items():
        parts.append(f"{expr} AS {canonical}")
    sql = "SELECT\n    " + ",\n    ".join(parts) + f"\nFROM {reader}"
    return Projected(sql, dict(reader_params), (*checks, *extra_checks), reader)


def first_bad_value(projected: Projected) -> str:
    """SQL finding the first data row (1-based, as a spreadsheet counts after the header)
    holding a value the projection cannot take: (row, [problem per check], [value per check]).
    It reads ``projected.params``, or fewer of them: bind it with resources.bind."""
    problems = ", ".join(problem for _, problem in projected.checks) or "NULL"
    values = (
        ", ".join(f"CAST({quote_ident(column)} AS VARCHAR)" for column, _ in projected.checks)
        or "NULL"
    )
    return (
        "SELECT rn, problems, vals FROM (SELECT row_number() OVER () AS rn, "
        f"[{problems}] AS problems, [{values}] AS vals FROM {projected.reader}) "
        "WHERE list_count(problems) > 0 ORDER BY rn LIMIT 1"
    )
