"""Options more than one command takes, each declared once (as sqlite-utils' ``output_options``
and dbt's ``params.py`` do), so a help text or a check cannot differ between two commands.

The global options (``--warehouse``, ``-q``, ``--memory-limit``...) go on the top group and on
every command: ``finops-ai report --warehouse x`` works as ``finops-ai --warehouse x report``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from finops_ai.cli.context import Context
from finops_ai.ingest.http import DEFAULT_DEADLINE
from finops_ai.warehouse import db

F = TypeVar("F", bound=Callable[..., Any])
DAY = click.DateTime(formats=["%Y-%m-%d"])

_GLOBAL = (
    click.option(
        "--warehouse",
        type=click.Path(dir_okay=False, path_type=Path),
        help="DuckDB warehouse file. Default: $FINOPS_AI_WAREHOUSE, else ./finops.duckdb.",
    ),
    click.option(
        "-q", "--quiet", is_flag=True, help="Print no progress or notes on stderr, only problems."
    ),
    click.option("-v", "--verbose", is_flag=True, help="Print debugging detail on stderr too."),
    click.option(
        "--log-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also append every message, timestamped, to FILE (for cron and systemd).",
    ),
    click.option(
        "--storage-version",
        show_default=db.STORAGE_VERSION_SHOWN,
        help="DuckDB storage version for a new warehouse file ($FINOPS_AI_STORAGE_VERSION).",
    ),
    click.option(
        "--memory-limit",
        metavar="SIZE",
        help="Most memory DuckDB may use, e.g. 4GB; big loads spill to disk beyond it "
        f"(${db.MEMORY_LIMIT_ENV}). Default: DuckDB's, 80% of RAM.",
    ),
    click.option("--debug", is_flag=True, help="Show a traceback on unexpected errors."),
)
# Their parameter names ("log_file"), read off the declarations above.
GLOBAL_NAMES = tuple(option(click.Command("_")).params[0].name or "" for option in _GLOBAL)


def global_options(func: F) -> F:
    """Add the global options; ``func`` takes them as keyword arguments (the top group does)."""
    for option in reversed(_GLOBAL):
        func = option(func)
    return func


def _applying_global_options(func: F) -> F:
    """``func`` taking the global options: they are applied to the Context before it runs (the
    top group's were, before the subcommand was parsed), and not passed to it."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in GLOBAL_NAMES}
        context = click.get_current_context().find_object(Context)
        assert context is not None, "finops-ai's commands run under its group, which makes it"
        context.apply(**given)
        return func(*args, **kwargs)

    return global_options(wrapper)  # type: ignore[return-value]


class _GlobalOptionsHelp:
    """--help lists the command's own options, then the global ones in a section of their own."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        own: list[tuple[str, str]] = []
        shared: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None:
                (shared if param.name in GLOBAL_NAMES else own).append(record)
        with formatter.section("Options"):
            formatter.write_dl(own)
        with formatter.section("Global options (also before the command)"):
            formatter.write_dl(shared)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Command(_GlobalOptionsHelp, click.Command):
    pass


class Group(_GlobalOptionsHelp, click.Group):
    pass


def command(name: str | None = None) -> Callable[[Callable[..., Any]], click.Command]:
    """``click.command`` that also takes the global options after its name."""

    def decorate(func: Callable[..., Any]) -> click.Command:
        return click.command(name, cls=Command)(_applying_global_options(func))

    return decorate


def group(name: str | None = None) -> Callable[[Callable[..., Any]], click.Group]:
    """``click.group`` that also takes the global options after its name."""

    def decorate(func: Callable[..., Any]) -> click.Group:
        return click.group(name, cls=Group)(_applying_global_options(func))

    return decorate


def _check_month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise click.BadParameter(f"{value!r} is not a month written YYYY-MM, e.g. 2026-10")
    return value


def month_option(help: str) -> Callable[[F], F]:  # noqa: A002 - click's name
    """``--month YYYY-MM``: one month, checked as it is parsed."""
    return click.option("--month", callback=_check_month, metavar="YYYY-MM", help=help)


def today_option(decides: str) -> Callable[[F], F]:
    """The hidden ``--today`` (and $FINOPS_AI_TODAY) the tests pretend a day with."""
    return click.option(
        "--today",
        type=DAY,
        envvar="FINOPS_AI_TODAY",
        hidden=True,
        help=f"Pretend today is this day (tests): {decides}.",
    )


def config_option(func: F) -> F:
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (TOML, see examples/finops.toml). Default: $FINOPS_AI_CONFIG, "
        "else ./finops.toml if there is one.",
    )(func)


def to_option(help: str) -> Callable[[F], F]:  # noqa: A002 - click's name
    """``--to ADDRESS`` (repeatable): the recipients of the report email."""
    return click.option("--to", "recipients", multiple=True, metavar="ADDRESS", help=help)


def pull_options(provider: str, base_env: str, default_url: str) -> Callable[[F], F]:
    """The options of every ``pull PROVIDER`` command."""
    org_default = (
        " (default: the key's organisation)."
        if provider == "anthropic"
        else " (default: the one already in the warehouse, else 'OpenAI')."
    )
    options = (
        click.option(
            "--since",
            type=DAY,
            help="First day to consider (default: the first day of last month).",
        ),
        click.option(
            "--until",
            type=DAY,
            help="Last day to pull, inclusive (default and at most: today, UTC).",
        ),
        click.option(
            "--base-url",
            envvar=base_env,
            show_envvar=True,
            help=f"API base URL: proxies, regional endpoints, tests (default {default_url}).",
        ),
        click.option("--org-id", help="Organisation id to file the rows under" + org_default),
        click.option("--full", is_flag=True, help="Pull every day from --since, complete or not."),
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
    )

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate
