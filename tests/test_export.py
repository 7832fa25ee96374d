"""`finops-ai export` and `sql --output`: Hive-partitioned Parquet that round-trips every column,
replaces a month whole, and never leaves half a month behind."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from finops_ai.warehouse import export as export_module
from tests.conftest import SAMPLE_BILLS, invoke, query


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("export") / "sample.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    return warehouse


def read_export(folder: Path, where: str = "true") -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(
            "SELECT billing_period, provider, count(*), sum(EffectiveCost), sum(BilledCost), "
            "count(DISTINCT x_WorkloadClass) FROM read_parquet($glob, hive_partitioning = true) "
            f"WHERE {where} GROUP BY ALL ORDER BY ALL",
            {"glob": str(folder / "**" / "*.parquet")},
        ).fetchall()
    finally:
        con.close()


def test_export_writes_every_column_partitioned_by_month_and_provider(runner, sample, tmp_path):
    out = tmp_path / "export"
    result = invoke(runner, sample, "export", "--month", "2026-10", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert "2026-10" in result.stdout and "16,204 line items" in result.stdout
    providers = sorted(p.name for p in (out / "billing_period=2026-10").iterdir())
    assert providers == [
        "provider=AWS",
        "provider=Anthropic",
        "provider=Microsoft",
        "provider=OpenAI",
    ]
    assert [p.name for p in out.iterdir()] == ["billing_period=2026-10"]
    expected = query(
        sample,
        "SELECT '2026-10', ProviderName, count(*), sum(EffectiveCost), sum(BilledCost), "
        "count(DISTINCT x_WorkloadClass) FROM line_items "
        "WHERE BillingPeriodStart = '2026-10-01' GROUP BY ALL ORDER BY ALL",
    )
    assert read_export(out) == expected
    con = duckdb.connect()
    try:
        cursor = con.execute(
            "SELECT * FROM read_parquet($f) LIMIT 0", {"f": str(next(out.rglob("*.parquet")))}
        )
        exported = [d[0] for d in cursor.description]
    finally:
        con.close()
    columns = [c for (c,) in query(sample, "SELECT column_name FROM (DESCRIBE line_items)")]
    assert [c for c in columns if c not in exported] == []
    assert {"x_WorkloadClass", "x_ClassRule", "x_ClassConfidence"} <= set(exported)


def test_export_again_replaces_the_month_and_keeps_the_others(runner, sample, tmp_path):
    out = tmp_path / "export"
    assert invoke(runner, sample, "export", "--output", str(out)).exit_code == 0
    before = read_export(out)
    assert [row[0] for row in before].count("2026-07") == 4
    stale = out / "billing_period=2026-10" / "provider=Gone" / "old.parquet"
    stale.parent.mkdir()
    stale.write_bytes(b"stale")
    leftover = out / ".export-999999999"  # a killed export's stage (no such pid)
    leftover.mkdir()
    result = invoke(runner, sample, "export", "--month", "2026-10", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert "(replaced)" in result.stdout
    assert not stale.parent.exists() and not leftover.exists()
    assert read_export(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_failed_export_leaves_the_old_month_in_place(sample, tmp_path, monkeypatch):
    out = tmp_path / "export"
    export_module.export(sample, out, ["2026-09"])
    before = read_export(out)

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "_swap_in", fail)
    with pytest.raises(OSError):
        export_module.export(sample, out, ["2026-09"])
    assert read_export(out) == before
    assert [p.name for p in out.iterdir()] == ["billing_period=2026-09"]


@pytest.mark.parametrize(
    ("month", "message"),
    [("2026-13", "is not a month"), ("2025-01", "no line items for billing month 2025-01")],
)
def test_export_refuses_a_month_it_cannot_export(runner, sample, tmp_path, month, message):
    result = invoke(runner, sample, "export", "--month", month, "--output", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""


def test_export_needs_a_warehouse(runner, tmp_path):
    result = invoke(runner, tmp_path / "none.duckdb", "export", "--output", str(tmp_path / "o"))
    assert result.exit_code == 1 and "no warehouse here" in result.stderr


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_sql_output_writes_a_file_atomically(runner, sample, tmp_path, fmt):
    target = tmp_path / f"spend.{fmt}"
    result = invoke(
        runner,
        sample,
        "sql",
        "SELECT * FROM ai_spend_monthly WHERE billing_month = $m",
        "--param",
        "m=2026-10",
        "--format",
        fmt,
        "--output",
        str(target),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    expected = query(
        sample, "SELECT count(*) FROM ai_spend_monthly WHERE billing_month = '2026-10'"
    )
    assert f"wrote {expected[0][0]:,} row(s)" in result.stderr
    reader = {"parquet": "read_parquet", "csv": "read_csv", "json": "read_json"}[fmt]
    con = duckdb.connect()
    try:
        got = con.execute(f"SELECT count(*) FROM {reader}($f)", {"f": str(target)}).fetchall()
    finally:
        con.close()
    assert got == expected
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_sql_output_failure_leaves_no_file(runner, sample, tmp_path):
    target = tmp_path / "x.parquet"
    result = invoke(
        runner, sample, "sql", "SELECT * FROM nowhere", "--format", "parquet", "-o", str(target)
    )
    assert result.exit_code == 1 and "nowhere" in result.stderr
    assert os.listdir(tmp_path) == []


def test_sql_parameters_and_files(runner, sample, tmp_path):
    script = tmp_path / "q.sql"
    script.write_text(
        "SELECT count(*) AS n FROM line_items WHERE ProviderName = $p AND x_LoadId >= $l"
    )
    result = invoke(
        runner,
        sample,
        "sql",
        "-f",
        str(script),
        "--param",
        "p=OpenAI",
        "--param",
        "l=0",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.stderr
    n = query(sample, "SELECT count(*) FROM line_items WHERE ProviderName = 'OpenAI'")[0][0]
    assert result.stdout.split() == ["n", str(n)]
    missing = invoke(runner, sample, "sql", "-f", str(script))
    assert missing.exit_code == 1 and "--param" in missing.stderr
    bad = invoke(runner, sample, "sql", "SELECT 1", "--param", "oops")
    assert bad.exit_code == 1 and "NAME=VALUE" in bad.stderr
    both = invoke(runner, sample, "sql", "SELECT 1", "-f", str(script))
    assert both.exit_code == 2 and "not both" in both.stderr
    parquet = invoke(runner, sample, "sql", "SELECT 1", "--format", "parquet")
    assert parquet.exit_code == 2 and "--output" in parquet.stderr
