"""How a bill file is laid out: Parquet, CSV (plain or gzip) or JSON, and the columns DuckDB
reads from it. Which format those columns are is ingest/detect.py's question."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from finops_ai.errors import IngestError, first_line
from finops_ai.ingest import csv_check
from finops_ai.ingest.files import magic
from finops_ai.resources import load_query


@dataclass(frozen=True)
class Layout:
    """What a bill file looks like: how to read it and which columns it has."""

    kind: str  # "parquet" | "csv" | "json"
    compression: str  # "none" | "gzip" (csv only)
    columns: dict[str, str]  # column name as DuckDB reads it -> DuckDB type
    # DuckDB renames CSV headers that differ only in case (user:Team, user:team -> team_1);
    # AWS tag keys are case-sensitive, so keep the header as written, by DuckDB's name.
    headers: dict[str, str] = field(default_factory=dict)
    # False for a CSV DuckDB's strict reader refuses only for its mixed line ends (see sniff).
    strict: bool = True

    def names(self) -> frozenset[str]:
        """The column names in lower case, as the formats' ``matches`` tests compare them."""
        return frozenset(c.lower() for c in self.columns)

    def header(self, column: str) -> str:
        return self.headers.get(column, column)

    def reader(self) -> str:
        """The table function that reads the file bound to the ``$path`` parameter."""
        if self.kind == "parquet":
            return "read_parquet($path)"
        # Every CSV column is read as text and cast by our mapping, so that a bad value is
        # reported with its column and row instead of silently becoming NULL or a float.
        dialect = (
            "strict_mode = true"
            if self.strict
            else "delim = ',', quote = '\"', escape = '\"', strict_mode = false"
        )
        return (
            "read_csv($path, header = true, all_varchar = true, compression = $compression, "
            f"nullstr = ['', 'NULL'], {dialect})"
        )

    def params(self, path: Path) -> dict[str, str]:
        if self.kind == "parquet":
            return {"path": str(path)}
        return {"path": str(path), "compression": self.compression}


def sniff(con: duckdb.DuckDBPyConnection, path: Path, name: str) -> Layout:
    """Read how ``path`` is laid out, or raise an IngestError naming ``name`` and the problem."""
    head = magic(path)
    if not head:
        raise IngestError(name, "file is empty")
    csv_check.refuse_utf16(path, name)
    if _starts_json(path, gzipped=head[:2] == b"\x1f\x8b"):
        compression = "gzip" if head[:2] == b"\x1f\x8b" else "none"
        # Google's billing export as BigQuery writes it, or an AI provider's saved API response
        # (parsed in Python, ingest/ai_provider.py): told apart by the first record's keys.
        return Layout("json", compression, _json_keys(con, path, compression))
    if head == b"PAR1":
        layout = Layout("parquet", "none", {})
    elif head[:2] == b"\x1f\x8b":
        layout = Layout("csv", "gzip", {})
    elif name.lower().endswith(".parquet"):
        # Named Parquet but without Parquet's magic bytes: say so, not "cannot read as csv".
        raise IngestError(name, "not a readable Parquet file (truncated or corrupt)")
    else:
        layout = Layout("csv", "none", {})
        # Checked first: DuckDB's sniffer takes a cut-off last row for another CSV dialect.
        csv_check.refuse_cut_row(path, name)
    try:
        columns = _describe(con, layout, path)
    except duckdb.Error as exc:
        if layout.kind != "csv":
            raise IngestError(name, f"cannot read as {layout.kind}: {first_line(exc)}") from exc
        csv_check.refuse_bad_rows(path, layout.compression, name)
        if not csv_check.mixed_line_ends(path, layout.compression):
            raise IngestError(name, f"cannot read as csv: {csv_check.duckdb_reason(exc)}") from exc
        # Lines ending in CRLF and in LF in one file (koku's Azure MCA sample) are refused by
        # DuckDB's strict reader. Python's csv module has just read every row whole, with
        # the header's number of fields, so the standard dialect, stated, reads them right.
        layout = replace(layout, strict=False)
        try:
            columns = _describe(con, layout, path)
        except duckdb.Error as again:
            reason = csv_check.duckdb_reason(again)
            raise IngestError(name, f"cannot read as csv: {reason}") from again
    headers = _csv_header(path, layout.compression) if layout.kind == "csv" else []
    if layout.kind == "csv" and len(headers) != len(columns):
        # DuckDB's sniffer settles on another delimiter when rows disagree (a cut-off or
        # ragged row, a stray byte): name the row rather than report an unknown format.
        csv_check.refuse_bad_rows(path, layout.compression, name)
    written = dict(zip(columns, headers, strict=True)) if len(headers) == len(columns) else {}
    return Layout(layout.kind, layout.compression, columns, written, layout.strict)


def _json_keys(con: duckdb.DuckDBPyConnection, path: Path, compression: str) -> dict[str, str]:
    # On a cursor of its own, so that JSON DuckDB cannot read leaves the load's transaction as
    # it was for the provider reader, which then judges the file.
    try:
        with con.cursor() as cur:
            rows = cur.execute(
                load_query("ingest/json_keys"), {"path": str(path), "compression": compression}
            ).fetchall()
    except duckdb.Error:
        return {}
    return {key: "JSON" for key in (rows[0][0] or [])} if rows else {}


def _describe(con: duckdb.DuckDBPyConnection, layout: Layout, path: Path) -> dict[str, str]:
    # On a cursor of its own: a file DuckDB cannot read must not abort the load's transaction
    # before the reader is retried (or another one tried).
    with con.cursor() as cur:
        rows = cur.execute(f"DESCRIBE SELECT * FROM {layout.reader()}", layout.params(path))
        return {row[0]: row[1] for row in rows.fetchall()}


def _csv_header(path: Path, compression: str) -> list[str]:
    """The first row of a CSV as written (DuckDB has already checked the file is CSV)."""
    opener = gzip.open if compression == "gzip" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error, EOFError):
        return []


def _starts_json(path: Path, gzipped: bool) -> bool:
    """Does the file's text start with '{' or '[' (after a BOM and white space)?"""
    try:
        opener = gzip.open if gzipped else open
        with opener(path, "rb") as handle:
            head = handle.read(1024)
    except (OSError, EOFError):
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head[:1] in (b"{", b"[")
