"""Benchmark: `finops-ai ingest` of an N-row CUR 2.0 Parquet file vs plain DuckDB loading it.

    python bench/ingest.py [--rows 5000000] [--keep DIR]

Generates a CUR 2.0 (Data Exports) Parquet file with realistic columns and map columns, then
times, each in a fresh process on the same file:
  * finops-ai ingest FILE                          (our loader, into a new warehouse)
  * CREATE TABLE t AS SELECT * FROM read_parquet() (plain DuckDB, into a new database file)
and prints wall time, rows/s, peak memory (max RSS) of each and the ratio between them.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

GENERATE = """
COPY (
  SELECT
    'Anniversary' AS bill_bill_type,
    'AWS' AS bill_billing_entity,
    TIMESTAMP '2026-10-01' AS bill_billing_period_start_date,
    TIMESTAMP '2026-11-01' AS bill_billing_period_end_date,
    '' AS bill_invoice_id,
    'Amazon Web Services, Inc.' AS bill_invoicing_entity,
    '111111111111' AS bill_payer_account_id,
    'acme-payer' AS bill_payer_account_name,
    md5(i::VARCHAR) AS identity_line_item_id,
    '2026-10-01T00:00:00Z/2026-10-01T01:00:00Z' AS identity_time_interval,
    'us-east-1a' AS line_item_availability_zone,
    CASE i % 20 WHEN 0 THEN 'SavingsPlanCoveredUsage' WHEN 1 THEN 'SavingsPlanNegation'
         ELSE 'Usage' END AS line_item_line_item_type,
    ['AmazonEC2', 'AmazonS3', 'AmazonSageMaker', 'AmazonRDS', 'AmazonBedrock'][i % 5 + 1]
        AS line_item_product_code,
    ['BoxUsage:g5.2xlarge', 'TimedStorage-ByteHrs', 'USE1-Host:ml.g5.2xlarge',
     'InstanceUsage:db.r5.large', 'USE1-Claude-InputTokenCount'][i % 5 + 1] AS line_item_usage_type,
    'RunInstances' AS line_item_operation,
    'i-' || lpad(to_hex(i % 50000), 17, '0') AS line_item_resource_id,
    TIMESTAMP '2026-10-01' + to_hours((i % 744)::BIGINT) AS line_item_usage_start_date,
    TIMESTAMP '2026-10-01' + to_hours((i % 744)::BIGINT + 1) AS line_item_usage_end_date,
    1.0 AS line_item_usage_amount,
    'USD' AS line_item_currency_code,
    '1.212' AS line_item_unblended_rate,
    (i % 1000) / 997.0 AS line_item_unblended_cost,
    (i % 1000) / 997.0 AS line_item_blended_cost,
    '$1.212 per On Demand Linux g5.2xlarge Instance Hour' AS line_item_line_item_description,
    ['111111111111', '222222222222', '333333333333'][i % 3 + 1] AS line_item_usage_account_id,
    'prod' AS line_item_usage_account_name,
    'g5.2xlarge' AS product_instance_type,
    'us-east-1' AS product_region_code,
    'ABCDEFGH12345678' AS product_sku,
    'Hrs' AS pricing_unit,
    'OnDemand' AS pricing_term,
    (i % 1000) / 997.0 AS pricing_public_on_demand_cost,
    '' AS savings_plan_savings_plan_a_r_n,
    (i % 1000) / 1500.0 AS savings_plan_savings_plan_effective_cost,
    MAP {'product_name': 'Amazon Elastic Compute Cloud', 'servicecode': 'AmazonEC2',
         'region': 'us-east-1'} AS product,
    CASE WHEN i % 3 = 0 THEN MAP {'user_team': 'ml', 'user_workload': 'serving'}
         ELSE MAP {'user_team': 'web'} END AS resource_tags,
    MAP {'CostCenter': 'cc-' || (i % 7)::VARCHAR} AS cost_category
  FROM range($rows) t(i)
) TO '{path}' (FORMAT parquet, COMPRESSION snappy)
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd`` in a fresh process; return (seconds, peak RSS in MB of that process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all of them; runs are ordered small to large.
    return seconds, max(after, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="finops-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bill = work / "cur2-00001.snappy.parquet"
    if not bill.exists():
        start = time.perf_counter()
        sql = GENERATE.replace("{path}", str(bill)).replace("$rows", str(args.rows))
        duckdb.connect().execute(sql)
        print(
            f"generated {args.rows:,} rows, {bill.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - start:.1f}s"
        )

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
    ours = [
        sys.executable,
        "-m",
        "finops_ai",
        "--quiet",
        "--warehouse",
        str(ours_db),
        "ingest",
        str(bill),
    ]
    env_note = f"{os.cpu_count()} cores, duckdb {duckdb.__version__}"

    plain_s, plain_mb = timed(plain)
    ours_s, ours_mb = timed(ours)
    rows = args.rows
    print(f"machine: {env_note}")
    print(
        f"plain DuckDB CTAS : {plain_s:7.2f} s  {rows / plain_s:12,.0f} rows/s  "
        f"peak {plain_mb:,.0f} MB  file {plain_db.stat().st_size / 1e6:,.0f} MB"
    )
    print(
        f"finops-ai ingest  : {ours_s:7.2f} s  {rows / ours_s:12,.0f} rows/s  "
        f"peak {ours_mb:,.0f} MB  file {ours_db.stat().st_size / 1e6:,.0f} MB"
    )
    print(f"ratio (finops-ai / plain): {ours_s / plain_s:.2f}x  (target <= 1.5x)")
    if not args.keep:
        for path in (plain_db, ours_db, bill):
            path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
