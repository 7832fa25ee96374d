"""Jinja filters for the committed capacity, savings, model heads-up and budget burn partials
(templates/partials/). Formatting only: every figure is in the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

LEVER_LABELS = {
    "commit_steady_serving": "Commit the steady GPU serving fleets",
    "training_to_spot": "Run on-demand GPU training on spot",
    "unused_commitments": "Use or shed unused commitments",
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


def filters() -> dict[str, Any]:
    return {
        "hours": hours,
        "day_name": day_name,
        "instances": instances,
        "lever_label": lambda name: LEVER_LABELS.get(name, name),
        "capacity_kind": lambda kind: CAPACITY_KINDS.get(kind, kind),
        "burn_status": lambda status: BURN_STATUS.get(status, status),
        "heads_up_kind": lambda kind: HEADS_UP_KINDS.get(kind, kind),
    }
