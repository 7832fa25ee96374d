"""Restatement and idempotency: a billing month is counted once, whatever the user runs.

AWS delivers every update of a month as a full snapshot (FORMATS.md §1.2), so a newer delivery
replaces the month's rows, the same file twice changes nothing, and two deliveries of one month
in one command are refused rather than added up. These bills have no manifest (loose files): a
file that would replace another file's rows of its month is refused unless the user says which
it is, --replace (a restatement) or --append (another part). Deliveries that manifests name are
in test_delivery_identity.py.
"""

from __future__ import annotations

import csv
import io
import tempfile
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import invoke, query, snapshot

DATA = Path(__file__).resolve().parent / "data"
MARCH_V1 = (DATA / "cur" / "savings_plans_2024-03.csv").read_text()
PAYER = "111122223333"
# The restated March: every row again, plus a credit AWS added after the first delivery.
MARCH_V2 = MARCH_V1 + (
    f"credit-02,{PAYER},2024-03-01T00:00:00.000Z,2024-04-01T00:00:00.000Z,444455556666,Credit,"
    "2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,AmazonEC2,USE1-BoxUsage:m5.large,1,-7.5000000000,"
    ",,,,,,,,web\n"
)
APRIL = MARCH_V1.replace("2024-04", "2024-05").replace("2024-03", "2024-04")
MAY = MARCH_V1.replace("2024-04", "2024-06").replace("2024-03", "2024-05")
# Another provider's FOCUS export of the same calendar month.
FOCUS = (
    "BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,"
    "ChargeCategory,BilledCost,EffectiveCost,ProviderName,ServiceName,BillingCurrency\n"
    "acct-9,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,2024-03-02T00:00:00Z,2024-03-03T00:00:00Z,"
    "Usage,12.34,10.00,Acme Cloud,GPU Cloud,USD\n"
    "acct-9,2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,2024-03-05T00:00:00Z,2024-03-06T00:00:00Z,"
    "Credit,-2.00,-2.00,Acme Cloud,GPU Cloud,USD\n"
)


def _split(text: str) -> tuple[str, str]:
    """One delivery split into two numbered files, as AWS does for large reports."""
    header, *rows = text.splitlines(keepends=True)
    return header + "".join(rows[:6]), header + "".join(rows[6:])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def raw_totals(text: str) -> tuple[int, Decimal]:
    """Row count and billed total of a CUR or FOCUS CSV, read with the csv module."""
    rows = list(csv.DictReader(io.StringIO(text)))
    column = "lineItem/UnblendedCost" if "lineItem/UnblendedCost" in rows[0] else "BilledCost"
    return len(rows), sum(Decimal(r[column]) for r in rows)


def raw_ids(text: str) -> list[str]:
    return sorted(r["identity/LineItemId"] for r in csv.DictReader(io.StringIO(text)))


def totals(warehouse: Path, where: str = "TRUE", params: dict | None = None) -> tuple:
    return tuple(
        query(
            warehouse,
            f"SELECT count(*), coalesce(sum(BilledCost), 0) FROM line_items WHERE {where}",
            params,
        )[0]
    )


def ok(result) -> None:
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""


@pytest.fixture
def bills(tmp_path: Path) -> dict[str, Path]:
    may_1, may_2 = _split(MAY)
    return {
        "march_v1": write(tmp_path / "cur" / "20240305T061500Z" / "cur-00001.csv", MARCH_V1),
        "march_v2": write(tmp_path / "cur" / "20240310T061500Z" / "cur-00001.csv", MARCH_V2),
        "april": write(tmp_path / "cur" / "20240405T061500Z" / "cur-00001.csv", APRIL),
        "may_1": write(tmp_path / "cur" / "20240505T061500Z" / "cur-00001.csv", may_1),
        "may_2": write(tmp_path / "cur" / "20240505T061500Z" / "cur-00002.csv", may_2),
        "focus": write(tmp_path / "focus" / "acme-2024-03.csv", FOCUS),
    }


def test_same_file_twice_changes_nothing(runner, warehouse, bills):
    march = str(bills["march_v1"])
    ok(invoke(runner, warehouse, "ingest", march))
    assert totals(warehouse) == raw_totals(MARCH_V1)
    before = snapshot(warehouse)
    again = invoke(runner, warehouse, "ingest", march)
    ok(again)
    assert "already ingested" in again.stderr
    assert snapshot(warehouse) == before
    assert query(warehouse, "SELECT count(*) FROM loads") == [(1,)]


def test_same_content_under_two_names_in_one_command_counts_once(
    runner, warehouse, bills, tmp_path
):
    march = bills["march_v1"]
    copy = write(tmp_path / "downloads" / "march-copy.csv", MARCH_V1)
    result = invoke(runner, warehouse, "ingest", str(march), str(copy), str(march))
    ok(result)
    assert result.stderr.count("same content as") == 2
    assert totals(warehouse) == raw_totals(MARCH_V1)
    assert query(warehouse, "SELECT source, row_count FROM load_files") == [
        (str(march), raw_totals(MARCH_V1)[0])
    ]
    before = snapshot(warehouse)
    ok(invoke(runner, warehouse, "ingest", str(copy)))
    assert snapshot(warehouse) == before


def test_newer_delivery_replaces_its_month_and_nothing_else(runner, warehouse, bills):
    v1, v2, april, focus = (bills[k] for k in ("march_v1", "march_v2", "april", "focus"))
    ok(invoke(runner, warehouse, "ingest", str(v1), str(april), str(focus)))
    others = "x_SourceFile IN ($a, $f)"
    names = {"a": str(april), "f": str(focus)}
    untouched = query(warehouse, f"SELECT * FROM line_items WHERE {others} ORDER BY ALL", names)
    assert len(untouched) == raw_totals(APRIL)[0] + raw_totals(FOCUS)[0]

    before = snapshot(warehouse)
    refused = invoke(runner, warehouse, "ingest", str(v2))
    assert refused.exit_code == 1
    assert snapshot(warehouse) == before
    result = invoke(runner, warehouse, "ingest", str(v2), "--replace")
    ok(result)

    march = "ProviderName = 'AWS' AND BillingPeriodStart = TIMESTAMP '2024-03-01'"
    assert totals(warehouse, march) == raw_totals(MARCH_V2)
    assert raw_totals(MARCH_V2) != raw_totals(MARCH_V1)
    assert query(
        warehouse, f"SELECT DISTINCT x_SourceFile, x_LoadId FROM line_items WHERE {march}"
    ) == [(str(v2), 2)]
    ids = [
        r[0]
        for r in query(warehouse, f"SELECT x_SourceLineId FROM line_items WHERE {march} ORDER BY 1")
    ]
    assert ids == raw_ids(MARCH_V2)
    assert (
        query(warehouse, f"SELECT * FROM line_items WHERE {others} ORDER BY ALL", names)
        == untouched
    )
    everything = [raw_totals(t) for t in (MARCH_V2, APRIL, FOCUS)]
    assert totals(warehouse) == (sum(n for n, _ in everything), sum(s for _, s in everything))

    # Bookkeeping: March now belongs to load 2; April and the FOCUS month still to load 1.
    partitions = query(
        warehouse,
        "SELECT ProviderName, BillingAccountId, strftime(BillingPeriodStart, '%Y-%m'), load_id, "
        "row_count, billed_cost FROM bill_partitions ORDER BY ALL",
    )
    assert partitions == [
        ("AWS", PAYER, "2024-03", 2, *raw_totals(MARCH_V2)),
        ("AWS", PAYER, "2024-04", 1, *raw_totals(APRIL)),
        ("Acme Cloud", "acct-9", "2024-03", 1, *raw_totals(FOCUS)),
    ]
    files = query(
        warehouse, "SELECT load_id, source, row_count, billed_cost FROM load_files ORDER BY ALL"
    )
    assert files == sorted(
        [
            (1, str(v1), *raw_totals(MARCH_V1)),
            (1, str(april), *raw_totals(APRIL)),
            (1, str(focus), *raw_totals(FOCUS)),
            (2, str(v2), *raw_totals(MARCH_V2)),
        ]
    )
    assert query(warehouse, "SELECT load_id, row_count FROM loads ORDER BY 1") == [
        (1, sum(raw_totals(t)[0] for t in (MARCH_V1, APRIL, FOCUS))),
        (2, raw_totals(MARCH_V2)[0]),
    ]


def test_older_delivery_again_replaces_rather_than_adds(runner, warehouse, bills):
    v1, v2 = str(bills["march_v1"]), str(bills["march_v2"])
    ok(invoke(runner, warehouse, "ingest", v1))
    ok(invoke(runner, warehouse, "ingest", v2, "--replace"))
    assert totals(warehouse) == raw_totals(MARCH_V2)
    again = invoke(runner, warehouse, "ingest", v1, "--replace")
    ok(again)
    assert "replaced by a newer delivery" in again.stderr
    assert totals(warehouse) == raw_totals(MARCH_V1)
    assert query(warehouse, "SELECT DISTINCT x_SourceFile FROM line_items") == [(v1,)]


@pytest.mark.parametrize(
    "current",
    [None, "march_v1", "march_v2"],
    ids=["empty-warehouse", "older-is-current", "newer-is-current"],
)
@pytest.mark.parametrize("order", [("march_v1", "march_v2"), ("march_v2", "march_v1")])
def test_two_deliveries_of_a_month_in_one_command_are_refused(
    runner, warehouse, bills, current, order
):
    """Even when one of them is already in the warehouse (and would be skipped as unchanged),
    the other must not silently replace it: the user has to pick one."""
    if current:
        ok(invoke(runner, warehouse, "ingest", str(bills[current])))
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "ingest", *(str(bills[k]) for k in order))
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    for text in ("2024-03", "20240305T061500Z", "20240310T061500Z", "two deliveries"):
        assert text in errors[0]
    assert snapshot(warehouse) == before


def test_split_files_of_one_delivery_load_together(runner, warehouse, bills, monkeypatch):
    may_1, may_2 = bills["may_1"], bills["may_2"]
    ok(invoke(runner, warehouse, "ingest", str(may_1.parent)))
    assert totals(warehouse) == raw_totals(MAY)
    assert query(warehouse, "SELECT row_count FROM bill_partitions") == [(raw_totals(MAY)[0],)]
    # The same folder spelt two ways is still one delivery.
    other = warehouse.with_name("other.duckdb")
    monkeypatch.chdir(may_1.parent.parent)
    relative = f"{may_2.parent.name}/{may_2.name}"
    ok(invoke(runner, other, "ingest", str(may_1), relative))
    assert totals(other) == raw_totals(MAY)


def test_part_ingested_alone_is_kept_when_its_delivery_arrives(runner, warehouse, bills):
    """The first part ingested on its own, then the whole folder: the month is both parts."""
    may_1 = bills["may_1"]
    ok(invoke(runner, warehouse, "ingest", str(may_1)))
    assert totals(warehouse) == raw_totals(_split(MAY)[0])
    ok(invoke(runner, warehouse, "ingest", str(may_1.parent)))
    assert totals(warehouse) == raw_totals(MAY)
    assert query(warehouse, "SELECT DISTINCT x_LoadId FROM line_items") == [(2,)]


# ---------------------------------------------------------------------------------------------
# Order does not matter: any order of arguments, split into any number of commands.


@pytest.fixture(scope="module")
def delivery_folders(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("deliveries")
    may_1, may_2 = _split(MAY)
    write(root / "may" / "cur-00001.csv", may_1)
    write(root / "may" / "cur-00002.csv", may_2)
    return [
        str(write(root / "march" / "cur-00001.csv", MARCH_V2)),
        str(write(root / "april" / "cur-00001.csv", APRIL)),
        str(write(root / "focus" / "acme-2024-03.csv", FOCUS)),
        str(root / "may"),
    ]


CONTENT = "SELECT * EXCLUDE (x_LoadId) FROM line_items ORDER BY ALL"
PARTITIONS = (
    "SELECT ProviderName, BillingAccountId, BillingPeriodStart, row_count, billed_cost "
    "FROM bill_partitions ORDER BY ALL"
)


@pytest.fixture(scope="module")
def reference(delivery_folders, tmp_path_factory) -> tuple[list, list]:
    warehouse = tmp_path_factory.mktemp("reference") / "finops.duckdb"
    ok(invoke(CliRunner(), warehouse, "ingest", *delivery_folders))
    content = query(warehouse, CONTENT)
    expected = [raw_totals(t) for t in (MARCH_V2, APRIL, FOCUS, MAY)]
    assert totals(warehouse) == (sum(n for n, _ in expected), sum(s for _, s in expected))
    return content, query(warehouse, PARTITIONS)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_order_gives_the_same_warehouse(delivery_folders, reference, data):
    order = data.draw(st.permutations(delivery_folders), label="order")
    cuts = data.draw(st.sets(st.integers(1, len(order) - 1), max_size=len(order) - 1), label="cuts")
    bounds = [0, *sorted(cuts), len(order)]
    commands = [order[a:b] for a, b in pairwise(bounds)]
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "finops.duckdb"
        for args in commands:
            ok(invoke(runner, warehouse, "ingest", *args))
        assert query(warehouse, CONTENT) == reference[0]
        assert query(warehouse, PARTITIONS) == reference[1]
        assert query(warehouse, "SELECT count(*) FROM loads") == [(len(commands),)]
