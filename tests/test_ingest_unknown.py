"""A folder with files in no known bill format: every one is named in the one error, and
`--skip-unknown` ingests the rest, naming what it skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import invoke, query, snapshot
from tests.test_ingest_bad_input import BAD, GOOD, assert_one_error


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A good CUR between two unknown files, one of them in a subfolder."""
    folder = tmp_path / "exports"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(BAD / "unknown_format.csv", folder / "a_cities.csv")
    shutil.copyfile(GOOD, folder / "m_cur.csv")
    (folder / "sub" / "z_notes.csv").write_text("note,author\nhello,me\n")
    return folder


def _rows_of_good(tmp_path: Path, runner) -> tuple:
    alone = tmp_path / "alone.duckdb"
    assert invoke(runner, alone, "-q", "ingest", str(GOOD)).exit_code == 0
    return query(alone, "SELECT count(*), sum(BilledCost) FROM line_items")[0]


@pytest.mark.parametrize("existing", [True, False], ids=["populated", "no-warehouse"])
def test_every_unknown_file_is_named_in_one_error(runner, warehouse, folder, existing):
    if existing:
        assert invoke(runner, warehouse, "-q", "ingest", str(GOOD)).exit_code == 0
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "ingest", str(folder))
    error = assert_one_error(
        result,
        "2 files",
        f"{folder / 'a_cities.csv'} (columns: city, country, population)",
        f"{folder / 'sub' / 'z_notes.csv'} (columns: note, author)",
        "--skip-unknown to ingest the other files",
    )
    assert "m_cur.csv" not in error
    assert snapshot(warehouse) == before


def test_skip_unknown_ingests_the_rest_and_names_what_it_skipped(runner, warehouse, folder):
    result = invoke(runner, warehouse, "ingest", "--skip-unknown", str(folder))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"skipped {folder / 'a_cities.csv'}: unknown bill format (columns: city, " in (
        result.stderr
    )
    assert f"skipped {folder / 'sub' / 'z_notes.csv'}: unknown bill format" in result.stderr
    assert (
        f"skipped 2 file(s) in no known format: {folder / 'a_cities.csv'}, "
        f"{folder / 'sub' / 'z_notes.csv'}"
    ) in lines
    assert not any(line.startswith("Error") for line in lines)
    totals = query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items")[0]
    assert totals == _rows_of_good(warehouse.parent, runner)
    sources = query(warehouse, "SELECT source FROM load_files")
    assert sources == [(str(folder / "m_cur.csv"),)]

    again = invoke(runner, warehouse, "ingest", "--skip-unknown", str(folder))
    assert again.exit_code == 0, again.stderr
    assert "skipped 2 file(s) in no known format" in again.stderr
    assert "nothing new" in again.stderr
    assert query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items")[0] == totals


def test_skip_unknown_with_nothing_else_to_ingest_is_an_error(runner, warehouse, folder):
    (folder / "m_cur.csv").unlink()
    result = invoke(runner, warehouse, "ingest", "--skip-unknown", str(folder))
    error = assert_one_error(result, "2 files", "a_cities.csv", "z_notes.csv")
    assert "--skip-unknown" not in error
    assert not warehouse.exists()


def test_files_read_before_the_refusal_are_said_not_to_be_in(runner, warehouse, tmp_path):
    # A good bill read first prints "ingested ...": the refusal that follows must take it back.
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copyfile(GOOD, folder / "a_cur.csv")
    shutil.copyfile(BAD / "unknown_format.csv", folder / "z_cities.csv")
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "ingest", str(folder))
    lines = result.stderr.strip().splitlines()
    assert f"ingested {folder / 'a_cur.csv'}" in result.stderr
    assert lines[-2].endswith(
        "nothing was ingested: the 1 file(s) read above are not in the warehouse, because of "
        "the error below"
    )
    assert_one_error(result, f"{folder / 'z_cities.csv'}: unknown bill format")
    assert snapshot(warehouse) == before
