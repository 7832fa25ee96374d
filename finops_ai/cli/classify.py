"""`classify`: store the user's rules and re-classify every line item."""

from __future__ import annotations

from pathlib import Path

import click

from finops_ai.cli.context import Context, pass_ctx
from finops_ai.cli.options import command
from finops_ai.errors import WarehouseError
from finops_ai.warehouse import db


@command()
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
    from finops_ai.access.query import run_query
    from finops_ai.classify.rules import load_rules
    from finops_ai.classify.run import reclassify, rule_use, totals_if_current
    from finops_ai.resources import load_query

    rules = load_rules(rules_file) if rules_file else None
    if not ctx.warehouse.exists():
        raise WarehouseError(f"{ctx.warehouse}: no warehouse here", "Run finops-ai ingest first")
    # Nothing to redo: answer from the live file, without copying it or waiting for a writer.
    totals = totals_if_current(ctx.warehouse) if rules is None else None
    if totals is not None:
        ctx.note("classification is up to date: nothing changed since it last ran")
    else:
        with db.write(ctx.warehouse, ctx.storage_version) as session:
            totals = reclassify(session, rules, str(rules_file) if rules_file else None)
            if rules is not None:
                ctx.note(
                    f"stored {len(rules)} rule(s) from {rules_file}"
                    if rules
                    else f"{rules_file} has no rules: classifying without any (none are stored)"
                )
            if rules:
                _note_idle_rules(ctx, rule_use(session.con))
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
