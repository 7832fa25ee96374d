"""The global options (--warehouse, -q, -v, --log-file, --storage-version, --memory-limit,
--debug) work after the subcommand too, as users type them: `finops-ai report --warehouse x`
(issue 18). Checked with CliRunner and with real processes of the installed command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from finops_ai.cli import cli
from tests.conftest import SAMPLE_BILLS, query, snapshot

AZURE = SAMPLE_BILLS / "azure" / "focus"
TODAY = ("--today", "2026-11-26")
GLOBAL_FLAGS = (
    "--warehouse",
    "--quiet",
    "--verbose",
    "--log-file",
    "--storage-version",
    "--memory-limit",
    "--debug",
)
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ finops-ai\[\d+\] ")


@pytest.fixture(scope="module")
def azure_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample Azure FOCUS bills, ingested once; the tests below only read it."""
    path = tmp_path_factory.mktemp("global") / "azure.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(AZURE), "--warehouse", str(path)])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def leaf_commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += leaf_commands(command, (*path, name))
    return found


@pytest.mark.parametrize("path", leaf_commands(), ids=" ".join)
def test_every_command_lists_the_global_options_in_its_help(path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    own, _, shared = result.stdout.partition("Global options (also before the command):")
    own = own.partition("\nOptions:")[2]  # the command's own options, not its description
    assert own and shared, result.stdout
    for flag in GLOBAL_FLAGS:
        assert flag in shared and flag not in own


def test_report_reads_the_warehouse_named_after_it(azure_warehouse, tmp_path):
    before = run("--warehouse", str(azure_warehouse), "report", *TODAY, "--format", "json")
    after = run("report", *TODAY, "--format", "json", "--warehouse", str(azure_warehouse))

    assert before.exit_code == after.exit_code == 0
    assert after.stdout == before.stdout
    assert json.loads(after.stdout)["month"] == "2026-10"
    # Not the default ./finops.duckdb: there is none, and that would be an error.
    missing = run("report", *TODAY, "--warehouse", str(tmp_path / "none.duckdb"))
    assert missing.exit_code == 1 and "none.duckdb: no warehouse here" in missing.stderr


def test_the_one_after_the_subcommand_wins(azure_warehouse, tmp_path):
    other = tmp_path / "none.duckdb"
    result = run(
        "--warehouse", str(other), "sql", "SELECT count(*) AS n FROM line_items",
        "--format", "csv", "--warehouse", str(azure_warehouse),
    )  # fmt: skip
    (rows,) = query(azure_warehouse, "SELECT count(*) FROM line_items")[0]
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["n", str(rows)]
    assert not other.exists()


def test_quiet_and_log_file_after_ingest(tmp_path):
    warehouse, log = tmp_path / "w.duckdb", tmp_path / "ingest.log"
    result = run("ingest", str(AZURE), "-q", "--log-file", str(log), "--warehouse", str(warehouse))

    assert result.exit_code == 0
    assert result.stderr == ""  # quiet: no progress on stderr...
    lines = log.read_text().splitlines()  # ...but all of it in the log file, timestamped
    assert all(STAMP.match(line) for line in lines)
    ((rows,),) = query(warehouse, "SELECT count(*) FROM line_items")
    assert rows > 0
    assert any(f"load 1: 4 file(s), {rows:,} rows" in line for line in lines)


def test_verbose_before_and_log_file_after_add_up(tmp_path):
    config, log = tmp_path / "finops.toml", tmp_path / "config.log"
    config.write_text('warehouse = "w.duckdb"\n')

    result = run("--verbose", "config", "--config", str(config), "--log-file", str(log))

    assert result.exit_code == 0, result.stderr
    assert "setting warehouse = " in result.stderr  # --verbose: debug detail on stderr
    assert "setting warehouse = " in log.read_text()  # and in the log file given after


def test_settings_flags_after_config_are_flags(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    result = run(
        "config", "--warehouse", str(warehouse), "--storage-version", "v1.2.0",
        "--memory-limit", "300MB",
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert rows["warehouse"].endswith(f"{warehouse}  [flag --warehouse]")
    assert rows["storage_version"].endswith("v1.2.0  [flag --storage-version]")
    assert rows["memory_limit"].endswith("300MB  [flag --memory-limit]")


def test_run_dry_run_plans_for_the_warehouse_named_after_it(azure_warehouse, tmp_path):
    result = run(
        "run", "--dry-run", "--output-dir", str(tmp_path), *TODAY,
        "--warehouse", str(azure_warehouse),
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert f"warehouse     {azure_warehouse}\n" in result.stdout
    assert "finops-ai-report-2026-10.html" in result.stdout


def test_a_bad_memory_limit_after_the_subcommand_changes_nothing(azure_warehouse):
    before = snapshot(azure_warehouse)
    result = run(
        "ingest", str(AZURE), "--memory-limit", "lots", "--warehouse", str(azure_warehouse)
    )

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --memory-limit must be a memory size such as 4GB, not 'lots'"
    ]
    assert snapshot(azure_warehouse) == before


def _command(how: str) -> list[str]:
    if how == "python -m finops_ai":
        return [sys.executable, "-m", "finops_ai"]
    script = Path(sys.executable).with_name("finops-ai")
    if not script.exists():
        found = shutil.which("finops-ai")
        if found is None:
            pytest.skip("the finops-ai script is not installed beside this Python")
        script = Path(found)
    return [str(script)]


@pytest.mark.parametrize("how", ["finops-ai", "python -m finops_ai"])
def test_a_real_process_takes_them_after_the_subcommand(azure_warehouse, tmp_path, how):
    out = tmp_path / "report.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINOPS_AI_")}
    done = subprocess.run(
        [*_command(how), "report", *TODAY, "-o", str(out), "--warehouse", str(azure_warehouse),
         "--quiet"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # --quiet after the subcommand: not even the "wrote" note
    assert "October 2026" in out.read_text()
    assert not (tmp_path / "finops.duckdb").exists()
