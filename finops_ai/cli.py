"""The finops-ai command line. Thin: parse options, call one function, print.

stdout carries data (query results, summaries); progress, notes and errors go to stderr, so
`finops-ai sql ... --format json > out.json` and cron mail stay clean.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

import click

from finops_ai import __version__
from finops_ai.errors import FinopsError
from finops_ai.warehouse import db

ENV_DEBUG = "FINOPS_AI_DEBUG"


class Context:
    def __init__(self, warehouse: Path | None, quiet: bool, storage_version: str) -> None:
        self.explicit_warehouse = warehouse
        self.warehouse = warehouse or db.default_path()
        self.quiet = quiet
        self.storage_version = storage_version

    def note(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)


pass_ctx = click.make_pass_decorator(Context)


class FinopsGroup(click.Group):
    """Turns every error into one line on stderr and a documented exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FinopsError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place unexpected errors are reported
            if os.environ.get(ENV_DEBUG):
                traceback.print_exc()
            click.echo(
                f"Internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)",
                err=True,
            )
            ctx.exit(2)


@click.group(
    cls=FinopsGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="finops-ai")
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB warehouse file. Default: $FINOPS_AI_WAREHOUSE, else ./finops.duckdb.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print no progress or notes on stderr.")
@click.option(
    "--storage-version",
    default=lambda: os.environ.get("FINOPS_AI_STORAGE_VERSION", db.DEFAULT_STORAGE_VERSION),
    show_default="v1.4.0, readable by DuckDB 1.4 and newer",
    help="DuckDB storage version for a new warehouse file ($FINOPS_AI_STORAGE_VERSION).",
)
@click.option("--debug", is_flag=True, help="Show a traceback on unexpected errors.")
@click.pass_context
def cli(
    ctx: click.Context, warehouse: Path | None, quiet: bool, storage_version: str, debug: bool
) -> None:
    """How much of your cloud and AI bill goes to AI training and inference.

    \b
    Start with the bundled sample bills:
      finops-ai demo
    Then your own:
      finops-ai ingest ./cur/ s3://my-billing-bucket/cur/
      finops-ai sql "SELECT ServiceName, sum(EffectiveCost) FROM line_items GROUP BY 1"
    """
    if debug:
        os.environ[ENV_DEBUG] = "1"
    ctx.obj = Context(warehouse, quiet, storage_version)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "cur", "cur2", "focus"]),
    default="auto",
    show_default=True,
    help="Bill format; auto detects it from the columns, not the file name.",
)
@click.option("--profile", help="AWS profile for s3:// sources (default: boto3's usual chain).")
@click.option("--endpoint-url", help="S3 endpoint for s3:// sources (MinIO, a VPC endpoint...).")
@pass_ctx
def ingest(
    ctx: Context, sources: tuple[str, ...], fmt: str, profile: str | None, endpoint_url: str | None
) -> None:
    """Load bills into the warehouse: files, folders, globs or s3:// prefixes.

    Reads AWS CUR (legacy CSV/.csv.gz/.csv.zip/Parquet and CUR 2.0), and FOCUS 1.0-1.2
    exports (Azure, GCP, OCI, AWS). A newer delivery of a billing month replaces the older one;
    the same file twice changes nothing. The whole command is one transaction: if any file is
    bad, the warehouse is left exactly as it was.

    \b
    Examples:
      finops-ai ingest sample_bills/
      finops-ai ingest 'exports/*.csv.gz' --format focus
      finops-ai ingest s3://billing/cur/acme-hourly/ --profile billing
    """
    from finops_ai.pipeline import ingest_sources

    result = ingest_sources(
        ctx.warehouse,
        list(sources),
        fmt=fmt,
        profile=profile,
        endpoint_url=endpoint_url,
        storage_version=ctx.storage_version,
        report=ctx.note,
    )
    loaded = [f for f in result.files if not f.skipped]
    if not loaded:
        ctx.note(f"nothing new: everything in {', '.join(sources)} is already in {ctx.warehouse}")
        return
    ctx.note(
        f"load {result.load_id}: {len(loaded)} file(s), {result.rows:,} rows, "
        f"{len(result.partitions)} billing period(s) now current in {ctx.warehouse}"
    )


@cli.command()
@click.argument("query", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--max-rows",
    type=int,
    default=100,
    show_default=True,
    help="Rows shown in table format (csv and json print all).",
)
@pass_ctx
def sql(ctx: Context, query: str | None, fmt: str, max_rows: int) -> None:
    """Run read-only SQL against the warehouse.

    The warehouse is opened read-only, exactly as an analyst's DuckDB would open it, so this
    never blocks or disturbs a running ingest. With no QUERY, lists the tables and views.

    \b
    Examples:
      finops-ai sql "SELECT ProviderName, sum(EffectiveCost) FROM line_items GROUP BY 1"
      finops-ai sql "SELECT * FROM line_items LIMIT 5" --format json
    """
    from finops_ai.warehouse.query import run_query, table_listing

    text = run_query(ctx.warehouse, query or table_listing(), fmt, max_rows)
    click.echo(text)


@cli.command()
@click.option(
    "--bills",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of bills to use instead of the bundled sample_bills/.",
)
@pass_ctx
def demo(ctx: Context, bills: Path | None) -> None:
    """Build a warehouse from the bundled sample bills and print a spend summary.

    Writes demo.duckdb in the current folder (or --warehouse), never your real warehouse.
    Running it again is safe: bills already in the warehouse are skipped.

    \b
    Example:
      finops-ai demo && finops-ai --warehouse demo.duckdb sql "SELECT * FROM line_items LIMIT 3"
    """
    from finops_ai.pipeline import ingest_sources
    from finops_ai.report.summary import render_summary, sample_bills_dir

    warehouse = ctx.explicit_warehouse or Path("demo.duckdb")
    folder = bills or sample_bills_dir()
    ctx.note(f"building {warehouse} from {folder}")
    ingest_sources(warehouse, [str(folder)], storage_version=ctx.storage_version, report=ctx.note)
    click.echo(render_summary(warehouse))
    ctx.note(f'explore: finops-ai --warehouse {warehouse} sql "SELECT * FROM line_items LIMIT 5"')


@cli.group()
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


def _pull_options(provider: str, base_env: str, default_url: str):  # noqa: ANN202 - decorator
    def decorate(func):  # noqa: ANN001, ANN202
        options = [
            click.option(
                "--since",
                type=click.DateTime(formats=["%Y-%m-%d"]),
                help="First day to consider (default: the first day of last month).",
            ),
            click.option(
                "--until",
                type=click.DateTime(formats=["%Y-%m-%d"]),
                help="Last day to pull, inclusive (default and at most: today, UTC).",
            ),
            click.option(
                "--base-url",
                envvar=base_env,
                show_envvar=True,
                help=f"API base URL: proxies, regional endpoints, tests (default {default_url}).",
            ),
            click.option(
                "--org-id",
                help="Organisation id to file the rows under"
                + (
                    " (default: the key's organisation)."
                    if provider == "anthropic"
                    else " (default: the one already in the warehouse, else 'OpenAI')."
                ),
            ),
            click.option(
                "--full", is_flag=True, help="Pull every day from --since, complete or not."
            ),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _pull(ctx: Context, provider: str, since, until, base_url, org_id, full) -> None:  # noqa: ANN001
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
    )
    if result.load_id is not None:
        ctx.note(
            f"load {result.load_id}: {result.provider} {result.start} to "
            f"{result.end - dt.timedelta(days=1)} now current in {ctx.warehouse}"
        )


@pull.command("openai")
@_pull_options("openai", "OPENAI_BASE_URL", "https://api.openai.com/v1")
@pass_ctx
def pull_openai(ctx: Context, since, until, base_url, org_id, full) -> None:  # noqa: ANN001
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
    _pull(ctx, "openai", since, until, base_url, org_id, full)


@pull.command("anthropic")
@_pull_options("anthropic", "ANTHROPIC_BASE_URL", "https://api.anthropic.com")
@pass_ctx
def pull_anthropic(ctx: Context, since, until, base_url, org_id, full) -> None:  # noqa: ANN001
    """Anthropic Admin API cost report and messages usage report, key in $ANTHROPIC_ADMIN_KEY.

    Reads /v1/organizations/cost_report (by workspace and description: these rows carry the
    money) and /v1/organizations/usage_report/messages (by workspace, API key, model and service
    tier) in daily buckets.

    \b
    Examples:
      finops-ai pull anthropic
      finops-ai pull anthropic --since 2026-07-01 --full
    """
    _pull(ctx, "anthropic", since, until, base_url, org_id, full)


@cli.command()
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="TOML file with your rules ([classify] rules = [...]); stored for later runs.",
)
@click.option("--summary", is_flag=True, help="Show the cost behind every rule.")
@pass_ctx
def classify(ctx: Context, rules_file: Path | None, summary: bool) -> None:
    """Re-classify every line item as training, inference, ai_other or non_ai.

    Ingest classifies automatically; run this after changing your rules (no re-ingest needed).
    Precedence: your rules > workload tags > service/usage-type signals > GPU usage pattern >
    default. See docs/classification.md.

    \b
    Examples:
      finops-ai classify --rules finops.toml --summary
      finops-ai classify --summary
    """
    from finops_ai.classify.rules import load_rules
    from finops_ai.classify.run import classify as run_classify
    from finops_ai.classify.run import store_rules
    from finops_ai.resources import load_query
    from finops_ai.warehouse.query import run_query

    rules = load_rules(rules_file) if rules_file else None
    if not ctx.warehouse.exists():
        raise db.WarehouseError(f"{ctx.warehouse}: no warehouse here", "Run finops-ai ingest first")
    with db.write(ctx.warehouse, ctx.storage_version) as session:
        if rules is not None:
            store_rules(session.con, rules, str(rules_file))
            ctx.note(f"stored {len(rules)} rule(s) from {rules_file}")
        totals = run_classify(session.con)
        session.changed = True
    if summary:
        click.echo(run_query(ctx.warehouse, load_query("classify/summary"), "table", 1000))
        return
    for total in totals:
        click.echo(
            f"{total.workload_class:<10} {total.rows:>12,} line items "
            f"{total.effective_cost:>18,.2f} {total.currency}"
        )


@cli.command()
@click.argument("line_item_id")
@pass_ctx
def explain(ctx: Context, line_item_id: str) -> None:
    """Show why a line item got its class: the deciding rule and every rule that matched.

    LINE_ITEM_ID is the provider's line item id (x_SourceLineId) or a resource id.

    \b
    Example:
      finops-ai explain i-0a1b2c3d4e5f67890
    """
    from finops_ai.classify.explain import explain as explain_item

    click.echo(explain_item(ctx.warehouse, line_item_id))


def main() -> None:
    cli()
