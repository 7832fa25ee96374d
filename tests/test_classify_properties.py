"""Property tests (hypothesis): for small random mixes of bill rows (services, usage types, GPU
hours patterns, tags, accounts), ingested through the CLI into a fresh warehouse:

* classification is deterministic: ingest, `classify` and `classify` again give the same class,
  rule and confidence to every line item, and so does the same bill with its rows shuffled;
* every line item has exactly one class, one of the four;
* the cost per class adds up to the total, which is the total the generator billed;
* classification is incremental without going stale: after any sequence of ingests,
  restatements and rule changes, what is stored equals a classification from scratch.

Each example ingests (~0.3 s), so examples are few.
"""

from __future__ import annotations

import random
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finops_ai.classify.run import classify
from finops_ai.warehouse import db
from tests.conftest import invoke
from tests.data.classify import bills

CLASSES = {"training", "inference", "ai_other", "non_ai"}
PAYERS = ["111111111111", "999999999999"]
ACCOUNTS = ["222222222222", "333333333333", "444444444444"]
HOURS_IN_NOVEMBER = 720

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

cents = st.integers(min_value=1, max_value=500_000)
workload_tag = st.sampled_from([None, None, "training", "inference", "serving", "api"])

gpu_fleet = st.fixed_dictionaries(
    {
        "kind": st.just("gpu"),
        "itype": st.sampled_from(["g5.2xlarge", "p4d.24xlarge", "p5.48xlarge", "trn1.32xlarge"]),
        "payer": st.sampled_from(PAYERS),
        "account": st.sampled_from(ACCOUNTS),
        "steady": st.booleans(),
        "start": st.integers(0, HOURS_IN_NOVEMBER - 1),
        "hours": st.integers(1, 60),
        "instances": st.integers(1, 3),
        "tag": workload_tag,
        "asg": st.sampled_from(["", "", "serving-asg"]),
        "rate_cents": cents,
    }
)
cpu_fleet = st.fixed_dictionaries(
    {
        "kind": st.just("cpu"),
        "itype": st.sampled_from(["m5.large", "c5.4xlarge", "r5.xlarge", "inf2.xlarge"]),
        "payer": st.sampled_from(PAYERS),
        "account": st.sampled_from(ACCOUNTS),
        "steady": st.just(False),
        "start": st.integers(0, HOURS_IN_NOVEMBER - 1),
        "hours": st.integers(1, 30),
        "instances": st.integers(1, 6),
        "tag": workload_tag,
        "asg": st.sampled_from(["", "batch-asg"]),
        "rate_cents": cents,
    }
)
SERVICES = [
    ("AmazonSageMaker", "USE1-Train:ml.p4d.24xlarge"),
    ("AmazonSageMaker", "USE1-Host:ml.g5.xlarge"),
    ("AmazonSageMaker", "USE1-Notebk:ml.t3.medium"),
    ("AmazonSageMaker", "USE1-Host:VolumeUsage.gp2"),
    ("AmazonBedrock", "USE1-Claude3Haiku-input-tokens"),
    ("AmazonBedrock", "USE1-Llama3-3-70B-Customization-Training"),
    ("AmazonS3", "TimedStorage-ByteHrs"),
    ("AmazonRDS", "InstanceUsage:db.r5.large"),
    ("AWSDataTransfer", "DataTransfer-Out-Bytes"),
]
service_use = st.fixed_dictionaries(
    {
        "kind": st.just("service"),
        "service": st.sampled_from(SERVICES),
        "payer": st.sampled_from(PAYERS),
        "account": st.sampled_from(ACCOUNTS),
        "days": st.lists(st.integers(1, 30), min_size=1, max_size=5, unique=True),
        "tag": workload_tag,
        "cost_cents": st.lists(cents, min_size=5, max_size=5),
    }
)
monthly_charge = st.fixed_dictionaries(
    {
        "kind": st.just("charge"),
        "line_type": st.sampled_from(["Tax", "Credit", "Refund"]),
        "product": st.sampled_from(["AmazonEC2", "AmazonSageMaker", "AmazonS3"]),
        "payer": st.sampled_from(PAYERS),
        "account": st.sampled_from(ACCOUNTS),
        "cost_cents": cents,
    }
)
bill_items = st.lists(
    st.one_of(gpu_fleet, cpu_fleet, service_use, monthly_charge), min_size=1, max_size=8
)


def _ts(hour: int) -> str:
    day, h = divmod(hour, 24)
    return f"2026-11-{day + 1:02d}T{h:02d}:00:00Z"


def expand(items: list[dict], daily: bool) -> list[dict[str, str]]:
    """CUR rows for the generated items (hourly rows, or daily ones for a daily bill)."""
    rows: list[dict[str, str]] = []

    def add(**kw) -> None:
        rows.append(bills.cur_row(f"line-{len(rows):06d}", **kw))

    for n, item in enumerate(items):
        tags = {"workload": item["tag"]} if item.get("tag") else {}
        if item["kind"] in ("gpu", "cpu"):
            if item.get("asg"):
                tags["aws:autoscaling:groupName"] = item["asg"]
            first, hours = item["start"], item["hours"]
            if item["steady"]:
                first, hours = 0, HOURS_IN_NOVEMBER
            hours = min(hours, HOURS_IN_NOVEMBER - first)
            for i in range(item["instances"]):
                used: dict[int, int] = {}
                for h in range(first, first + hours):
                    bucket = h // 24 * 24 if daily else h
                    used[bucket] = used.get(bucket, 0) + 1
                for bucket, amount in used.items():
                    add(
                        payer=item["payer"],
                        account=item["account"],
                        start=_ts(bucket),
                        end=_ts(bucket + (24 if daily else 1)).replace("2026-11-31", "2026-12-01"),
                        usage_type=f"BoxUsage:{item['itype']}",
                        instance_type=item["itype"],
                        resource=f"i-{n:04d}{i:012d}",
                        amount=amount,
                        cost=amount * item["rate_cents"] / 100,
                        tags=tags,
                    )
        elif item["kind"] == "service":
            product, usage_type = item["service"]
            for day, cost in zip(item["days"], item["cost_cents"], strict=False):
                add(
                    payer=item["payer"],
                    account=item["account"],
                    start=_ts((day - 1) * 24),
                    end=_ts(day * 24).replace("2026-11-31", "2026-12-01"),
                    product=product,
                    usage_type=usage_type,
                    resource=f"res-{n}" if product != "AWSDataTransfer" else "",
                    amount=24.0,
                    cost=cost / 100,
                    tags=tags,
                )
        else:
            sign = -1 if item["line_type"] in ("Credit", "Refund") else 1
            add(
                payer=item["payer"],
                account=item["account"],
                start="2026-11-01T00:00:00Z",
                end="2026-12-01T00:00:00Z",
                line_type=item["line_type"],
                product=item["product"],
                cost=sign * item["cost_cents"] / 100,
            )
    return rows


def state(warehouse: Path) -> tuple[list[tuple], list[tuple]]:
    """Every line item's decision, and the GPU fleet profiles."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return (
            con.execute(
                "SELECT x_SourceLineId, x_WorkloadClass, x_ClassRule, x_ClassConfidence "
                "FROM line_items ORDER BY x_SourceLineId"
            ).fetchall(),
            con.execute(
                "SELECT * EXCLUDE (fleet_id) FROM gpu_fleet_profile ORDER BY ALL"
            ).fetchall(),
        )
    finally:
        con.close()


def check_invariants(warehouse: Path, rows: list[dict[str, str]]) -> None:
    billed = sum(Decimal(r["lineItem/UnblendedCost"]) for r in rows)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        total = con.execute("SELECT count(*), sum(EffectiveCost) FROM line_item_data").fetchone()
        per_class = con.execute(
            "SELECT x_WorkloadClass, count(*), sum(EffectiveCost) FROM line_items GROUP BY 1"
        ).fetchall()
        ids, unruled = con.execute(
            "SELECT count(DISTINCT x_SourceLineId), "
            "count(*) FILTER (WHERE x_ClassRule IS NULL OR x_ClassConfidence IS NULL) "
            "FROM line_items"
        ).fetchone()
    finally:
        con.close()
    assert total == (len(rows), billed)
    # every line item exactly once, with exactly one of the four classes
    assert {c for c, _, _ in per_class} <= CLASSES
    assert sum(n for _, n, _ in per_class) == len(rows) == ids
    assert unruled == 0
    # the classes add up to the total the generator billed
    assert sum(cost for _, _, cost in per_class) == billed


def _classify_totals(output: str) -> Decimal:
    """The cost column of `finops-ai classify` (one line per class, 2 decimals)."""
    total = Decimal(0)
    for line in output.strip().splitlines():
        match = re.match(r"(\w+)\s+[\d,]+ line items\s+(-?[\d,]+\.\d\d) \w+$", line.strip())
        assert match, line
        assert match[1] in CLASSES
        total += Decimal(match[2].replace(",", ""))
    return total


@SETTINGS
@given(items=bill_items, daily=st.booleans())
def test_classification_is_deterministic_total_and_complete(items, daily) -> None:
    rows = expand(items, daily)
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        bill = bills.write_cur(Path(tmp) / "bill.csv", rows)
        warehouse = Path(tmp) / "finops.duckdb"
        result = invoke(runner, warehouse, "ingest", str(bill))
        assert result.exit_code == 0, result.output
        after_ingest = state(warehouse)
        for _ in range(2):
            result = invoke(runner, warehouse, "classify")
            assert result.exit_code == 0, result.output
            assert state(warehouse) == after_ingest
        check_invariants(warehouse, rows)
        billed = sum(Decimal(r["lineItem/UnblendedCost"]) for r in rows)
        assert abs(_classify_totals(result.stdout) - billed) <= Decimal("0.005") * 4


@settings(SETTINGS, max_examples=5)
@given(items=bill_items, daily=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_change_any_class(items, daily, seed) -> None:
    rows = expand(items, daily)
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for name, ordered in (("a", rows), ("b", shuffled)):
            bill = bills.write_cur(Path(tmp) / f"{name}.csv", ordered)
            warehouse = Path(tmp) / f"{name}.duckdb"
            result = invoke(runner, warehouse, "ingest", str(bill))
            assert result.exit_code == 0, result.output
            results.append(state(warehouse))
        assert results[0] == results[1]


def full_and_incremental_state(warehouse: Path) -> tuple[tuple, tuple]:
    """The classifier's whole output as stored, and as a classification from scratch gives it.

    The from-scratch run recomputes every kept match and fleet profile in a write session whose
    changes are discarded (nothing is swapped in unless a session says it changed).
    """

    def snapshot(con: duckdb.DuckDBPyConnection) -> tuple:
        return tuple(
            con.execute(sql).fetchall()
            for sql in (
                "SELECT x_SourceLineId, x_WorkloadClass, x_ClassRule, x_ClassConfidence "
                "FROM line_items ORDER BY ALL",
                "SELECT * FROM line_item_class_matches ORDER BY ALL",
                "SELECT * FROM gpu_fleet_profile ORDER BY ALL",
                "SELECT * FROM class_key_totals ORDER BY ALL",
                "SELECT * FROM class_keys ORDER BY ALL",
                "SELECT * FROM gpu_usage ORDER BY ALL",
                "SELECT * FROM gpu_candidates ORDER BY ALL",
                "SELECT * FROM gpu_fleet_members ORDER BY ALL",
            )
        )

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        stored = snapshot(con)
    finally:
        con.close()
    with db.write(warehouse) as session:
        classify(session.con, full=True)
        fresh = snapshot(session.con)
    return stored, fresh


user_rules = st.lists(
    st.sampled_from(
        [
            f"account:{ACCOUNTS[0]} -> inference",
            f"account:{ACCOUNTS[1]} -> training",
            "tag:workload=api -> inference",
            "resource:i-0000* -> training",
            "resource:i-0001* -> non_ai",
            "usage_type:*p4d* -> inference",
        ]
    ),
    max_size=3,
    unique=True,
)


@settings(SETTINGS, max_examples=10)
@given(
    first=bill_items,
    restated=bill_items,
    other_payer=bill_items,
    rules_before=user_rules,
    rules_after=user_rules,
    daily=st.booleans(),
)
def test_incremental_classification_equals_a_classification_from_scratch(
    first, restated, other_payer, rules_before, rules_after, daily
) -> None:
    """Kept matches, fleet profiles and per-key totals never go stale: after every ingest,
    restatement and rule change, the stored result is what classifying from scratch gives."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warehouse = folder / "finops.duckdb"

        def ingest(name: str, items: list[dict], payer: str | None = None) -> None:
            rows = expand(items, daily)
            if payer:
                for row in rows:
                    row["bill/PayerAccountId"] = payer
            (folder / name).mkdir()
            bill = bills.write_cur(folder / name / "bill.csv", rows)
            # Loose files: a second one of a month is a restatement here, and says so.
            result = invoke(runner, warehouse, "ingest", str(bill), "--replace")
            assert result.exit_code == 0, result.output

        def rules(lines: list[str]) -> None:
            path = folder / f"rules-{len(list(folder.glob('rules-*')))}.toml"
            body = ", ".join(f'"{line}"' for line in lines)
            path.write_text(f"[classify]\nrules = [{body}]\n", encoding="utf-8")
            result = invoke(runner, warehouse, "classify", "--rules", str(path))
            assert result.exit_code == 0, result.output

        steps = [
            lambda: ingest("first", first),
            lambda: rules(rules_before),
            lambda: ingest("restated", restated),  # the same month again: replaces "first"
            lambda: ingest("other", other_payer, payer="555555555555"),
            lambda: rules(rules_after),
            lambda: rules([]),
        ]
        for step in steps:
            step()
            stored, fresh = full_and_incremental_state(warehouse)
            assert stored == fresh
