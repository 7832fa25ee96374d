"""Jinja filters for the committed capacity, savings, model heads-up, budget burn and unit
economics partials (templates/partials/). Formatting only: every figure is in the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

from finops_ai.report.model import CurrencySection

LEVER_LABELS = {
    "commit_steady_serving": "Commit the steady GPU serving fleets",
    "training_to_spot": "Run on-demand GPU training on spot",
    "unused_commitments": "Use or shed unused commitments",
    "batch_eligible_tokens": "Send batch-eligible tokens at the batch price",
    "cache_hit_target": "Raise the prompt-cache hit ratio",
}
UNIT_ROWS = 12  # unit economics rows the text, Markdown and HTML formats show; JSON has all
TOKEN_TYPES = {
    "input": "input",
    "output": "output",
    "cache_read": "cache read",
    "cache_write": "cache write",
    "cache_write_5m": "cache write 5m",
    "cache_write_1h": "cache write 1h",
    "embedding": "embedding",
    "other": "other",
}
CAPACITY_KINDS = {
    "bedrock_provisioned_throughput": "Bedrock provisioned throughput",
    "azure_openai_ptu": "Azure OpenAI provisioned (PTU)",
    "vertex_provisioned_throughput": "Vertex AI provisioned throughput",
}
BURN_STATUS = {
    "over": "over budget",
    "will_overrun": "will overrun",
    "not_this_month": "not this month",
    "no_data": "no data",
}
HEADS_UP_KINDS = {
    "new_model": "New model",
    "new_provider": "New provider",
    "new_region": "New region",
    "daily_jump": "Daily spend jump",
}


def hours(value: float | None) -> str:
    """1234.5 -> "1,234.5 h"."""
    return "–" if value is None else f"{value:,.1f} h"


def day_name(day: str | None, year: bool = False) -> str:
    """'2026-10-29' -> '29 Oct' (year: '29 Oct 2026'); None -> 'not this month'."""
    if day is None:
        return "not this month"
    date = dt.date.fromisoformat(day)
    return f"{date.day} {date:%b %Y}" if year else f"{date.day} {date:%b}"


def instances(value: float | None) -> str:
    """The steady base: 2.0 -> "2", 2.5 -> "2.5"."""
    if value is None:
        return "–"
    return f"{value:,.1f}".removesuffix(".0")


def tokens(value: int | None) -> str:
    """A token count for a table: 8872922715 -> "8.87B", 1234567 -> "1.23M"."""
    if value is None:
        return "–"
    for limit, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.2f}{suffix}"
    return f"{value:,}"


def unit_rows(section: CurrencySection, limit: int | None = UNIT_ROWS) -> list[dict[str, Any]]:
    """The unit economics rows with their trend row (matched by provider, model, token type and
    tier), the largest cost first; ``limit`` rows (None: all)."""
    trend = {(t.provider, t.model, t.token_type, t.tier): t for t in section.unit_economics_trend}
    rows = section.unit_economics if limit is None else section.unit_economics[:limit]
    return [{"u": u, "t": trend.get((u.provider, u.model, u.token_type, u.tier))} for u in rows]


def filters() -> dict[str, Any]:
    return {
        "hours": hours,
        "day_name": day_name,
        "instances": instances,
        "lever_label": lambda name: LEVER_LABELS.get(name, name),
        "capacity_kind": lambda kind: CAPACITY_KINDS.get(kind, kind),
        "burn_status": lambda status: BURN_STATUS.get(status, status),
        "heads_up_kind": lambda kind: HEADS_UP_KINDS.get(kind, kind),
        "tokens": tokens,
        "token_type": lambda kind: TOKEN_TYPES.get(kind, kind),
        "unit_rows": unit_rows,
    }
