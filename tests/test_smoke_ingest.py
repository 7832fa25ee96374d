"""The first promises: ingest real bills, re-ingest is a no-op, results match the raw files."""

from __future__ import annotations

from decimal import Decimal

import duckdb

from tests.conftest import invoke, query


def test_ingest_real_cur_csv_matches_raw_sum(runner, warehouse, real_bills):
    bill = real_bills / "focus-converters-aws-cur" / "sample-anonymous-aws-export-dataset.csv"
    result = invoke(runner, warehouse, "ingest", str(bill))
    assert result.exit_code == 0, result.stderr
    raw = duckdb.sql(
        'SELECT count(*), sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,12))) '
        "FROM read_csv($p, all_varchar=true)",
        params={"p": str(bill)},
    ).fetchall()[0]
    got = query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items")[0]
    assert got == raw
    assert raw[1] > Decimal("1.6")


def test_same_file_twice_changes_nothing(runner, warehouse, real_bills):
    bill = str(real_bills / "focus-sample-data" / "focus_sample.csv")
    assert invoke(runner, warehouse, "ingest", bill).exit_code == 0
    before = warehouse.read_bytes()
    second = invoke(runner, warehouse, "ingest", bill)
    assert second.exit_code == 0
    assert "already ingested" in second.stderr
    assert warehouse.read_bytes() == before
    assert query(warehouse, "SELECT count(*) FROM line_items")[0][0] == 1000
