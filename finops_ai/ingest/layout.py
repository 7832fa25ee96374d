"""How a bill file is laid out: Parquet, CSV (plain or gzip) or JSON, and the columns DuckDB
reads from it. Which format those columns are is ingest/detect.py's question."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from finops_ai.errors import IngestError, first_line
from finops_ai.ingest import csv_check
from finops_ai.ingest.files import magic


@dataclass(frozen=True)
class Layout:
    """What a bill file looks like: how to read it and which columns it has."""

    kind: str  # "parquet" | "csv" | "json"
    compression: str  # "none" | "gzip" (csv only)
    columns: dict[str, str]  # column name as DuckDB reads it -> DuckDB type
    # DuckDB renames CSV headers that differ only in case (user:Team, user:team -> team_1);
    # AWS tag keys are case-sensitive, so keep the header as written, by DuckDB's name.
    headers: dict[str, str] = field(default_factory=dict)

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
        return (
            "read_csv($path, header = true, all_varchar = true, compression = $compression, "
            "nullstr = ['', 'NULL'], strict_mode = true)"
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
        # Saved API responses of AI providers; parsed in Python (ingest/ai_provider.py).
        return Layout("json", "gzip" if head[:2] == b"\x1f\x8b" else "none", {})
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
        rows = con.execute(f"DESCRIBE SELECT * FROM {layout.reader()}", layout.params(path))
        columns = {row[0]: row[1] for row in rows.fetchall()}
    except duckdb.Error as exc:
        if layout.kind == "csv":
            csv_check.refuse_bad_rows(path, layout.compression, name)
            reason = csv_check.duckdb_reason(exc)
        else:
            reason = first_line(exc)
        raise IngestError(name, f"cannot read as {layout.kind}: {reason}") from exc
    headers = _csv_header(path, layout.compression) if layout.kind == "csv" else []
    if layout.kind == "csv" and len(headers) != len(columns):
        # DuckDB's sniffer settles on another delimiter when rows disagree (a cut-off or
        # ragged row, a stray byte): name the row rather than report an unknown format.
        csv_check.refuse_bad_rows(path, layout.compression, name)
    written = dict(zip(columns, headers, strict=True)) if len(headers) == len(columns) else {}
    return Layout(layout.kind, layout.compression, columns, written)


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
