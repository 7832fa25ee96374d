"""Read-only SQL for analysts, rendered as a table, CSV or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from finops_ai.engines.transpile import python_value
from finops_ai.errors import WarehouseError, first_line
from finops_ai.escaping import controls, spreadsheet_cell
from finops_ai.resources import bind, load_query
from finops_ai.warehouse.db import connect_read_only


def table_listing() -> str:
    return load_query("warehouse/list_relations")


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["month=2026-10", ...]`` (from --param) -> ``{"month": "2026-10"}``."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise WarehouseError(
                f"--param {pair!r} is not NAME=VALUE", "e.g. --param month=2026-10"
            )
        params[name.strip()] = value
    return params


def _bound(query: str, params: dict[str, str] | None) -> dict[str, object]:
    return {k: python_value(v) for k, v in bind(query, params or {}).items()}


def _failed(exc: duckdb.Error, query: str) -> WarehouseError:
    message = first_line(exc)
    if "read-only" in message:
        return WarehouseError(
            f"finops-ai sql is read-only: {message}", "Change the warehouse with finops-ai ingest"
        )
    if "parameter" in message.lower() and "$" in query:
        return WarehouseError(f"query failed: {message}", "Pass each $name as --param name=VALUE")
    return WarehouseError(f"query failed: {message}")


def _execute(
    con: duckdb.DuckDBPyConnection, query: str, params: dict[str, str] | None
) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(query, _bound(query, params))
    except duckdb.Error as exc:
        raise _failed(exc, query) from exc


def _write_parquet(
    con: duckdb.DuckDBPyConnection, query: str, params: dict[str, str] | None, tmp: Path
) -> int:
    # Streamed in record batches: a large result never has to fit in memory twice.
    try:
        reader = con.sql(query, params=_bound(query, params) or None).to_arrow_reader()
    except duckdb.Error as exc:
        raise _failed(exc, query) from exc
    rows = 0
    with pq.ParquetWriter(tmp, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def save_query(
    path: Path,
    query: str,
    fmt: str,
    output: Path,
    params: dict[str, str] | None = None,
    spreadsheet_safe: bool = False,
) -> int:
    """Write the result of ``query`` to ``output`` (csv, json, parquet); return its row count.

    Written to a temporary file beside ``output`` and renamed, so a reader or a failed query
    never leaves half a file. ``spreadsheet_safe``: CSV cells that start like a formula are
    prefixed with a quote (escaping.spreadsheet_cell).
    """
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    con = connect_read_only(path)
    try:
        if fmt == "parquet":
            rows = _write_parquet(con, query, params, tmp)
        else:
            cursor = _execute(con, query, params)
            if cursor.description is None:
                raise WarehouseError("the statement returns no rows to write")
            columns = [d[0] for d in cursor.description]
            data = cursor.fetchall()
            text = _csv(columns, data, spreadsheet_safe) if fmt == "csv" else _json(columns, data)
            tmp.write_text(text + "\n", encoding="utf-8")
            rows = len(data)
        os.replace(tmp, output)
        return rows
    finally:
        con.close()
        tmp.unlink(missing_ok=True)


def run_query(
    path: Path,
    query: str,
    fmt: str = "table",
    max_rows: int = 100,
    params: dict[str, str] | None = None,
    spreadsheet_safe: bool = False,
) -> str:
    """The result of ``query`` as text: a table for a terminal (control characters in the data
    shown as escapes), CSV (the data exact, unless ``spreadsheet_safe``) or JSON."""
    con = connect_read_only(path)
    try:
        cursor = _execute(con, query, params)
        if cursor.description is None:
            return ""
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    if fmt == "csv":
        return _csv(columns, rows, spreadsheet_safe)
    if fmt == "json":
        return _json(columns, rows)
    return _table(columns, rows, max_rows)


def _json(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    return json.dumps(
        [dict(zip(columns, r, strict=True)) for r in rows], default=_json_value, indent=2
    )


def _json_value(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


class _LfRows:
    """A csv.writer target that ends rows with LF. The writer quotes a field only for the
    characters of its line terminator, so it gets CRLF (and quotes a field holding a lone CR,
    which every reader would take for a row end) and each row, written whole, ends in LF."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def write(self, row: str) -> None:
        self.rows.append(row.removesuffix("\r\n"))

    def getvalue(self) -> str:
        return "\n".join(self.rows)


def _csv(columns: list[str], rows: list[tuple[Any, ...]], spreadsheet_safe: bool = False) -> str:
    out = _LfRows()
    writer = csv.writer(out, lineterminator="\r\n")
    if spreadsheet_safe:
        # Column names too: a PIVOT names its columns after the data.
        writer.writerow([spreadsheet_cell(c) for c in columns])
        writer.writerows([spreadsheet_cell(v) for v in row] for row in rows)
    else:
        writer.writerow(columns)
        writer.writerows(rows)
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal) and value.is_finite():
        # DuckDB gives each value its column's scale, so a column keeps one number of decimals
        # (at most 4: sums of DECIMAL(38, 12) costs) instead of "600" above "708.7500".
        places = min(max(-int(value.as_tuple().exponent), 0), 4)
        return f"{value:,.{places}f}"
    return controls(str(value))


def _table(columns: list[str], rows: list[tuple[Any, ...]], max_rows: int) -> str:
    shown = [[_cell(v) for v in row] for row in rows[:max_rows]]
    numeric = [
        all(
            isinstance(r[i], int | float | decimal.Decimal)
            for r in rows[:max_rows]
            if r[i] is not None
        )
        for i in range(len(columns))
    ]
    widths = [max([len(controls(c))] + [len(r[i]) for r in shown]) for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths]

    def line(cells: list[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            cell = cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…"
            parts.append(cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    out = [line([controls(c) for c in columns]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in shown]
    if len(rows) > max_rows:
        out.append(f"... {len(rows) - max_rows:,} more rows (use --format csv for all)")
    else:
        out.append(f"({len(rows):,} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
