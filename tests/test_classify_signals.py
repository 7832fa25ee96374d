"""Each signal family on single rows, through the real SQL: the cases are a table reviewers read,
tests/data/classify/signal_cases.csv (usage type / product code / meter -> class and rule, with
the source of each expectation). The rows are written as a small legacy CUR file and a small
FOCUS file and ingested with the CLI, exactly as a user's bills would be.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, invoke, query
from tests.data.classify import bills

CASES_CSV = REPO / "tests" / "data" / "classify" / "signal_cases.csv"
SIGNALS_CSV = REPO / "queries" / "classify" / "signals.csv"
CLASSES = {"training", "inference", "ai_other", "non_ai"}


def load_cases() -> list[dict[str, str]]:
    with CASES_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


CASES = load_cases()


def resource_of(case: dict[str, str]) -> str:
    # resource_path: for the signals that read the resource id (empty on most rows)
    return f"case/{case['id']}{case.get('resource_path') or ''}"


def _tags(text: str) -> dict[str, str] | None:
    if not text:
        return None
    key, _, value = text.partition("=")
    return {key: value}


def _cur_row(case: dict[str, str]) -> dict[str, str]:
    charge = case["charge"] or "Usage"
    span = {}
    if charge in ("Tax", "Credit"):  # monthly lines, as AWS writes them
        span = {"start": "2026-11-01T00:00:00Z", "end": "2026-12-01T00:00:00Z"}
    return bills.cur_row(
        f"line-{case['id']}",
        line_type=charge,
        product=case["product_code"],
        product_name=case["service_name"],
        usage_type=case["usage_type"],
        instance_type=case["instance_type"],
        description=case["description"],
        resource=resource_of(case),
        cost=-1.0 if charge == "Credit" else 1.0,
        tags=_tags(case["tags"]),
        **span,
    )


def _focus_row(case: dict[str, str]) -> dict[str, str]:
    hourly = case["provider"] == "AWS"
    return bills.focus_row(
        resource_of(case),
        provider=case["provider"],
        start="2026-11-03T10:00:00Z" if hourly else "2026-11-03T00:00:00Z",
        end="2026-11-03T11:00:00Z" if hourly else "2026-11-04T00:00:00Z",
        charge_category=case["charge"] or "Usage",
        description=case["description"],
        service_name=case["service_name"],
        service_category=case["service_category"],
        service_subcategory=case["service_subcategory"],
        resource_type=case["resource_type"],
        meter=case["meter"],
        tags=_tags(case["tags"]),
        service_code=case["product_code"],
        usage_type=case["usage_type"],
        region="us-east-1" if hourly else "eastus",
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signal_cases")
    cur = bills.write_cur(
        folder / "cases-cur.csv", [_cur_row(c) for c in CASES if c["format"] == "cur"]
    )
    focus = bills.write_focus(
        folder / "cases-focus.csv", [_focus_row(c) for c in CASES if c["format"] == "focus"]
    )
    wh = folder / "finops.duckdb"
    result = invoke(CliRunner(), wh, "ingest", str(cur), str(focus))
    assert result.exit_code == 0, result.output
    return wh


def test_the_case_table_is_well_formed() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) > 40
    signal_rules = {r["rule_id"] for r in csv.DictReader(SIGNALS_CSV.open(encoding="utf-8"))}
    for case in CASES:
        assert case["format"] in ("cur", "focus"), case
        assert case["expected_class"] in CLASSES, case
        rule = case["expected_rule"]
        assert rule in signal_rules or rule.startswith(("tag-", "gpu-pattern-", "default-")), case
        assert case["source"], f"{case['id']}: say where the expectation comes from"


def test_every_case_became_exactly_one_line_item(warehouse: Path) -> None:
    rows = dict(query(warehouse, "SELECT ResourceId, count(*) FROM line_items GROUP BY 1"))
    assert rows == {resource_of(c): 1 for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_signal_case(warehouse: Path, case: dict[str, str]) -> None:
    got = query(
        warehouse,
        "SELECT x_WorkloadClass, x_ClassRule FROM line_items WHERE ResourceId = $id",
        {"id": resource_of(case)},
    )
    assert got == [(case["expected_class"], case["expected_rule"])], case["source"]


def test_signal_confidence_is_the_one_the_table_states(warehouse: Path) -> None:
    """A line item decided by a signal carries that signal's confidence from signals.csv."""
    stated = {
        r["rule_id"]: r["confidence"] for r in csv.DictReader(SIGNALS_CSV.open(encoding="utf-8"))
    }
    rows = query(warehouse, "SELECT x_ClassRule, x_ClassConfidence FROM line_items")
    for rule, confidence in rows:
        if rule in stated:
            assert confidence == stated[rule], rule
        elif rule.startswith("tag-"):
            assert confidence == "high", rule


def test_explain_shows_a_signal_overruled_by_a_tag(warehouse: Path) -> None:
    result = invoke(CliRunner(), warehouse, "explain", "case/tag-beats-signal")
    assert result.exit_code == 0, result.output
    assert "decided by rule tag-workload-inference" in result.stdout.splitlines()[0]
    matched = [
        line.split(":")[0].strip()
        for line in result.stdout.splitlines()
        if line.startswith("    ") and ":" in line
    ]
    assert matched == [
        "-> workload tag tag-workload-inference",
        "service signal sm-train",
        "service signal sm-other",
        "default default-ai-service",
    ]


def test_tags_that_differ_only_in_case_keep_their_keys(tmp_path: Path) -> None:
    rows = [
        bills.cur_row(
            "a", usage_type="BoxUsage:g5.xlarge", resource="i-0a", tags={"Workload": "batch"}
        ),
        bills.cur_row(
            "b", usage_type="BoxUsage:g5.xlarge", resource="i-0b", tags={"workload": "inference"}
        ),
    ]
    warehouse = tmp_path / "finops.duckdb"
    result = invoke(
        CliRunner(), warehouse, "ingest", str(bills.write_cur(tmp_path / "b.csv", rows))
    )
    assert result.exit_code == 0, result.output
    got = dict(query(warehouse, "SELECT ResourceId, Tags FROM line_items"))
    assert got == {"i-0a": {"Workload": "batch"}, "i-0b": {"workload": "inference"}}
