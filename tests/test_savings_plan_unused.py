"""A Savings Plan's recurring fee on a bill without savingsPlan/TotalCommitmentToDate: its
EffectiveCost is the unused commitment, the fee less the Savings Plan effective cost of the
usage the plan covered in the fee's charge period; not the fee whole, which would count the
covered usage a second time (docs/schema.md, EffectiveCost).

Expected figures are worked out here with Decimal from the raw CSV rows.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_ai.ingest.aws_cur import snake
from tests.conftest import invoke, query

SP_BILL = Path(__file__).resolve().parent / "data" / "cur" / "savings_plans_2024-03.csv"
TOTAL, USED = "savingsPlan/TotalCommitmentToDate", "savingsPlan/UsedCommitment"
TYPE, COST = "lineItem/LineItemType", "lineItem/UnblendedCost"
ARN, SP_COST = "savingsPlan/SavingsPlanARN", "savingsPlan/SavingsPlanEffectiveCost"
START, END = "lineItem/UsageStartDate", "lineItem/UsageEndDate"


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    with SP_BILL.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _unused(fee: dict[str, str], rows: list[dict[str, str]]) -> Decimal:
    """The fee less the plan's covered usage that starts within the fee's period."""
    covered = sum(
        (
            Decimal(r[SP_COST])
            for r in rows
            if r[TYPE] == "SavingsPlanCoveredUsage"
            and r[ARN] == fee[ARN]
            and fee[START] <= r[START] < fee[END]  # ISO 8601 UTC text sorts as time
        ),
        Decimal(0),
    )
    return max(Decimal(fee[COST]) - covered, Decimal(0))


def _fee_effective(warehouse: Path) -> dict[str, Decimal]:
    return dict(
        query(
            warehouse,
            "SELECT x_SourceLineId, EffectiveCost FROM line_items "
            "WHERE x_LineItemType = 'SavingsPlanRecurringFee'",
        )
    )


def _hourly(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The bill as an hourly CUR bills a plan: a fee row per hour. Hour 10 is fully used (its
    covered usage costs more than the fee's hour), hour 11 partly, hour 12 not at all."""
    monthly = next(r for r in rows if r[TYPE] == "SavingsPlanRecurringFee")
    others = [r for r in rows if r[TYPE] != "SavingsPlanRecurringFee"]
    fees = []
    for hour in (10, 11, 12):
        fee = dict(monthly)
        fee["identity/LineItemId"] = f"sp-fee-h{hour}"
        fee[START] = f"2024-03-04T{hour}:00:00Z"
        fee[END] = f"2024-03-04T{hour + 1}:00:00Z"
        fee[COST] = "0.0030000000" if hour == 10 else "0.0200000000"
        fees.append(fee)
    return others + fees


def test_the_bill_with_commitment_figures_is_the_reference(runner, warehouse):
    """Control: with TotalCommitmentToDate the fee's EffectiveCost is total less used."""
    _, rows = _rows()
    fee = next(r for r in rows if r[TYPE] == "SavingsPlanRecurringFee")
    assert invoke(runner, warehouse, "ingest", str(SP_BILL)).exit_code == 0
    want = Decimal(fee[TOTAL]) - Decimal(fee[USED])
    assert _fee_effective(warehouse) == {fee["identity/LineItemId"]: want}
    assert want == _unused(fee, rows)  # the same figure the covered usage gives


@pytest.mark.parametrize("drop", [[TOTAL], [TOTAL, USED]], ids=["no-total", "no-total-no-used"])
def test_monthly_fee_without_total_commitment_is_its_unused_part(runner, warehouse, tmp_path, drop):
    header, rows = _rows()
    bill = _write(tmp_path / "cur.csv", [h for h in header if h not in drop], rows)
    result = invoke(runner, warehouse, "ingest", str(bill))
    assert result.exit_code == 0, result.stderr
    fee = next(r for r in rows if r[TYPE] == "SavingsPlanRecurringFee")
    assert _fee_effective(warehouse) == {fee["identity/LineItemId"]: _unused(fee, rows)}
    assert _unused(fee, rows) < Decimal(fee[COST])
    # Every other row as with the commitment figures: the rest of the amortisation is unchanged.
    billed, effective = query(
        warehouse, "SELECT sum(BilledCost), sum(EffectiveCost) FROM line_items"
    )[0]
    assert billed == sum(Decimal(r[COST]) for r in rows)
    assert effective == _reference_effective(runner, tmp_path)


def _reference_effective(runner, tmp_path: Path) -> Decimal:
    reference = tmp_path / "reference.duckdb"
    assert invoke(runner, reference, "ingest", str(SP_BILL)).exit_code == 0
    return query(reference, "SELECT sum(EffectiveCost) FROM line_items")[0][0]


def test_hourly_fees_without_total_commitment_each_take_their_hour(runner, warehouse, tmp_path):
    header, rows = _rows()
    rows = _hourly(rows)
    bill = _write(tmp_path / "cur.csv", [h for h in header if h not in (TOTAL, USED)], rows)
    result = invoke(runner, warehouse, "ingest", str(bill))
    assert result.exit_code == 0, result.stderr
    want = {r["identity/LineItemId"]: _unused(r, rows) for r in rows if r[TYPE].endswith("Fee")}
    want = {k: v for k, v in want.items() if k.startswith("sp-fee")}
    assert _fee_effective(warehouse) == want
    assert want["sp-fee-h10"] == 0  # fully used: not negative
    assert 0 < want["sp-fee-h11"] < Decimal("0.02")
    assert want["sp-fee-h12"] == Decimal("0.02")  # nothing covered in that hour


def test_cur2_parquet_without_total_commitment(runner, warehouse, tmp_path):
    header, rows = _rows()
    rows = _hourly(rows)
    source = _write(tmp_path / "cur.csv", header, rows)
    parquet = tmp_path / "cur2.parquet"
    kept = [h for h in header if h not in (TOTAL, USED) and not h.startswith("resourceTags/")]
    columns = ", ".join(f'"{h}" AS {snake(h)}' for h in kept)
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT {columns}, MAP {{}}::MAP(VARCHAR, VARCHAR) AS resource_tags, "
        "MAP {}::MAP(VARCHAR, VARCHAR) AS product FROM read_csv($p, all_varchar = true)) "
        "TO $t (FORMAT parquet)",
        {"p": str(source), "t": str(parquet)},
    )
    con.close()
    result = invoke(runner, warehouse, "ingest", str(parquet))
    assert result.exit_code == 0, result.stderr
    assert "aws-cur2" in result.stderr
    want = {r["identity/LineItemId"]: _unused(r, rows) for r in rows if r[TYPE].endswith("Fee")}
    assert _fee_effective(warehouse) == {k: v for k, v in want.items() if k.startswith("sp-fee")}
