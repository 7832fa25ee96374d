"""Read-only SQL for analysts, rendered as a table, CSV or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from pathlib import Path

import duckdb

from finops_ai.errors import WarehouseError
from finops_ai.resources import load_query
from finops_ai.warehouse.db import connect_read_only


def table_listing() -> str:
    return load_query("warehouse/list_relations")


def run_query(path: Path, query: str, fmt: str = "table", max_rows: int = 100) -> str:
    con = connect_read_only(path)
    try:
        try:
            cursor = con.execute(query)
        except duckdb.Error as exc:
            message = str(exc).strip().splitlines()[0]
            if "read-only" in message:
                raise WarehouseError(
                    f"finops-ai sql is read-only: {message}",
                    "Change the warehouse with finops-ai ingest",
                ) from exc
            raise WarehouseError(f"query failed: {message}") from exc
        if cursor.description is None:
            return ""
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    if fmt == "csv":
        return _csv(columns, rows)
    if fmt == "json":
        return json.dumps(
            [dict(zip(columns, r, strict=True)) for r in rows], default=_json_value, indent=2
        )
    return _table(columns, rows, max_rows)


def _json_value(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:,.4f}"
    return str(value)


def _table(columns: list[str], rows: list[tuple], max_rows: int) -> str:
    shown = [[_cell(v) for v in row] for row in rows[:max_rows]]
    numeric = [
        all(
            isinstance(r[i], int | float | decimal.Decimal)
            for r in rows[:max_rows]
            if r[i] is not None
        )
        for i in range(len(columns))
    ]
    widths = [max([len(c)] + [len(r[i]) for r in shown]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]

    def line(cells: list[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            cell = cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…"
            parts.append(cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in shown]
    if len(rows) > max_rows:
        out.append(f"... {len(rows) - max_rows:,} more rows (use --format csv for all)")
    else:
        out.append(f"({len(rows):,} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
