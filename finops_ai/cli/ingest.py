"""`ingest` and `pull`: bills and AI providers' usage into the warehouse."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import click

from finops_ai.cli.context import Context, pass_ctx
from finops_ai.cli.options import command, group, pull_options
from finops_ai.cli.progress import status_line
from finops_ai.errors import FinopsError
from finops_ai.ingest.formats import CHOICES as BILL_FORMATS

if TYPE_CHECKING:
    from finops_ai.load.bills import LoadResult

SUMMARY_VERSION = 1  # of the --json summary (docs/guarantees.md); a breaking change adds one


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
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a JSON summary of the load on stdout, for scripts (notes stay on stderr).",
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
    as_json: bool,
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

    At the end it prints what the load brought: files, rows, billed cost per currency, the
    classes of the rows it added, the time taken (on stderr; with --json as JSON on stdout).

    \b
    Examples:
      finops-ai ingest sample_bills/
      finops-ai ingest 'exports/*.csv.gz' --format focus
      finops-ai ingest s3://billing/cur/acme-hourly/ --profile billing
      finops-ai ingest focus-2025-05-part2.csv --append
      finops-ai ingest exports/ --skip-unknown
      finops-ai -q ingest exports/ --json | jq .billed_cost
    """
    from finops_ai.pipeline import ingest_sources

    if replace and append:
        raise click.UsageError("--replace and --append contradict each other: give one")
    started = time.monotonic()
    handler = ctx.logs.stderr if ctx.logs is not None else None
    staged: list[str] = []

    def note(message: str) -> None:
        if message.startswith("ingested "):
            staged.append(message)
        ctx.note(message)

    with status_line(handler, show=not ctx.quiet) as status:
        try:
            result = ingest_sources(
                ctx.warehouse,
                list(sources),
                fmt=fmt,
                profile=profile,
                endpoint_url=endpoint_url,
                storage_version=ctx.storage_version,
                report=note,
                mode="replace" if replace else "append" if append else "auto",
                skip_unknown=skip_unknown,
                progress=status.set if status is not None else None,
                report_classes=False,
            )
        except FinopsError:
            if staged:
                # The lines above said "ingested": the one transaction they were read in is
                # rolled back, and the user must not think those files are in. A note, so the
                # error stays the one last line.
                ctx.note(
                    f"nothing was ingested: the {len(staged)} file(s) read above are not in "
                    "the warehouse, because of the error below"
                )
            raise
    elapsed = time.monotonic() - started
    if result.unknown:
        ctx.note(
            f"skipped {len(result.unknown)} file(s) in no known format: "
            + ", ".join(result.unknown)
        )
    if as_json:
        click.echo(json.dumps(_summary_json(ctx, result, elapsed), indent=2))
    loaded = [f for f in result.files if not f.skipped]
    if not loaded:
        ctx.note(
            f"nothing new: everything in {', '.join(sources)} is already in {ctx.warehouse} "
            f"({elapsed:.1f} s)"
        )
        return
    for line in _summary_lines(ctx, result, elapsed):
        ctx.note(line)


def _summary_lines(ctx: Context, result: LoadResult, elapsed: float) -> list[str]:
    """The block an ingest ends with: what this load did, its billed cost per currency (never
    added across currencies) and the classes of the rows it added, by effective cost."""
    from finops_ai.load.bills import money

    loaded = [f for f in result.files if not f.skipped]
    outcomes = Counter(p.outcome for p in result.partitions)
    how = ", ".join(f"{n} {o}" for o in ("new", "replaced", "added to") if (n := outcomes[o]))
    lines = [
        f"load {result.load_id}: {len(loaded)} file(s), {result.rows:,} rows, "
        f"{len(result.partitions)} billing period(s){f' ({how})' if how else ''} now current "
        f"in {ctx.warehouse} ({elapsed:.1f} s)"
    ]
    skipped = Counter(_why_skipped(f.skipped) for f in result.files if f.skipped)
    if skipped:
        lines.append(
            "  skipped (named above): "
            + ", ".join(f"{n} file(s) {why}" for why, n in sorted(skipped.items()))
        )
    replaced = [h for p in result.partitions for h in p.replaced]
    if replaced:
        names = list(dict.fromkeys(h.source for h in replaced))
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        lines.append(f"  replaced: the rows of {len(names)} earlier file(s): {shown}")
    lines.append(f"  billed cost: {money(result.costs)}")
    if result.classes:
        lines.append("  this load's line items by class (effective cost):")
        width = max(len(f"{c.effective_cost:,.2f}") for c in result.classes)
        count = max(len(f"{c.line_items:,}") for c in result.classes)
        for c in result.classes:
            amount = f"{c.effective_cost:,.2f}".rjust(width)
            lines.append(
                f"    {c.workload_class:<9} {amount} {c.currency or '(no currency)'}  "
                f"{c.line_items:>{count},} line items"
            )
    return lines


def _why_skipped(reason: str) -> str:
    if reason.startswith("same content as"):
        return "given twice (the same content)"
    return reason.removesuffix(", unchanged")


def _summary_json(ctx: Context, result: LoadResult, elapsed: float) -> dict[str, Any]:
    """The --json summary (docs/guarantees.md documents its fields)."""
    replaced = [
        {
            "path": h.source,
            "format": h.format,
            "load_id": h.load_id,
            "provider": p.key[0],
            "billing_account": p.key[1],
            "billing_period": f"{p.key[2]:%Y-%m}",
            "rows": h.rows,
            "billed_cost": _amounts(h.cost),
        }
        for p in result.partitions
        for h in p.replaced
    ]
    return {
        "version": SUMMARY_VERSION,
        "warehouse": str(ctx.warehouse.resolve()),
        "load_id": result.load_id,
        "elapsed_seconds": round(elapsed, 3),
        "rows": result.rows,
        "billed_cost": _amounts(result.costs),
        "files": {
            "loaded": [
                {
                    "path": f.name,
                    "format": f.format,
                    "rows": f.rows,
                    "billed_cost": _amounts(f.costs),
                }
                for f in result.files
                if not f.skipped
            ],
            "skipped": [
                {"path": f.name, "reason": f.skipped}
                for f in result.files
                if f.skipped and f.name not in result.unknown
            ],
            "unknown": list(result.unknown),
            "replaced": replaced,
        },
        "billing_periods": [
            {
                "provider": p.key[0],
                "billing_account": p.key[1],
                "billing_period": f"{p.key[2]:%Y-%m}",
                "outcome": p.outcome,
            }
            for p in result.partitions
        ],
        "classes": [
            {
                "class": c.workload_class,
                "currency": c.currency,
                "line_items": c.line_items,
                "effective_cost": _number(c.effective_cost),
            }
            for c in result.classes
        ],
    }


def _amounts(costs: dict[str | None, Decimal]) -> dict[str, float]:
    """Per currency code (``""`` for rows with none), rounded to cents as in the report JSON."""
    return {
        currency or "": _number(amount)
        for currency, amount in sorted(costs.items(), key=lambda c: (c[0] is None, c[0] or ""))
    }


def _number(amount: Decimal) -> float:
    return float(Decimal(amount).quantize(Decimal("0.01"), ROUND_HALF_UP))


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
