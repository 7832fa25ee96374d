"""What OpenAI's and Anthropic's usage and cost data have in common: pages of daily buckets.

Both admin APIs answer with ``{data: [bucket...], has_more, next_page}``; a bucket holds a time
range and a list of ``results``. A saved response may hold one page, a JSON array of pages, or
pages written one after another (``>>``). This module reads those files, tells which provider
wrote them, and turns the provider modules' rows into :class:`ProviderBatch` es: a typed Arrow
table (the ``src`` a mapping query in ``queries/ingest/`` reads) plus the window it covers.

The provider modules (openai.py, anthropic.py) import this one, never the other way round;
provider_json.py hands a saved response to the provider that wrote it.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa

from finops_ai.errors import IngestError
from finops_ai.ingest import columns
from finops_ai.ingest.http import check_page

UTC = dt.UTC
PROVIDERS = ("OpenAI", "Anthropic")
EARLIEST = dt.datetime.fromisoformat(columns.EARLIEST)
LATEST = dt.datetime.fromisoformat(columns.LATEST)


@dataclass
class ProviderBatch:
    """Rows of one report of one provider, and the window of time they replace."""

    provider: str  # "OpenAI" | "Anthropic"
    report: str  # "costs", "usage/completions", "cost_report", "usage_report/messages", ...
    mapping: str  # the query in queries/ that maps ``src`` to line items
    table: pa.Table
    window_start: dt.datetime | None  # naive UTC; None when there is no bucket at all
    window_end: dt.datetime | None
    source: str  # the file, or the endpoint URL (never with a key or query string)
    source_format: str  # "openai-json", "openai-csv", "openai-api", "anthropic-..."
    account_id: str | None = None  # the organisation, where the data or the API says it
    account_name: str | None = None
    fetched_at: dt.datetime | None = None  # when an API answered (None: a file, now)
    raw_sha256: str | None = None  # pulls: hash of the response bodies
    raw_size: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def is_cost(self) -> bool:
        """Cost reports carry the money; usage reports carry quantities (see docs/providers.md)."""
        return not self.report.startswith("usage")


# ------------------------------------------------------------------------------------------
# values


# The warehouse keeps amounts and quantities as DECIMAL(38, 12): 26 digits before the point.
_LARGEST = Decimal(10) ** 26


def decimal_or_none(value: object, where: str, what: str, name: str) -> Decimal | None:
    """A number from JSON (int, Decimal, numeric string) or CSV text; '' and null are None."""
    if value is None:
        return None
    number: Decimal | None = None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):  # NaN and Infinity (JSON has no such numbers, Python reads them)
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
    if number is not None and number.is_finite():
        if abs(number) >= _LARGEST:
            raise IngestError(
                name, f"{where}: {what} is too large (over 26 digits): {shown(value)}"
            )
        return number
    raise IngestError(name, f"{where}: {what} is not a number: {shown(value)}")


def shown(value: object) -> str:
    """A value as an error line quotes it: whole if short, else its start and length."""
    text = repr(value) if not isinstance(value, Decimal) else str(value)
    if len(text) <= 60:
        return text
    return f"{text[:40]}... ({len(text):,} characters)"


def text(value: object) -> str | None:
    """A dimension value: strings as given, numbers and booleans as text, '' as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    result = str(value).strip()
    return result or None


def boolean(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    return None


def plain(number: Decimal | None) -> str | None:
    """Decimal as plain text DuckDB casts exactly (no exponent)."""
    return None if number is None else format(number, "f")


def from_unix(value: object, where: str, name: str) -> dt.datetime:
    number = decimal_or_none(value, where, "time", name)
    if number is None:
        raise IngestError(name, f"{where}: has no start/end time")
    try:
        moment = dt.datetime.fromtimestamp(int(number), tz=UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        moment = None
    return _in_range(moment, value, where, name)


def from_rfc3339(value: object, where: str, name: str) -> dt.datetime:
    if not isinstance(value, str) or not value.strip():
        raise IngestError(name, f"{where}: has no start/end time")
    stamp = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(stamp)
    except ValueError:
        raise IngestError(name, f"{where}: {shown(value)} is not an RFC 3339 time") from None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # 0001-01-01T00:00:00+01:00
            raise IngestError(name, f"{where}: time {shown(value)} is out of range") from None
    return _in_range(parsed, value, where, name)


def _in_range(moment: dt.datetime | None, value: object, where: str, name: str) -> dt.datetime:
    """The same bounds as cloud bills' dates (ingest/columns.py): outside them is corruption."""
    if moment is None or not EARLIEST <= moment < LATEST:
        raise IngestError(
            name,
            f"{where}: time {shown(value)} is not between {EARLIEST:%Y} and {LATEST.year - 1}",
        )
    return moment


def window(spans: Iterable[tuple[dt.datetime, dt.datetime]]) -> tuple[dt.datetime | None, ...]:
    spans = list(spans)
    if not spans:
        return None, None
    return min(s for s, _ in spans), max(e for _, e in spans)


def once(seen: dict[dt.datetime, object], start: dt.datetime, results: object, name: str) -> None:
    """A bucket may continue on the next page, but the same bucket twice (a page saved twice,
    say with ``>>``) would count its results twice."""
    if start in seen and seen[start] == results and results:
        raise IngestError(
            name,
            f"bucket {start:%Y-%m-%d %H:%M} appears twice with the same results",
            "Save each page once",
        )
    seen[start] = results


def table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


# Turns one API result into rows: (result, bucket start, bucket end, where) -> rows.
RowMaker = Callable[[dict[str, Any], dt.datetime, dt.datetime, str], list[dict[str, Any]]]
TimeParser = Callable[[object, str, str], dt.datetime]


def batch_from_pages(
    provider: str,
    report: str,
    pages: list[dict[str, Any]],
    name: str,
    *,
    bounds: tuple[str, str, TimeParser],
    rows_of: RowMaker,
    mapping: str,
    schema: pa.Schema,
    source_format: str,
    source: str = "",
) -> ProviderBatch:
    """Walk the buckets of every page (``bounds``: start key, end key, time parser) into one
    batch whose window spans the buckets, empty ones included."""
    start_key, end_key, parse = bounds
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    rows: list[dict[str, Any]] = []
    seen: dict[dt.datetime, object] = {}
    buckets = 0
    for page in pages:
        for bucket in page["data"]:
            buckets += 1
            start = parse(bucket.get(start_key), f"bucket {buckets} {start_key}", name)
            once(seen, start, bucket["results"], name)
            end = parse(bucket.get(end_key), f"bucket {start:%Y-%m-%d} {end_key}", name)
            spans.append((start, end))
            for number, result in enumerate(bucket["results"], 1):
                where = f"bucket {start:%Y-%m-%d %H:%M}, result {number}"
                if not isinstance(result, dict):
                    raise IngestError(name, f"{where} is not an object")
                rows.extend(rows_of(result, start, end, where))
    window_start, window_end = window(spans)
    return ProviderBatch(
        provider=provider,
        report=report,
        mapping=mapping,
        table=table(rows, schema),
        window_start=window_start,
        window_end=window_end,
        source=source or name,
        source_format=source_format,
    )


# ------------------------------------------------------------------------------------------
# files


def batches_by_report(
    pages: list[dict[str, Any]],
    name: str,
    report_of: Callable[[dict[str, Any]], str | None],
    make_batch: Callable[[str, list[dict[str, Any]]], ProviderBatch],
) -> list[ProviderBatch]:
    """A saved response (one or many pages, possibly of several endpoints) -> one batch per
    report (``report_of`` names a result's report; ``make_batch`` builds one from its pages)."""
    by_report: dict[str, list[dict[str, Any]]] = {}
    unknown: list[dict[str, Any]] = []
    for page in pages:
        named = (report_of(r) for b in page["data"] for r in b["results"])
        reports = {report for report in named if report is not None}
        if len(reports) > 1:
            raise IngestError(name, f"one page mixes results of {', '.join(sorted(reports))}")
        if reports:
            by_report.setdefault(reports.pop(), []).append(page)
        else:
            unknown.append(page)
    if len(by_report) == 1:  # pages of empty buckets belong to the one endpoint in the file
        next(iter(by_report.values())).extend(unknown)
    batches = [make_batch(report, group) for report, group in by_report.items()]
    if not batches:
        return []  # every bucket empty: nothing to ingest, no endpoint to tell
    if pages[-1].get("has_more"):
        batches[-1].notes.append(
            f"{name}: the last page says has_more=true; the file may miss later pages"
        )
    return batches


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def read_pages(path: Path, name: str) -> list[dict[str, Any]]:
    """The pages of a saved response: one page, a JSON array of pages, or pages back to back."""
    try:
        content = read_bytes(path).decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise IngestError(name, f"cannot read as JSON text ({exc})") from None
    # Integers of thousands of digits are numbers too (Python's int() refuses them); they are
    # refused by decimal_or_none, which knows the field.
    decoder = json.JSONDecoder(
        parse_float=Decimal, parse_int=lambda t: int(t) if len(t) < 40 else Decimal(t)
    )
    values: list[object] = []
    position = 0
    while True:
        while position < len(content) and content[position].isspace():
            position += 1
        if position >= len(content):
            break
        try:
            value, position = decoder.raw_decode(content, position)
        except json.JSONDecodeError as exc:
            raise IngestError(
                name,
                f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                "Save the API's response unchanged (one page, an array of pages, or one per line)",
            ) from None
        except RecursionError:
            raise IngestError(
                name, f"JSON nested too deeply ({_too_deep(content, position)})"
            ) from None
        values.append(value)
    if not values:
        raise IngestError(name, "file is empty")
    pages: list[object] = []
    for value in values:
        pages.extend(value if isinstance(value, list) else [value])
    for number, page in enumerate(pages, 1):
        check_page(page, f"page {number}" if len(pages) > 1 else "the page", _PageError(name))
    return pages  # type: ignore[return-value]


def _too_deep(content: str, start: int, limit: int = 100) -> str:
    """Where the JSON value at ``start`` opens its ``limit``-th nested array or object."""
    depth, quoted, escaped = 0, False, False
    for position in range(start, len(content)):
        char = content[position]
        if quoted:
            escaped, quoted = (not escaped and char == "\\"), quoted and (escaped or char != '"')
        elif char == '"':
            quoted = True
        elif char in "[{":
            depth += 1
            if depth == limit:
                line = content.count("\n", 0, position) + 1
                column = position - content.rfind("\n", 0, position)
                return f"over {limit} levels at line {line}, column {column}"
        elif char in "]}":
            depth -= 1
    return f"over {limit} levels"


class _PageError:
    """Adapts check_page's (where, problem) to IngestError(file, 'where problem')."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, where: str, problem: str) -> IngestError:
        return IngestError(self.name, f"{where} {problem}")


def read_csv(path: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    """A console CSV export as (header, rows of text); the delimiter is sniffed."""
    try:
        content = read_bytes(path).decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise IngestError(name, f"cannot read as CSV text ({exc})") from None
    try:
        dialect = csv.Sniffer().sniff(content[:65536], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(content), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    return header, rows


def page_provider(pages: list[dict[str, Any]]) -> str | None:
    """Which API wrote these pages: OpenAI buckets have unix ``start_time``, Anthropic's
    RFC 3339 ``starting_at``."""
    for page in pages:
        for bucket in page["data"]:
            if "start_time" in bucket:
                return "OpenAI"
            if "starting_at" in bucket:
                return "Anthropic"
    return None
