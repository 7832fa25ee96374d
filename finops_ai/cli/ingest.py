"""`ingest` and `pull`: bills and AI providers' usage into the warehouse."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

import click

from finops_ai.cli.context import Context, pass_ctx
from finops_ai.cli.options import command, group, pull_options
from finops_ai.ingest.formats import CHOICES as BILL_FORMATS


@command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(BILL_FORMATS),
    default="auto",
    show_default=True,
    help="Bill format; auto detects it from the columns, not the file name.",
)
@click.option("--profile", help="AWS profile for s3:// sources (default: boto3's usual chain).")
@click.option("--endpoint-url", help="S3 endpoint for s3:// sources (MinIO, a VPC endpoint...).")
@click.option(
    "--replace",
    is_flag=True,
    help="These files restate their months: they replace every other file's rows of them.",
)
@click.option(
    "--append",
    is_flag=True,
    help="These files are more parts of their months: they add to the rows already there.",
)
@click.option(
    "--skip-unknown",
    is_flag=True,
    help="Ingest the rest when some files are in no known format, naming what was skipped.",
)
@pass_ctx
def ingest(
    ctx: Context,
    sources: tuple[str, ...],
    fmt: str,
    profile: str | None,
    endpoint_url: str | None,
    replace: bool,
    append: bool,
    skip_unknown: bool,
) -> None:
    """Load bills into the warehouse: files, folders, globs or s3:// prefixes.

    Reads AWS CUR (legacy CSV/.csv.gz/.csv.zip/Parquet and CUR 2.0), FOCUS 1.0-1.2
    exports (Azure, GCP, OCI, AWS), Azure cost details (EA or MCA, actual or amortized) and
    Google Cloud Billing's BigQuery export (JSON or CSV). Where a manifest names the delivery
    (CUR assembly or execution, Azure export run), its parts add up and a newer delivery of a
    billing month replaces the older one whole. A file with no manifest that meets another
    file's rows of its month is refused until you say which it is: --replace or --append. The
    same file twice changes nothing. The whole command is one transaction: if any file is bad,
    the warehouse is left exactly as it was.

    \b
    Examples:
      finops-ai ingest sample_bills/
      finops-ai ingest 'exports/*.csv.gz' --format focus
      finops-ai ingest s3://billing/cur/acme-hourly/ --profile billing
      finops-ai ingest focus-2025-05-part2.csv --append
      finops-ai ingest exports/ --skip-unknown
    """
    from finops_ai.pipeline import ingest_sources

    if replace and append:
        raise click.UsageError("--replace and --append contradict each other: give one")
    result = ingest_sources(
        ctx.warehouse,
        list(sources),
        fmt=fmt,
        profile=profile,
        endpoint_url=endpoint_url,
        storage_version=ctx.storage_version,
        report=ctx.note,
        mode="replace" if replace else "append" if append else "auto",
        skip_unknown=skip_unknown,
    )
    if result.unknown:
        ctx.note(
            f"skipped {len(result.unknown)} file(s) in no known format: "
            + ", ".join(result.unknown)
        )
    loaded = [f for f in result.files if not f.skipped]
    if not loaded:
        ctx.note(f"nothing new: everything in {', '.join(sources)} is already in {ctx.warehouse}")
        return
    outcomes = Counter(p.outcome for p in result.partitions)
    how = ", ".join(f"{n} {o}" for o in ("new", "replaced", "added to") if (n := outcomes[o]))
    ctx.note(
        f"load {result.load_id}: {len(loaded)} file(s), {result.rows:,} rows, "
        f"{len(result.partitions)} billing period(s){f' ({how})' if how else ''} now current "
        f"in {ctx.warehouse}"
    )


@group()
def pull() -> None:
    """Pull AI provider usage and cost from their admin APIs into the warehouse.

    Each pull asks only for the days not yet complete in the warehouse (re-reading the last two
    days, which providers still revise); running it again never counts a day twice. Days are UTC.
    The whole pull is one transaction: on any error the warehouse is left as it was.

    \b
    Examples:
      OPENAI_ADMIN_KEY=sk-admin-... finops-ai pull openai
      ANTHROPIC_ADMIN_KEY=sk-ant-admin... finops-ai pull anthropic --since 2026-07-01
    """


def _pull(
    ctx: Context,
    provider: str,
    since: dt.datetime | None,
    until: dt.datetime | None,
    base_url: str | None,
    org_id: str | None,
    full: bool,
    deadline: int | None,
) -> None:
    from finops_ai.pipeline import pull_provider

    result = pull_provider(
        ctx.warehouse,
        provider,
        since=since.date() if since else None,
        until=until.date() if until else None,
        base_url=base_url,
        org_id=org_id,
        full=full,
        environ=os.environ,
        storage_version=ctx.storage_version,
        report=ctx.note,
        deadline=deadline,
    )
    if result.load_id is not None and result.end is not None:
        ctx.note(
            f"load {result.load_id}: {result.provider} {result.start} to "
            f"{result.end - dt.timedelta(days=1)} now current in {ctx.warehouse}"
        )


@command("openai")
@pull_options("openai", "OPENAI_BASE_URL", "https://api.openai.com/v1")
@pass_ctx
def pull_openai(
    ctx: Context,
    since: dt.datetime | None,
    until: dt.datetime | None,
    base_url: str | None,
    org_id: str | None,
    full: bool,
    deadline: int | None,
) -> None:
    """OpenAI organisation Costs API and Usage API, with the admin key in $OPENAI_ADMIN_KEY.

    Reads /organization/costs (by project, line item and API key: these rows carry the money)
    and the usage endpoints (completions, embeddings, moderations, images, audio, vector stores,
    code interpreter, file and web search; by project, model and API key) in daily buckets.

    \b
    Examples:
      finops-ai pull openai
      finops-ai pull openai --since 2026-07-01 --until 2026-09-30
      finops-ai pull openai --base-url https://openai-proxy.internal/v1
    """
    _pull(ctx, "openai", since, until, base_url, org_id, full, deadline)


@command("anthropic")
@pull_options("anthropic", "ANTHROPIC_BASE_URL", "https://api.anthropic.com")
@pass_ctx
def pull_anthropic(
    ctx: Context,
    since: dt.datetime | None,
    until: dt.datetime | None,
    base_url: str | None,
    org_id: str | None,
    full: bool,
    deadline: int | None,
) -> None:
    """Anthropic Admin API cost report and messages usage report, key in $ANTHROPIC_ADMIN_KEY.

    Reads /v1/organizations/cost_report (by workspace and description: these rows carry the
    money) and /v1/organizations/usage_report/messages (by workspace, API key, model and service
    tier) in daily buckets.

    \b
    Examples:
      finops-ai pull anthropic
      finops-ai pull anthropic --since 2026-07-01 --full
    """
    _pull(ctx, "anthropic", since, until, base_url, org_id, full, deadline)


pull.add_command(pull_openai)
pull.add_command(pull_anthropic)
