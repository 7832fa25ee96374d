"""What the benchmarks share: a best-of timer and a warehouse ingested from the synthetic CUR."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cur2_data import make_cur2


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The fastest of ``runs`` calls of ``fn``, in seconds (this machine's speed drifts)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def ingested_warehouse(work: Path, name: str, rows: int) -> tuple[Path, Path]:
    """(bill, warehouse): ``rows`` synthetic CUR 2.0 line items ingested by `finops-ai ingest`
    into ``work/name``; both are reused when they are already there (``--keep``)."""
    bill, warehouse = work / "cur2-00001.snappy.parquet", work / name
    if not warehouse.exists():
        make_cur2(bill, rows)
        cmd = [sys.executable, "-m", "finops_ai", "-q", "--warehouse", str(warehouse)]
        subprocess.run([*cmd, "ingest", str(bill)], check=True)
    return bill, warehouse
