"""`finops-ai run --dry-run`: what a run would pull, write and send, without doing any of it.

Nothing is fetched, written, locked or sent: no S3 or provider request, no warehouse write, no
file, no email. The warehouse is only read (read-only, as an analyst would) to say which
provider days are still to pull, which month the report would cover and its subject line.
The plan asks the functions the run itself uses: the pull window and first day to pull
(pipeline.pull_window, pipeline.pull_plan) and the delivery channels (run.channels, each
channel's own plan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from finops_ai import config as config_module
from finops_ai.config import Settings
from finops_ai.errors import FinopsError
from finops_ai.report.model import Report
from finops_ai.schedule.lock import current_holder
from finops_ai.schedule.run import channels, report_month, stale_notes
from finops_ai.schedule.state import State


def plan(
    settings: Settings, *, resend: bool, today: dt.date, environ: Mapping[str, str]
) -> list[str]:
    lines = ["finops-ai run --dry-run: nothing is pulled, written or sent."]
    lines.append(f"config file   {settings.config_file or '(none)'}")
    exists = settings.warehouse.exists()
    lines.append(f"warehouse     {settings.warehouse}" + ("" if exists else " (would be created)"))
    holder = current_holder(settings.lock_path)
    lines.append(
        f"run lock      {settings.lock_path}: "
        + (f"HELD by another run ({holder.describe()})" if holder else "free")
    )
    state = State.load(settings.state_path)
    sources = [*settings.ingest_sources, *settings.pull_providers]
    lines.append("sources" + ("" if sources else "       (none: the report uses the warehouse)"))
    for source in sources:
        status = state.source(source)
        last = f"last refreshed {status.last_success}" if status.last_success else "never run"
        if status.stale:
            last += f", FAILING since {status.failing_since}"
        lines.append(f"  {source}: {_source_plan(settings, source, today, environ)} ({last})")
    for warning in settings.warnings:
        lines.append(f"warning: {warning}")
    lines += _delivery_plan(settings, state, sources, resend, today, exists)
    return lines


def _source_plan(
    settings: Settings, source: str, today: dt.date, environ: Mapping[str, str]
) -> str:
    if source not in config_module.PROVIDER_KEYS:
        where = f" (AWS profile {settings.ingest_profile})" if settings.ingest_profile else ""
        if source.startswith("s3://"):
            return f"would fetch each billing period's current delivery not yet ingested{where}"
        return "would ingest the files not yet ingested"
    key = config_module.PROVIDER_KEYS[source]
    key_state = "set" if environ.get(key) else "NOT SET"
    try:
        start = _pull_start(settings, source, today)
    except FinopsError as exc:  # pull.since after today: the run's pull would fail so
        return f"would fail: {exc}; {key} {key_state}"
    window = (
        "every day is already complete: would pull nothing"
        if start is None
        else f"would pull {start} to {today}"
    )
    return f"{window}; {key} {key_state}"


def _pull_start(settings: Settings, provider: str, today: dt.date) -> dt.date | None:
    """The first day a run's pull would ask for, by the functions the pull itself uses. An
    Anthropic pull without pull.anthropic_org_id asks the API whose key it is; the plan asks
    nothing, and takes the organisation already in the warehouse instead."""
    from finops_ai.pipeline import pull_plan, pull_window

    lower, end = pull_window(settings.pull_since, None, today)
    _, start = pull_plan(settings.warehouse, provider, settings.org_id(provider), lower, end)
    return start


def _delivery_plan(
    settings: Settings,
    state: State,
    sources: list[str],
    resend: bool,
    today: dt.date,
    exists: bool,
) -> list[str]:
    lines: list[str] = []
    month = report_month(settings.report_month, today)
    model = None
    if exists:
        try:
            model = _model(settings, state, sources, month, today)
            month = model.month
        except FinopsError as exc:
            lines.append(f"report        cannot be built from the warehouse as it is: {exc}")
    lines.append(
        f"report        {month or 'the last complete month'} "
        f"(report.month = {settings.report_month}), {settings.report_cost} cost"
        + (f", budgets {settings.report_budgets}" if settings.report_budgets else "")
    )
    for channel in channels(settings, resend=resend):
        lines += channel.plan(month, model, state)
    if not settings.mail_to:
        lines.append("email         none (mail.to is not set)")
    if not settings.webhook_url:
        lines.append("webhook       none (FINOPS_AI_WEBHOOK_URL is not set)")
    return lines


def _model(
    settings: Settings, state: State, sources: list[str], month: str | None, today: dt.date
) -> Report:
    from finops_ai.report.build import build_report

    model = build_report(
        settings.warehouse,
        month=month,
        basis=settings.report_cost,
        budgets=settings.budgets,
        today=today,
        settings=settings.lever_settings,
    )
    return replace(model, notes=[*stale_notes(state, sources), *model.notes])
