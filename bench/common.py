"""What the benchmarks share: their options and work folder, a best-of timer, and a warehouse
ingested from the synthetic CUR."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cur2_data import make_cur2

BILL_NAME = "cur2-00001.snappy.parquet"


def synthetic_bill(work: Path, rows: int) -> Path:
    """The synthetic CUR 2.0 file of ``rows`` line items in ``work`` (reused if there)."""
    bill = work / BILL_NAME
    make_cur2(bill, rows)
    return bill


def bench_parser(doc: str, repeat: int | None = None) -> argparse.ArgumentParser:
    """The options every benchmark takes (--rows, --keep, and --repeat when it repeats runs);
    a benchmark adds its own."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    if repeat:
        parser.add_argument("--repeat", type=int, default=repeat, help="runs of each (best counts)")
    return parser


def workdir(keep: Path | None) -> Path:
    """``--keep``'s folder, else a new temporary one (see ``cleanup``)."""
    work = keep or Path(tempfile.mkdtemp(prefix="finops-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    return work


def cleanup(keep: Path | None, work: Path) -> None:
    """Remove the temporary work folder, the warehouse's .lock file with it (finops-ai keeps that
    beside a warehouse on purpose); a --keep folder stays."""
    if not keep:
        shutil.rmtree(work, ignore_errors=True)


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The fastest of ``runs`` calls of ``fn``, in seconds (this machine's speed drifts)."""
    return min(timed(fn) for _ in range(runs))


def best_of_interleaved(runs: int, *fns: Callable[[], object]) -> list[float]:
    """The fastest of ``runs`` calls of each of ``fns``, taking turns (a, b, a, b, ...), so that
    a drift in this machine's speed (other work starting or stopping) reaches all of them alike
    and their ratio measures the code, not the moment each was timed in."""
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for i, fn in enumerate(fns):
            best[i] = min(best[i], timed(fn))
    return best


def finops_command(warehouse: Path, *args: str | Path) -> list[str]:
    """`finops-ai -q --warehouse WAREHOUSE ARGS...` in a fresh Python process."""
    cli = [sys.executable, "-m", "finops_ai", "-q", "--warehouse", str(warehouse)]
    return [*cli, *map(str, args)]


def run_finops(warehouse: Path, *args: str | Path) -> None:
    """Run `finops-ai -q --warehouse WAREHOUSE ARGS...` in a fresh process; raise if it fails."""
    subprocess.run(finops_command(warehouse, *args), check=True, stdout=subprocess.DEVNULL)


def ingested_warehouse(work: Path, name: str, rows: int) -> tuple[Path, Path]:
    """(bill, warehouse): ``rows`` synthetic CUR 2.0 line items ingested by `finops-ai ingest`
    into ``work/name``; both are reused when they are already there (``--keep``)."""
    warehouse = work / name
    if warehouse.exists():
        return work / BILL_NAME, warehouse
    bill = synthetic_bill(work, rows)
    run_finops(warehouse, "ingest", bill)
    return bill, warehouse
