"""The report's cells (queries/schema/016_report_cells.sql): every classification keeps them,
and the report reads them instead of working them out from every class key, but only while
they are this release's and add up to the per-key totals. Whichever way it goes, the report
says the same; these tests check both ways on the same warehouse, and that a stale store is
never read."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

import finops_ai.report.build as build
from finops_ai.report.budgets import load_budgets
from finops_ai.report.build import build_report
from finops_ai.resources import load_query
from tests.conftest import invoke, query
from tests.helpers.schema import undo_migration_016
from tests.test_report_fixtures import BUDGETS, SAMPLE_TODAY, sample  # noqa: F401

STORED = {
    "report/cube_stored",
    "report/key_attributes_stored",
    "report/top_resources_stored",
    "report/days_stored",
    "report/compute_stored",
    "report/model_items_stored",
}
DERIVED = {
    "report/cube",
    "report/key_attributes",
    "report/top_resources",
    "report/days",
    "report/compute",
    "report/model_items",
}
TABLES = [
    f"class_{name}"
    for name in ("cells", "key_cells", "cell_totals", "cell_days", "cell_compute", "cell_models")
]


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the report queries build_report runs, in order."""
    names: list[str] = []

    def load(name: str) -> str:
        names.append(name)
        return load_query(name)

    monkeypatch.setattr(build, "load_query", load)
    return names


def report(warehouse: Path, **kwargs):
    return build_report(warehouse, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS), **kwargs)


def copy(source: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copy(source, path)
    return path


def contents(warehouse: Path, table: str) -> list[tuple]:
    return query(warehouse, f"SELECT * FROM {table} ORDER BY ALL")


def stale_fingerprint(warehouse: Path) -> None:
    """As if the cells had been stored by another release's SQL."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "UPDATE classifier_inputs SET fingerprint = 'older' "
            "WHERE name IN ('cells', 'cells_built')"
        )


@pytest.mark.parametrize("basis", ["effective", "billed"])
@pytest.mark.parametrize("month", [None, "2026-09", "2026-08"])
def test_the_report_from_the_cells_is_the_report_from_every_key(
    sample,  # noqa: F811
    tmp_path,
    ran,
    basis,
    month,
):
    from_cells = report(sample, basis=basis, month=month)
    assert set(ran) >= STORED and not DERIVED & set(ran)
    derived = copy(sample, tmp_path)
    stale_fingerprint(derived)
    ran.clear()
    assert report(derived, basis=basis, month=month) == from_cells
    assert set(ran) >= DERIVED and not STORED & set(ran)
    # Both ways name the heads-ups, fleets, burn and top resources the sample has.
    assert from_cells.primary.top and from_cells.committed_capacity.fleets
    assert from_cells.budget_burn and from_cells.model_heads_ups


def test_after_a_rule_change_the_report_reads_the_keys_until_the_cells_are_rebuilt(
    sample,  # noqa: F811
    tmp_path,
    runner,
    ran,
):
    before = report(sample)
    changed = copy(sample, tmp_path)
    rules = tmp_path / "finops.toml"
    # A whole account's keys, and one of the four EC2 instances that share a training cell.
    moves = ["account:333333333333 -> training", "resource:i-0569e532088dce6d8 -> inference"]
    rules.write_text(f"[classify]\nrules = {moves!r}\n".replace("'", '"'))
    result = invoke(runner, changed, "classify", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    ran.clear()
    after = report(changed)
    # The cells still hold the old classes: marked stale, they are not read.
    assert set(ran) >= DERIVED and not STORED & set(ran)
    assert after.primary.by_class != before.primary.by_class
    stale_fingerprint(changed)  # so that the next classification rebuilds them, as a load would
    result = invoke(runner, changed, "classify")
    assert result.exit_code == 0, result.output
    cells = "SELECT x_WorkloadClass, sum(line_items) FROM class_cells JOIN class_cell_totals "
    cells += "USING (x_Cell) GROUP BY ALL ORDER BY ALL"
    keys = "SELECT x_WorkloadClass, sum(line_items) FROM class_key_totals "
    keys += "JOIN line_item_classes USING (x_ClassKey) GROUP BY ALL ORDER BY ALL"
    assert query(changed, cells) == query(changed, keys)
    ran.clear()
    assert report(changed) == after
    assert set(ran) >= STORED


def test_cells_that_no_longer_add_up_are_not_read(sample, tmp_path, ran):  # noqa: F811
    expected = report(sample)
    broken = copy(sample, tmp_path)
    with duckdb.connect(str(broken)) as con:
        con.execute(
            "DELETE FROM class_cell_totals WHERE x_Cell IN "
            "(SELECT x_Cell FROM class_cells WHERE x_WorkloadClass = 'inference')"
        )
    ran.clear()
    assert report(broken) == expected
    assert set(ran) >= DERIVED and not STORED & set(ran)


def test_a_schema_15_warehouse_reports_the_same_and_keeps_cells_once_classified(
    sample,  # noqa: F811
    tmp_path,
    runner,
    ran,
):
    expected = report(sample)
    old = copy(sample, tmp_path)
    with duckdb.connect(str(old)) as con:
        undo_migration_016(con)
    ran.clear()
    assert report(old) == expected
    assert set(ran) >= DERIVED
    result = invoke(runner, old, "classify")  # upgrades the schema, then classifies
    assert result.exit_code == 0, result.output
    for table in TABLES:
        assert contents(old, table) == contents(sample, table)
    ran.clear()
    assert report(old) == expected
    assert set(ran) >= STORED


@pytest.mark.parametrize(
    "bills",
    [
        "focus-sample-data",  # FOCUS 1.0, two months, 522 cells
        "focus-converters-aws-cur",  # legacy CUR
        "koku-gcp-billing",  # GCP BigQuery export
        "finops-toolkit-azure/EA_AmortizedCost_Small.csv",  # Azure EA, amortized
        "focus-spec-ai-examples",  # FOCUS 1.3 AI token rows
    ],
)
def test_real_public_bills_report_the_same_from_the_cells(real_bills, tmp_path, runner, bills):
    warehouse = tmp_path / "real.duckdb"
    # --skip-unknown: koku's folder also holds Google's legacy file export, refused by design
    result = invoke(runner, warehouse, "ingest", "--skip-unknown", str(real_bills / bills))
    assert result.exit_code == 0, result.output
    derived = copy(warehouse, tmp_path)
    stale_fingerprint(derived)
    months = "SELECT DISTINCT strftime(BillingPeriodStart, '%Y-%m') FROM line_items"
    for (month,) in query(warehouse, months):
        for basis in ("effective", "billed"):
            from_cells = build_report(warehouse, month=month, basis=basis, today=SAMPLE_TODAY)
            assert build_report(derived, month=month, basis=basis, today=SAMPLE_TODAY) == from_cells
