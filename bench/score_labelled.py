"""Classification accuracy on the two labelled sets the tests assert on (>= 97 % per AI class):
the bundled sample bills and the hard bills (tests/data/classify/hard_bills.py).

Prints, per set and true class, the share of its effective cost that landed in that class;
tests/test_classify_labelled.py asserts the floor, this prints the figures for a closing note.

    .venv/bin/python bench/score_labelled.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.data.classify import bills, hard_bills  # noqa: E402

SAMPLE = REPO / "sample_bills"


def ingest(warehouse: Path, *sources: Path) -> None:
    cmd = [sys.executable, "-m", "finops_ai", "-q", "--warehouse", str(warehouse), "ingest"]
    subprocess.run([*cmd, *map(str, sources)], check=True)


def show(name: str, warehouse: Path, truth: Path) -> None:
    con = bills.labelled(warehouse, truth)
    for cls, (right, total, _, _) in sorted(bills.class_accuracy(con).items()):
        if total:
            print(f"  {name:13} {cls:10} {total:>15,.0f} USD  {right / total:7.2%} in true class")
    con.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "sample.duckdb"
        ingest(
            sample,
            SAMPLE / "aws",
            SAMPLE / "azure",
            SAMPLE / "openai" / "costs",
            SAMPLE / "anthropic" / "cost-report",
        )
        show("sample_bills", sample, REPO / "tests" / "data" / "sample_ground_truth.csv")
        files, _ = hard_bills.build().write(folder / "hard")
        hard = folder / "hard" / "finops.duckdb"
        ingest(hard, *files)
        show("hard_bills", hard, folder / "hard" / "ground_truth.csv")


if __name__ == "__main__":
    main()
