"""`finops-ai export` and `sql --output`: Hive-partitioned Parquet that round-trips every column,
replaces a month whole, and never leaves half a month behind."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from finops_ai.access import export as export_module
from finops_ai.errors import WarehouseError
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
    ((rows,),) = query(
        sample,
        "SELECT count(*) FROM line_items WHERE strftime(BillingPeriodStart, '%Y-%m') = '2026-10'",
    )
    assert "2026-10" in result.stdout and f"{rows:,} line items" in result.stdout
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
    with pytest.raises(WarehouseError, match="exporting failed: disk full. Nothing was changed"):
        export_module.export(sample, out, ["2026-09"])
    assert read_export(out) == before
    assert [p.name for p in out.iterdir()] == ["billing_period=2026-09"]
    assert [p.name for p in tmp_path.iterdir()] == ["export"]  # no stage left beside it


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


# --- Killed exports: a reader sees the old month or the new one, never none ---------------------

STRACE = shutil.which("strace")
RENAMES = ("rename", "renameat", "renameat2")
KILL_MONTHS = ["2026-08", "2026-10"]  # 08 is new to the export, 10 replaces the old one


@pytest.fixture(scope="module")
def strace() -> str:
    if STRACE is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "strace is not installed: the export is killed at each rename by strace's fault "
            "injection. apt-get install strace (.ci/run does)"
        )
    probe = subprocess.run([STRACE, "-f", "-o", os.devnull, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"strace may not trace here (no ptrace in this container?): {probe.stderr}")
    return STRACE


@pytest.fixture(scope="module")
def old_export(sample, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """An export of 2026-10 from an AWS-only warehouse (the "old" month), and
    each month's contents as the old export and as the full sample's export show them."""
    root = tmp_path_factory.mktemp("killed-export")
    aws_only = root / "aws.duckdb"
    result = invoke(CliRunner(), aws_only, "-q", "ingest", str(SAMPLE_BILLS / "aws"))
    assert result.exit_code == 0, result.stderr
    baseline = root / "baseline"
    export_module.export(aws_only, baseline, ["2026-10"])
    fresh = root / "fresh"
    export_module.export(sample, fresh, KILL_MONTHS)
    old = {m: read_export(baseline, f"billing_period = '{m}'") for m in KILL_MONTHS}
    new = {m: read_export(fresh, f"billing_period = '{m}'") for m in KILL_MONTHS}
    assert old["2026-08"] == [] and all(old[m] != new[m] for m in KILL_MONTHS)
    return baseline, old, new


def _export_command(sample: Path, out: Path) -> list[str]:
    months = [arg for m in KILL_MONTHS for arg in ("--month", m)]
    command = [sys.executable, "-m", "finops_ai", "--warehouse", str(sample), "export"]
    return [*command, "-o", str(out), *months]


def _renames_by_syscall(strace: str, sample: Path, out: Path, extra: list[str]) -> dict[str, int]:
    """How often the export calls each rename syscall, in its main thread."""
    trace = out.parent / "trace.txt"
    proc = subprocess.Popen(
        [strace, "-f", "-e", "trace=execve," + ",".join(RENAMES), *extra, "-o", str(trace)]
        + _export_command(sample, out),
        stdout=subprocess.DEVNULL,
    )
    assert proc.wait() == 0
    counts: dict[str, int] = {}
    lines = [line.split(None, 1) for line in trace.read_text().splitlines()]
    main = lines[0][0]  # the export's execve; its threads (DuckDB's) have other ids
    for pid, call in lines:
        name = call.split("(", 1)[0]
        if pid == main and name in RENAMES:
            counts[name] = counts.get(name, 0) + 1
    return counts


def _assert_every_month_whole(out: Path, old: dict, new: dict) -> None:
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert set(visible) <= {f"billing_period={m}" for m in ["2026-07", *KILL_MONTHS]}, visible
    for month in KILL_MONTHS:
        got = read_export(out, f"billing_period = '{month}'")
        allowed = [new[month]] + ([old[month]] if old[month] else [[]])
        assert got in allowed, f"{month}: neither the old nor the new month: {got}"


def _assert_next_exports_recover(sample: Path, out: Path, old: dict, new: dict) -> None:
    # An export of another month first: it must not delete the only copy of a swapped month.
    export_module.export(sample, out, ["2026-07"])
    _assert_every_month_whole(out, old, new)
    assert read_export(out, "billing_period = '2026-10'"), "2026-10 lost"
    export_module.export(sample, out, KILL_MONTHS)
    for month in KILL_MONTHS:
        assert read_export(out, f"billing_period = '{month}'") == new[month]
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "mode",
    [
        "exchange",  # Linux: one renameat2(RENAME_EXCHANGE) per month
        "two-renames",  # where the file system cannot exchange: old aside, new in
    ],
)
def test_an_export_killed_at_any_rename_never_loses_a_month(
    strace, sample, old_export, tmp_path, mode
):
    baseline, old, new = old_export
    extra = ["-e", "inject=renameat2:error=EINVAL"] if mode == "two-renames" else []
    probe = tmp_path / "probe" / "out"
    shutil.copytree(baseline, probe)
    counts = _renames_by_syscall(strace, sample, probe, extra)
    assert sum(counts.values()) >= 2, counts  # a month put in, a month swapped
    for syscall, total in counts.items():
        for n in range(1, total + 1):
            out = tmp_path / f"{syscall}-{n}" / "out"
            shutil.copytree(baseline, out)
            inject = f"inject={syscall}:signal=KILL:when={n}"
            killed = subprocess.run(
                [strace, "-f", "-o", os.devnull, *extra, "-e", inject]
                + _export_command(sample, out),
                capture_output=True,
            )
            assert killed.returncode == -signal.SIGKILL, (syscall, n, killed.stderr)
            if mode == "two-renames":
                # Between its two renames a month is absent; its old copy is kept in the stage,
                # and what every export does first puts it back.
                export_module.repair(out)
            _assert_every_month_whole(out, old, new)
            _assert_next_exports_recover(sample, out, old, new)


@pytest.mark.slow
def test_an_export_killed_at_random_moments_never_loses_a_month(sample, old_export, tmp_path):
    baseline, old, new = old_export
    moments = random.Random(16).sample(range(100, 1500, 50), 4)
    for moment in moments:
        out = tmp_path / f"at-{moment}ms" / "out"
        shutil.copytree(baseline, out)
        proc = subprocess.Popen(_export_command(sample, out), stdout=subprocess.DEVNULL)
        time.sleep(moment / 1000)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _assert_every_month_whole(out, old, new)
        _assert_next_exports_recover(sample, out, old, new)
