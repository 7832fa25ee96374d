"""`finops-ai run`: refresh every source, build the month's report, write it and email it.

    settings -> run lock -> [classify] rules -> each source in its own write -> report
             -> files (always attempted) -> email (once per month and recipient)
             -> webhook (the headline, once per month)

Each source (every ingest source, every provider) is refreshed in its own atomic write, so one
that fails (S3 denied, an API outage) rolls back only itself: the others still refresh, and the
report is still built and delivered, with a note naming each stale source and since when its
data dates. Delivery is on independent channels (deliver/channel.py; ``channels`` below): the
files are written even when the email fails, and the email is tried even when the files fail;
`finops-ai send` re-sends a month from the warehouse without pulling anything. What ran,
failed and was sent is kept in the run state (schedule/state.py), and the outcome decides the
exit code (errors.py): delivery failures (5) before source failures (4).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from finops_ai import config as config_module
from finops_ai.config import Settings
from finops_ai.deliver.channel import Channel, Delivery, Rendered
from finops_ai.errors import (
    DeliveryError,
    FinopsError,
    SettingsError,
    SourcesFailedError,
)
from finops_ai.report.model import Note, Report
from finops_ai.schedule.lock import run_lock
from finops_ai.schedule.state import State, now

log = logging.getLogger("finops_ai.run")
NO_DATA = "no_data"


@dataclass
class Outcome:
    """What one source did in this run."""

    source: str
    ok: bool
    summary: str
    seconds: float = 0.0


@dataclass
class RunResult:
    outcomes: list[Outcome] = field(default_factory=list)
    month: str | None = None
    deliveries: list[Delivery] = field(default_factory=list)  # one per channel that delivered
    delivery_errors: list[str] = field(default_factory=list)
    failed_channels: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    def _retry_hint(self) -> str | None:
        if not self.month:
            return None
        if self.failed_channels == ["webhook"]:  # `send` emails; the next run posts again
            return "The next run posts the headline again (this month is not marked as posted)"
        return f"Re-send without pulling: finops-ai send --month {self.month}"

    def raise_for_status(self) -> None:
        """Raise the error whose exit code fits the run: delivery (5), then sources (4)."""
        sources = "; ".join(f"{o.source}: {o.summary}" for o in self.failed)
        if self.delivery_errors:
            extra = f" (and {len(self.failed)} source(s) failed: {sources})" if self.failed else ""
            raise DeliveryError("; ".join(self.delivery_errors) + extra, self._retry_hint())
        if self.failed:
            raise SourcesFailedError(
                f"{len(self.failed)} of {len(self.outcomes)} source(s) failed: {sources}",
                "The others were refreshed and the report marks the stale ones",
            )


def report_month(policy: str, today: dt.date) -> str | None:
    """The month a policy asks for; None: build_report's own default (last complete month)."""
    if policy == "previous":
        return f"{today.replace(day=1) - dt.timedelta(days=1):%Y-%m}"
    if policy == "last-complete":
        return None
    return policy


def check(settings: Settings, *, environ: Mapping[str, str], mail: bool) -> None:
    """Everything a run needs, before it touches anything (exit 3 on a problem)."""
    check_warehouse_folder(settings)
    config_module.require(settings, mail=mail, environ=environ)
    if not settings.report_formats and not mail and not settings.webhook_url:
        raise SettingsError(
            "nothing to deliver: report.formats is empty, mail.to is not set and neither is "
            "FINOPS_AI_WEBHOOK_URL",
            "Set report.formats (e.g. ['html', 'md', 'json']), mail.to or FINOPS_AI_WEBHOOK_URL",
        )


def check_warehouse_folder(settings: Settings) -> None:
    folder = settings.warehouse.parent
    if not folder.is_dir():
        raise SettingsError(
            f"warehouse: folder {folder} does not exist ({settings.origins.get('warehouse')})",
            "Create it, or point warehouse (FINOPS_AI_WAREHOUSE, --warehouse) elsewhere",
        )


def run(
    settings: Settings,
    *,
    resend: bool = False,
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
) -> RunResult:
    """One scheduled run. Returns what happened; ``raise_for_status`` turns it into an exit."""
    environ = os.environ if environ is None else environ
    today = today or dt.datetime.now(dt.UTC).date()
    check(settings, environ=environ, mail=bool(settings.mail_to))
    for warning in settings.warnings:
        log.warning(f"warning: {warning}")
    result = RunResult()
    with run_lock(settings.lock_path, "run", warn=log.warning):
        state = State.load(settings.state_path)
        apply_rules(settings)
        sources = [*settings.ingest_sources, *settings.pull_providers]
        for number, source in enumerate(sources, 1):
            log.info(f"[{number}/{len(sources)}] {source}")
            outcome = refresh(settings, source, today, environ)
            if outcome.ok:
                state.record_success(source, now())
            else:
                state.record_failure(source, now(), outcome.summary)
            state.save()
            result.outcomes.append(outcome)
            log.log(
                logging.INFO if outcome.ok else logging.ERROR,
                f"{source}: {'' if outcome.ok else 'FAILED: '}{outcome.summary} "
                f"({outcome.seconds:.1f}s)",
            )
        model = build(settings, today, state, sources, failed=result.failed)
        result.month = model.month
        deliver(settings, model, state, result, resend=resend)
    log.info(summary(result))
    return result


def apply_rules(settings: Settings) -> None:
    """Store the config file's [classify] rules and re-classify, only if they changed."""
    if settings.rules is None:
        return
    from finops_ai.classify.run import reclassify, rules_stored
    from finops_ai.warehouse import db

    rules = list(settings.rules)
    if rules_stored(settings.warehouse, rules):
        return
    with db.write(settings.warehouse, settings.storage_version) as session:
        reclassify(session, rules, str(settings.config_file))
    log.info(f"stored {len(rules)} classification rule(s) from {settings.config_file}")


def refresh(settings: Settings, source: str, today: dt.date, environ: Mapping[str, str]) -> Outcome:
    """Ingest or pull one source in its own write; a failure is returned, not raised."""
    from finops_ai.pipeline import ingest_sources, pull_provider

    started = time.monotonic()
    try:
        if source in config_module.PROVIDER_KEYS:
            pulled = pull_provider(
                settings.warehouse,
                source,
                since=settings.pull_since,
                base_url=settings.base_url(source),
                org_id=settings.org_id(source),
                environ=dict(environ),
                storage_version=settings.storage_version,
                report=log.info,
                today=today,
                deadline=settings.pull_deadline,
            )
            if pulled.load_id is None:
                summary = "nothing new: every day asked for is already complete"
            else:
                assert pulled.end is not None  # a load has its window
                last = pulled.end - dt.timedelta(days=1)
                summary = f"pulled {pulled.start} to {last} (load {pulled.load_id})"
        else:
            loaded = ingest_sources(
                settings.warehouse,
                [source],
                fmt=settings.ingest_format,
                profile=settings.ingest_profile,
                endpoint_url=settings.ingest_endpoint_url,
                storage_version=settings.storage_version,
                report=log.info,
            )
            files = [f for f in loaded.files if not f.skipped]
            summary = (
                f"{len(files)} file(s), {loaded.rows:,} rows (load {loaded.load_id})"
                if files
                else "nothing new"
            )
        return Outcome(source, True, summary, time.monotonic() - started)
    except FinopsError as exc:
        return Outcome(source, False, str(exc), time.monotonic() - started)
    except Exception as exc:  # noqa: BLE001 - one source's bug must not stop the others
        if environ.get("FINOPS_AI_DEBUG"):
            log.error(f"{source}: traceback", exc_info=True)
        why = f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)"
        return Outcome(source, False, why, time.monotonic() - started)


def build(
    settings: Settings,
    today: dt.date,
    state: State,
    sources: list[str],
    *,
    failed: list[Outcome] | None = None,
    month: str | None = None,
) -> Report:
    """The month's report from the warehouse, with a note for every stale source."""
    from finops_ai.report.build import build_report

    try:
        model = build_report(
            settings.warehouse,
            month=month or report_month(settings.report_month, today),
            basis=settings.report_cost,
            budgets=settings.budgets,
            today=today,
            settings=settings.lever_settings,
        )
    except FinopsError as exc:
        if failed:  # nothing to report because the sources failed: that is the real error
            raise SourcesFailedError(
                f"no report: {exc}; and {len(failed)} source(s) failed: "
                + "; ".join(f"{o.source}: {o.summary}" for o in failed)
            ) from exc
        raise
    stale = stale_notes(state, sources)
    return replace(model, notes=[*stale, *model.notes]) if stale else model


def stale_notes(state: State, sources: list[str]) -> list[Note]:
    """A note for each source whose last attempt failed: since when its data dates, and why."""
    notes = []
    for source in sources:
        status = state.source(source)
        if not status.stale:
            continue
        since = (
            f"its data is as of its last refresh at {_when(status.last_success)}"
            if status.last_success
            else "it has never been refreshed"
        )
        why = status.error or "unknown error"
        why = why if len(why) <= 240 else why[:237] + "..."
        notes.append(
            Note(
                "stale_source",
                f"Stale source {source}: failing since {_when(status.failing_since)}, so {since} "
                f"({why}).",
            )
        )
    return notes


def _when(stamp: str | None) -> str:
    """'2026-11-05T06:00:12Z' -> '2026-11-05 06:00 UTC'."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if stamp else "an unknown time"


def channels(settings: Settings, *, resend: bool) -> list[Channel]:
    """The channels a run delivers on, in the order it tries them (and `run --dry-run` plans
    them): the report files always, the email when mail.to is set, the webhook when
    FINOPS_AI_WEBHOOK_URL is."""
    from finops_ai.deliver.files import FileChannel

    found: list[Channel] = [FileChannel(settings.report_output_dir, settings.report_formats)]
    if settings.mail_to:
        found.append(email_channel(settings, list(settings.mail_to), resend=resend))
    if settings.webhook_url:
        found.append(webhook_channel(settings, resend=resend))
    return found


def webhook_channel(settings: Settings, *, resend: bool) -> Channel:
    from finops_ai.deliver.webhook_channel import WebhookChannel

    assert settings.webhook_url is not None
    return WebhookChannel(
        settings.webhook_url,
        settings.webhook_format,
        settings.webhook_timeout,
        resend=resend,
    )


def email_channel(settings: Settings, recipients: list[str], *, resend: bool) -> Channel:
    from finops_ai.deliver import smtp
    from finops_ai.deliver.email_channel import EmailChannel

    # Unset only in a dry run's plan: config.require refuses a run or send without them.
    server = smtp.SmtpServer(
        host=settings.smtp_host or "",
        port=settings.smtp_port,
        tls=settings.smtp_tls,
        user=settings.smtp_user,
        password=settings.smtp_password,
        ca_file=settings.smtp_ca_file,
        timeout=settings.smtp_timeout,
    )
    return EmailChannel(server, settings.mail_from or "", recipients, resend=resend)


def deliver(
    settings: Settings, model: Report, state: State, result: RunResult, *, resend: bool
) -> None:
    """Deliver the report on every channel; each is tried whatever the others did."""
    report = Rendered(model)
    no_data = NO_DATA in {n.code for n in model.notes}
    for channel in channels(settings, resend=resend):
        if no_data and channel.needs_data:
            log.warning(
                f"warning: no line items for {model.month} yet: the {channel.name} is not sent "
                "(a later run will send it once there is data)"
            )
            continue
        try:
            result.deliveries.append(channel.deliver(report, state))
        except FinopsError as exc:
            result.delivery_errors.append(f"{channel.name}: {exc}")
            result.failed_channels.append(channel.name)
            log.error(f"{channel.name}: FAILED: {exc}")


def send(
    settings: Settings,
    *,
    month: str | None,
    recipients: list[str],
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[str, list[str]]:
    """`finops-ai send`: email a month's report from the warehouse as it is; no pulling."""
    environ = os.environ if environ is None else environ
    today = today or dt.datetime.now(dt.UTC).date()
    if not recipients:
        raise SettingsError("no recipients: give --to ADDRESS or set mail.to")
    recipients = list(config_module.check_recipients(recipients, "flag --to"))
    check_warehouse_folder(settings)
    # Sending needs no provider keys.
    config_module.require(replace(settings, pull_providers=()), mail=True, environ=environ)
    with run_lock(settings.lock_path, "send", warn=log.warning):
        state = State.load(settings.state_path)
        sources = [*settings.ingest_sources, *settings.pull_providers]
        model = build(settings, today, state, sources, month=month)
        if NO_DATA in {n.code for n in model.notes}:
            log.warning(f"warning: no line items for {model.month}: sending an empty report")
        # Sent even to recipients who have it: sending by hand is asking for it.
        done = email_channel(settings, recipients, resend=True).deliver(Rendered(model), state)
    return model.month, done.delivered


def summary(result: RunResult) -> str:
    ok = len(result.outcomes) - len(result.failed)
    parts = [f"run finished: {ok} of {len(result.outcomes)} source(s) refreshed"]
    if result.failed:
        parts.append("failed: " + ", ".join(o.source for o in result.failed))
    if result.month:
        parts.append(f"report {result.month}")
    parts += [d.summary for d in result.deliveries if d.summary]
    if result.delivery_errors:
        parts.append(f"{len(result.delivery_errors)} delivery failure(s)")
    return "; ".join(parts)
