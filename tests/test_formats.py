"""The registry of bill formats (ingest/formats.py) is the one list ingest, --format and the
config read: each format in it is recognised from a bill of that format and loaded as it, and a
format name it does not hold is refused with the same choices everywhere."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from finops_ai.ingest import formats
from finops_ai.ingest.detect import detect
from finops_ai.ingest.layout import sniff
from tests.conftest import REAL_BILLS, REPO, SAMPLE_BILLS, invoke, query

PROVIDER_EXPORTS = Path(__file__).parent / "data" / "providers"

# One bill of each format, and the format load_files records for it (sample_bills/README.md
# says what each sample is: the CUR 2.0 Parquet, Microsoft's FOCUS 1.0 export...).
AWS = SAMPLE_BILLS / "aws"
BILLS = {
    "cur": (AWS / "cur/acme-hourly/20260701-20260801/acme-hourly-00001.csv.gz", "aws-cur"),
    "cur2": (
        AWS / "cur2/acme-cur2/data/BILLING_PERIOD=2026-09/acme-cur2-00001.snappy.parquet",
        "aws-cur2",
    ),
    "focus": (SAMPLE_BILLS / "azure/focus/acme-focus-2026-07.csv.gz", "focus-1.0"),
    "openai-csv": (PROVIDER_EXPORTS / "openai_costs_export.csv", "openai-csv"),
    "anthropic-csv": (PROVIDER_EXPORTS / "anthropic_usage_export.csv", "anthropic-csv"),
    "provider-json": (SAMPLE_BILLS / "openai/costs/2026-07.json.gz", "openai-json"),
    "azure-cost": (REAL_BILLS / "finops-toolkit-azure/EA_ActualCost_Small.csv", "azure-ea-actual"),
    "gcp-billing": (REAL_BILLS / "koku-gcp-billing/2022-08-01_5.csv", "gcp-billing"),
}


def test_every_format_in_the_registry_has_a_bill_here():
    # A new format's entry comes with a bill of that format in this table.
    assert sorted(BILLS) == sorted(f.name for f in formats.FORMATS)


@pytest.mark.parametrize("name", sorted(BILLS))
def test_each_format_is_told_from_its_columns_and_loaded_as_it(runner, warehouse, name):
    path, source_format = BILLS[name]
    with duckdb.connect() as con:
        assert detect(sniff(con, path, path.name), path.name).name == name
    result = invoke(runner, warehouse, "ingest", str(path))
    assert result.exit_code == 0, result.output
    assert query(warehouse, "SELECT DISTINCT format FROM load_files") == [(source_format,)]


def test_a_cloud_bill_format_can_be_forced_and_is_then_read_as_that(runner, warehouse):
    # A legacy CUR forced to be read as FOCUS lacks FOCUS's columns: said so, nothing loaded.
    path = BILLS["cur"][0]
    result = invoke(runner, warehouse, "ingest", str(path), "--format", "focus")
    assert result.exit_code != 0
    assert "missing required FOCUS columns BilledCost, ChargePeriodStart" in result.output
    assert not warehouse.exists()


def test_an_unknown_format_name_is_refused_with_the_same_choices_by_flag_and_config(
    runner, warehouse, tmp_path, monkeypatch
):
    result = invoke(runner, warehouse, "ingest", str(BILLS["cur"][0]), "--format", "cur3")
    assert result.exit_code == 2
    assert (
        "'cur3' is not one of 'auto', 'azure-cost', 'cur', 'cur2', 'focus', 'gcp-billing'"
        in result.output
    )
    monkeypatch.setenv("FINOPS_AI_INGEST_FORMAT", "cur3")
    result = invoke(runner, warehouse, "config")
    assert result.exit_code != 0
    assert (
        "FINOPS_AI_INGEST_FORMAT must be one of auto, azure-cost, cur, cur2, focus, gcp-billing, "
        "not 'cur3'" in result.output
    )


def test_every_format_that_can_be_forced_is_listed_where_users_choose_one():
    """README's command table, the settings table and the example config name every --format
    choice (the registry's): a format missing there is one users never learn they can force."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `finops-ai ingest ")]
    settings = (REPO / "docs" / "scheduling.md").read_text(encoding="utf-8")
    (setting,) = [line for line in settings.splitlines() if line.startswith("| `ingest.format`")]
    example = (REPO / "examples" / "finops.toml").read_text(encoding="utf-8")
    ingest = example.split("\n[ingest]\n", 1)[1].split("\n[", 1)[0]
    (line,) = [line for line in ingest.splitlines() if line.startswith("format = ")]
    assert "[--format " + "\\|".join(formats.CHOICES) + "]" in row
    listed = setting.split("|")[4]
    assert [c.strip(" `") for c in listed.split(",")] == list(formats.CHOICES)
    comment = line.split("#", 1)[1].replace(" or ", ", ")
    assert [c.strip() for c in comment.split(",")] == list(formats.CHOICES)
