"""Run the classification SQL in queries/classify/ over the warehouse, inside a write session.

Python only orchestrates: every decision is made by the SQL files named below, in order.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from finops_ai.classify.rules import Rule
from finops_ai.errors import WarehouseError, first_line
from finops_ai.resources import bind, load_query, query_path
from finops_ai.warehouse import db, migrate

# Line items changed (a load): bring class_keys, gpu_usage and class_key_totals up to date with
# the rows loaded since $first_load, and forget keys whose rows were all replaced (with their
# matches and decisions).
REFRESH = (
    "classify/new_keys",
    "classify/store_keys",
    "classify/inherit_accelerator",
    "classify/clear_gpu_usage",
    "classify/store_gpu_usage",
    "classify/clear_totals",
    "classify/store_totals",
    "classify/purge_keys",
    "classify/purge_gpu_usage",
    "classify/purge_matches",
    "classify/drop_gone_classes",
)
# Tiers 2, 3 and 5, and so the GPU fleet candidates (GPU keys those tiers leave unexplained),
# depend only on a key's attributes: they are kept, and computed for new keys only.
STATIC = (
    "classify/clear_static",
    "classify/load_signals",
    "classify/match_tags",
    "classify/match_signals",
    "classify/match_defaults",
    "classify/clear_gpu_candidates",
    "classify/store_gpu_candidates",
)
# Decided afresh every time: user rules; then GPU fleets, of which only those whose members
# changed (stale_fleets) are forgotten (STALE_GPU) and profiled and matched again (PROFILE);
# both are skipped when none did. Then the decision of each key whose matches may have changed
# (only changed decisions are rewritten).
DYNAMIC = (
    "classify/touched_keys",
    "classify/clear_dynamic",
    "classify/match_user_rules",
    "classify/gpu_keys",
)
STALE_GPU = (
    "classify/drop_stale_profiles",
    "classify/drop_stale_members",
    "classify/clear_stale_gpu",
)
PROFILE = (
    "classify/gpu_profile",
    "classify/store_fleet_profiles",
    "classify/store_fleet_members",
    "classify/match_gpu",
)
DECIDE = ("classify/touch_dynamic", "classify/assign")
# What the cells are derived with ("cells"): queries/cells/ with the report fragments they include,
# and the macros they call. The report reads them only when they were stored with this release's
# (report/cells_current.sql).
CELL_MACROS = "report/key_macros"
# Then, after a load (or when the cells' SQL changed), the report's cells (016_report_cells.sql)
# from every key, its class and its line items, which the load has just read anyway. After a
# rule change they are not rebuilt but marked stale (invalidate.sql): the report then derives
# the same from the keys and line items, and the next load rebuilds them.
CELLS = (
    CELL_MACROS,
    "cells/clear",
    "cells/stage",
    "cells/store_key_cells",
    "cells/store_cells",
    "cells/store_cell_totals",
    "cells/store_cell_days",
    "cells/store_cell_compute",
    "cells/store_cell_models",
    "cells/drop_stage",
)
# Reads every line item, so it runs only when line items changed. The totals (one row per key)
# show any key left without a decision every time.
ROW_CHECKS = ("checks/class_totals_reconcile",)
# (steps done, steps planned, the step about to run; None once all are done): how a long
# classification shows where it is. GPU fleet steps not needed count as done when skipped.
Progress = Callable[[int, int, str | None], None]
_LOG = logging.getLogger("finops_ai.classify")
# Classification errors are never the input's fault (bad bills are refused before it runs), and
# they abort the write session, so the warehouse stays as it was.
_BUG = "Nothing was changed; this is a finops-ai bug, please report it with this line"
# What the kept state was computed with. When a release changes one of these files, what they
# computed is rebuilt: class keys, class_keys and gpu_usage from every line item ("keys"), or
# every match, fleet profile and decision ("rules", every other file in queries/classify/).
KEY_INPUTS = (
    "class_key.sql",
    "set_keys.sql",
    "new_keys.sql",
    "store_keys.sql",
    "inherit_accelerator.sql",
    "clear_gpu_usage.sql",
    "store_gpu_usage.sql",
    "store_totals.sql",
)

# The token dimension (x_Model, x_TokenType, x_PricingTier, x_TokenCount) is derived by these
# as rows are loaded; when a release changes them, the stored rows are derived again ("tokens")
# before their class keys are brought up to date, since the key reads the model and token type.
TOKEN_INPUTS = ("ingest/token_columns.sql", "load/refresh_token_columns.sql")

# Only read what the steps stored, so a release that changes only these recomputes nothing.
READ_ONLY = (
    "explain_item.sql",
    "explain_matches.sql",
    "fingerprints.sql",
    "rule_use.sql",
    "summary.sql",
    "totals.sql",
)


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
                "text": rule.text,
            },
        )


def reclassify(
    session: db.WriteSession, rules: list[Rule] | None, source: str | None = None
) -> list[ClassTotal]:
    """Re-classify the whole warehouse in ``session``, first storing ``rules`` (read from
    ``source``) in place of the stored ones when given; return the totals per class. What
    `finops-ai classify` and a scheduled run with [classify] rules in its config both do."""
    if rules is not None:
        store_rules(session.con, rules, source or "")
    totals = classify(session.con)
    session.changed = True
    return totals


def rules_stored(path: Path, rules: list[Rule]) -> bool:
    """Whether the warehouse at ``path`` holds exactly ``rules``, in order (read-only; False
    when there is no warehouse yet)."""
    if not path.exists():
        return False
    wanted = [
        (i, r.rule_id, r.kind, r.key, r.pattern, r.workload_class) for i, r in enumerate(rules, 1)
    ]
    con = db.connect_read_only(path)
    try:
        return [
            tuple(r) for r in con.execute(load_query("warehouse/stored_rules")).fetchall()
        ] == wanted
    finally:
        con.close()


def classify(
    con: duckdb.DuckDBPyConnection,
    load_id: int | None = None,
    full: bool = False,
    progress: Progress | None = None,
) -> list[ClassTotal]:
    """Classify every line item; return the totals per class. Raises if a check fails.

    ``load_id`` is the load just written in this transaction (None when only rules changed).
    Work is incremental: kept matches and fleet profiles are reused unless their inputs changed;
    ``full`` recomputes everything (the result is the same, which the tests check).
    ``progress`` is told before each step which one runs, out of how many.
    """
    steps = _Steps(con, progress)
    inputs, stored = _fingerprints(), dict(steps.run("classify/fingerprints"))
    redo = _outdated(inputs, stored, full)
    if redo["tokens"]:
        # Rows whose model or token type changes lose their key: first_new_load finds them.
        steps.run("load/refresh_token_columns")
    params: dict[str, object] = {
        "load_id": load_id,
        "all": redo["keys"],  # every key, class_keys row and GPU hour again
        "static_all": redo["keys"] or redo["rules"],  # every match, fleet profile and decision
        "path": str(query_path("classify/signals.csv")),
    }
    params["first_load"] = steps.run("classify/first_new_load", params)[0][0]
    # None: no line item changed, and none is without a key.
    changed = params["first_load"] is not None
    plan = [*REFRESH] if changed else ["classify/no_new_keys"]
    plan.append("classify/static_keys")
    if changed or params["static_all"]:
        plan += STATIC
    plan += DYNAMIC
    plan += ["classify/fleet_context", "classify/stale_fleets", "classify/count_stale_fleets"]
    fleets = [*STALE_GPU, *PROFILE]
    checks = ROW_CHECKS if changed else ()
    steps.plan(
        len(plan)
        + len(fleets)
        + len(DECIDE)
        + len(CELLS)
        + 1
        + len(checks)
        + 1
        + (1 if changed else 0)
    )
    if changed:
        class_key = load_query("classify/class_key")
        set_keys = load_query("classify/set_keys").replace("{class_key}", class_key)
        steps.run("classify/set_keys", params, set_keys)
    for step in plan[:-1]:
        steps.run(step, params)
    stale, with_members = steps.run("classify/count_stale_fleets")[0]
    if stale or params["static_all"]:
        for step in STALE_GPU:
            steps.run(step)
        if with_members:
            for step in PROFILE:
                steps.run(step)
        else:
            steps.skip(len(PROFILE))
    else:
        steps.skip(len(fleets))
    for step in DECIDE:
        steps.run(step)
    _store_cells(steps, rebuild=changed or redo["keys"] or redo["cells"], digest=inputs["cells"])
    for name, digest in inputs.items():
        if redo[name] or name not in stored:
            _step(con, "classify/store_fingerprint", {"name": name, "fingerprint": digest})
    for check in checks:
        bad = steps.run(check)
        if bad:
            raise WarehouseError(f"queries/{check}.sql found a problem: {bad[0][0]}", _BUG)
    steps.begin("classify/totals")
    totals = class_totals(con)
    steps.done()
    return totals


def _store_cells(steps: _Steps, *, rebuild: bool, digest: str) -> None:
    """Rebuild the report's cells and mark them built with ``digest``, or mark them stale."""
    if not rebuild:
        steps.run("cells/invalidate")
        steps.skip(len(CELLS))
        return
    for step in CELLS:
        steps.run(step)
    if steps.run("cells/collisions")[0][0]:
        raise WarehouseError("two different report cells share a hash (cells/stage.sql)", _BUG)
    _step(steps.con, "classify/store_fingerprint", {"name": "cells_built", "fingerprint": digest})


class _Steps:
    """Runs the steps, telling ``progress`` before each one and logging each one's time
    (--verbose shows them: where a slow classification spends it)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, progress: Progress | None) -> None:
        self.con, self.progress = con, progress
        self.count, self.total = 0, 0
        self.current: str | None = None
        self.started = time.perf_counter()

    def plan(self, total: int) -> None:
        self.total = self.count + (self.current is not None) + total

    def skip(self, steps: int) -> None:
        # Steps not needed count as done: the count jumps ahead, the plan stays as announced.
        self.count += steps

    def run(
        self, name: str, params: dict[str, Any] | None = None, sql: str | None = None
    ) -> list[tuple[Any, ...]]:
        self.begin(name)
        start = time.perf_counter()
        rows = _step(self.con, name, params, sql)
        _LOG.debug("classification step %s: %.2f s", name, time.perf_counter() - start)
        return rows

    def done(self) -> None:
        self.begin(None)
        _LOG.debug("classification: %.2f s", time.perf_counter() - self.started)

    def begin(self, name: str | None) -> None:
        if self.current is not None:
            self.count += 1
        self.current = name
        if self.progress is not None and self.total:
            self.progress(self.count, self.total, name)


def totals_if_current(path: Path) -> list[ClassTotal] | None:
    """The totals, read from the live warehouse without writing, when :func:`classify` would
    change nothing there: this release's classifier computed what is stored and every line item
    has its class key (stored rules change only in a write session, which classifies before it
    commits). None when a classification must run, or the file cannot be opened read-only
    (another program has it open read-write): the write session then says what is wrong."""
    try:
        con = db.connect_read_only(path)
    except WarehouseError:
        return None
    try:
        return class_totals(con) if is_current(con) else None
    except WarehouseError:
        return None
    finally:
        con.close()


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether :func:`classify` would change nothing: the schema is current, this release's
    classifier computed what is stored, and every line item has its class key."""
    if migrate.current_version(con) != migrate.latest_version():
        return False
    if any(_outdated(_fingerprints(), dict(_step(con, "classify/fingerprints"))).values()):
        return False
    return _step(con, "classify/first_new_load", {"all": False, "load_id": None})[0][0] is None


def rule_use(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int, int]]:
    """(rule id, the rule as written, line items matched, line items decided) of each stored
    user rule, in file order."""
    return _step(con, "classify/rule_use")


def class_totals(con: duckdb.DuckDBPyConnection) -> list[ClassTotal]:
    """Line items and effective cost per class and currency; raises if a key has no class."""
    rows = _step(con, "classify/totals")
    if any(workload_class is None for workload_class, *_ in rows):
        lost = sum(n for workload_class, _, n, _ in rows if workload_class is None)
        raise WarehouseError(f"classification left {lost:,} line items without a class", _BUG)
    return [ClassTotal(*row) for row in rows]


def _step(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    sql: str | None = None,
) -> list[tuple[Any, ...]]:
    """Run queries/<name>.sql (or ``sql``, built from it) with the ``params`` it names."""
    sql = sql or load_query(name)
    try:
        return con.execute(sql, bind(sql, params or {})).fetchall()
    except duckdb.Error as exc:
        hint = db.out_of_memory_hint() if isinstance(exc, duckdb.OutOfMemoryException) else _BUG
        raise WarehouseError(f"queries/{name}.sql failed: {first_line(exc)}", hint) from exc


def _outdated(
    inputs: dict[str, str], stored: dict[str, str], full: bool = False
) -> dict[str, bool]:
    """Per fingerprint name, whether what it covers must be recomputed."""
    # Fingerprints start with schema 6. Without a "keys" one, the rows were keyed by this load's
    # INSERT or by an earlier release with the same key SQL: only the rules are redone. Likewise
    # without a "tokens" one the rows were derived on the way in by this release (migration 012
    # stores a stale one in a warehouse that had rows before).
    known = {"keys": inputs["keys"], "tokens": inputs["tokens"], **stored}
    return {name: full or known.get(name) != digest for name, digest in inputs.items()}


def _fingerprints() -> dict[str, str]:
    folder = query_path("classify")
    digests = {"keys": hashlib.sha256(), "rules": hashlib.sha256()}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name not in READ_ONLY):
        digest = digests["keys" if path.name in KEY_INPUTS else "rules"]
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    # The order and choice of steps live here: a release that changes them alone must not reuse
    # matches and profiles the old steps kept.
    digests["rules"].update(Path(__file__).read_bytes())
    digests["tokens"] = hashlib.sha256()
    for name in TOKEN_INPUTS:
        digests["tokens"].update(name.encode() + b"\0" + query_path(name).read_bytes())
    return {
        **{name: digest.hexdigest() for name, digest in digests.items()},
        "cells": cells_fingerprint(),
    }


def cells_fingerprint() -> str:
    """The fingerprint this release stores with the report's cells (classifier_inputs): of the
    queries/cells/ files as they run, their fragments included, and the macros they call."""
    digest = hashlib.sha256()
    names = [CELL_MACROS, *(f"cells/{p.stem}" for p in sorted(query_path("cells").glob("*.sql")))]
    for name in names:
        digest.update(name.encode() + b"\0" + load_query(name).encode())
    return digest.hexdigest()
