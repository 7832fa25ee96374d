"""Each signal family on single rows, through the real SQL: the cases are a table reviewers read,
tests/data/classify/signal_cases.csv (usage type / product code / meter -> class and rule, with
the source of each expectation, the accelerator type the key must get where it is accelerator
compute, and a note where a string is unverified). The rows are written as a small legacy CUR
file and a small FOCUS file and ingested with the CLI, exactly as a user's bills would be.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, distributed_classification_differences, invoke, query
from tests.data.classify import bills

CASES_CSV = REPO / "tests" / "data" / "classify" / "signal_cases.csv"
SIGNALS_CSV = REPO / "queries" / "classify" / "signals.csv"
CLASSES = {"training", "inference", "ai_other", "non_ai"}
REGIONS = {"AWS": "us-east-1", "Google Cloud": "us-central1"}
# Signals whose column the CUR and FOCUS writers here cannot set (x_TokenType comes from the
# AI provider APIs); tests/test_providers_files.py covers them.
CASELESS_SIGNALS = {"ai-provider-fine-tuning"}


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
        region=REGIONS.get(case["provider"], "eastus"),
    )


MONTH_END = "window-end/"


def _month_end_cur() -> dict[str, str]:
    return bills.cur_row(
        "month-end",
        usage_type="BoxUsage:m5.large",
        instance_type="m5.large",
        resource=f"{MONTH_END}AWS",
        start="2026-11-30T23:00:00Z",
        end="2026-12-01T00:00:00Z",
    )


def _month_end_focus(provider: str) -> dict[str, str]:
    hourly = provider == "AWS"
    return bills.focus_row(
        f"{MONTH_END}{provider}",
        provider=provider,
        start="2026-11-30T23:00:00Z" if hourly else "2026-11-30T00:00:00Z",
        end="2026-12-01T00:00:00Z",
        service_name="Storage",
        service_category="Storage",
        region=REGIONS.get(provider, "eastus"),
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signal_cases")
    # Each bill goes on to the month's end, as a real one does: a GPU case's single hour (or
    # day) is then seen to start and stop, not cut off by the end of what was billed.
    cur = bills.write_cur(
        folder / "cases-cur.csv",
        [_cur_row(c) for c in CASES if c["format"] == "cur"] + [_month_end_cur()],
    )
    focus_cases = [c for c in CASES if c["format"] == "focus"]
    focus = bills.write_focus(
        folder / "cases-focus.csv",
        [_focus_row(c) for c in focus_cases]
        + [_month_end_focus(p) for p in sorted({c["provider"] for c in focus_cases})],
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


def test_every_signal_has_a_case() -> None:
    rules = {c["expected_rule"] for c in CASES}
    signals = [r["rule_id"] for r in csv.DictReader(SIGNALS_CSV.open(encoding="utf-8"))]
    assert [s for s in signals if s not in rules and s not in CASELESS_SIGNALS] == []


def test_every_case_became_exactly_one_line_item(warehouse: Path) -> None:
    rows = dict(
        query(
            warehouse,
            "SELECT ResourceId, count(*) FROM line_items WHERE ResourceId NOT LIKE $end GROUP BY 1",
            {"end": MONTH_END + "%"},
        )
    )
    assert rows == {resource_of(c): 1 for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_signal_case(warehouse: Path, case: dict[str, str]) -> None:
    got = query(
        warehouse,
        "SELECT x_WorkloadClass, x_ClassRule FROM line_items WHERE ResourceId = $id",
        {"id": resource_of(case)},
    )
    assert got == [(case["expected_class"], case["expected_rule"])], case["source"]


ACCELERATOR_CASES = [c for c in CASES if c["accelerator_type"]]


@pytest.mark.parametrize("case", ACCELERATOR_CASES, ids=[c["id"] for c in ACCELERATOR_CASES])
def test_accelerator_type(warehouse: Path, case: dict[str, str]) -> None:
    """The stable family string the usage-pattern rules group fleets by and give a prior for."""
    got = query(
        warehouse,
        "SELECT k.accelerator_type FROM line_items AS li JOIN class_keys AS k USING (x_ClassKey) "
        "WHERE li.ResourceId = $id",
        {"id": resource_of(case)},
    )
    assert got == [(case["accelerator_type"],)], case["source"]


@pytest.mark.parametrize(
    "case_id", ["gcp-n1-core-not-accelerator", "ec2-capacity-block-fee", "gcp-gemini-vertex-input"]
)
def test_no_accelerator_type(warehouse: Path, case_id: str) -> None:
    """CPU SKUs, model tokens and the Capacity Block fee (a purchase, decided by its own signal)
    never enter the GPU fleets."""
    got = query(
        warehouse,
        "SELECT k.accelerator_type FROM line_items AS li JOIN class_keys AS k USING (x_ClassKey) "
        "WHERE li.ResourceId = $id",
        {"id": resource_of(_case(case_id))},
    )
    assert got == [(None,)]


def _case(case_id: str) -> dict[str, str]:
    return next(c for c in CASES if c["id"] == case_id)


def test_the_distributed_query_decides_every_case_alike(warehouse: Path) -> None:
    keys, different = distributed_classification_differences(warehouse)
    assert keys >= len(CASES) - 5 and different == []


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


def test_a_capacity_block_fee_is_training_spend_at_its_full_cost(tmp_path: Path) -> None:
    """The fee names its Capacity Block in reservation/ReservationARN (EC2 user guide, "Capacity
    Blocks pricing and billing") like an RI's upfront fee, but nothing amortises it: the Linux
    instances in the block bill nothing. An RI's upfront fee still counts 0 (its DiscountedUsage
    rows carry it)."""
    block = "arn:aws:ec2:us-east-2:222222222222:capacity-reservation/cr-0a1b2c3d4e5f60718"
    rows = [
        bills.cur_row(
            "block-fee",
            line_type="Fee",
            usage_type="USE2-CapacityBlockFee:p5.48xlarge",
            cost=31_006.08,
            amount=1,
            unit="",
            reservation_arn=block,
            start="2026-11-02T12:00:00Z",
            end="2026-11-02T12:00:00Z",
        ),
        bills.cur_row(
            "block-instance",
            usage_type="USE2-BoxUsage:p5.48xlarge",
            resource="i-0b10c",
            cost=0.0,
            start="2026-11-04T12:00:00Z",
            end="2026-11-04T13:00:00Z",
        ),
        bills.cur_row(
            "ri-upfront",
            line_type="Fee",
            usage_type="HeavyUsage:m5.large",
            cost=500.0,
            unit="",
            reservation_arn="arn:aws:ec2:us-east-1:222222222222:reserved-instances/ri-1",
        ),
    ]
    warehouse = tmp_path / "finops.duckdb"
    path = bills.write_cur(tmp_path / "block.csv", rows)
    result = invoke(CliRunner(), warehouse, "ingest", str(path))
    assert result.exit_code == 0, result.output
    got = {
        line: (float(billed), float(effective), cls)
        for line, billed, effective, cls in query(
            warehouse,
            "SELECT x_SourceLineId, BilledCost, EffectiveCost, x_WorkloadClass FROM line_items",
        )
    }
    assert got["block-fee"] == (31_006.08, 31_006.08, "training")
    assert got["ri-upfront"] == (500.0, 0.0, "non_ai")
    assert got["block-instance"][:2] == (0.0, 0.0)
