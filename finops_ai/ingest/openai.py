"""OpenAI organisation Costs API and Usage API (FORMATS.md §6), saved or pulled.

Costs (``/organization/costs``) carry the money: ``amount.value`` in dollars, a lower-case
currency, grouped by project, line item and API key. The ten usage endpoints carry quantities
(tokens, images, characters, seconds, bytes, sessions, calls) and never dollars. A usage result
becomes one row per metered quantity (uncached input, cached input, cache write, output...),
so that every row has one unit; ``queries/ingest/openai_usage.sql`` names them.

Files read here: saved API responses (see ai_provider.read_pages) and the console's CSV export,
which flattens the same results with ``start_time``/``end_time`` columns (and, for costs,
``amount_value``, ``amount_currency``, ``organization_id``, ``organization_name``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from finops_ai.errors import CredentialError, IngestError
from finops_ai.ingest import ai_provider as ap
from finops_ai.ingest.http import ApiClient, Deadline, fetch_all
from finops_ai.ingest.layout import Layout
from finops_ai.masking import mask_url

PROVIDER = "OpenAI"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
KEY_ENV = "OPENAI_ADMIN_KEY"
KEY_HINT = (
    "Create an admin key at https://platform.openai.com/settings/organization/admin-keys "
    f"(an organisation owner can) and export {KEY_ENV}"
)

TS, S, B = pa.timestamp("us"), pa.string(), pa.bool_()
COST_SCHEMA = pa.schema(
    [
        ("bucket_start", TS),
        ("bucket_end", TS),
        ("amount", S),
        ("currency", S),
        ("line_item", S),
        ("project_id", S),
        ("api_key_id", S),
        ("quantity", S),
        ("quantity_unit", S),
    ]
)
USAGE_SCHEMA = pa.schema(
    [
        ("bucket_start", TS),
        ("bucket_end", TS),
        ("endpoint", S),
        ("metric", S),
        ("quantity", S),
        ("project_id", S),
        ("user_id", S),
        ("api_key_id", S),
        ("model", S),
        ("batch", B),
        ("service_tier", S),
        ("size", S),
        ("source", S),
        ("context_level", S),
        ("vector_store_id", S),
    ]
)

# report -> (path, group_by, bucket limit per page). Costs allow 180 daily buckets, usage 31.
ENDPOINTS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "costs": ("/organization/costs", ("project_id", "line_item", "api_key_id"), 180),
    "usage/completions": (
        "/organization/usage/completions",
        ("project_id", "api_key_id", "model", "batch", "service_tier"),
        31,
    ),
    "usage/embeddings": (
        "/organization/usage/embeddings",
        ("project_id", "api_key_id", "model"),
        31,
    ),
    "usage/moderations": (
        "/organization/usage/moderations",
        ("project_id", "api_key_id", "model"),
        31,
    ),
    "usage/images": (
        "/organization/usage/images",
        ("project_id", "api_key_id", "model", "size", "source"),
        31,
    ),
    "usage/audio_speeches": (
        "/organization/usage/audio_speeches",
        ("project_id", "api_key_id", "model"),
        31,
    ),
    "usage/audio_transcriptions": (
        "/organization/usage/audio_transcriptions",
        ("project_id", "api_key_id", "model"),
        31,
    ),
    "usage/vector_stores": ("/organization/usage/vector_stores", ("project_id",), 31),
    "usage/code_interpreter_sessions": (
        "/organization/usage/code_interpreter_sessions",
        ("project_id",),
        31,
    ),
    "usage/file_search_calls": (
        "/organization/usage/file_search_calls",
        ("project_id", "api_key_id"),
        31,
    ),
    "usage/web_search_calls": (
        "/organization/usage/web_search_calls",
        ("project_id", "api_key_id", "model", "context_level"),
        31,
    ),
}
REPORTS = tuple(ENDPOINTS)

# The quantities each usage result meters (completions' uncached input is derived when absent).
METRICS: dict[str, tuple[str, ...]] = {
    "usage/completions": (
        "input_uncached_tokens",
        "input_cached_tokens",
        "input_cache_write_tokens",
        "output_tokens",
    ),
    "usage/embeddings": ("input_tokens",),
    "usage/moderations": ("input_tokens",),
    "usage/images": ("images",),
    "usage/audio_speeches": ("characters",),
    "usage/audio_transcriptions": ("seconds",),
    "usage/vector_stores": ("usage_bytes",),
    "usage/code_interpreter_sessions": ("num_sessions",),
    "usage/file_search_calls": ("num_requests",),
    "usage/web_search_calls": ("num_requests",),
}
# Result `object` names (the 2024 spec misspells "organization"), minus the prefix.
_OBJECT = re.compile(r"\.(costs|usage\.(\w+))\.result$")
_USAGE_OBJECTS = {"file_searches": "file_search_calls", "web_searches": "web_search_calls"}


def client(
    base_url: str, key: str, report: Callable[[str], None], deadline: Deadline | None = None
) -> ApiClient:
    return ApiClient(
        base_url=base_url,
        headers={"Authorization": f"Bearer {key}"},
        provider=PROVIDER,
        key_env=KEY_ENV,
        key_hint=KEY_HINT,
        report=report,
        key=key,
        deadline=deadline or Deadline(),
    )


def require_key(environ: dict[str, str]) -> str:
    key = environ.get(KEY_ENV, "").strip()
    if not key:
        raise CredentialError(f"{KEY_ENV} is not set", KEY_HINT)
    return key


# ------------------------------------------------------------------------------------------
# pulling


def pull(
    api: ApiClient,
    start: dt.datetime,
    end: dt.datetime,
    report: Callable[[str], None] = lambda _m: None,
    reports: tuple[str, ...] = REPORTS,
) -> list[ap.ProviderBatch]:
    """Every report for the UTC days [start, end): daily buckets, all pages."""
    batches = []
    for name in reports:
        path, group_by, limit = ENDPOINTS[name]
        params = [
            ("start_time", str(_unix(start))),
            ("end_time", str(_unix(end))),
            ("bucket_width", "1d"),
            ("limit", str(limit)),
        ] + [("group_by", g) for g in group_by]
        got = fetch_all(api, path, params)
        buckets = sum(len(p["data"]) for p in got.bodies)
        report(f"OpenAI {name}: {len(got.bodies)} page(s), {buckets} daily bucket(s)")
        source = mask_url(api.url(path))  # a source name keeps no credential
        batch = _batch(name, got.bodies, source, "openai-api", source)
        batch.window_start, batch.window_end = start, end
        batch.fetched_at, batch.raw_sha256, batch.raw_size = got.fetched_at, got.sha256, got.size
        batches.append(batch)
    return batches


def _unix(moment: dt.datetime) -> int:
    return int(moment.replace(tzinfo=dt.UTC).timestamp())


# ------------------------------------------------------------------------------------------
# saved responses and console CSV exports


def batches_from_pages(pages: list[dict[str, Any]], name: str) -> list[ap.ProviderBatch]:
    """A saved response -> one batch per report; each report's window is the span of its
    buckets, empty buckets included."""
    return ap.batches_by_report(
        pages, name, _report_of, lambda report, group: _batch(report, group, name, "openai-json")
    )


# The console export flattens API results under start_time/end_time columns, beside one of these.
_CSV_FIELDS = frozenset(
    {
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
)


def is_csv_export(layout: Layout) -> bool:
    """Are these the columns of the console's usage or cost CSV export?"""
    lower = layout.names()
    return {"start_time", "end_time"} <= lower and bool(lower & _CSV_FIELDS)


def read_csv_export(path: Path, name: str) -> list[ap.ProviderBatch]:
    header, rows = ap.read_csv(path, name)
    return batches_from_csv(header, rows, name)


def batches_from_csv(
    header: list[str], rows: list[dict[str, str]], name: str
) -> list[ap.ProviderBatch]:
    """The usage page's CSV export: one row per result, ``start_time``/``end_time`` per row."""
    columns = set(header)
    report = _report_of({c: "" for c in columns} | {"object": None}, columns_only=True)
    if report is None:
        raise IngestError(name, "an OpenAI CSV export without a known cost or usage column")
    if report == "usage/embeddings" and any("moderation" in (r.get("model") or "") for r in rows):
        report = "usage/moderations"
    orgs = {r.get("organization_id", "").strip() for r in rows} - {""}
    if len(orgs) > 1:
        raise IngestError(
            name,
            f"holds {len(orgs)} organisations ({', '.join(sorted(orgs))})",
            "Export one organisation per file",
        )
    names = {r.get("organization_name", "").strip() for r in rows} - {""}
    buckets: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row.get("start_time", ""), row.get("end_time", ""))
        bucket = buckets.setdefault(key, {"start_time": key[0], "end_time": key[1], "results": []})
        if _has_values(report, row):
            result: dict[str, object] = {
                k: v for k, v in row.items() if k not in ("start_time", "end_time")
            }
            if report == "costs":
                result["amount"] = {
                    "value": row.get("amount_value"),
                    "currency": row.get("amount_currency"),
                }
            bucket["results"].append(result)
    batch = _batch(report, [{"data": list(buckets.values())}], name, "openai-csv")
    batch.account_id = orgs.pop() if orgs else None
    batch.account_name = names.pop() if len(names) == 1 else None
    return [batch]


def _has_values(report: str, row: dict[str, str]) -> bool:
    """An export row of an empty bucket has times and nothing else."""
    fields = ("amount_value",) if report == "costs" else METRICS[report] + ("input_tokens",)
    return any(row.get(f, "").strip() for f in fields)


def _report_of(result: dict[str, Any], columns_only: bool = False) -> str | None:
    """Which endpoint a result came from: its ``object``, else the fields it has."""
    obj = result.get("object")
    if isinstance(obj, str):
        match = _OBJECT.search(obj)
        if match:
            if match[1] == "costs":
                return "costs"
            return "usage/" + _USAGE_OBJECTS.get(match[2], match[2])
    keys = set(result)
    if keys & {"amount", "amount_value"}:
        return "costs"
    if keys & {"output_tokens", "input_cached_tokens", "input_uncached_tokens"}:
        return "usage/completions"
    for report, field in (
        ("usage/images", "images"),
        ("usage/audio_speeches", "characters"),
        ("usage/audio_transcriptions", "seconds"),
        ("usage/vector_stores", "usage_bytes"),
        ("usage/code_interpreter_sessions", "num_sessions"),
        ("usage/file_search_calls", "vector_store_id"),
    ):
        if field in keys:
            return report
    if "num_requests" in keys:
        return (
            "usage/web_search_calls"
            if "num_model_requests" in keys
            else ("usage/file_search_calls")
        )
    if "input_tokens" in keys:
        model = "" if columns_only else str(result.get("model") or "")
        return "usage/moderations" if "moderation" in model else "usage/embeddings"
    return None


def _batch(
    report: str, pages: list[dict[str, Any]], name: str, source_format: str, source: str = ""
) -> ap.ProviderBatch:
    cost = report == "costs"

    def rows_of(
        result: dict[str, Any], start: dt.datetime, end: dt.datetime, where: str
    ) -> list[dict[str, Any]]:
        if cost:
            return [_cost_row(result, start, end, where, name)]
        return _usage_rows(report, result, start, end, where, name)

    return ap.batch_from_pages(
        PROVIDER,
        report,
        pages,
        name,
        bounds=("start_time", "end_time", ap.from_unix),
        rows_of=rows_of,
        mapping="ingest/openai_costs" if cost else "ingest/openai_usage",
        schema=COST_SCHEMA if cost else USAGE_SCHEMA,
        source_format=source_format,
        source=source,
    )


def _cost_row(
    result: dict[str, Any], start: dt.datetime, end: dt.datetime, where: str, name: str
) -> dict[str, Any]:
    amount = result.get("amount")
    if not isinstance(amount, dict):
        raise IngestError(name, f"{where}: has no amount {{value, currency}}")
    value = ap.decimal_or_none(amount.get("value"), where, "amount.value", name)
    return {
        "bucket_start": start,
        "bucket_end": end,
        "amount": ap.plain(value if value is not None else Decimal(0)),
        "currency": ap.text(amount.get("currency")),
        "line_item": ap.text(result.get("line_item")),
        "project_id": ap.text(result.get("project_id")),
        "api_key_id": ap.text(result.get("api_key_id")),
        "quantity": ap.plain(ap.decimal_or_none(result.get("quantity"), where, "quantity", name)),
        "quantity_unit": ap.text(result.get("quantity_unit")),
    }


def _usage_rows(
    report: str, result: dict[str, Any], start: dt.datetime, end: dt.datetime, where: str, name: str
) -> list[dict[str, Any]]:
    def number(field: str) -> Decimal | None:
        return ap.decimal_or_none(result.get(field), where, field, name)

    quantities: dict[str, Decimal | None] = {m: number(m) for m in METRICS[report]}
    if report == "usage/completions" and quantities["input_uncached_tokens"] is None:
        # 2024-era results: input_tokens includes cached (and cache-write) tokens.
        total = number("input_tokens")
        if total is not None:
            cached = (quantities["input_cached_tokens"] or 0) + (
                quantities["input_cache_write_tokens"] or 0
            )
            quantities["input_uncached_tokens"] = max(Decimal(0), total - cached)
    if report == "usage/vector_stores" and quantities["usage_bytes"] is not None:
        # Stored bytes through the bucket, as GB-days (10^9 bytes, OpenAI's price unit).
        days = Decimal((end - start).total_seconds()) / Decimal(86400)
        quantities["usage_bytes"] = quantities["usage_bytes"] / Decimal(10**9) * days
    dims = {
        "bucket_start": start,
        "bucket_end": end,
        "endpoint": report.removeprefix("usage/"),
        "project_id": ap.text(result.get("project_id")),
        "user_id": ap.text(result.get("user_id")),
        "api_key_id": ap.text(result.get("api_key_id")),
        "model": ap.text(result.get("model")),
        "batch": ap.boolean(result.get("batch")),
        "service_tier": ap.text(result.get("service_tier")),
        "size": ap.text(result.get("size")),
        "source": ap.text(result.get("source")),
        "context_level": ap.text(result.get("context_level")),
        "vector_store_id": ap.text(result.get("vector_store_id")),
    }
    return [
        {**dims, "metric": metric, "quantity": ap.plain(quantity)}
        for metric, quantity in quantities.items()
        if quantity  # zero and absent quantities make no row
    ]
