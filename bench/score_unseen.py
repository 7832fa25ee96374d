"""Classification accuracy on bills the classifier was not tuned on.

For each seed, writes the labelled unseen bills (tests/data/classify/unseen_bills.py) to a
temporary folder, ingests each family (AWS CUR 2.0, AWS legacy CUR, Azure FOCUS 1.2, GCP FOCUS)
into its own warehouse with the real CLI, and joins the classified line items to the truth:
the share of each true class's effective cost that landed in that class, and a confusion table
by cost. An ingest that fails is printed and the run goes on.

    .venv/bin/python bench/score_unseen.py --seeds 1-5
    .venv/bin/python bench/score_unseen.py --seeds 1-3 --exclude train-large-fleet,serve-large-fleet
    .venv/bin/python bench/score_unseen.py --seeds 4 --scenarios --keep /tmp/unseen
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.data.classify import unseen_bills  # noqa: E402
from tests.data.classify.unseen.score import AI, MISSING, FamilyScore, score  # noqa: E402

CLASSES = ("training", "inference", "ai_other", "non_ai")


def seeds(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def money(value: float) -> str:
    return f"${value:,.0f}"


def report(totals: dict[str, FamilyScore], failures: dict[str, list[str]], scenarios: bool) -> None:
    print("\nPer family and true class (effective cost, all seeds together)")
    print(f"  {'family':27} {'true class':10} {'cost':>15} {'in true class':>14}")
    for family, result in totals.items():
        bad = failures.get(family, [])
        if bad:
            print(f"  {family:27} ingest failed for {len(bad)} seed(s): {bad[0]}")
        for cls in CLASSES:
            cost = result.cost(true=cls)
            if cost:
                print(
                    f"  {family:27} {cls:10} {money(cost):>15} "
                    f"{pct(result.share_in_true_class((cls,))):>14}"
                )
        if result.cells:
            print(
                f"  {family:27} {'all AI':10} {money(sum(result.cost(true=c) for c in AI)):>15} "
                f"{pct(result.share_in_true_class()):>14}   non-AI called AI: "
                f"{pct(result.non_ai_called_ai()).strip()}"
            )
            extra, missing = result.unlabelled(), result.missing()
            if abs(extra) > 0.01 or abs(missing) > 0.01:
                print(
                    f"  {'':27} cost with no truth row: {money(extra)}; "
                    f"truth cost not in the warehouse: {money(missing)}"
                )
    print("\nConfusion by effective cost (rows: true class; columns: class given)")
    given = [*CLASSES, MISSING]
    for family, result in totals.items():
        if not result.cells:
            continue
        print(f"  {family}")
        print(f"    {'':12}" + "".join(f"{g:>20}" for g in given))
        for cls in CLASSES:
            if result.cost(true=cls):
                cells = "".join(f"{money(result.cost(true=cls, given=g)):>20}" for g in given)
                print(f"    {cls:12}{cells}")
    if scenarios:
        print("\nScenarios below 99% in their true class (all seeds)")
        for family, result in totals.items():
            for name, (cls, cost, share) in sorted(
                result.scenarios().items(), key=lambda x: x[1][2]
            ):
                if share < 0.99:
                    print(f"  {family:27} {name:32} {cls:10} {money(cost):>13} {pct(share)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-5", help="e.g. 1-5 or 1,4,9 (default 1-5)")
    parser.add_argument("--exclude", default="", help="scenarios to leave out, comma-separated")
    parser.add_argument("--scenarios", action="store_true", help="list scenarios below 99%%")
    parser.add_argument("--keep", type=Path, help="keep the bills and warehouses in this folder")
    args = parser.parse_args()
    exclude = [s for s in args.exclude.split(",") if s]
    base = args.keep or Path(tempfile.mkdtemp(prefix="finops-unseen-"))
    totals = {family: FamilyScore(family) for family in unseen_bills.FAMILIES}
    failures: dict[str, list[str]] = {}
    try:
        for seed in seeds(args.seeds):
            root = base / f"seed-{seed}"
            started = time.perf_counter()
            unseen_bills.write(root / "bills", seed, exclude)
            written = time.perf_counter() - started
            results = score(root / "bills", root / "warehouses")
            print(
                f"seed {seed} (bills written in {written:.0f} s, "
                f"scored in {time.perf_counter() - started - written:.0f} s)"
            )
            for family, result in results.items():
                if result.error:
                    failures.setdefault(family, []).append(result.error)
                    print(f"  {family:27} ingest failed: {result.error}")
                    continue
                totals[family].add(result)
                print(
                    f"  {family:27} AI in true class {pct(result.share_in_true_class())}, "
                    f"non-AI called AI {pct(result.non_ai_called_ai())}"
                )
        report(totals, failures, args.scenarios)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
