"""A bill bigger than DuckDB's memory still ingests (the load streams), the limit is the user's to
set, and running out of memory is a one-line error that changes nothing."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from finops_ai.warehouse.db import MEMORY_LIMIT_ENV
from tests.conftest import REPO, SAMPLE_BILLS, invoke, query, snapshot

ROWS = 500_000


@pytest.fixture(autouse=True)
def no_leaked_limit() -> Iterator[None]:
    # --memory-limit sets the variable for the rest of the process, as a command should.
    yield
    os.environ.pop(MEMORY_LIMIT_ENV, None)


@pytest.fixture(scope="module")
def big_bill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmarks' synthetic CUR 2.0 file, ROWS line items (19 MB of Parquet)."""
    spec = importlib.util.spec_from_file_location("cur2_data", REPO / "bench" / "cur2_data.py")
    cur2_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cur2_data)
    bill = tmp_path_factory.mktemp("big") / "cur2-00001.snappy.parquet"
    cur2_data.make_cur2(bill, ROWS)
    return bill


def in_memory_mb(bill: Path) -> float:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [str(bill)])
    return con.execute("SELECT sum(memory_usage_bytes) / 1e6 FROM duckdb_memory()").fetchall()[0][0]


@pytest.mark.slow
def test_a_bill_larger_than_the_memory_limit_ingests(runner, warehouse, big_bill):
    limit_mb = 160
    # The premise: held in memory, the bill alone would not fit under the limit.
    assert in_memory_mb(big_bill) > 2 * limit_mb

    result = invoke(runner, warehouse, "--memory-limit", f"{limit_mb}MB", "ingest", str(big_bill))

    assert result.exit_code == 0, result.stderr
    raw = duckdb.sql(
        "SELECT count(*), sum(CAST(line_item_unblended_cost AS DECIMAL(38, 12))) "
        "FROM read_parquet(?)",
        params=[str(big_bill)],
    ).fetchall()
    assert query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items") == raw
    assert not warehouse.with_name(warehouse.name + ".spill").exists()


@pytest.mark.slow
def test_running_out_of_memory_is_one_line_and_changes_nothing(runner, warehouse, big_bill):
    assert invoke(runner, warehouse, "ingest", str(SAMPLE_BILLS / "aws")).exit_code == 0
    before = snapshot(warehouse)

    result = invoke(runner, warehouse, "--memory-limit", "40MB", "ingest", str(big_bill))

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == errors[0]
    assert big_bill.name in errors[0]
    assert "out of memory" in errors[0].lower()
    assert "--memory-limit" in errors[0] and "it is 40MB now" in errors[0]
    assert snapshot(warehouse) == before


def test_the_analysts_sql_command_honours_the_limit_from_the_environment(
    runner, warehouse, monkeypatch
):
    assert invoke(runner, warehouse, "ingest", str(SAMPLE_BILLS / "aws")).exit_code == 0
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "256MB")

    result = invoke(runner, warehouse, "sql", "SELECT current_setting('memory_limit') AS m")

    assert result.exit_code == 0, result.stderr
    # DuckDB reports the limit in binary units: 256 MB is 244.1 MiB.
    assert "244.1 MiB" in result.stdout


@pytest.mark.parametrize("given_by", ["--memory-limit", MEMORY_LIMIT_ENV])
def test_a_limit_that_is_not_a_size_names_where_it_came_from_and_changes_nothing(
    runner, warehouse, monkeypatch, given_by
):
    assert invoke(runner, warehouse, "ingest", str(SAMPLE_BILLS / "aws")).exit_code == 0
    before = snapshot(warehouse)
    flag = []
    if given_by == MEMORY_LIMIT_ENV:
        monkeypatch.setenv(MEMORY_LIMIT_ENV, "lots")
    else:
        flag = ["--memory-limit", "lots"]

    result = invoke(runner, warehouse, *flag, "ingest", str(SAMPLE_BILLS))

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {given_by} must be a memory size such as 4GB, not 'lots'"
    ]
    assert snapshot(warehouse) == before


def test_the_config_files_limit_applies_to_the_scheduled_commands(runner, tmp_path):
    from finops_ai.cli import cli

    config = tmp_path / "finops.toml"
    config.write_text('memory_limit = "256MB"\n')

    result = runner.invoke(cli, ["config", "--config", str(config)], catch_exceptions=False)

    assert result.exit_code == 0, result.stderr
    # The column is as wide as the longest setting name, which grows with new settings.
    assert re.search(r"^memory_limit +256MB  \[file", result.stdout, flags=re.M), result.stdout
    # What every DuckDB connection of that run then reads (warehouse/db.py).
    assert os.environ[MEMORY_LIMIT_ENV] == "256MB"
