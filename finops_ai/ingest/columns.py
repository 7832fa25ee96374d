"""Build the typed projection that feeds a mapping query in queries/ingest/.

A mapping query (say ``ingest/cur_to_focus``) reads a relation ``src`` with a fixed set of
canonical columns. Real bills drift: columns come and go between months, and the same column is
``lineItem/UsageType`` in a CSV and ``line_item_usage_type`` in Parquet. This module matches the
file's columns to the canonical ones by name, casts each to its canonical type, and fills the
ones the file lacks with typed NULLs, so the mapping query never changes shape.
"""

from __future__ import annotations

from dataclasses import dataclass

DECIMAL = "DECIMAL(38, 12)"
TEXT_TYPES = ("VARCHAR",)


@dataclass(frozen=True)
class Projected:
    sql: str  # "SELECT ... FROM <reader>"
    params: dict[str, object]
    numeric_sources: dict[str, str]  # canonical column -> file column, for error diagnosis
    time_sources: dict[str, str]
    reader: str  # the table function reading the file


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def cast_expr(column: str, source_type: str, target: str) -> str:
    """An expression turning file column ``column`` of ``source_type`` into ``target``."""
    ref = quote_ident(column)
    if target == "VARCHAR":
        if source_type.startswith("VARCHAR"):
            # Bills write '' for "no value"; trimming every string costs more than it finds.
            return f"NULLIF({ref}, '')"
        return f"CAST({ref} AS VARCHAR)"
    if target == "TIMESTAMP":
        if source_type.startswith("VARCHAR"):
            # Through TIMESTAMPTZ so that 'Z' and '-07:00' offsets are honoured (session is UTC).
            return f"CAST(CAST(NULLIF(trim({ref}), '') AS TIMESTAMPTZ) AS TIMESTAMP)"
        return f"CAST({ref} AS TIMESTAMP)"
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


def project(
    reader: str,
    reader_params: dict[str, object],
    wanted: dict[str, str],
    found: dict[str, tuple[str, str]],
    extra_exprs: dict[str, str] | None = None,
) -> Projected:
    """SELECT every ``wanted`` canonical column (name -> type) from ``reader``.

    ``found`` maps canonical names to (file column, file type). ``extra_exprs`` supplies
    ready-made expressions (e.g. tag maps) for canonical names not in ``wanted``.
    """
    parts = []
    numeric, times = {}, {}
    for canonical, target in wanted.items():
        if canonical in found:
            column, source_type = found[canonical]
            parts.append(f"{cast_expr(column, source_type, target)} AS {canonical}")
            if source_type.startswith("VARCHAR") and target == DECIMAL:
                numeric[canonical] = column
            if source_type.startswith("VARCHAR") and target == "TIMESTAMP":
                times[canonical] = column
        else:
            parts.append(f"CAST(NULL AS {target}) AS {canonical}")
    for canonical, expr in (extra_exprs or {}).items():
        parts.append(f"{expr} AS {canonical}")
    sql = "SELECT\n    " + ",\n    ".join(parts) + f"\nFROM {reader}"
    return Projected(sql, dict(reader_params), numeric, times, reader)
