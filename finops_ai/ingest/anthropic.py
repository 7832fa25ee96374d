"""Anthropic Admin API: cost report and messages usage report (FORMATS.md §7), saved or pulled.

The cost report carries the money: ``amount`` is a decimal *string* in cents ("123.45" USD is
$1.2345), converted here to dollars exactly. Grouped by workspace and description it also names
the model, service tier and token type. Priority Tier costs never appear in it. The messages
usage report carries tokens per workspace, API key, model and service tier (batch is the tier
``batch``); each result becomes one row per token type.

Files read here: saved API responses, and the CSV layout of Anthropic's usage/cost cookbook
export (``date, model, service_tier, workspace_id, uncached_input_tokens, output_tokens,
cache_creation_tokens, cache_read_tokens, web_search_requests`` and ``date, workspace_id,
description, currency, amount_usd``, dollars; ``cost_usd`` is accepted for ``amount_usd``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from finops_ai.errors import CredentialError, IngestError, SourceError
from finops_ai.ingest import ai_provider as ap
from finops_ai.ingest.http import ApiClient, Deadline, fetch_all
from finops_ai.ingest.layout import Layout
from finops_ai.masking import mask_url

PROVIDER = "Anthropic"
DEFAULT_BASE_URL = "https://api.anthropic.com"
API_VERSION = "2023-06-01"
KEY_ENV = "ANTHROPIC_ADMIN_KEY"
KEY_HINT = (
    "Create an Admin API key (sk-ant-admin...) in the Claude Console under Settings > Admin keys "
    f"(organisation admins can) and export {KEY_ENV}"
)

TS, S = pa.timestamp("us"), pa.string()
COST_SCHEMA = pa.schema(
    [
        ("bucket_start", TS),
        ("bucket_end", TS),
        ("amount_usd", S),  # dollars (the API's cents / 100)
        ("currency", S),
        ("workspace_id", S),
        ("description", S),
        ("cost_type", S),
        ("model", S),
        ("service_tier", S),
        ("token_type", S),
        ("context_window", S),
        ("inference_geo", S),
    ]
)
USAGE_SCHEMA = pa.schema(
    [
        ("bucket_start", TS),
        ("bucket_end", TS),
        ("metric", S),
        ("quantity", S),
        ("workspace_id", S),
        ("api_key_id", S),
        ("model", S),
        ("service_tier", S),
        ("context_window", S),
        ("inference_geo", S),
    ]
)

ENDPOINTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cost_report": ("/v1/organizations/cost_report", ("workspace_id", "description")),
    "usage_report/messages": (
        "/v1/organizations/usage_report/messages",
        ("workspace_id", "api_key_id", "model", "service_tier"),
    ),
}
REPORTS = tuple(ENDPOINTS)
ME = "/v1/organizations/me"
LIMIT = 31  # daily buckets per page, the maximum of both reports

# usage result field (dotted for nested objects) -> metric name kept in x_UsageType
USAGE_METRICS = (
    "uncached_input_tokens",
    "cache_read_input_tokens",
    "cache_creation.ephemeral_5m_input_tokens",
    "cache_creation.ephemeral_1h_input_tokens",
    "cache_creation_input_tokens",  # CSV exports: both cache-write durations summed
    "output_tokens",
    "server_tool_use.web_search_requests",
)


def client(
    base_url: str, key: str, report: Callable[[str], None], deadline: Deadline | None = None
) -> ApiClient:
    return ApiClient(
        base_url=base_url,
        headers={"x-api-key": key, "anthropic-version": API_VERSION},
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


def organization(api: ApiClient) -> tuple[str, str | None]:
    """(id, name) of the organisation the admin key belongs to."""
    body = api.get(ME, []).body
    org_id = ap.text(body.get("id"))
    if not org_id:
        raise SourceError(f"Anthropic API {ME}: the answer has no organisation id")
    return org_id, ap.text(body.get("name"))


def pull(
    api: ApiClient,
    start: dt.datetime,
    end: dt.datetime,
    report: Callable[[str], None] = lambda _m: None,
    reports: tuple[str, ...] = REPORTS,
) -> list[ap.ProviderBatch]:
    """Both reports for the UTC days [start, end): daily buckets, all pages."""
    batches = []
    for name in reports:
        path, group_by = ENDPOINTS[name]
        params = [
            ("starting_at", _rfc3339(start)),
            ("ending_at", _rfc3339(end)),
            ("bucket_width", "1d"),
            ("limit", str(LIMIT)),
        ] + [("group_by[]", g) for g in group_by]
        got = fetch_all(api, path, params)
        buckets = sum(len(p["data"]) for p in got.bodies)
        report(f"Anthropic {name}: {len(got.bodies)} page(s), {buckets} daily bucket(s)")
        source = mask_url(api.url(path))  # a source name keeps no credential
        batch = _batch(name, got.bodies, source, "anthropic-api", source)
        batch.window_start, batch.window_end = start, end
        batch.fetched_at, batch.raw_sha256, batch.raw_size = got.fetched_at, got.sha256, got.size
        batches.append(batch)
    return batches


def _rfc3339(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------------------------------
# saved responses and CSV exports


def batches_from_pages(pages: list[dict[str, Any]], name: str) -> list[ap.ProviderBatch]:
    """A saved response -> one batch per report; each report's window is the span of its
    buckets, empty buckets included."""
    return ap.batches_by_report(
        pages, name, _report_of, lambda report, group: _batch(report, group, name, "anthropic-json")
    )


def is_csv_export(layout: Layout) -> bool:
    """Are these the columns of the cookbook's usage export (a date and token columns) or its
    cost export (a date, a description and an amount)?"""
    lower = layout.names()
    return "date" in lower and (
        "uncached_input_tokens" in lower
        or ("description" in lower and bool(lower & {"amount_usd", "cost_usd"}))
    )


def read_csv_export(path: Path, name: str) -> list[ap.ProviderBatch]:
    header, rows = ap.read_csv(path, name)
    return batches_from_csv(header, rows, name)


def batches_from_csv(
    header: list[str], rows: list[dict[str, str]], name: str
) -> list[ap.ProviderBatch]:
    columns = set(header)
    report = "usage_report/messages" if "uncached_input_tokens" in columns else "cost_report"
    amount_column = "amount_usd" if "amount_usd" in columns else "cost_usd"
    buckets: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(rows, 2):
        day = (row.get("date") or "").strip()[:10]
        try:
            start = dt.datetime.strptime(day, "%Y-%m-%d")
        except ValueError:
            raise IngestError(name, f"line {line}: date {day!r} is not YYYY-MM-DD") from None
        bucket = buckets.setdefault(
            day,
            {
                "starting_at": f"{day}T00:00:00Z",
                "ending_at": f"{start + dt.timedelta(days=1):%Y-%m-%d}T00:00:00Z",
                "results": [],
            },
        )
        result: dict[str, object]
        if report == "cost_report":
            if not (row.get(amount_column) or "").strip():
                continue
            result = {k: row.get(k) for k in ("workspace_id", "description", "currency")}
            result["amount_dollars"] = row.get(amount_column)
        else:
            result = {
                k: row.get(k)
                for k in (
                    "model",
                    "service_tier",
                    "workspace_id",
                    "api_key_id",
                    "uncached_input_tokens",
                    "output_tokens",
                )
            }
            result["cache_read_input_tokens"] = row.get("cache_read_tokens")
            result["cache_creation_input_tokens"] = row.get("cache_creation_tokens")
            result["server_tool_use"] = {"web_search_requests": row.get("web_search_requests")}
        bucket["results"].append(result)
    return [_batch(report, [{"data": list(buckets.values())}], name, "anthropic-csv")]


def _report_of(result: object) -> str:
    if isinstance(result, dict) and ("amount" in result or "amount_dollars" in result):
        return "cost_report"
    return "usage_report/messages"


def _batch(
    report: str, pages: list[dict[str, Any]], name: str, source_format: str, source: str = ""
) -> ap.ProviderBatch:
    cost = report == "cost_report"

    def rows_of(
        result: dict[str, Any], start: dt.datetime, end: dt.datetime, where: str
    ) -> list[dict[str, Any]]:
        if cost:
            return [_cost_row(result, start, end, where, name)]
        return _usage_rows(result, start, end, where, name)

    return ap.batch_from_pages(
        PROVIDER,
        report,
        pages,
        name,
        bounds=("starting_at", "ending_at", ap.from_rfc3339),
        rows_of=rows_of,
        mapping="ingest/anthropic_cost_report" if cost else "ingest/anthropic_usage",
        schema=COST_SCHEMA if cost else USAGE_SCHEMA,
        source_format=source_format,
        source=source,
    )


def _cost_row(
    result: dict[str, Any], start: dt.datetime, end: dt.datetime, where: str, name: str
) -> dict[str, Any]:
    if "amount_dollars" in result:
        dollars = ap.decimal_or_none(result["amount_dollars"], where, "amount", name)
    else:
        cents = ap.decimal_or_none(result.get("amount"), where, "amount", name)
        dollars = None if cents is None else cents.scaleb(-2)  # exact: cents -> dollars
    return {
        "bucket_start": start,
        "bucket_end": end,
        "amount_usd": ap.plain(dollars if dollars is not None else Decimal(0)),
        "currency": ap.text(result.get("currency")),
        "workspace_id": ap.text(result.get("workspace_id")),
        "description": ap.text(result.get("description")),
        "cost_type": ap.text(result.get("cost_type")),
        "model": ap.text(result.get("model")),
        "service_tier": ap.text(result.get("service_tier")),
        "token_type": ap.text(result.get("token_type")),
        "context_window": ap.text(result.get("context_window")),
        "inference_geo": ap.text(result.get("inference_geo")),
    }


def _usage_rows(
    result: dict[str, Any], start: dt.datetime, end: dt.datetime, where: str, name: str
) -> list[dict[str, Any]]:
    dims = {
        "bucket_start": start,
        "bucket_end": end,
        "workspace_id": ap.text(result.get("workspace_id")),
        "api_key_id": ap.text(result.get("api_key_id")),
        "model": ap.text(result.get("model")),
        "service_tier": ap.text(result.get("service_tier")),
        "context_window": ap.text(result.get("context_window")),
        "inference_geo": ap.text(result.get("inference_geo")),
    }
    rows = []
    for metric in USAGE_METRICS:
        value: object = result
        for part in metric.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        quantity = ap.decimal_or_none(value, where, metric, name)
        if quantity:
            rows.append({**dims, "metric": metric, "quantity": ap.plain(quantity)})
    return rows
