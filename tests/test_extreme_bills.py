"""Property tests (hypothesis): small FOCUS bills with extreme values, through the whole pipeline.

Costs up to 10^12 a month, negative credits bigger than the month's usage, amounts of 10^-9,
token and hour quantities up to 10^15, one month or three years, months with gaps between them.
Each bill is ingested through the CLI into a fresh warehouse; then `report` (JSON, effective and
billed), `sql` over every analyst view and example query, and `export` must all succeed, and:

* every month's total in the report equals the bill's own sum for it (to the cent);
* the views add up to what line_items holds, and line_items to what the bill says;
* every share the report prints lies within 0-100 %;
* a forecast is either absent or finite with low <= median <= high, for every month and the year.

Each example runs about sixteen commands (~4 s), so examples are few and the test is slow.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, invoke
from tests.test_report_fixtures import FIELDS

pytestmark = pytest.mark.slow

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FIRST_YEAR = 2024
CENT = Decimal("0.01")
# Up to 4 lines a month, each at most a quarter of 10^12: a month's bill stays within 10^12.
BIG = Decimal("250000000000")

amounts = st.one_of(
    st.decimals(min_value=-BIG, max_value=BIG, places=2),
    st.decimals(min_value=Decimal("-1"), max_value=Decimal("1"), places=9),
    st.sampled_from([BIG, -BIG, Decimal("1E-9"), Decimal("-1E-9"), Decimal("0")]),
)
quantities = st.one_of(
    st.integers(0, 10**15), st.sampled_from([10**15, 0, 1]), st.decimals(0, 1, places=9)
)
# (service, meter, unit, workload tag): Azure OpenAI's meters name the model for
# inference_by_model; the GPU meter gives the classifier's usage-pattern rules something to read.
KINDS = [
    ("Azure OpenAI", "gpt-4o-0806-Inp-glbl Tokens", "Tokens", "inference"),
    ("Azure OpenAI", "gpt-4o-0806-Outp-glbl Tokens", "Tokens", "inference"),
    ("Azure Machine Learning", "NC24ads A100 v4", "Hours", "training"),
    ("Virtual Machines", "NC24ads A100 v4", "Hours", None),
    ("Storage", "LRS Data Stored", "GB/Month", None),
]


@dataclass(frozen=True)
class Line:
    month: int  # months after January of FIRST_YEAR
    kind: int  # index into KINDS
    cost: Decimal
    billed: Decimal
    quantity: Decimal | int
    credit: bool
    resource: int


@st.composite
def lines(draw: st.DrawFn, month: int) -> Line:
    kind = draw(st.integers(0, len(KINDS) - 1))
    return Line(
        month=month,
        kind=kind,
        cost=draw(amounts),
        billed=draw(amounts),
        quantity=draw(quantities),
        credit=draw(st.booleans()),
        resource=draw(st.integers(0, 3)),
    )


@st.composite
def bills(draw: st.DrawFn) -> list[Line]:
    """1 to 36 months, scattered or in one unbroken run, each with 1 to 4 lines."""
    scattered = st.lists(st.integers(0, 35), min_size=1, max_size=36, unique=True)
    run = st.tuples(st.integers(0, 35), st.integers(1, 36)).map(
        lambda r: list(range(r[0], min(r[0] + r[1], 36)))
    )
    months = draw(st.one_of(scattered, run))
    return [line for m in months for line in draw(st.lists(lines(m), min_size=1, max_size=4))]


def _month(index: int) -> tuple[str, str, str]:
    year, mon = FIRST_YEAR + index // 12, index % 12 + 1
    end_year, end_mon = year + mon // 12, mon % 12 + 1
    return f"{year}-{mon:02d}", f"{year}-{mon:02d}-01", f"{end_year}-{end_mon:02d}-01"


def write_bill(path: Path, bill: list[Line]) -> None:
    fields = [*FIELDS, "ConsumedQuantity", "ConsumedUnit", "SkuMeter"]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        for line in bill:
            _, start, end = _month(line.month)
            service, meter, unit, workload = KINDS[line.kind]
            writer.writerow(
                {
                    "BillingAccountId": "ba-1",
                    "SubAccountId": f"sub-{line.resource % 2}",
                    "BillingPeriodStart": f"{start}T00:00:00Z",
                    "BillingPeriodEnd": f"{end}T00:00:00Z",
                    "ChargePeriodStart": f"{start}T00:00:00Z",
                    "ChargePeriodEnd": f"{end}T00:00:00Z",
                    "ChargeCategory": "Credit" if line.credit else "Usage",
                    "BilledCost": str(line.billed),
                    "EffectiveCost": str(line.cost),
                    "BillingCurrency": "USD",
                    "ProviderName": "Microsoft",
                    "ServiceName": service,
                    "ServiceCategory": "AI and Machine Learning" if workload else "Compute",
                    "ResourceId": f"/subscriptions/s/vm-{line.resource}",
                    "Tags": json.dumps({"workload": workload}) if workload else "",
                    "ConsumedQuantity": str(line.quantity),
                    "ConsumedUnit": unit,
                    "SkuMeter": meter,
                }
            )


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)  # DuckDB rounds half away from zero


def ok(result) -> str:  # noqa: ANN001 - a click Result
    assert result.exit_code == 0, result.output
    return result.stdout


def sql_rows(runner: CliRunner, warehouse: Path, *args: str) -> list[dict]:
    """`finops-ai sql` as CSV: exact decimals (its JSON gives floats); "" is NULL."""
    out = ok(invoke(runner, warehouse, "sql", *args, "--format", "csv"))
    return list(csv.DictReader(io.StringIO(out)))


def _not_json(constant: str) -> None:
    raise AssertionError(f"the report's JSON holds {constant}, which JSON has no number for")


def check_report(report: dict, by_month: dict[str, Decimal]) -> None:
    """Totals reconcile, shares lie in 0..1, forecasts are absent or ordered and finite."""
    for section in [report, *report["other_currencies"]]:
        for month in section["trend"]:
            assert month["has_data"] == (month["month"] in by_month), month["month"]
            if month["has_data"]:
                expected = cents(by_month[month["month"]])
                assert abs(Decimal(str(month["total"])) - expected) <= CENT, month["month"]
            shares = [month["inference_share_of_ai"], month["inference_share_of_total"]]
            shares += [*month["share_of_ai"].values(), *month["share_of_total"].values()]
            for share in shares:
                assert share is None or 0 <= share <= 1, (month["month"], share)
        for share in (section["inference_share_of_ai"], section["inference_share_of_total"]):
            assert share is None or 0 <= share <= 1
        for dimensions in section["top"].values():
            for items in dimensions.values():
                for item in items:
                    share = item["share_of_class"]
                    assert share is None or 0 <= share <= 1, item
        for forecast in section["forecast"]:
            if forecast["status"] != "ok":
                assert forecast["months"] == []
            for m in forecast["months"]:
                values = [m["low"], m["amount"], m["high"]]
                assert all(math.isfinite(v) for v in values), forecast
                assert values == sorted(values), forecast
            year = forecast["year_end"]
            if year and year["amount"] is not None:
                values = [year["low"], year["amount"], year["high"]]
                assert all(math.isfinite(v) for v in values), forecast
                assert values == sorted(values), forecast
    for item in report["unbudgeted"]:
        assert item["share_of_ai"] is None or 0 <= item["share_of_ai"] <= 1, item


VIEW_TOTALS = """
SELECT 'monthly' AS what, sum(billed_cost) AS billed, sum(effective_cost) AS effective,
       NULL AS tokens
FROM ai_spend_monthly
UNION ALL SELECT 'daily', sum(billed_cost), sum(effective_cost), NULL FROM ai_spend_daily
UNION ALL SELECT 'line_items_ai', sum(BilledCost), sum(EffectiveCost), NULL FROM line_items
    WHERE x_WorkloadClass IN ('training', 'inference', 'ai_other')
UNION ALL SELECT 'by_model', NULL, sum(effective_cost), sum(tokens) FROM inference_by_model
-- x_TokenCount counts whole tokens: each line's quantity rounds (queries/ingest/token_columns.sql)
UNION ALL SELECT 'line_items_model', NULL, sum(EffectiveCost), sum(round(ConsumedQuantity))
    FROM line_items WHERE x_WorkloadClass = 'inference' AND ServiceName = 'Azure OpenAI'
UNION ALL SELECT 'all', sum(BilledCost), sum(EffectiveCost), NULL FROM line_items
"""
# Budgets from a cent to 10^12 a month, so that forecasts overrun them or never do.
BUDGETS = """
[[budget]]
class = "inference"
monthly = 1000000000000

[[budget]]
class = "ai"
monthly = 0.01

[[budget]]
class = "training"
account = "sub-1"
monthly = 1
months = { "2026-12" = 999999999999 }
"""
EXAMPLES = sorted((REPO / "queries" / "examples").glob("*.sql"))


@SETTINGS
@given(bill=bills())
def test_extreme_bills_never_overflow(bill: list[Line]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, warehouse = folder / "extreme.csv", folder / "w.duckdb"
        write_bill(path, bill)
        ok(invoke(runner, warehouse, "ingest", str(path)))

        effective: dict[str, Decimal] = defaultdict(Decimal)
        billed: dict[str, Decimal] = defaultdict(Decimal)
        for line in bill:
            effective[_month(line.month)[0]] += line.cost
            billed[_month(line.month)[0]] += line.billed
        last = max(effective)
        for basis, by_month in (("effective", effective), ("billed", billed)):
            out = ok(
                invoke(
                    runner,
                    warehouse,
                    "report",
                    "--month",
                    last,
                    "--cost",
                    basis,
                    "--format",
                    "json",
                )
            )
            check_report(json.loads(out, parse_constant=_not_json), by_month)
        budgets = folder / "budgets.toml"
        budgets.write_text(BUDGETS)
        with_budgets = ok(
            invoke(
                runner,
                warehouse,
                "report",
                "--month",
                last,
                "--budgets",
                str(budgets),
                "--format",
                "json",
            )
        )
        report = json.loads(with_budgets, parse_constant=_not_json)
        check_report(report, effective)
        for line in report["budgets"]["lines"]:
            for key in ("year_budget", "year_forecast", "forecast_overrun_amount", "variance"):
                assert line[key] is None or math.isfinite(line[key]), line
        for fmt in ("text", "html", "md"):
            ok(
                invoke(
                    runner,
                    warehouse,
                    "report",
                    "--month",
                    last,
                    "--format",
                    fmt,
                    "--budgets",
                    str(budgets),
                )
            )

        totals = {r["what"]: r for r in sql_rows(runner, warehouse, VIEW_TOTALS)}
        assert Decimal(totals["all"]["effective"]) == sum(effective.values())
        assert Decimal(totals["all"]["billed"]) == sum(billed.values())
        for view, source in (
            ("monthly", "line_items_ai"),
            ("daily", "line_items_ai"),
            ("by_model", "line_items_model"),
        ):
            assert totals[view]["effective"] == totals[source]["effective"], view
        for view in ("monthly", "daily"):
            assert totals[view]["billed"] == totals["line_items_ai"]["billed"], view
        # Tokens are DOUBLE in the view (sums past 2^53 round); quantities DECIMAL in line_items.
        quantity = sql_rows(runner, warehouse, "SELECT sum(ConsumedQuantity) AS q FROM line_items")
        assert Decimal(quantity[0]["q"]) == sum(Decimal(line.quantity) for line in bill)
        by_model, source = totals["by_model"]["tokens"], totals["line_items_model"]["tokens"]
        assert float(by_model or 0) == pytest.approx(float(source or 0), rel=1e-12)
        sql_rows(runner, warehouse, "SELECT * FROM gpu_resource_profile")
        sql_rows(runner, warehouse, "SELECT * FROM gpu_fleet_profile")
        for example in EXAMPLES:
            params = ["--param", f"month={last}"] if "$month" in example.read_text() else []
            sql_rows(runner, warehouse, "-f", str(example), *params)
        summary = REPO / "queries" / "distributed" / "monthly_summary.sql"
        for row in sql_rows(runner, warehouse, "-f", str(summary)):
            assert row["share_of_month"] == "" or math.isfinite(float(row["share_of_month"]))
        ok(invoke(runner, warehouse, "export", "--output", str(folder / "export")))


def test_gpu_fleet_of_100000_instances(tmp_path: Path) -> None:
    # 2.4 million GPU hours in a day: 100,000 instances running all day, in one fleet.
    line = Line(0, 3, Decimal("98000000.00"), Decimal("98000000.00"), 2_400_000, False, 0)
    path, warehouse = tmp_path / "fleet.csv", tmp_path / "w.duckdb"
    write_bill(path, [line])
    ok(invoke(CliRunner(), warehouse, "ingest", str(path)))
    rows = sql_rows(CliRunner(), warehouse, "SELECT sum(EffectiveCost) AS c FROM line_items")
    assert Decimal(rows[0]["c"]) == line.cost
