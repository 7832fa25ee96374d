"""Tell a bill's format from its columns (never from its file name)."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from finops_ai.errors import IngestError, UnknownFormatError, first_line
from finops_ai.ingest import csv_check
from finops_ai.ingest.files import magic

FORMATS = ("cur", "cur2", "focus")
# AI provider usage and cost (ingest/ai_provider.py): saved API responses and CSV exports.
PROVIDER_FORMATS = ("provider-json", "openai-csv", "anthropic-csv")


@dataclass(frozen=True)
class Layout:
    """What a bill file looks like: how to read it and which columns it has."""

    kind: str  # "parquet" | "csv" | "json"
    compression: str  # "none" | "gzip" (csv only)
    columns: dict[str, str]  # column name as DuckDB reads it -> DuckDB type
    # DuckDB renames CSV headers that differ only in case (user:Team, user:team -> team_1);
    # AWS tag keys are case-sensitive, so keep the header as written, by DuckDB's name.
    headers: dict[str, str] = field(default_factory=dict)

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


def detect(layout: Layout, name: str) -> str:
    """Return one of FORMATS (or PROVIDER_FORMATS) for a file's columns, or raise a clear error."""
    if layout.kind == "json":
        return "provider-json"
    lower = {c.lower() for c in layout.columns}
    # Two FOCUS-only mandatory names suffice, so a FOCUS export that lacks one (say BilledCost)
    # is reported as exactly that by focus.project_focus, not as an unknown format.
    if len(lower & {"billedcost", "effectivecost", "chargeperiodstart", "billingperiodstart"}) >= 2:
        return "focus"
    if any(c.startswith("lineitem/") for c in lower):
        return "cur"
    if "line_item_unblended_cost" in lower or "line_item_usage_start_date" in lower:
        # CUR 2.0 carries product/tags as map columns (JSON text in its CSV form) and account
        # names; the legacy Athena/Parquet CUR has only flattened product_* columns.
        cur2_marks = {"product", "resource_tags", "cost_category", "line_item_usage_account_name"}
        return "cur2" if lower & cur2_marks else "cur"
    provider = _provider_csv(lower)
    if provider:
        return provider
    sample = ", ".join(list(layout.columns)[:6])
    raise UnknownFormatError(
        name,
        f"unknown bill format (columns: {sample}{', ...' if len(layout.columns) > 6 else ''})",
        "finops-ai reads AWS CUR (legacy and 2.0), FOCUS exports and OpenAI/Anthropic usage and "
        "cost exports; pass --format to force a cloud bill format",
    )


def focus_version(layout: Layout) -> str:
    lower = {c.lower() for c in layout.columns}
    # The 1.3 working draft (AI token billing) replaces ProviderName with these two.
    if lower & {"serviceprovidername", "hostprovidername"}:
        return "1.3"
    if lower & {"invoiceid", "billingaccounttype", "pricingcurrency", "subaccounttype"}:
        return "1.2"
    if lower & {"servicesubcategory", "skumeter", "commitmentdiscountquantity"}:
        return "1.1"
    return "1.0"


def _provider_csv(lower: set[str]) -> str | None:
    """OpenAI's console export flattens API results under start_time/end_time columns;
    Anthropic's cookbook export has a date and its own token or amount columns."""
    openai_fields = {
        "amount_value",
        "num_model_requests",
        "input_tokens",
        "images",
        "characters",
        "seconds",
        "usage_bytes",
        "num_sessions",
        "num_requests",
    }
    if {"start_time", "end_time"} <= lower and lower & openai_fields:
        return "openai-csv"
    if "date" in lower and (
        "uncached_input_tokens" in lower
        or ("description" in lower and lower & {"amount_usd", "cost_usd"})
    ):
        return "anthropic-csv"
    return None


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
