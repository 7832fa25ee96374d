"""Shared fixtures: an isolated environment, a CLI runner, paths to sample and real bills."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from finops_ai.cli import cli

REPO = Path(__file__).resolve().parent.parent
SAMPLE_BILLS = REPO / "sample_bills"
# Public real bills, byte-for-byte with their provenance and licences (tests/data/real_bills/),
# so that every clone runs the tests that read them.
REAL_BILLS = REPO / "tests" / "data" / "real_bills"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("FINOPS_AI_", "AWS_", "OPENAI_", "ANTHROPIC_")):
            monkeypatch.delenv(name, raising=False)
    # boto3 must never find a real credential file or reach a real endpoint from the tests.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "finops.duckdb"


@pytest.fixture
def real_bills() -> Path:
    return REAL_BILLS


def invoke(runner: CliRunner, warehouse: Path, *args: str):
    """Run the CLI against ``warehouse`` the way a user would."""
    return runner.invoke(cli, ["--warehouse", str(warehouse), *args], catch_exceptions=False)


def query(warehouse: Path, sql: str, params: dict | None = None) -> list[tuple]:
    """Read the warehouse read-only with plain DuckDB, as an analyst would."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def snapshot(warehouse: Path) -> tuple:
    """Everything a failed command must leave unchanged."""
    if not warehouse.exists():
        return ("absent",)
    return (
        warehouse.read_bytes(),
        query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items"),
        query(warehouse, "SELECT * FROM load_files ORDER BY ALL"),
    )


def distributed_classification_differences(warehouse: Path) -> tuple[int, list[tuple]]:
    """(class keys, keys on which queries/distributed/classify.sql, run in DuckDB over the
    warehouse with its stored rules, decides otherwise than the warehouse classifier)."""
    from finops_ai.engines import distributed
    from finops_ai.resources import load_query

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        signals = distributed.values_view(distributed.SIGNAL_COLUMNS, distributed.signal_rows())
        con.execute(f"CREATE TEMP VIEW class_signals AS {signals}")
        different = con.execute(
            "WITH d AS (" + load_query("distributed/classify") + ") "
            "SELECT c.x_ClassKey, c.x_ClassRule, d.x_ClassRule FROM line_item_classes AS c "
            "FULL JOIN d USING (x_ClassKey) "
            "WHERE c.x_WorkloadClass IS DISTINCT FROM d.x_WorkloadClass "
            "   OR c.x_ClassRule IS DISTINCT FROM d.x_ClassRule "
            "   OR c.x_ClassConfidence IS DISTINCT FROM d.x_ClassConfidence"
        ).fetchall()
        keys = con.execute("SELECT count(*) FROM line_item_classes").fetchall()[0][0]
    finally:
        con.close()
    return keys, different

