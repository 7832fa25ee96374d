"""`finops-ai run --dry-run`: what a run would pull, write and send, without doing any of it.

Nothing is fetched, written, locked or sent: no S3 or provider request, no warehouse write, no
file, no email. The warehouse is only read (read-only, as an analyst would) to say which
provider days are still to pull, which month the report would cover and its subject line.
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
from finops_ai.schedule.run import report_month, stale_notes
from finops_ai.schedule.state import State, address_key


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
    end = today + dt.timedelta(days=1)
    lower = settings.pull_since or (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    start = _pull_start(settings, source, lower, end)
    window = (
        "every day is already complete: would pull nothing"
        if start is None
        else f"would pull {start} to {today}"
    )
    return f"{window}; {key} {key_state}"


def _pull_start(settings: Settings, provider: str, lower: dt.date, end: dt.date) -> dt.date | None:
    """The first day a pull would ask for, read from the warehouse as pull_provider does."""
    if not settings.warehouse.exists():
        return lower
    from finops_ai.ingest import anthropic, openai
    from finops_ai.load import providers as provider_load
    from finops_ai.warehouse.db import connect_read_only

    module = {"openai": openai, "anthropic": anthropic}[provider]
    con = connect_read_only(settings.warehouse)
    try:
        # As pull_provider: OpenAI rows go under the known organisation, else a placeholder;
        # Anthropic's comes from the API (/organizations/me), so the one in the warehouse.
        known = provider_load.known_account(con, module.PROVIDER)
        account = settings.org_id(provider) or known
        if account is None and module is openai:
            account = module.PROVIDER
        if account is None:
            return lower
        return provider_load.pull_start(con, module.PROVIDER, account, module.REPORTS, lower, end)
    finally:
        con.close()


def _delivery_plan(
    settings: Settings,
    state: State,
    sources: list[str],
    resend: bool,
    today: dt.date,
    exists: bool,
) -> list[str]:
    from finops_ai.deliver.email import report_file_name, subject

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
    for fmt in settings.report_formats:
        name = report_file_name(month or "YYYY-MM", fmt)
        lines.append(f"  would write {settings.report_output_dir / name}")
    if not settings.mail_to:
        lines.append("email         none (mail.to is not set)")
        return lines
    server = f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_tls}"
    server += f", login {settings.smtp_user})" if settings.smtp_user else ", no login)"
    lines.append(f"email         from {settings.mail_from} via {server}")
    if model is not None:
        lines.append(f"  subject     {subject(model)} (from the warehouse as it is now)")
    sent = state.sent(month) if month else {}
    for recipient in settings.mail_to:
        done = sent.get(address_key(recipient))
        if done and not resend:
            lines.append(f"  {recipient}: already sent at {done['sent_at']}; would skip")
        else:
            lines.append(f"  {recipient}: would send" + (" again (--resend)" if done else ""))
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
    )
    return replace(model, notes=[*stale_notes(state, sources), *model.notes])
