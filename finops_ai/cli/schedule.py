"""`run`, `send` and `config`: the scheduled commands, and the settings they share."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from finops_ai.cli.context import Context, pass_ctx
from finops_ai.cli.options import (
    command,
    config_option,
    month_option,
    to_option,
    today_option,
)
from finops_ai.escaping import controls
from finops_ai.logs import LOG
from finops_ai.warehouse import db

if TYPE_CHECKING:
    from finops_ai.config import Settings


def _settings(ctx: Context, config_file: Path | None, **flags: tuple[object, str]) -> Settings:
    """Settings for run/send/config: flags given here > FINOPS_AI_* > config file > defaults."""
    from finops_ai.config import resolve

    given = {name: pair for name, pair in flags.items() if pair[0]}
    given.update(ctx.flags)  # --warehouse, --storage-version, --memory-limit, wherever given
    settings = resolve(config=config_file, flags=given)
    if settings.memory_limit:
        os.environ[db.MEMORY_LIMIT_ENV] = settings.memory_limit
    if LOG.isEnabledFor(logging.DEBUG):
        from finops_ai.config import describe

        for name, value, origin in describe(settings):  # secrets masked
            LOG.debug(f"setting {name} = {value} [{origin}]")
    return settings


@command("run")
@config_option
@month_option("Report on this month (default: report.month, 'previous': the month before today).")
@to_option("Email the report to ADDRESS instead of mail.to (repeatable).")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the report files here instead of report.output_dir.",
)
@click.option(
    "--dry-run", is_flag=True, help="Show what would be pulled, written and sent; do none of it."
)
@click.option(
    "--resend",
    is_flag=True,
    help="Email the month's report again to recipients who have it, and post it to the webhook "
    "again.",
)
@today_option("the report month and the days to pull")
@pass_ctx
def run_command(
    ctx: Context,
    config_file: Path | None,
    month: str | None,
    recipients: tuple[str, ...],
    output_dir: Path | None,
    dry_run: bool,
    resend: bool,
    today: dt.datetime | None,
) -> None:
    """Pull new bills, refresh the warehouse, and write and email the monthly report (for cron).

    Reads the config file (warehouse, ingest sources, AI providers, budgets, rules, report
    month, output folder, recipients, SMTP server), then refreshes each source in its own
    atomic write, builds the month's report and delivers it: report files
    (finops-ai-report-YYYY-MM.html/.md/.json), one email per month and recipient, and, with
    FINOPS_AI_WEBHOOK_URL set, the month's headline posted once to Slack or another incoming
    webhook. If a source fails, the others still refresh and the report says which data is
    stale. Only one run at a time: a second exits at once. Secrets come from the environment
    (FINOPS_AI_SMTP_PASSWORD, FINOPS_AI_WEBHOOK_URL, OPENAI_ADMIN_KEY, ANTHROPIC_ADMIN_KEY) and
    boto3's credential chain, never from the file. See docs/scheduling.md.

    \b
    Exit codes: 0 ok; 1 bad input; 2 internal error; 3 configuration error;
    4 a source failed (the rest refreshed, report delivered); 5 delivery failed
    (files, email or webhook; re-send with finops-ai send); 6 another run holds the lock.

    \b
    Examples:
      finops-ai run --config /etc/finops-ai/finops.toml
      finops-ai run --dry-run
      finops-ai run --month 2026-10 --to cfo@example.com --resend
      finops-ai run --quiet --log-file /var/log/finops-ai/run.log   # crontab
    """
    from finops_ai.schedule import run as scheduled

    settings = _settings(
        ctx,
        config_file,
        report_month=(month, "--month"),
        mail_to=(tuple(recipients), "--to"),
        report_output_dir=(output_dir, "--output-dir"),
    )
    day = today.date() if today else None
    if dry_run:
        from finops_ai.schedule.plan import plan

        for line in plan(
            settings,
            resend=resend,
            today=day or dt.datetime.now(dt.UTC).date(),
            environ=os.environ,
        ):
            click.echo(controls(line))
        scheduled.check(settings, environ=os.environ, mail=bool(settings.mail_to))
        return
    scheduled.run(settings, resend=resend, today=day).raise_for_status()


@command("send")
@config_option
@month_option("The month to send (default: report.month, 'previous': the month before today).")
@to_option("Recipient (repeatable). Default: mail.to from the config.")
@today_option("the report month and the days to pull")
@pass_ctx
def send_command(
    ctx: Context,
    config_file: Path | None,
    month: str | None,
    recipients: tuple[str, ...],
    today: dt.datetime | None,
) -> None:
    """Email a month's report by hand, from the warehouse as it is: nothing is pulled.

    Uses the config's SMTP settings and sender; sends even if the month was sent before, and
    records who got it, so the next `finops-ai run` does not send it to them again. Use it after
    a run exited 5 (delivery failed) once the mail server is back.

    \b
    Examples:
      finops-ai send --month 2026-10 --to cfo@example.com --to ml-leads@example.com
      finops-ai send --config /etc/finops-ai/finops.toml --month 2026-10
    """
    from finops_ai.schedule.run import send

    settings = _settings(ctx, config_file)
    sent_month, sent = send(
        settings,
        month=month,
        recipients=list(recipients) or list(settings.mail_to),
        today=today.date() if today else None,
    )
    ctx.note(f"sent the {sent_month} report to {', '.join(sent)}")


@command("config")
@config_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object for scripts: each setting's value and source, secrets masked.",
)
@pass_ctx
def config_command(ctx: Context, config_file: Path | None, as_json: bool) -> None:
    """Print the settings `run` and `send` would use, where each comes from, secrets masked.

    Precedence: command-line flag > FINOPS_AI_<KEY> environment variable > config file >
    default. Exits 3 if the settings are invalid or incomplete for a run, so it also checks a
    config file before cron uses it (with --json, after printing the object with the problem).

    \b
    Examples:
      finops-ai config --config /etc/finops-ai/finops.toml
      FINOPS_AI_SMTP_HOST=smtp.example.com finops-ai config
      finops-ai config --json | jq -r '.settings["smtp.host"].value'
    """
    from finops_ai.config import describe
    from finops_ai.errors import SettingsError
    from finops_ai.schedule.run import check

    settings = _settings(ctx, config_file)
    if as_json:
        import json

        from finops_ai.config import describe_json

        listing = describe_json(settings)
        problem: SettingsError | None = None
        try:
            check(settings, environ=os.environ, mail=bool(settings.mail_to))
        except SettingsError as exc:
            problem = exc
        listing["problem"] = str(problem) if problem else None
        click.echo(json.dumps(listing, indent=2))
        for warning in settings.warnings:
            ctx.note(f"warning: {warning}")
        if problem:
            raise problem
        return
    rows = describe(settings)
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        click.echo(controls(f"{name:<{width}}  {value}  [{origin}]"))
    for warning in settings.warnings:
        ctx.note(f"warning: {warning}")
    check(settings, environ=os.environ, mail=bool(settings.mail_to))
