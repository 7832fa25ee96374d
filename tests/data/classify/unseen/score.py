"""Ingest each family of the unseen bills with the real CLI, into its own warehouse, and join the
classified line items to truth.csv: how much of each true class's effective cost landed in
which class. Used by bench/score_unseen.py and tests/test_classify_unseen.py."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tests.data.classify.unseen_bills import FAMILIES

AI = ("training", "inference", "ai_other")
MISSING = "(not in warehouse)"

# One row per (true class, class given, scenario): the effective cost behind it. A line item
# with no truth row has true class NULL; a truth row with no line item is counted apart.
JOIN = """
WITH li AS (
    SELECT lower(coalesce(ResourceId, '')) AS rid, coalesce(CAST({sku} AS VARCHAR), '') AS sku,
           x_WorkloadClass AS given, sum(CAST(EffectiveCost AS DOUBLE)) AS cost
    FROM line_items GROUP BY ALL
), truth AS (
    SELECT lower(coalesce(resource_id, '')) AS rid, coalesce(sku, '') AS sku, true_class,
           scenario, CAST(effective_cost AS DOUBLE) AS cost
    FROM read_csv($truth, all_varchar = true) WHERE provider = $provider
)
SELECT truth.true_class, li.given, truth.scenario, sum(li.cost)
FROM li LEFT JOIN truth USING (rid, sku) GROUP BY ALL
UNION ALL
SELECT truth.true_class, $missing, truth.scenario, sum(truth.cost)
FROM truth ANTI JOIN li USING (rid, sku) GROUP BY ALL
"""


@dataclass
class FamilyScore:
    family: str
    error: str | None = None
    # (true class, class given, scenario) -> effective cost
    cells: dict[tuple[str | None, str | None, str | None], float] = field(
        default_factory=lambda: defaultdict(float)
    )

    def add(self, other: FamilyScore) -> None:
        for key, cost in other.cells.items():
            self.cells[key] += cost

    def cost(self, true: str | None = None, given: str | None = None) -> float:
        return sum(
            c
            for (t, g, _), c in self.cells.items()
            if (true is None or t == true) and (given is None or g == given)
        )

    def unlabelled(self) -> float:
        """Warehouse cost with no truth row (the bill and truth.csv disagree)."""
        return sum(c for (t, g, _), c in self.cells.items() if t is None)

    def missing(self) -> float:
        """Truth cost with no line item in the warehouse."""
        return self.cost(given=MISSING)

    def share_in_true_class(self, classes: tuple[str, ...] = AI) -> float | None:
        """Share of the cost of ``classes`` (by truth) that was given its true class."""
        total = sum(c for (t, _, _), c in self.cells.items() if t in classes)
        right = sum(c for (t, g, _), c in self.cells.items() if t in classes and g == t)
        return right / total if total else None

    def non_ai_called_ai(self) -> float | None:
        total = self.cost(true="non_ai")
        wrong = sum(c for (t, g, _), c in self.cells.items() if t == "non_ai" and g in AI)
        return wrong / total if total else None

    def scenarios(self) -> dict[str, tuple[str, float, float]]:
        """scenario -> (true class, cost, share given its true class)."""
        out: dict[str, list] = {}
        for (t, g, s), c in self.cells.items():
            if s is None:
                continue
            row = out.setdefault(s, [t, 0.0, 0.0])
            row[1] += c
            row[2] += c if g == t else 0.0
        return {s: (t, c, right / c if c else 1.0) for s, (t, c, right) in out.items()}


def ingest(folder: Path, warehouse: Path) -> str | None:
    """Run ``finops-ai ingest`` as a user would; return its error line, or None."""
    # The user's FINOPS_AI_* settings (a default warehouse, a config) must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINOPS_AI_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "finops_ai",
            "--warehouse",
            str(warehouse),
            "--quiet",
            "ingest",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
    )
    if done.returncode == 0:
        return None
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error")]
    return (errors or lines or [f"exit {done.returncode}"])[-1]


def score_family(root: Path, family: str, work: Path) -> FamilyScore:
    folder, provider, sku = FAMILIES[family]
    warehouse = work / f"{folder}.duckdb"
    result = FamilyScore(family)
    result.error = ingest(root / folder, warehouse)
    if result.error:
        return result
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            JOIN.format(sku=sku),
            {"truth": str(root / "truth.csv"), "provider": provider, "missing": MISSING},
        ).fetchall()
    finally:
        con.close()
    for true, given, scenario, cost in rows:
        result.cells[(true, given, scenario)] += cost or 0.0
    return result


def score(root: Path, work: Path) -> dict[str, FamilyScore]:
    """Every family of the bills in ``root`` (written by unseen_bills.write)."""
    work.mkdir(parents=True, exist_ok=True)
    return {family: score_family(root, family, work) for family in FAMILIES}
