"""Tell a bill's format from its columns (never from its file name)."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from finops_ai.errors import IngestError, UnknownFormatError, first_line
from finops_ai.ingest import azure_native, csv_check, gcp_native
from finops_ai.ingest.files import magic

FORMATS = ("cur", "cur2", "focus", "azure-cost", "gcp-billing")
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
    # False for a CSV DuckDB's strict reader refuses only for its mixed line ends (see sniff).
    strict: bool = True

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
    head = magic(path)
    if not head:
        raise IngestError(name, "file is empty")
    csv_check.refuse_utf16(path, name)
    if _starts_json(path, gzipped=head[:2] == b"\x1f\x8b"):
        compression = "gzip" if head[:2] == b"\x1f\x8b" else "none"
        # Google's billing export as BigQuery writes JSON: read by DuckDB (ingest/gcp_native.py).
        billing = gcp_native.json_columns(con, path, compression)
        if billing is not None:
            return Layout("json", compression, billing)
        # Saved API responses of AI providers; parsed in Python (ingest/ai_provider.py).
        return Layout("json", compression, {})
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


def detect(layout: Layout, name: str) -> str:
    """Return one of FORMATS (or PROVIDER_FORMATS) for a file's columns, or raise a clear error."""
    lower = {c.lower() for c in layout.columns}
    if layout.kind == "json":
        return "gcp-billing" if gcp_native.is_billing_export(lower) else "provider-json"
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
    # Native cloud exports (before they have FOCUS): Azure cost details, Google's billing export.
    if azure_native.is_cost_details(lower):
        return "azure-cost"
    if gcp_native.is_billing_export(lower):
        return "gcp-billing"
    sample = ", ".join(list(layout.columns)[:6])
    raise UnknownFormatError(
        name,
        f"unknown bill format (columns: {sample}{', ...' if len(layout.columns) > 6 else ''})",
        "finops-ai reads AWS CUR (legacy and 2.0), FOCUS exports, Azure cost details, Google "
        "Cloud Billing exports and OpenAI/Anthropic usage and cost exports; pass --format to "
        "force a cloud bill format",
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
