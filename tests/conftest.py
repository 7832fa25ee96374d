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
# The project's shared/ folder (real public bills) sits beside the checkout, locally and in CI.
SHARED = Path(os.environ.get("FINOPS_AI_SHARED", REPO.parent / "shared"))
REAL_BILLS = SHARED / "real_bills"


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
    if not REAL_BILLS.is_dir():
        pytest.skip(f"real public bills not found at {REAL_BILLS} (set FINOPS_AI_SHARED)")
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
