"""Benchmark: `finops-ai ingest` of an N-row CUR 2.0 Parquet file vs plain DuckDB loading it.

    python bench/ingest.py [--rows 5000000] [--keep DIR]

Generates a CUR 2.0 (Data Exports) Parquet file with realistic columns and map columns, then
times, each in a fresh process on the same file:
  * finops-ai ingest FILE                          (our loader, into a new warehouse)
  * CREATE TABLE t AS SELECT * FROM read_parquet() (plain DuckDB, into a new database file)
and prints wall time, rows/s, peak memory (max RSS) of each and the ratio between them (best of
--repeat alternating runs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import duckdb
from common import bench_parser, cleanup, finops_command, synthetic_bill, workdir


def timed(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd`` in a fresh process; return (seconds, that process's peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])}... failed with exit code {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = bench_parser(__doc__, repeat=3)
    args = parser.parse_args()
    work = workdir(args.keep)
    bill = synthetic_bill(work, args.rows)

    plain_db, ours_db = work / "plain.duckdb", work / "finops.duckdb"
    for stale in (plain_db, ours_db):
        stale.unlink(missing_ok=True)
    plain = [
        sys.executable,
        "-c",
        "import duckdb,sys; c=duckdb.connect(sys.argv[1]);"
        "c.execute('CREATE TABLE t AS SELECT * FROM read_parquet(?)', [sys.argv[2]]);"
        "c.close()",
        str(plain_db),
        str(bill),
    ]
    ours = finops_command(ours_db, "ingest", bill)
    env_note = f"{os.cpu_count()} cores, duckdb {duckdb.__version__}"

    # This machine's speed drifts by 10-20% from minute to minute: alternate the two loads and
    # keep each one's fastest run, so both are measured under the same conditions.
    plain_runs, ours_runs = [], []
    for _ in range(args.repeat):
        for db_file, cmd, runs in ((plain_db, plain, plain_runs), (ours_db, ours, ours_runs)):
            db_file.unlink(missing_ok=True)
            runs.append(timed(cmd))
    (plain_s, plain_mb), (ours_s, ours_mb) = min(plain_runs), min(ours_runs)
    rows = args.rows
    print(f"machine: {env_note}; best of {args.repeat} alternating runs")
    print(
        f"plain DuckDB CTAS : {plain_s:7.2f} s  {rows / plain_s:12,.0f} rows/s  "
        f"peak {plain_mb:,.0f} MB  file {plain_db.stat().st_size / 1e6:,.0f} MB"
    )
    print(
        f"finops-ai ingest  : {ours_s:7.2f} s  {rows / ours_s:12,.0f} rows/s  "
        f"peak {ours_mb:,.0f} MB  file {ours_db.stat().st_size / 1e6:,.0f} MB"
    )
    print(f"ratio (finops-ai / plain): {ours_s / plain_s:.2f}x  (target <= 1.5x)")
    print(
        "all runs (s): plain "
        + ", ".join(f"{t:.2f}" for t, _ in plain_runs)
        + "; finops-ai "
        + ", ".join(f"{t:.2f}" for t, _ in ours_runs)
    )
    cleanup(args.keep, work)


if __name__ == "__main__":
    main()
