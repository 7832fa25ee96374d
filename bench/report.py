"""Benchmark: `finops-ai report` on an N-row warehouse vs a plain GROUP BY scan of the same data.

    python bench/report.py [--rows 5000000] [--months 6] [--repeat 10] [--keep DIR]

Builds a warehouse of N synthetic CUR 2.0 line items spread over several billing months (the
cur2_data.py generator makes one month; each further month is a copy shifted back a month, with
costs shrunk 15 % a month so there is growth to report), then times, in one run and on one
read-only connection where it can:
  * SELECT BillingPeriodStart, BillingCurrency, x_WorkloadClass, sum(EffectiveCost)
    FROM line_items GROUP BY ALL (the plain scan: spend per month and class), on a new
    read-only connection as the report makes (and, for reference, on an open one),
  * the report model (build_report: every queries/report/*.sql, with a budgets file),
  * rendering it as text, Markdown, HTML and JSON,
  * `finops-ai report --format html -o FILE` end to end (a fresh process: imports included),
and prints each and its ratio to the plain scan (target: the model within 3x). The scan and the
two report models take turns, --repeat times each, and the fastest of each counts: a change in
the machine's load between them would otherwise move their ratio.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
from common import bench_parser, best_of, best_of_interleaved, cleanup, run_finops, timed, workdir
from cur2_data import make_cur2

from finops_ai.report.budgets import load_budgets
from finops_ai.report.build import build_report
from finops_ai.report.render import render
from finops_ai.warehouse.db import connect_read_only

BUDGETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "report" / "budgets.toml"

# One earlier month from the generated October: same rows, dates moved into the month (usage
# hours wrap around inside it), costs scaled by $factor.
SHIFT = """
COPY (
  WITH t AS (
    SELECT *, TIMESTAMP '2026-10-01' - to_months($back) AS ps FROM read_parquet('{base}')
  )
  SELECT * EXCLUDE (ps) REPLACE (
    ps AS bill_billing_period_start_date,
    ps + INTERVAL 1 MONTH AS bill_billing_period_end_date,
    ps + to_hours(datediff('hour', TIMESTAMP '2026-10-01', line_item_usage_start_date)
                  % datediff('hour', ps, ps + INTERVAL 1 MONTH)) AS line_item_usage_start_date,
    ps + to_hours(datediff('hour', TIMESTAMP '2026-10-01', line_item_usage_start_date)
                  % datediff('hour', ps, ps + INTERVAL 1 MONTH) + 1) AS line_item_usage_end_date,
    line_item_unblended_cost * $factor AS line_item_unblended_cost,
    line_item_blended_cost * $factor AS line_item_blended_cost,
    pricing_public_on_demand_cost * $factor AS pricing_public_on_demand_cost,
    savings_plan_savings_plan_effective_cost * $factor AS savings_plan_savings_plan_effective_cost
  )
  FROM t
) TO '{out}' (FORMAT parquet, COMPRESSION snappy)
"""

PLAIN_SCAN = """
SELECT BillingPeriodStart, BillingCurrency, x_WorkloadClass, sum(EffectiveCost)
FROM line_items GROUP BY ALL
"""


def make_bills(work: Path, rows: int, months: int) -> list[Path]:
    base = work / f"cur2-2026-10-{rows // months}.parquet"
    make_cur2(base, rows // months)
    bills = [base]
    for back in range(1, months):
        out = work / f"cur2-back{back}-{rows // months}.parquet"
        if not out.exists():
            sql = SHIFT.replace("{base}", str(base)).replace("{out}", str(out))
            sql = sql.replace("$back", str(back)).replace("$factor", f"{0.85**back:.6f}")
            duckdb.connect().execute(sql)
        bills.append(out)
    return bills


def main() -> None:
    parser = bench_parser(__doc__, repeat=10)
    parser.add_argument("--months", type=int, default=6)
    args = parser.parse_args()
    work = workdir(args.keep)
    bills = make_bills(work, args.rows, args.months)
    warehouse = work / f"report-{args.rows}-{args.months}.duckdb"
    if not warehouse.exists():
        start = time.perf_counter()
        run_finops(warehouse, "ingest", *bills)
        print(f"ingested {len(bills)} bills in {time.perf_counter() - start:.1f}s")

    con = connect_read_only(warehouse)
    rows = con.execute("SELECT count(*) FROM line_item_data").fetchall()[0][0]
    scan_warm = best_of(5, lambda: con.execute(PLAIN_SCAN).fetchall())
    con.close()

    def scan_fresh() -> None:
        # As the report runs: a new read-only connection, so DuckDB's buffer cache starts empty.
        fresh = connect_read_only(warehouse)
        fresh.execute(PLAIN_SCAN).fetchall()
        fresh.close()

    budgets = load_budgets(BUDGETS)
    model = build_report(warehouse, budgets=budgets)
    scan, build, build_plain = best_of_interleaved(
        args.repeat,
        scan_fresh,
        lambda: build_report(warehouse, budgets=budgets),
        lambda: build_report(warehouse),
    )
    formats = ("text", "md", "html", "json")
    rendering = best_of(3, lambda: [render(model, fmt) for fmt in formats])
    report = ["report", "--budgets", BUDGETS, "--format", "html", "-o", work / "report.html"]
    end_to_end = timed(lambda: run_finops(warehouse, *report))

    print(
        f"warehouse: {rows:,} line items over {args.months} months, "
        f"{warehouse.stat().st_size / 1e6:,.0f} MB, duckdb {duckdb.__version__}, "
        f"report month {model.month}"
    )
    print(f"plain GROUP BY month, currency, class, new connection : {scan:7.3f} s")
    print(
        f"the same on an open (warm) connection                 : {scan_warm:7.3f} s  "
        f"(model ratio to it {build / scan_warm:4.1f}x)"
    )
    print(
        f"report model, with budgets (every queries/report/*)   : {build:7.3f} s  "
        f"ratio {build / scan:5.1f}x  (target <= 3x)"
    )
    print(
        f"report model, no budgets file                         : {build_plain:7.3f} s  "
        f"ratio {build_plain / scan:5.1f}x"
    )
    print(f"render text + md + html + json                        : {rendering:7.3f} s")
    print(
        f"finops-ai report --format html -o (fresh process)     : {end_to_end:7.3f} s  "
        f"ratio {end_to_end / scan:5.1f}x"
    )
    cleanup(args.keep, work)


if __name__ == "__main__":
    main()
