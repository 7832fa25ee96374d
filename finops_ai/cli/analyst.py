"""`sql`, `export` and `explain`: the warehouse for analysts, their tools and other engines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from finops_ai.cli.context import Context, pass_ctx
from finops_ai.cli.options import command, month_option, today_option
from finops_ai.escaping import controls


def _complete_example(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    from finops_ai.access.examples import examples

    return [
        CompletionItem(e.name, help=e.description)
        for e in examples()
        if e.name.startswith(incomplete)
    ]


def _example(
    ctx: Context,
    name: str,
    other: str | Path | None,
    values: dict[str, str],
    month: str | None,
    print_sql: bool,
    for_duckdb: bool,
    today: dt.datetime | None,
    emit: bool,
) -> tuple[str, dict[str, str], bool]:
    """``--example NAME``: its SQL and parameter values for sql to run or emit, or True when
    it was printed (--print, --duckdb) and there is nothing left to do."""
    from finops_ai.access.examples import default_month, duckdb_script, example, parameters

    if other:
        raise click.UsageError("give the SQL as QUERY, --file or --example, not two of them")
    if print_sql and for_duckdb:
        raise click.UsageError("--print or --duckdb, not both")
    if month is not None:
        if "month" in values:
            raise click.UsageError("give the month as --month or --param month=..., not both")
        values = {**values, "month": month}
    chosen = example(name)
    if print_sql:
        click.echo(chosen.sql, nl=False)
        return chosen.sql, values, True
    if emit:  # as for any query: parameters not given are emitted as :name markers
        return chosen.sql, values, False
    day = today.date() if today else dt.datetime.now(dt.UTC).date()
    filled = parameters(chosen, values, {"month": lambda: default_month(ctx.warehouse, day)})
    if for_duckdb:
        click.echo(duckdb_script(chosen, filled, ctx.warehouse), nl=False)
        return chosen.sql, filled, True
    return chosen.sql, filled, False


@command()
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
@click.option(
    "--example",
    "example_name",
    metavar="NAME",
    shell_complete=_complete_example,
    help="Run the example query NAME shipped with finops-ai (see --list-examples).",
)
@click.option(
    "--list-examples", is_flag=True, help="List the example queries and what each one answers."
)
@month_option("With --example: fill $month (default: the latest complete month with data).")
@click.option(
    "--print",
    "print_sql",
    is_flag=True,
    help="With --example: print its SQL (with its $parameters) instead of running it.",
)
@click.option(
    "--duckdb",
    "for_duckdb",
    is_flag=True,
    help="With --example: print it as a script the DuckDB CLI runs as is, its parameters set "
    "up front with SET VARIABLE.",
)
@today_option("decides the latest complete month --example fills $month with")
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
    example_name: str | None,
    list_examples: bool,
    month: str | None,
    print_sql: bool,
    for_duckdb: bool,
    today: dt.datetime | None,
) -> None:
    """Run read-only SQL against the warehouse, or print it for Athena, Trino or Spark.

    The warehouse is opened read-only, exactly as an analyst's DuckDB would open it, so this
    never blocks or disturbs a running ingest. With no QUERY, lists the views and tables with
    their columns. Analyst views and example queries: docs/analysts.md.

    \b
    Examples:
      finops-ai sql "SELECT ProviderName, sum(EffectiveCost) FROM line_items GROUP BY 1"
      finops-ai sql "SELECT * FROM ai_spend_monthly" --format parquet -o ai_spend.parquet
      finops-ai sql --list-examples
      finops-ai sql --example uncertain_ai_spend --month 2026-10
      finops-ai sql --example uncertain_ai_spend --duckdb | duckdb -readonly finops.duckdb
      finops-ai sql "SELECT * FROM ai_spend_monthly" --format csv --spreadsheet-safe -o ai.csv
      finops-ai sql --dialect athena --emit --param location=s3://bucket/finops/ > athena.sql
    """
    from finops_ai.access.query import parse_params, run_query, save_query, table_listing

    if query and query_file:
        raise click.UsageError("give the SQL as QUERY or with --file, not both")
    if list_examples:
        if query or query_file or example_name:
            raise click.UsageError("--list-examples takes no query, --file or --example")
        from finops_ai.access.examples import listing

        click.echo(listing())
        return
    text = query_file.read_text(encoding="utf-8") if query_file else query
    values = parse_params(params)
    if example_name is None:
        for flag, given in (("--month", month), ("--print", print_sql), ("--duckdb", for_duckdb)):
            if given:
                raise click.UsageError(f"{flag} is for --example NAME")
    else:
        text, values, done = _example(
            ctx, example_name, query or query_file, values, month, print_sql, for_duckdb, today,
            emit,
        )  # fmt: skip
        if done:
            return
    if emit:
        from finops_ai.engines.distributed import emit as emit_sql

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


@command("export")
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
    from finops_ai.access.export import export

    for done in export(ctx.warehouse, output, list(months)):
        click.echo(
            f"{done.month}  {done.rows:>12,} line items  {done.files:>3} file(s)  "
            f"{controls(str(done.folder))}" + ("  (replaced)" if done.replaced else "")
        )


@command()
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
