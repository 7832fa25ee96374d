"""Benchmark: `finops-ai export` of an N-row warehouse vs plain DuckDB COPY of the same rows.

    python bench/export.py [--rows 5000000] [--keep DIR]

Builds a warehouse from a synthetic CUR 2.0 file (cur2_data.py; one billing month), then times,
each in a fresh process:
  * finops-ai export --output DIR   (Hive-partitioned Parquet from the line_items view, staged
                                     in a hidden folder and renamed into place)
  * COPY (SELECT * FROM line_items) TO 'file.parquet'   (plain DuckDB, one file, same rows)
and prints both, rows/s, output sizes and the ratio.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from common import bench_parser, cleanup, finops_command, ingested_warehouse, timed, workdir


def run_timed(cmd: list[str]) -> float:
    return timed(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL))


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    parser = bench_parser(__doc__)
    args = parser.parse_args()
    work = workdir(args.keep)
    bill, warehouse = ingested_warehouse(work, "export.duckdb", args.rows)
    ours_dir, plain_file = work / "export", work / "plain.parquet"
    shutil.rmtree(ours_dir, ignore_errors=True)
    plain_file.unlink(missing_ok=True)
    plain = [
        sys.executable,
        "-c",
        "import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True);"
        "c.execute('COPY (SELECT * FROM line_items) TO $f (FORMAT parquet)', {'f': sys.argv[2]})",
        str(warehouse),
        str(plain_file),
    ]
    ours = finops_command(warehouse, "export", "--output", ours_dir)
    plain_s = run_timed(plain)
    ours_s = run_timed(ours)
    again_s = run_timed(ours)  # a re-export: replaces the month folder
    rows = args.rows
    print(f"machine: {os.cpu_count()} cores, duckdb {duckdb.__version__}, {rows:,} line items")
    print(
        f"plain DuckDB COPY TO file   : {plain_s:7.2f} s  {rows / plain_s:12,.0f} rows/s  "
        f"{size_mb(plain_file):8,.0f} MB"
    )
    print(
        f"finops-ai export (first)    : {ours_s:7.2f} s  {rows / ours_s:12,.0f} rows/s  "
        f"{size_mb(ours_dir):8,.0f} MB  ratio {ours_s / plain_s:4.2f}x"
    )
    print(f"finops-ai export (replace)  : {again_s:7.2f} s  ratio {again_s / plain_s:4.2f}x")
    cleanup(args.keep, work)


if __name__ == "__main__":
    main()
