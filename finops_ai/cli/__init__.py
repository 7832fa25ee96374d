"""The finops-ai command line. Thin: parse options, call one function, print.

stdout carries data (query results, summaries); progress, notes and errors go to stderr, so
`finops-ai sql ... --format json > out.json` and cron mail stay clean.

One module per command family: ingest.py (ingest, pull), analyst.py (sql, export, explain),
classify.py, report.py (report, demo), schedule.py (run, send, config); the options several
commands share are declared once in options.py, the logging plumbing is finops_ai/logs.py.
"""

from __future__ import annotations

import os
import traceback

import click
import duckdb

from finops_ai import __version__
from finops_ai.cli import analyst, classify, ingest, report, schedule
from finops_ai.cli.context import ENV_DEBUG, Context
from finops_ai.cli.options import global_options
from finops_ai.errors import EXIT_INTERRUPTED, FinopsError, Interrupted, first_line
from finops_ai.escaping import controls
from finops_ai.logs import LOG, Logs
from finops_ai.masking import mask
from finops_ai.warehouse import db

# The scheduled commands stamp every stderr line with the UTC time and pid, for cron and journald.
TIMESTAMPED = ("run", "send")


def _error_line(message: str) -> None:
    """The one error line: through the log (so --log-file has it too) once logging is set up."""
    if LOG.handlers:
        LOG.error(message)
    else:
        click.echo(controls(mask(message), keep="\t"), err=True)


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
                # A traceback quotes locals' reprs and exception text: a key in a header or a
                # URL would be printed whole, so it goes through the same mask as every line.
                click.echo(controls(mask(traceback.format_exc()), keep="\t\n"), err=True)
            _error_line(
                f"Internal error: {type(exc).__name__}: {exc} (rerun with --debug for a traceback)"
            )
            ctx.exit(2)


@click.group(
    cls=FinopsGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="finops-ai")
@global_options
@click.pass_context
def cli(ctx: click.Context, /, **options: object) -> None:
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
    logs = Logs(stamped=ctx.invoked_subcommand in TIMESTAMPED)
    ctx.call_on_close(logs.close)
    ctx.obj = Context(logs)
    ctx.obj.apply(**options)


for command in (
    ingest.ingest,
    ingest.pull,
    analyst.sql,
    analyst.export_command,
    analyst.explain,
    classify.classify,
    report.report,
    report.demo,
    schedule.run_command,
    schedule.send_command,
    schedule.config_command,
):
    cli.add_command(command)


def main() -> None:
    cli()
