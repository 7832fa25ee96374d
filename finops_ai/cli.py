"""The finops-ai command line. Thin: parse options, call one function, print.

stdout carries data (query results, summaries); progress, notes and errors go to stderr, so
`finops-ai sql ... --format json > out.json` and cron mail stay clean.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

import click
import duckdb
from click.core import ParameterSource

from finops_ai import __version__
from finops_ai.errors import EXIT_INTERRUPTED, FinopsError, Interrupted, first_line
from finops_ai.escaping import controls
from finops_ai.ingest.http import DEFAULT_DEADLINE
from finops_ai.masking import MaskingFilter, mask
from finops_ai.warehouse import db

ENV_DEBUG = "FINOPS_AI_DEBUG"
LOG = logging.getLogger("finops_ai")
# The scheduled commands stamp every stderr line with the UTC time and pid, for cron and journald.
TIMESTAMPED = ("run", "send")


class Context:
    def __init__(
        self, warehouse: Path | None, quiet: bool, storage_version: str, logs: Logs | None = None
    ) -> None:
        self.explicit_warehouse = warehouse
        self.warehouse = warehouse or db.default_path()
        self.quiet = quiet
        self.storage_version = storage_version
        self.logs = logs

    def note(self, message: str) -> None:
        """Progress and notes: stderr (not with --quiet) and the --log-file."""
        LOG.info(message)


class _Formatter(logging.Formatter):
    """Notes and errors name files, resources and accounts: their control characters become
    visible escapes, a newline too, so a name can neither drive the terminal nor fake a log
    line. A traceback (exc_info) is added after, as Python writes it."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        return controls(super().formatMessage(record), keep="\t")


class _UtcFormatter(_Formatter):
    converter = time.gmtime


def _stamped() -> logging.Formatter:
    return _UtcFormatter("%(asctime)s finops-ai[%(process)d] %(message)s", "%Y-%m-%dT%H:%M:%SZ")


class Logs:
    """stderr: notes (only problems with --quiet; debug detail with --verbose), timestamped for
    the scheduled commands; --log-file: everything, always timestamped, appended."""

    def __init__(self, ctx: click.Context, stamped: bool) -> None:
        self.stderr = logging.StreamHandler(sys.stderr)
        self.stderr.setLevel(logging.INFO)
        self.stderr.setFormatter(_stamped() if stamped else _Formatter("%(message)s"))
        self.stderr.addFilter(MaskingFilter())  # secrets never reach stderr or the log file
        self.handlers: list[logging.Handler] = [self.stderr]
        LOG.setLevel(logging.DEBUG)
        LOG.propagate = False
        LOG.addHandler(self.stderr)
        ctx.call_on_close(self.close)

    def configure(self, quiet: bool, verbose: bool, log_file: Path | None) -> None:
        if quiet or verbose:
            self.stderr.setLevel(logging.WARNING if quiet else logging.DEBUG)
        if log_file is not None:
            try:
                to_file = logging.FileHandler(log_file, encoding="utf-8")
            except OSError as exc:
                raise FinopsError(f"{log_file}: cannot open the log file ({exc.strerror})") from exc
            to_file.setLevel(logging.DEBUG if verbose else logging.INFO)
            to_file.setFormatter(_stamped())
            to_file.addFilter(MaskingFilter())
            self.handlers.append(to_file)
            LOG.addHandler(to_file)

    def close(self) -> None:
        for handler in self.handlers:
            LOG.removeHandler(handler)
            handler.close()


def _error_line(message: str) -> None:
    """The one error line: through the log (so --log-file has it too) once logging is set up."""
    if LOG.handlers:
        LOG.error(message)
    else:
        click.echo(controls(mask(message), keep="\t"), err=True)


pass_ctx = click.make_pass_decorator(Context)


class FinopsGroup(click.Group):
    """Turns every error into one line on stderr and a documented exit code."""

    def invoke(self, ctx: click.Context) -> object:
        swaps = db.swaps_done()
        try:
            return super().invoke(ctx)
        except FinopsError as exc:
            _error_line(f"Error: {exc}")
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt as exc:
            # Ctrl-C. A write swaps in whole or not at all (warehouse/db.py), so this is exact.
            if db.swaps_done() > swaps:
                _error_line("interrupted: the warehouse keeps the writes that had finished")
            else:
                _error_line(exc.message if isinstance(exc, Interrupted) else Interrupted().message)
            ctx.exit(EXIT_INTERRUPTED)
        except duckdb.OutOfMemoryException as exc:
            # Not "nothing was changed": `run` commits each refreshed source before its report.
            _error_line(f"Error: {first_line(exc)}. {db.out_of_memory_hint(nothing_changed=False)}")
            ctx.exit(1)
        except Exception as exc:  # noqa: BLE001 - the one place unexpected errors are reported
            if os.environ.get(ENV_DEBUG):
                traceback.print_exc()
            _error_line(
                f"Internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)"
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
@click.option(
    "-q", "--quiet", is_flag=True, help="Print no progress or notes on stderr, only problems."
)
@click.option("-v", "--verbose", is_flag=True, help="Print debugging detail on stderr too.")
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also append every message, timestamped, to FILE (for cron and systemd).",
)
@click.option(
    "--storage-version",
    default=lambda: os.environ.get("FINOPS_AI_STORAGE_VERSION", db.DEFAULT_STORAGE_VERSION),
    show_default="v1.4.0, readable by DuckDB 1.4 and newer",
    help="DuckDB storage version for a new warehouse file ($FINOPS_AI_STORAGE_VERSION).",
)
@click.option(
    "--memory-limit",
    metavar="SIZE",
    help="Most memory DuckDB may use, e.g. 4GB; big loads spill to disk beyond it "
    f"(${db.MEMORY_LIMIT_ENV}). Default: DuckDB's, 80% of RAM.",
)
@click.option("--debug", is_flag=True, help="Show a traceback on unexpected errors.")
@click.pass_context
def cli(
    ctx: click.Context,
    warehouse: Path | None,
    quiet: bool,
    verbose: bool,
    log_file: Path | None,
    storage_version: str,
    memory_limit: str | None,
    debug: bool,
) -> None:
    """How much of your cloud and AI bill goes to AI training and inference.

    \b
    Start with the bundled sample bills:
      finops-ai demo
    Then your own:
      finops-ai ingest ./cur/ s3://my-billing-bucket/cur/
      finops-ai sql "SELECT ServiceName, sum(EffectiveCost) FROM line_items GROUP BY 1"
    And every month, from cron:
      finops-ai run --config /etc/finops-ai/finops.toml
    """
    if debug:
        os.environ[ENV_DEBUG] = "1"
    logs = Logs(ctx, stamped=ctx.invoked_subcommand in TIMESTAMPED)
    logs.configure(quiet, verbose, log_file)
    if memory_limit:
        db.check_memory_limit(memory_limit, "--memory-limit")
        # Every connection reads it from there (warehouse/db.py), whichever command opens it.
        os.environ[db.MEMORY_LIMIT_ENV] = memory_limit
    ctx.obj = Context(warehouse, quiet, storage_version, logs)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "cur", "cur2", "focus", "azure-cost", "gcp-billing"]),
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
    Google Cloud Billing's BigQuery export (JSON or CSV). Where a manifest names the delivery (CUR assembly or
    execution, Azure export run), its parts add up and a newer delivery of a billing month
    replaces the older one whole. A file with no manifest that meets another file's rows of
    its month is refused until you say which it is: --replace or --append. The same file twice
    changes nothing. The whole command is one transaction: if any file is bad, the warehouse is
    left exactly as it was.

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


@cli.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the SQL from FILE instead of QUERY.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind $NAME in the query to VALUE (repeatable). Numbers bind as numbers.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "parquet"]),
    default="table",
    show_default=True,
    help="Output format (parquet needs --output).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the result to FILE (atomically) instead of stdout.",
)
@click.option(
    "--max-rows",
    type=int,
    default=100,
    show_default=True,
    help="Rows shown in table format (csv and json print all).",
)
@click.option(
    "--spreadsheet-safe",
    is_flag=True,
    help="CSV for a spreadsheet: prefix text cells that start with = + - @, tab or CR with ' "
    "so Excel or Sheets shows them instead of running them as formulas. Default: exact data.",
)
@click.option(
    "--dialect",
    type=click.Choice(["duckdb", "trino", "athena", "spark"]),
    default="duckdb",
    show_default=True,
    help="With --emit: the SQL dialect to transpile to.",
)
@click.option(
    "--emit",
    is_flag=True,
    help="Print the SQL transpiled to --dialect instead of running it; with no query, the whole "
    "portable query set (table DDL over the export, views, classification, examples).",
)
@pass_ctx
def sql(
    ctx: Context,
    query: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    fmt: str,
    output: Path | None,
    max_rows: int,
    spreadsheet_safe: bool,
    dialect: str,
    emit: bool,
) -> None:
    """Run read-only SQL against the warehouse, or print it for Athena, Trino or Spark.

    The warehouse is opened read-only, exactly as an analyst's DuckDB would open it, so this
    never blocks or disturbs a running ingest. With no QUERY, lists the views and tables with
    their columns. Analyst views and example queries: docs/analysts.md.

    \b
    Examples:
      finops-ai sql "SELECT ProviderName, sum(EffectiveCost) FROM line_items GROUP BY 1"
      finops-ai sql "SELECT * FROM ai_spend_monthly" --format parquet -o ai_spend.parquet
      finops-ai sql -f queries/examples/uncertain_ai_spend.sql --param month=2026-10
      finops-ai sql "SELECT * FROM ai_spend_monthly" --format csv --spreadsheet-safe -o ai.csv
      finops-ai sql --dialect athena --emit --param location=s3://bucket/finops/ > athena.sql
    """
    from finops_ai.warehouse.query import parse_params, run_query, save_query, table_listing

    if query and query_file:
        raise click.UsageError("give the SQL as QUERY or with --file, not both")
    text = query_file.read_text(encoding="utf-8") if query_file else query
    values = parse_params(params)
    if emit:
        from finops_ai.warehouse.distributed import emit as emit_sql

        script, warnings = emit_sql(ctx.warehouse, text, dialect, values)
        for warning in warnings:
            ctx.note(f"warning: {warning}")
        click.echo(script, nl=False)
        return
    if dialect != "duckdb":
        raise click.UsageError("--dialect needs --emit: finops-ai runs queries on DuckDB only")
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet needs --output FILE")
    if spreadsheet_safe and fmt != "csv":
        raise click.UsageError("--spreadsheet-safe is for --format csv")
    if output is None:
        result = run_query(
            ctx.warehouse, text or table_listing(), fmt, max_rows, values, spreadsheet_safe
        )
        # color=True: click would strip what looks like colour codes from a pipe, and CSV is
        # the data exact (a table has its control characters escaped already).
        click.echo(result, color=True)
        return
    rows = save_query(ctx.warehouse, text or table_listing(), fmt, output, values, spreadsheet_safe)
    ctx.note(f"wrote {rows:,} row(s) to {output}")


@cli.command("export")
@click.option(
    "--month",
    "months",
    multiple=True,
    metavar="YYYY-MM",
    help="Billing month to export (repeatable). Default: every month in the warehouse.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write billing_period=YYYY-MM/provider=NAME/*.parquet into.",
)
@pass_ctx
def export_command(ctx: Context, months: tuple[str, ...], output: Path) -> None:
    """Export the classified line items as Hive-partitioned Parquet, one folder per month.

    Writes every line_items column (with the class columns) under
    OUTPUT/billing_period=YYYY-MM/provider=NAME/, for Athena, Trino, Spark, DuckDB or polars.
    A month exported again replaces that month's folder whole, swapped in by rename, so a
    reader never sees half a month. Reads the warehouse read-only: safe during an ingest.

    \b
    Examples:
      finops-ai export --month 2026-10 --output export/
      finops-ai export --output export/ && aws s3 sync --delete export/ s3://bucket/finops/
    """
    from finops_ai.warehouse.export import export

    for done in export(ctx.warehouse, output, list(months)):
        click.echo(
            f"{done.month}  {done.rows:>12,} line items  {done.files:>3} file(s)  "
            f"{controls(str(done.folder))}" + ("  (replaced)" if done.replaced else "")
        )


@cli.command()
@click.option(
    "--bills",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of bills to use instead of the bundled sample_bills/.",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the HTML report (default: report.html beside the warehouse).",
)
@pass_ctx
def demo(ctx: Context, bills: Path | None, html_path: Path | None) -> None:
    """Build a warehouse from the bundled sample bills, print the report and write report.html.

    Writes demo.duckdb in the current folder (or --warehouse), never your real warehouse, and
    the monthly report as report.html beside it. Running it again is safe: bills already in
    the warehouse are skipped.

    \b
    Example:
      finops-ai demo && finops-ai --warehouse demo.duckdb sql "SELECT * FROM line_items LIMIT 3"
    """
    from finops_ai.deliver.files import write_report
    from finops_ai.pipeline import ingest_sources
    from finops_ai.report.build import build_report
    from finops_ai.report.render import render
    from finops_ai.resources import sample_bills_dir

    warehouse = ctx.explicit_warehouse or Path("demo.duckdb")
    folder = bills or sample_bills_dir()
    ctx.note(f"building {warehouse} from {folder}")
    ingest_sources(warehouse, [str(folder)], storage_version=ctx.storage_version, report=ctx.note)
    model = build_report(warehouse)
    _echo_text_report(model)
    html_path = html_path or warehouse.with_name("report.html")
    write_report(html_path, render(model, "html"))
    ctx.note(f"wrote {html_path}: the same report as a page to open in a browser or forward")
    ctx.note(f'explore: finops-ai --warehouse {warehouse} sql "SELECT * FROM line_items LIMIT 5"')


def _month_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise click.BadParameter(f"{value!r} is not a month written YYYY-MM, e.g. 2026-10")
    return value


def _echo_text_report(model) -> None:  # noqa: ANN001 - a report.model.Report
    """The text report on stdout, as wide as the terminal, in colour only on a TTY."""
    from finops_ai.deliver import terminal
    from finops_ai.report.render import render

    text = render(
        model, "text", width=terminal.width(sys.stdout), color=terminal.use_color(sys.stdout)
    )
    click.echo(text, nl=False)


@cli.command()
@click.option(
    "--month",
    callback=_month_option,
    metavar="YYYY-MM",
    help="Invoice month to report on. Default: the last complete month with data.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "md", "json", "pdf"]),
    help="Output format. Default: from --output's suffix (.html, .md, .json, .txt, .pdf). "
    "pdf needs --output and Chromium.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (atomically) instead of stdout.",
)
@click.option(
    "--budgets",
    "budgets_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file of monthly budget lines (see docs/report.md).",
)
@click.option(
    "--cost",
    "basis",
    type=click.Choice(["effective", "billed"]),
    default="effective",
    show_default=True,
    help="effective: amortised cost (EffectiveCost); billed: the invoice (BilledCost).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    envvar="FINOPS_AI_TODAY",
    hidden=True,
    help="Pretend today is this day (tests): decides the last complete month.",
)
@pass_ctx
def report(
    ctx: Context,
    month: str | None,
    fmt: str | None,
    output: Path | None,
    budgets_file: Path | None,
    basis: str,
    today: dt.datetime | None,
) -> None:
    """Monthly AI spend report: inference share, growth, forecast and unbudgeted opex.

    Spend by class (training, inference, other AI, non-AI) for one invoice month, the
    inference share, top services/models/accounts/resources, the month-over-month trend, a
    forecast to the year end, budget lines against actual spend, AI spend no budget covers,
    and new or fast-growing AI items. Reads the warehouse read-only.

    \b
    Examples:
      finops-ai report
      finops-ai report --month 2026-10 --output report.html
      finops-ai report --budgets budgets.toml --format json > report.json
      finops-ai report --cost billed --format md -o report.md
      finops-ai report -o report.pdf          # needs chromium
    """
    from finops_ai.deliver.files import format_for, write_report
    from finops_ai.deliver.pdf import write_pdf
    from finops_ai.report.budgets import load_budgets
    from finops_ai.report.build import build_report
    from finops_ai.report.render import render

    fmt = format_for(output, fmt) if output else fmt or "text"
    if fmt == "pdf" and output is None:
        raise click.UsageError("--format pdf needs --output FILE")
    budgets = load_budgets(budgets_file) if budgets_file else None
    model = build_report(
        ctx.warehouse,
        month=month,
        basis=basis,
        budgets=budgets,
        today=today.date() if today else None,
    )
    if output is not None and fmt == "pdf":
        write_pdf(output, render(model, "html"))
        ctx.note(f"wrote {output}: PDF of the html report for {model.month}")
    elif output is not None:
        write_report(output, render(model, fmt))
        ctx.note(f"wrote {output}: {fmt} report for {model.month}")
    elif fmt == "text":
        _echo_text_report(model)
    else:
        click.echo(render(model, fmt), nl=False)


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
            click.option(
                "--deadline",
                type=click.IntRange(1, 86400),
                default=DEFAULT_DEADLINE,
                envvar="FINOPS_AI_PULL_DEADLINE",
                show_default=True,
                show_envvar=True,
                metavar="SECONDS",
                help="Give up (writing nothing) if the whole pull, retries included, takes longer.",
            ),
        ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _pull(ctx: Context, provider: str, since, until, base_url, org_id, full, deadline) -> None:  # noqa: ANN001
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
    if result.load_id is not None:
        ctx.note(
            f"load {result.load_id}: {result.provider} {result.start} to "
            f"{result.end - dt.timedelta(days=1)} now current in {ctx.warehouse}"
        )


@pull.command("openai")
@_pull_options("openai", "OPENAI_BASE_URL", "https://api.openai.com/v1")
@pass_ctx
def pull_openai(ctx: Context, since, until, base_url, org_id, full, deadline) -> None:  # noqa: ANN001
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


@pull.command("anthropic")
@_pull_options("anthropic", "ANTHROPIC_BASE_URL", "https://api.anthropic.com")
@pass_ctx
def pull_anthropic(ctx: Context, since, until, base_url, org_id, full, deadline) -> None:  # noqa: ANN001
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


@cli.command()
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(path_type=Path),
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
    from finops_ai.classify.run import rule_use, store_rules, totals_if_current
    from finops_ai.resources import load_query
    from finops_ai.warehouse.query import run_query

    rules = load_rules(rules_file) if rules_file else None
    if not ctx.warehouse.exists():
        raise db.WarehouseError(f"{ctx.warehouse}: no warehouse here", "Run finops-ai ingest first")
    # Nothing to redo: answer from the live file, without copying it or waiting for a writer.
    totals = totals_if_current(ctx.warehouse) if rules is None else None
    if totals is not None:
        ctx.note("classification is up to date: nothing changed since it last ran")
    else:
        with db.write(ctx.warehouse, ctx.storage_version) as session:
            if rules is not None:
                store_rules(session.con, rules, str(rules_file))
                ctx.note(
                    f"stored {len(rules)} rule(s) from {rules_file}"
                    if rules
                    else f"{rules_file} has no rules: classifying without any (none are stored)"
                )
            totals = run_classify(session.con)
            if rules:
                _note_idle_rules(ctx, rule_use(session.con))
            session.changed = True
    if summary:
        click.echo(run_query(ctx.warehouse, load_query("classify/summary"), "table", 1000))
        return
    for total in totals:
        click.echo(
            f"{total.workload_class:<10} {total.rows:>12,} line items "
            f"{total.effective_cost:>18,.2f} {total.currency}"
        )


def _note_idle_rules(ctx: Context, use: list[tuple[str, str, int, int]]) -> None:
    """Name the rules that decide nothing: a mistyped value matches nothing, silently."""
    for rule_id, text, matched, decided in use:
        if not matched:
            ctx.note(f"rule {rule_id} ({text}) matches no line item: check its value")
        elif not decided:
            ctx.note(
                f"rule {rule_id} ({text}) matches {matched:,} line item(s), "
                "but an earlier rule decides every one of them"
            )


@cli.command()
@click.argument("line_item_id")
@pass_ctx
def explain(ctx: Context, line_item_id: str) -> None:
    """Show why a line item got its class: the deciding rule and every rule that matched.

    LINE_ITEM_ID is the provider's line item id (x_SourceLineId), a resource id, or the
    x_ClassKey of the line items (AI-provider usage and cost rows have no other id).

    \b
    Example:
      finops-ai explain i-0a1b2c3d4e5f67890
    """
    from finops_ai.classify.explain import explain as explain_item

    click.echo(explain_item(ctx.warehouse, line_item_id))


def _config_option(func):  # noqa: ANN001, ANN202 - decorator
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (TOML, see examples/finops.toml). Default: $FINOPS_AI_CONFIG, "
        "else ./finops.toml if there is one.",
    )(func)


def _today_option(func):  # noqa: ANN001, ANN202 - decorator
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        envvar="FINOPS_AI_TODAY",
        hidden=True,
        help="Pretend today is this day (tests): the report month and the days to pull.",
    )(func)


def _log_options(func):  # noqa: ANN001, ANN202 - decorator
    """The global -q/-v/--log-file again, so `finops-ai run --quiet` works as well."""
    options = [
        click.option("-q", "--quiet", is_flag=True, help="Print only problems on stderr."),
        click.option("-v", "--verbose", is_flag=True, help="Print debugging detail too."),
        click.option(
            "--log-file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Also append every message, timestamped, to FILE.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(ctx: Context, config_file: Path | None, **flags: tuple[object, str]):  # noqa: ANN202
    """Settings for run/send/config: flags given here > FINOPS_AI_* > config file > defaults."""
    from finops_ai.config import resolve

    given = {name: pair for name, pair in flags.items() if pair[0]}
    if ctx.explicit_warehouse is not None:
        given["warehouse"] = (ctx.explicit_warehouse, "--warehouse")
    root = click.get_current_context().find_root()
    if root.get_parameter_source("storage_version") == ParameterSource.COMMANDLINE:
        given["storage_version"] = (ctx.storage_version, "--storage-version")
    if root.get_parameter_source("memory_limit") == ParameterSource.COMMANDLINE:
        given["memory_limit"] = (root.params["memory_limit"], "--memory-limit")
    settings = resolve(config=config_file, flags=given)
    if settings.memory_limit:
        os.environ[db.MEMORY_LIMIT_ENV] = settings.memory_limit
    if LOG.isEnabledFor(logging.DEBUG):
        from finops_ai.config import describe

        for name, value, origin in describe(settings):  # secrets masked
            LOG.debug(f"setting {name} = {value} [{origin}]")
    return settings


@cli.command("run")
@_config_option
@click.option(
    "--month",
    callback=_month_option,
    metavar="YYYY-MM",
    help="Report on this month (default: report.month, 'previous': the month before today).",
)
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="ADDRESS",
    help="Email the report to ADDRESS instead of mail.to (repeatable).",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the report files here instead of report.output_dir.",
)
@click.option(
    "--dry-run", is_flag=True, help="Show what would be pulled, written and sent; do none of it."
)
@click.option(
    "--resend", is_flag=True, help="Email the month's report again to recipients who have it."
)
@_log_options
@_today_option
@pass_ctx
def run_command(
    ctx: Context,
    config_file: Path | None,
    month: str | None,
    recipients: tuple[str, ...],
    output_dir: Path | None,
    dry_run: bool,
    resend: bool,
    quiet: bool,
    verbose: bool,
    log_file: Path | None,
    today: dt.datetime | None,
) -> None:
    """Pull new bills, refresh the warehouse, and write and email the monthly report (for cron).

    Reads the config file (warehouse, ingest sources, AI providers, budgets, rules, report
    month, output folder, recipients, SMTP server), then refreshes each source in its own
    atomic write, builds the month's report and delivers it: report files
    (finops-ai-report-YYYY-MM.html/.md/.json) and one email per month and recipient. If a
    source fails, the others still refresh and the report says which data is stale. Only one
    run at a time: a second exits at once. Secrets come from the environment
    (FINOPS_AI_SMTP_PASSWORD, OPENAI_ADMIN_KEY, ANTHROPIC_ADMIN_KEY) and boto3's credential
    chain, never from the file. See docs/scheduling.md.

    \b
    Exit codes: 0 ok; 1 bad input; 2 internal error; 3 configuration error;
    4 a source failed (the rest refreshed, report delivered); 5 delivery failed
    (files or email; re-send with finops-ai send); 6 another run holds the lock.

    \b
    Examples:
      finops-ai run --config /etc/finops-ai/finops.toml
      finops-ai run --dry-run
      finops-ai run --month 2026-10 --to cfo@example.com --resend
      finops-ai run --quiet --log-file /var/log/finops-ai/run.log   # crontab
    """
    from finops_ai.schedule import run as scheduled

    if ctx.logs is not None:
        ctx.logs.configure(quiet, verbose, log_file)
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


@cli.command("send")
@_config_option
@click.option(
    "--month",
    callback=_month_option,
    metavar="YYYY-MM",
    help="The month to send (default: report.month, 'previous': the month before today).",
)
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="ADDRESS",
    help="Recipient (repeatable). Default: mail.to from the config.",
)
@_log_options
@_today_option
@pass_ctx
def send_command(
    ctx: Context,
    config_file: Path | None,
    month: str | None,
    recipients: tuple[str, ...],
    quiet: bool,
    verbose: bool,
    log_file: Path | None,
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

    if ctx.logs is not None:
        ctx.logs.configure(quiet, verbose, log_file)
    settings = _settings(ctx, config_file)
    sent_month, sent = send(
        settings,
        month=month,
        recipients=list(recipients) or list(settings.mail_to),
        today=today.date() if today else None,
    )
    ctx.note(f"sent the {sent_month} report to {', '.join(sent)}")


@cli.command("config")
@_config_option
@pass_ctx
def config_command(ctx: Context, config_file: Path | None) -> None:
    """Print the settings `run` and `send` would use, where each comes from, secrets masked.

    Precedence: command-line flag > FINOPS_AI_<KEY> environment variable > config file >
    default. Exits 3 if the settings are invalid or incomplete for a run, so it also checks a
    config file before cron uses it.

    \b
    Examples:
      finops-ai config --config /etc/finops-ai/finops.toml
      FINOPS_AI_SMTP_HOST=smtp.example.com finops-ai config
    """
    from finops_ai.config import describe
    from finops_ai.schedule.run import check

    settings = _settings(ctx, config_file)
    rows = describe(settings)
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        click.echo(controls(f"{name:<{width}}  {value}  [{origin}]"))
    for warning in settings.warnings:
        ctx.note(f"warning: {warning}")
    check(settings, environ=os.environ, mail=bool(settings.mail_to))


def main() -> None:
    cli()
