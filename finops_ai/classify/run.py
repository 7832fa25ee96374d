"""Run the classification SQL in queries/classify/ over the warehouse, inside a write session.

Python only orchestrates: every decision is made by the SQL files named in STEPS, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import duckdb

from finops_ai.classify.rules import Rule
from finops_ai.errors import WarehouseError
from finops_ai.resources import load_query, query_path

# Bring class_keys and gpu_usage up to date with newly loaded line items ($first_load onwards).
REFRESH = (
    "classify/set_keys",
    "classify/new_keys",
    "classify/store_keys",
    "classify/clear_gpu_usage",
    "classify/store_gpu_usage",
)
# Purging reads one column of every line item, so it runs only after a load replaced data.
PURGE = ("classify/purge_keys", "classify/purge_gpu_usage")
# Decide every class key from the rules; reads only the small tables above.
DECIDE = (
    "classify/load_signals",
    "classify/clear",
    "classify/clear_decisions",
    "classify/clear_profiles",
    "classify/match_user_rules",
    "classify/match_tags",
    "classify/match_signals",
    "classify/gpu_keys",
    "classify/gpu_profile",
    "classify/match_gpu",
    "classify/match_defaults",
    "classify/assign",
)
CHECKS = ("checks/every_row_classified_once", "checks/class_totals_reconcile")


@dataclass(frozen=True)
class ClassTotal:
    workload_class: str
    currency: str
    rows: int
    effective_cost: Decimal


def store_rules(con: duckdb.DuckDBPyConnection, rules: list[Rule], source: str) -> None:
    """Replace the stored user rules; later classifications (and ingests) use them."""
    con.execute(load_query("classify/delete_rules"))
    for position, rule in enumerate(rules, 1):
        con.execute(
            load_query("classify/insert_rule"),
            {
                "position": position,
                "rule_id": rule.rule_id,
                "kind": rule.kind,
                "rule_key": rule.key,
                "pattern": rule.pattern,
                "class": rule.workload_class,
                "source": source,
            },
        )


def classify(con: duckdb.DuckDBPyConnection, purge: bool = True) -> list[ClassTotal]:
    """Classify every line item; return the totals per class. Raises if a check fails."""
    first_load = con.execute(load_query("classify/first_new_load")).fetchall()[0][0]
    steps: list[tuple[str, dict]] = []
    if first_load is not None:
        steps += [
            (step, {"first_load": first_load} if "$first_load" in load_query(step) else {})
            for step in REFRESH
        ]
    if purge:
        steps += [(step, {}) for step in PURGE]
    signals = {"path": str(query_path("classify/signals.csv"))}
    steps += [(step, signals if step == "classify/load_signals" else {}) for step in DECIDE]
    for step, params in steps:
        try:
            con.execute(load_query(step), params)
        except duckdb.Error as exc:
            raise WarehouseError(f"classification step {step} failed: {exc}") from exc
    for check in CHECKS:
        bad = con.execute(load_query(check)).fetchall()
        if bad:
            raise WarehouseError(f"classification check {check} failed: {bad[:3]}")
    rows = con.execute(load_query("classify/totals")).fetchall()
    return [ClassTotal(*row) for row in rows]
