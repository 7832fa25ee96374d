"""`report` and `demo`: the monthly report, on stdout or in a file."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click

from finops_ai.cli.context import Context, pass_ctx
from finops_ai.cli.options import command, month_option, today_option
from finops_ai.deliver.files import FORMAT_BY_SUFFIX, OUTPUT_FORMATS
from finops_ai.report.lever_settings import LeverSettings
from finops_ai.report.model import COST_BASES, Report

F = TypeVar("F", bound=Callable[..., Any])


def _percent(flag: str, share: float, help_text: str) -> Callable[[F], F]:
    """A lever assumption given in % (0 to under 100), defaulting to LeverSettings' share."""
    return click.option(
        flag,
        type=click.FloatRange(0, 100, max_open=True),
        default=round(share * 100, 6),
        show_default=True,
        metavar="PCT",
        help=help_text,
    )


@command()
@month_option("Invoice month to report on. Default: the last complete month with data.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    help="Output format. Default: from --output's suffix "
    f"({', '.join(FORMAT_BY_SUFFIX)}). pdf needs --output and Chromium.",
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
    type=click.Choice(COST_BASES),
    default="effective",
    show_default=True,
    help="effective: amortised cost (EffectiveCost); billed: the invoice (BilledCost).",
)
@_percent(
    "--commitment-discount",
    LeverSettings.commitment_discount,
    "% off on demand a commitment gets where the bill shows none for the family.",
)
@_percent(
    "--spot-discount",
    LeverSettings.spot_discount,
    "% off on demand spot gets where the bill shows none for the family.",
)
@click.option(
    "--jump-floor",
    type=click.FloatRange(0),
    default=float(LeverSettings.jump_floor),
    show_default=True,
    metavar="AMOUNT",
    help="A model's daily spend rise that is a heads-up, at least (money)...",
)
@click.option(
    "--jump-percent",
    type=click.FloatRange(0),
    default=round(LeverSettings.jump_share * 100, 6),
    show_default=True,
    metavar="PCT",
    help="... and at least this % above the model's 7-day baseline.",
)
@_percent(
    "--cache-target",
    LeverSettings.cache_target,
    "Prompt-cache hit ratio the cache lever assumes a model can reach (%).",
)
@today_option("decides the last complete month")
@pass_ctx
def report(
    ctx: Context,
    month: str | None,
    fmt: str | None,
    output: Path | None,
    budgets_file: Path | None,
    basis: str,
    commitment_discount: float,
    spot_discount: float,
    jump_floor: float,
    jump_percent: float,
    cache_target: float,
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
    levers = LeverSettings(
        commitment_discount=commitment_discount / 100,
        spot_discount=spot_discount / 100,
        jump_floor=Decimal(str(jump_floor)),
        jump_share=jump_percent / 100,
        cache_target=cache_target / 100,
    )
    model = build_report(
        ctx.warehouse,
        month=month,
        basis=basis,
        budgets=budgets,
        today=today.date() if today else None,
        settings=levers,
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


@command()
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


def _echo_text_report(model: Report) -> None:
    """The text report on stdout, as wide as the terminal, in colour only on a TTY."""
    from finops_ai.deliver import terminal
    from finops_ai.report.render import render

    text = render(
        model, "text", width=terminal.width(sys.stdout), color=terminal.use_color(sys.stdout)
    )
    click.echo(text, nl=False)
