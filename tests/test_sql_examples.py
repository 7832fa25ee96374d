"""`finops-ai sql --example NAME` (issue 18): the example queries ship with finops-ai, run with
their $month filled, list with what they answer, and print as a script the DuckDB 1.4 CLI runs
as is against the warehouse opened read-only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_BILLS, invoke, query

EXAMPLES_DIR = REPO / "queries" / "examples"
NAMES = sorted(p.stem for p in EXAMPLES_DIR.glob("*.sql"))
DUCKDB_CLI = Path(sys.executable).parent / "duckdb"  # the test extra's duckdb-cli 1.4


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample bills ingested and classified, once for this module."""
    from click.testing import CliRunner

    warehouse = tmp_path_factory.mktemp("examples") / "sample.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    return warehouse


def months(warehouse: Path) -> list[dt.date]:
    rows = query(warehouse, "SELECT DISTINCT CAST(BillingPeriodStart AS DATE) FROM line_items")
    return sorted(r[0] for r in rows)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def csv_rows(text: str) -> list[list[object]]:
    """CSV rows with the numbers as Decimals: DuckDB's CLI and finops-ai may spell them apart."""

    def value(cell: str) -> object:
        try:
            return Decimal(cell)
        except ArithmeticError:
            return cell

    return [[value(c) for c in row] for row in csv.reader(io.StringIO(text))]


def run_example(runner, warehouse: Path, *args: str, today: str | None = None) -> str:
    env = {"FINOPS_AI_TODAY": today} if today else None
    from finops_ai.cli import cli

    result = runner.invoke(
        cli, ["--warehouse", str(warehouse), "sql", *args], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_list_examples_names_each_one_with_its_first_line(runner):
    result = invoke(runner, Path("unused.duckdb"), "sql", "--list-examples")
    assert result.exit_code == 0, result.stderr
    listed = {line.split()[0]: line.split(None, 1)[1] for line in result.stdout.splitlines()}
    assert sorted(listed) == NAMES
    for name in NAMES:
        first = (EXAMPLES_DIR / f"{name}.sql").read_text().splitlines()[0]
        assert listed[name] == first.removeprefix("-- ")
        assert len(first) <= 100, f"{name}: the first line is the one-line description"


def test_print_shows_the_example_as_shipped(runner):
    for name in NAMES:
        out = run_example(runner, Path("unused.duckdb"), "--example", name, "--print")
        assert out == (EXAMPLES_DIR / f"{name}.sql").read_text()


def test_an_unknown_example_is_one_line_naming_the_examples(runner, sample):
    result = invoke(runner, sample, "sql", "--example", "uncertain_spend")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: no example query named 'uncertain_spend'")
    for name in NAMES:
        assert name in result.stderr


def test_an_example_runs_with_the_month_given(runner, sample):
    october = run_example(runner, sample, "--example", "uncertain_ai_spend", "--month", "2026-10")
    # The same as the query file run the long way, with the month bound by hand...
    by_file = run_example(
        runner, sample, "-f", str(EXAMPLES_DIR / "uncertain_ai_spend.sql"),
        "--param", "month=2026-10",
    )  # fmt: skip
    assert october == by_file
    # ...and the month is what decides the rows.
    september = run_example(runner, sample, "--example", "uncertain_ai_spend", "--month", "2026-09")
    assert september != october
    assert "(0 rows)" not in october and "(0 rows)" not in september


@pytest.mark.parametrize(
    "today, which",
    [
        ("mid-month after the last", "last"),
        ("during the last", "one before the last"),
        ("before any month ended", "last"),
    ],
)
def test_the_default_month_is_the_latest_complete_one(runner, sample, today, which):
    held = months(sample)
    day = {
        "mid-month after the last": next_month(held[-1]) + dt.timedelta(days=14),
        "during the last": held[-1] + dt.timedelta(days=14),
        "before any month ended": held[0] + dt.timedelta(days=3),
    }[today]
    expected = held[-1] if which == "last" else held[-2]
    args = ("--example", "uncertain_ai_spend", "--format", "csv")
    default = run_example(runner, sample, *args, today=day.isoformat())
    explicit = run_example(runner, sample, *args, "--month", expected.strftime("%Y-%m"))
    assert default == explicit
    script = run_example(runner, sample, *args, "--duckdb", today=day.isoformat())
    assert f"SET VARIABLE month = '{expected:%Y-%m}';" in script


def test_month_is_refused_where_it_fills_nothing(runner, sample):
    result = invoke(
        runner, sample, "sql", "--example", "cost_per_million_tokens", "--month", "2026-10"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: example cost_per_million_tokens has no $month (it takes no parameters)\n"
    )
    result = invoke(runner, sample, "sql", "SELECT 1", "--month", "2026-10")
    assert result.exit_code == 2
    assert "--month is for --example NAME" in result.stderr
    result = invoke(runner, sample, "sql", "--example", "uncertain_ai_spend", "--month", "10/2026")
    assert result.exit_code == 2
    assert "not a month written YYYY-MM" in result.stderr


def duckdb_cli(warehouse: Path, script: str) -> subprocess.CompletedProcess[str]:
    if not DUCKDB_CLI.exists():
        pytest.skip("the duckdb CLI of the test extra is not installed")
    return subprocess.run(
        [str(DUCKDB_CLI), "-readonly", "-csv", str(warehouse)],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_duckdb_form_runs_as_is_in_the_duckdb_14_cli_read_only(runner, sample, name):
    before = sample.read_bytes()
    month = ["--month", "2026-09"] if "$month" in (EXAMPLES_DIR / f"{name}.sql").read_text() else []
    script = run_example(runner, sample, "--example", name, *month, "--duckdb")
    body = [line for line in script.splitlines() if not line.startswith("--")]
    assert not any("$" in line for line in body), "the DuckDB CLI cannot bind $parameters"
    done = duckdb_cli(sample, script)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    args = ("--example", name, "--format", "csv")
    expected = run_example(runner, sample, *args, *month)
    assert csv_rows(done.stdout) == csv_rows(expected)
    assert len(csv_rows(done.stdout)) > 1, "no rows on the sample warehouse"
    assert sample.read_bytes() == before


def test_the_duckdb_form_takes_its_month_from_the_set_variable_line(runner, sample):
    script = run_example(
        runner, sample, "--example", "uncertain_ai_spend", "--month", "2026-09", "--duckdb"
    )
    assert "SET VARIABLE month = '2026-09';" in script
    assert "getvariable('month')" in script
    # A user edits the one line to see another month.
    edited = script.replace("SET VARIABLE month = '2026-09';", "SET VARIABLE month = '2026-10';")
    done = duckdb_cli(sample, edited)
    assert done.returncode == 0, done.stderr
    october = run_example(
        runner, sample, "--example", "uncertain_ai_spend", "--month", "2026-10", "--format", "csv"
    )
    assert csv_rows(done.stdout) == csv_rows(october)


@pytest.mark.slow
def test_the_examples_ship_in_the_wheel(tmp_path, sample):
    """Built as pip builds it, unpacked away from the checkout: the installed package runs
    every example from its own copy (finops_ai/_data/queries/examples/)."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("finops_ai-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(
            Path(n).stem
            for n in archive.namelist()
            if n.startswith("finops_ai/_data/queries/examples/") and n.endswith(".sql")
        )
        assert shipped == NAMES
        archive.extractall(tmp_path / "site")
    away = tmp_path / "elsewhere"
    away.mkdir()
    # The unpacked wheel comes first on sys.path, before the checkout's editable install.
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    probe = subprocess.run(
        [sys.executable, "-c", "import finops_ai.resources as r; print(r.queries_dir())"],
        cwd=away, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert probe.stdout.strip() == str(tmp_path / "site" / "finops_ai" / "_data" / "queries")
    for name in NAMES:
        done = subprocess.run(
            [sys.executable, "-m", "finops_ai", "--warehouse", str(sample), "sql",
             "--example", name, "--format", "json"],
            cwd=away, env={**env, "FINOPS_AI_TODAY": "2026-11-15"},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout), f"{name} returned no rows"
