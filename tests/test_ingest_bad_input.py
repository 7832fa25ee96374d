"""A bad bill never half-loads: exit 1, one `Error:` line naming the file (and where it can, the
column and row), nothing on stdout, and the warehouse exactly as it was (or still absent).

The files are in tests/data/bad/, one defect each:
- truncated.csv.gz: a valid gzip of a CUR CSV, cut in half
- missing_cost_column.csv: a CUR without lineItem/UnblendedCost
- non_numeric_cost.csv: a CUR with `abc` as the cost of data row 3
- unknown_format.csv: an unrelated CSV (cities)
- empty.csv: 0 bytes
- bad_date.csv: `next tuesday` as the usage start of data row 2
- missing_focus_column.csv: a FOCUS export without BilledCost
- corrupt.parquet: 300 random bytes
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import invoke, query, snapshot

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "cur" / "savings_plans_2024-03.csv"

# file -> what the one error line must say besides the file's name (case-insensitive)
BAD_FILES = {
    "truncated.csv.gz": ["gzip"],
    "missing_cost_column.csv": ["lineItem/UnblendedCost"],
    "non_numeric_cost.csv": ["lineItem/UnblendedCost", "'abc'", "row 3"],
    "unknown_format.csv": ["unknown bill format"],
    "empty.csv": ["empty"],
    "bad_date.csv": ["lineItem/UsageStartDate", "next tuesday", "row 2"],
    "missing_focus_column.csv": ["BilledCost"],
    "corrupt.parquet": [],
}


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with one good load in it, to copy for each test."""
    warehouse = tmp_path_factory.mktemp("populated") / "finops.duckdb"
    result = invoke(CliRunner(), warehouse, "ingest", str(GOOD))
    assert result.exit_code == 0, result.stderr
    assert query(warehouse, "SELECT count(*) FROM line_items")[0][0] > 0
    return warehouse


def _prepare(populated: Path, warehouse: Path, existing: bool) -> tuple:
    if existing:
        shutil.copyfile(populated, warehouse)
    return snapshot(warehouse)


def assert_one_error(result, *must_say: str, quiet: bool = False) -> str:
    """Exit 1, nothing on stdout, exactly one `Error:` line (the only line with --quiet)."""
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert lines[-1] == errors[0]
    if quiet:
        assert lines == errors
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr
    for text in must_say:
        assert text.lower() in errors[0].lower(), (text, errors[0])
    return errors[0]


def assert_no_leftovers(warehouse: Path) -> None:
    """A failed write leaves no temporary copy or spill folder beside the warehouse."""
    leftovers = [
        p.name for p in warehouse.parent.iterdir() if "tmp-write" in p.name or "spill" in p.name
    ]
    assert leftovers == []


def test_bad_files_are_all_here():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_FILES)
    assert (BAD / "empty.csv").stat().st_size == 0
    for path in BAD.iterdir():
        assert path.stat().st_size < 2048, path  # tiny by design


@pytest.mark.parametrize("existing", [True, False], ids=["populated", "no-warehouse"])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_refused_and_changes_nothing(runner, warehouse, populated, name, existing):
    before = _prepare(populated, warehouse, existing)
    bad = BAD / name
    # Without a warehouse, also check --quiet: then the error is all there is on stderr.
    quiet = ["-q"] if not existing else []
    result = invoke(runner, warehouse, *quiet, "ingest", str(bad))
    assert_one_error(result, str(bad), *BAD_FILES[name], quiet=not existing)
    assert snapshot(warehouse) == before
    assert warehouse.exists() == existing
    assert_no_leftovers(warehouse)


@pytest.mark.parametrize("name", ["non_numeric_cost.csv", "missing_cost_column.csv", "empty.csv"])
def test_bad_file_among_good_ones_loads_nothing(runner, warehouse, populated, tmp_path, name):
    """All or nothing: good files read before the bad one in the same command are not kept."""
    before = _prepare(populated, warehouse, existing=True)
    april = tmp_path / "april" / "cur-2024-04.csv"
    april.parent.mkdir()
    april.write_text(GOOD.read_text().replace("2024-04", "2024-05").replace("2024-03", "2024-04"))
    restated = tmp_path / "march-v2" / "cur-2024-03.csv"
    restated.parent.mkdir()
    restated.write_text(
        GOOD.read_text() + GOOD.read_text().splitlines()[-1].replace("tax-01", "tax-02") + "\n"
    )
    bad = BAD / name
    result = invoke(runner, warehouse, "ingest", str(april), str(restated), str(bad))
    assert_one_error(result, str(bad))
    assert snapshot(warehouse) == before
    # The same, with the bad file inside a folder of good ones.
    shutil.copyfile(bad, april.parent / name)
    result = invoke(runner, warehouse, "ingest", str(april.parent))
    assert_one_error(result, name)
    assert snapshot(warehouse) == before
    # And the good files alone do load, so it was the bad one that stopped them.
    (april.parent / name).unlink()
    good = invoke(runner, warehouse, "ingest", str(april), str(restated), "--replace")
    assert good.exit_code == 0
    assert snapshot(warehouse) != before


@pytest.mark.parametrize("existing", [True, False], ids=["populated", "no-warehouse"])
def test_missing_path_is_a_clear_error(runner, warehouse, populated, tmp_path, existing):
    before = _prepare(populated, warehouse, existing)
    missing = tmp_path / "no-such-folder" / "cur.csv"
    result = invoke(runner, warehouse, "ingest", str(GOOD), str(missing))
    assert_one_error(result, str(missing), "no such file")
    assert snapshot(warehouse) == before
    assert warehouse.exists() == existing


@pytest.mark.parametrize("existing", [True, False], ids=["populated", "no-warehouse"])
def test_glob_matching_nothing_is_a_clear_error(runner, warehouse, populated, tmp_path, existing):
    before = _prepare(populated, warehouse, existing)
    pattern = str(tmp_path / "exports" / "*.csv.gz")
    result = invoke(runner, warehouse, "ingest", str(GOOD), pattern)
    assert_one_error(result, pattern, "no file matches")
    assert snapshot(warehouse) == before
    assert warehouse.exists() == existing


def test_folder_without_bills_is_a_clear_error(runner, warehouse, tmp_path):
    folder = tmp_path / "cur"
    folder.mkdir()
    (folder / "cur-Manifest.json").write_text("{}")
    (folder / "README.txt").write_text("not a bill")
    result = invoke(runner, warehouse, "ingest", str(folder))
    assert_one_error(result, str(folder), "no bill files")
    assert not warehouse.exists()


@pytest.mark.parametrize(
    ("fmt", "bill", "must_say"),
    [
        ("focus", GOOD, ["BilledCost"]),
        ("cur", DATA / "bad" / "missing_focus_column.csv", ["lineItem/UnblendedCost"]),
    ],
)
def test_forcing_the_wrong_format_is_a_clear_error(runner, warehouse, fmt, bill, must_say):
    result = invoke(runner, warehouse, "ingest", "--format", fmt, str(bill))
    assert_one_error(result, str(bill), *must_say)
    assert not warehouse.exists()
