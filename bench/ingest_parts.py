"""Benchmark: where the time of `finops-ai ingest` goes, one layer of its work at a time.

    python bench/ingest_parts.py [--rows 5000000] [--keep DIR] [--repeat 3]

On the synthetic CUR 2.0 file of bench/ingest.py, times each of these as a CREATE TABLE AS into a
new database file:
  0. plain      SELECT * FROM read_parquet(), DuckDB's defaults (what bench/ingest.py compares
                against)
and, set up as a finops-ai write session sets up its warehouse (DuckDB 1.4 storage format):
  1. plain      the same SELECT * FROM read_parquet()
  2. focus      + the FOCUS mapping (queries/ingest/cur_to_focus.sql), CUR 2.0 tag keys kept raw
  3. tags       + tag keys renamed as FOCUS shows them (user_team -> team, aws_x -> aws:x)
  4. tokens     + the token dimension (queries/ingest/token_columns.sql)
  5. class key  + the class key hash (queries/classify/class_key.sql)
and then `finops-ai ingest` itself (adds classification, load bookkeeping, checkpoint, fsync and
the atomic swap). Prints the best of --repeat alternating runs of each and its ratio to plain.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
from common import bench_parser, cleanup, run_finops, synthetic_bill, timed, workdir

from finops_ai.ingest import aws_cur, layout
from finops_ai.ingest.columns import cast_expr
from finops_ai.resources import load_query
from finops_ai.warehouse.db import DEFAULT_STORAGE_VERSION


def layers(bill: Path) -> dict[str, tuple[str, dict]]:
    """(SQL, parameters) of each layer's SELECT."""
    with duckdb.connect() as con:
        bill_layout = layout.sniff(con, bill, bill.name)
    renamed = aws_cur.project_cur(bill_layout, bill, bill.name)
    # The column as the file has it: CUR 2.0 keys (user_team), what the rename then costs.
    raw_tags = cast_expr("resource_tags", "MAP(VARCHAR, VARCHAR)", "MAP(VARCHAR, VARCHAR)")

    def mapping(projected_sql: str, tokens: bool = False) -> str:
        sql = (
            f"WITH src AS ({projected_sql}),\n"
            f"service_categories AS ({load_query('ingest/service_categories')})"
        )
        if not tokens:
            return f"{sql}\n{load_query('ingest/cur_to_focus')}"
        return (
            f"{sql},\nmapped AS ({load_query('ingest/cur_to_focus')})\n"
            f"{load_query('ingest/token_columns')}"
        )

    tags_expr = renamed.sql.split(",\n")
    raw = ",\n".join(
        f"{raw_tags} AS tags" if part.strip().endswith(" AS tags") else part for part in tags_expr
    )
    assert raw != renamed.sql, "the tags expression was not found"
    keyed = f"SELECT m.*, {load_query('classify/class_key')} AS x_ClassKey FROM ({{}}) AS m"
    return {
        "plain, defaults": ("SELECT * FROM read_parquet($path)", {"path": str(bill)}),
        "plain": ("SELECT * FROM read_parquet($path)", {"path": str(bill)}),
        "focus": (mapping(raw), renamed.params),
        "tags": (mapping(renamed.sql), renamed.params),
        "tokens": (mapping(renamed.sql, tokens=True), renamed.params),
        "class key": (keyed.format(mapping(renamed.sql, tokens=True)), renamed.params),
    }


def ctas(db_file: Path, sql: str, params: dict, session: bool) -> float:
    db_file.unlink(missing_ok=True)
    start = time.perf_counter()
    if not session:
        con = duckdb.connect(str(db_file))
        con.execute(f"CREATE TABLE t AS {sql}", params)
        con.close()
        return time.perf_counter() - start
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("ATTACH ? AS wh (STORAGE_VERSION ?)", [str(db_file), DEFAULT_STORAGE_VERSION])
    con.execute("USE wh")
    con.begin()
    con.execute(f"CREATE TABLE t AS {sql}", params)
    con.commit()
    con.execute("CHECKPOINT wh")
    con.close()
    return time.perf_counter() - start


def ingest(db_file: Path, bill: Path) -> float:
    db_file.unlink(missing_ok=True)
    return timed(lambda: run_finops(db_file, "ingest", bill))


def main() -> None:
    parser = bench_parser(__doc__, repeat=3)
    args = parser.parse_args()
    work = workdir(args.keep)
    bill = synthetic_bill(work, args.rows)
    db_file = work / "parts.duckdb"

    steps = layers(bill)
    runs: dict[str, list[float]] = {name: [] for name in [*steps, "finops-ai ingest"]}
    # Alternate, best of N: this machine's speed drifts by 10-20% from minute to minute.
    for _ in range(args.repeat):
        for name, (sql, params) in steps.items():
            runs[name].append(ctas(db_file, sql, params, name != "plain, defaults"))
        runs["finops-ai ingest"].append(ingest(db_file, bill))
    db_file.unlink(missing_ok=True)

    print(
        f"machine: {os.cpu_count()} cores, duckdb {duckdb.__version__}; {args.rows:,} rows; "
        f"best of {args.repeat} alternating runs"
    )
    plain = min(runs["plain, defaults"])
    previous = plain
    for name, times in runs.items():
        best = min(times)
        print(
            f"{name:17s}: {best:7.2f} s  ratio {best / plain:4.2f}x  "
            f"this layer {best - previous:+6.2f} s   runs " + ", ".join(f"{t:.2f}" for t in times)
        )
        previous = best
    cleanup(args.keep, work)


if __name__ == "__main__":
    main()
