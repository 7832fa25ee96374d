"""A synthetic CUR 2.0 (Data Exports) Parquet file for the benchmarks: realistic columns and map
columns, a mix of EC2 GPU hours, S3, SageMaker, RDS and Bedrock rows over one month."""

from __future__ import annotations

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
    ['111111111111', '222222222222', '333333333333'][(i % 50000) % 3 + 1]
        AS line_item_usage_account_id,
    'prod' AS line_item_usage_account_name,
    CASE WHEN i % 5 = 0 THEN 'g5.2xlarge' WHEN i % 5 = 3 THEN 'db.r5.large' END
        AS product_instance_type,
    'us-east-1' AS product_region_code,
    'ABCDEFGH12345678' AS product_sku,
    'Hrs' AS pricing_unit,
    'OnDemand' AS pricing_term,
    (i % 1000) / 997.0 AS pricing_public_on_demand_cost,
    '' AS savings_plan_savings_plan_a_r_n,
    (i % 1000) / 1500.0 AS savings_plan_savings_plan_effective_cost,
    MAP {'product_name': 'Amazon Elastic Compute Cloud', 'servicecode': 'AmazonEC2',
         'region': 'us-east-1'} AS product,
    CASE WHEN (i % 50000) % 3 = 0 THEN MAP {'user_team': 'ml', 'user_workload': 'serving'}
         ELSE MAP {'user_team': 'web'} END AS resource_tags,
    MAP {'CostCenter': 'cc-' || ((i % 50000) % 7)::VARCHAR} AS cost_category
  FROM range($rows) t(i)
) TO '{path}' (FORMAT parquet, COMPRESSION snappy)
"""


def make_cur2(path: Path, rows: int) -> None:
    """Write ``rows`` CUR 2.0 line items to ``path`` unless it already exists."""
    if path.exists():
        return
    start = time.perf_counter()
    sql = GENERATE.replace("{path}", str(path)).replace("$rows", str(rows))
    duckdb.connect().execute(sql)
    print(
        f"generated {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB "
        f"in {time.perf_counter() - start:.1f}s"
    )
