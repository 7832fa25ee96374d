"""The finops-ai command line. Thin: parse options, call one function, print.

stdout carries data (query results, summaries); progress, notes and errors go to stderr, so
`finops-ai sql ... --format json > out.json` and cron mail stay clean.
"""

from __future__ import annotations

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
        ctx.note(f"nothing new: {len(result.files)} file(s) already in {ctx.warehouse}")
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


def main() -> None:
    cli()
