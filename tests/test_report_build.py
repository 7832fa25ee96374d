"""The report model on the sample warehouse, every figure checked against SQL written here.

The report's SQL lives in queries/report/ and goes through a cube of pre-aggregated cells; the
queries below go straight to line_items, so a mistake in the report's SQL shows up as a
mismatch rather than being repeated.
"""

from __future__ import annotations

import math
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from finops_ai.errors import WarehouseError
from finops_ai.report.budgets import load_budgets
from finops_ai.report.build import build_report
from finops_ai.report.model import CLASSES
from finops_ai.resources import load_query
from tests.conftest import invoke, query
from tests.helpers.schema import undo_migration_015
from tests.test_report_fixtures import BUDGETS, SAMPLE_TODAY, sample  # noqa: F401

OCT = "2026-10-01"
CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def class_sums(warehouse: Path, month: str, column: str = "EffectiveCost") -> dict[str, Decimal]:
    # column is one of two constants, never user input
    rows = query(
        warehouse,
        f"SELECT x_WorkloadClass, sum({column}) FROM line_items "
        "WHERE BillingPeriodStart = $m::TIMESTAMP GROUP BY 1",
        {"m": month},
    )
    sums = {c: Decimal(0) for c in CLASSES}
    sums.update({c: v for c, v in rows})
    return sums


@pytest.fixture(scope="module")
def report(sample):  # noqa: F811
    return build_report(sample, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS))


def test_default_month_is_the_last_complete_month(sample, report):  # noqa: F811
    assert report.month == "2026-10"
    mid_october = build_report(sample, today=SAMPLE_TODAY.replace(month=10, day=15))
    assert mid_october.month == "2026-09"
    assert "latest_month_open" in [n.code for n in mid_october.notes]
    assert build_report(sample, month="2026-08", today=SAMPLE_TODAY).month == "2026-08"


def test_by_class_matches_line_items(sample, report):  # noqa: F811
    sums = class_sums(sample, OCT)
    assert report.currency == "USD"
    assert report.primary.by_class == {c: cents(sums[c]) for c in CLASSES}
    assert report.primary.ai_total == cents(sums["training"] + sums["inference"] + sums["ai_other"])
    assert report.primary.total == cents(sum(sums.values()))


def test_billed_cost_basis_sums_billed_cost(sample):  # noqa: F811
    billed = build_report(sample, today=SAMPLE_TODAY, basis="billed")
    sums = class_sums(sample, OCT, "BilledCost")
    assert billed.cost_basis == "billed"
    assert billed.primary.by_class == {c: cents(sums[c]) for c in CLASSES}
    assert billed.primary.by_class != build_report(sample, today=SAMPLE_TODAY).primary.by_class


def test_inference_shares(sample, report):  # noqa: F811
    sums = class_sums(sample, OCT)
    ai = sums["training"] + sums["inference"] + sums["ai_other"]
    assert report.primary.inference_share_of_ai == pytest.approx(
        float(sums["inference"] / ai), abs=1e-6
    )
    assert report.primary.inference_share_of_total == pytest.approx(
        float(sums["inference"] / sum(sums.values())), abs=1e-6
    )
    assert 0 < report.primary.inference_share_of_total < report.primary.inference_share_of_ai < 1


def test_trend_is_every_month_oldest_first_with_growth(sample, report):  # noqa: F811
    trend = report.primary.trend
    assert [m.month for m in trend] == ["2026-07", "2026-08", "2026-09", "2026-10"]
    for month in trend:
        sums = class_sums(sample, month.month + "-01")
        assert {c: month.amounts[c] for c in CLASSES} == {c: cents(sums[c]) for c in CLASSES}
    jul, sep, oct_ = (class_sums(sample, m)["inference"] for m in ("2026-07-01", "2026-09-01", OCT))
    assert trend[-1].mom_change["inference"] == pytest.approx(float(oct_ / sep - 1), abs=1e-6)
    assert trend[-1].cagr_3m["inference"] == pytest.approx(
        float(oct_ / jul) ** (1 / 3) - 1, abs=1e-6
    )
    assert trend[0].mom_change["inference"] is None  # nothing before July
    assert trend[2].cagr_3m["inference"] is None  # September has only two months before it
    assert trend[-1].share_of_ai_change == pytest.approx(
        trend[-1].inference_share_of_ai - trend[-2].inference_share_of_ai, abs=2e-6
    )


def _loglinear(amounts: list[float], ahead: int) -> tuple[float, float, float]:
    """Least squares of ln(amount) on t, done independently; median and 80% bounds."""
    n = len(amounts)
    ts = [t - (n - 1) for t in range(n)]  # 0 at the report month
    ys = [math.log(a) for a in amounts]
    t_mean, y_mean = sum(ts) / n, sum(ys) / n
    sxx = sum((t - t_mean) ** 2 for t in ts)
    slope = sum((t - t_mean) * (y - y_mean) for t, y in zip(ts, ys, strict=True)) / sxx
    intercept = y_mean - slope * t_mean
    sse = sum((y - intercept - slope * t) ** 2 for t, y in zip(ts, ys, strict=True))
    se = math.sqrt(sse / (n - 2))
    q = {1: 3.078, 2: 1.886, 3: 1.638}[n - 2]
    half = q * se * math.sqrt(1 + 1 / n + (ahead - t_mean) ** 2 / sxx)
    mid = intercept + slope * ahead
    return math.exp(mid), math.exp(mid - half), math.exp(mid + half)


def test_forecast_is_the_documented_log_linear_fit(sample, report):  # noqa: F811
    inference = report.primary.forecast_for("inference")
    assert inference.status == "ok" and inference.history_months == 4
    assert [m.month for m in inference.months] == ["2026-11", "2026-12", "2027-01"]
    history = [
        float(class_sums(sample, m)["inference"])
        for m in ("2026-07-01", "2026-08-01", "2026-09-01", OCT)
    ]
    for ahead, month in enumerate(inference.months, 1):
        mid, low, high = _loglinear(history, ahead)
        assert float(month.amount) == pytest.approx(mid, abs=0.01)
        assert float(month.low) == pytest.approx(low, abs=0.01)
        assert float(month.high) == pytest.approx(high, abs=0.01)
        assert month.low < month.amount < month.high
    year = inference.year_end
    assert year.year == 2026 and year.months_actual == 4 and year.months_forecast == 2
    assert year.actual_to_date == cents(Decimal(str(sum(history))))
    nov, dec = inference.months[0].amount, inference.months[1].amount
    assert abs(year.amount - (year.actual_to_date + nov + dec)) <= Decimal("0.02")  # rounding
    # Training is bursty: the fit is flagged, and a note says so.
    assert report.primary.forecast_for("training").volatile
    assert "volatile_forecast" in [n.code for n in report.notes]


def test_top_items_match_line_items(sample, report):  # noqa: F811
    top = report.primary.top["inference"]
    rows = query(
        sample,
        "SELECT ServiceName, sum(EffectiveCost) FROM line_items WHERE BillingPeriodStart = $m "
        "AND x_WorkloadClass = 'inference' GROUP BY 1 ORDER BY 2 DESC LIMIT 5",
        {"m": OCT},
    )
    assert [(i.key, i.amount) for i in top["services"]] == [(s, cents(v)) for s, v in rows]
    models = query(
        sample,
        "SELECT x_Model, sum(EffectiveCost) FROM line_items WHERE BillingPeriodStart = $m "
        "AND x_WorkloadClass = 'inference' AND x_Model IS NOT NULL GROUP BY 1 "
        "ORDER BY 2 DESC LIMIT 5",
        {"m": OCT},
    )
    assert [(i.key, i.amount) for i in top["models"]] == [(m, cents(v)) for m, v in models]
    resources = query(
        sample,
        "SELECT ResourceId, sum(EffectiveCost) FROM line_items WHERE BillingPeriodStart = $m "
        "AND x_WorkloadClass = 'training' AND ResourceId IS NOT NULL GROUP BY 1 "
        "ORDER BY 2 DESC, 1 LIMIT 5",
        {"m": OCT},
    )
    training = report.primary.top["training"]["resources"]
    assert [(i.key, i.amount) for i in training] == [(r, cents(v)) for r, v in resources]
    accounts = report.primary.top["inference"]["accounts"]
    assert accounts[0].key == "333333333333" and accounts[0].label == "prod-serving"
    assert all(i.share_of_class <= 1 for d in top.values() for i in d)


def test_unbudgeted_is_ai_spend_no_budget_line_covers(sample, report):  # noqa: F811
    # The four lines of tests/data/report/budgets.toml, written out by hand.
    expected = query(
        sample,
        """
        SELECT sum(EffectiveCost) FROM line_items
        WHERE BillingPeriodStart = $m AND x_WorkloadClass IN ('training', 'inference', 'ai_other')
          AND NOT (x_WorkloadClass = 'inference'
                   AND '333333333333' IN (coalesce(SubAccountId, ''), BillingAccountId))
          AND NOT (ProviderName = 'OpenAI')
          AND NOT (x_WorkloadClass = 'training' AND coalesce(SubAccountId, '') = '222222222222')
          AND NOT (x_WorkloadClass = 'inference' AND coalesce(Tags['team'], '') = 'search')
        """,
        {"m": OCT},
    )[0][0]
    assert report.primary.unbudgeted_total == cents(expected)
    assert sum(u.amount for u in report.unbudgeted) == pytest.approx(
        report.primary.unbudgeted_total, abs=Decimal("0.05")
    )
    assert {u.provider for u in report.unbudgeted} == {"Anthropic", "Microsoft", "AWS"}


def test_without_a_budgets_file_no_line_covers_anything_so_all_ai_is_unbudgeted(sample):  # noqa: F811
    # One definition, file or not: AI spend that no budget line covers.
    plain = build_report(sample, today=SAMPLE_TODAY)
    assert plain.budgets_file is None and plain.budget_lines == []
    ai = query(
        sample,
        "SELECT sum(EffectiveCost) FROM line_items WHERE BillingPeriodStart = $m "
        "AND x_WorkloadClass IN ('training', 'inference', 'ai_other')",
        {"m": OCT},
    )[0][0]
    assert plain.primary.unbudgeted_total == cents(ai) == plain.primary.ai_total
    assert {u.workload_class for u in plain.unbudgeted} == {"training", "inference", "ai_other"}
    assert "no_budgets" in [n.code for n in plain.notes]


def test_budget_lines_against_actuals(sample, report):  # noqa: F811
    lines = {b.name: b for b in report.budget_lines}
    serving = query(
        sample,
        "SELECT sum(EffectiveCost) FROM line_items WHERE BillingPeriodStart = $m "
        "AND x_WorkloadClass = 'inference' AND SubAccountId = '333333333333'",
        {"m": OCT},
    )[0][0]
    prod = lines["Production serving (AWS)"]
    assert prod.actual == cents(serving) and prod.budget == Decimal("110000.00")
    assert prod.variance == cents(serving - 110000) and prod.status == "over"
    openai = lines["OpenAI API"]
    assert openai.status == "forecast_over" and openai.forecast_overrun_month == "2026-11"
    assert openai.actual < openai.budget
    research = lines["Research training"]  # matched by account name, from the CUR 2.0 months
    training = query(
        sample,
        "SELECT sum(EffectiveCost) FROM line_items WHERE BillingPeriodStart = $m "
        "AND x_WorkloadClass = 'training' AND SubAccountId = '222222222222'",
        {"m": OCT},
    )[0][0]
    assert research.actual == cents(training) and research.forecast_history_months == 4
    # Year budget: Jul-Oct (the months with data) and Nov at 120,000, December's override.
    assert research.year_budget == Decimal("120000") * 5 + Decimal("60000")
    assert lines["Search team"].scope == "class=inference, tag:team=search"


def test_report_is_read_only(sample):  # noqa: F811
    before = sample.read_bytes()
    build_report(sample, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS))
    assert sample.read_bytes() == before


def test_top_models_are_the_inference_by_model_view(sample, report):  # noqa: F811
    view = query(
        sample,
        "SELECT ProviderName, model, sum(effective_cost), sum(token_cost), sum(tokens) "
        "FROM inference_by_model WHERE billing_month = '2026-10' GROUP BY 1, 2 "
        "ORDER BY 3 DESC, 1, 2 LIMIT 8",
    )
    models = report.primary.models
    assert [(m.provider, m.model, m.effective_cost) for m in models] == [
        (p, m, cents(c)) for p, m, c, _, _ in view
    ]
    for m, (_, _, _, token_cost, tokens) in zip(models, view, strict=True):
        if tokens:
            per_1m = float(token_cost) / float(tokens) * 1e6  # tokens: DECIMAL since view 012
            assert m.cost_per_1m_tokens == pytest.approx(per_1m, abs=5e-5)  # 4 decimals
        else:  # provisioned throughput: spend, no tokens to divide it by
            assert m.tokens is None and m.cost_per_1m_tokens is None
    # The sample's Bedrock provisioned Nova throughput is among them, with no token price.
    assert any(m.cost_per_1m_tokens is None for m in models)


def test_budget_line_months_add_up_to_the_line(report):
    for line in report.budget_lines:
        months = {m.month: m for m in line.months}
        # The year's months with data (Jul-Oct) and the months still ahead.
        assert list(months) == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
        assert months["2026-10"].actual == line.actual and months["2026-10"].budget == line.budget
        assert sum(m.budget for m in line.months) == line.year_budget
        assert all(m.forecast is None for m in line.months if m.month <= "2026-10")
        assert all(m.actual is None for m in line.months if m.month > "2026-10")
        if line.year_forecast is not None:
            year = sum(m.actual or 0 for m in line.months) + sum(
                m.forecast or 0 for m in line.months
            )
            assert year == pytest.approx(line.year_forecast, abs=Decimal("0.05"))
        if line.forecast_overrun_month:
            first = months[line.forecast_overrun_month]
            assert first.forecast - first.budget == line.forecast_overrun_amount
            assert all(m.low <= m.forecast <= m.high for m in line.months if m.forecast)


def test_per_key_totals_stand_in_for_the_line_items_only_while_they_add_up(
    sample,  # noqa: F811
    report,
    tmp_path,
):
    """The report takes its spend per class key from class_key_totals, which every load
    rebuilds; line items changed behind its back (here by hand) are summed afresh instead."""
    stale = tmp_path / "stale.duckdb"
    shutil.copy(sample, stale)
    with duckdb.connect(str(stale)) as con:
        con.execute("DELETE FROM class_key_totals")
    assert build_report(stale, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS)) == report
    with duckdb.connect(str(stale)) as con:
        con.execute(load_query("classify/store_totals"))
        con.execute(
            "UPDATE line_item_data SET EffectiveCost = EffectiveCost * 3 "
            "WHERE BillingPeriodStart = $m::TIMESTAMP",
            {"m": OCT},
        )
    changed = build_report(stale, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS))
    sums = class_sums(stale, OCT)
    assert changed.primary.by_class == {c: cents(sums[c]) for c in CLASSES}
    assert changed.primary.by_class != report.primary.by_class


def test_a_schema_14_warehouse_reports_the_same_and_upgrades_its_totals(
    sample,  # noqa: F811
    report,
    tmp_path,
    runner,
):
    old = tmp_path / "old.duckdb"
    shutil.copy(sample, old)
    with duckdb.connect(str(old)) as con:
        undo_migration_015(con)  # totals of line items and EffectiveCost only
    assert build_report(old, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS)) == report
    result = invoke(runner, old, "classify")  # upgrades the schema, then classifies
    assert result.exit_code == 0, result.output
    totals = "SELECT * FROM class_key_totals ORDER BY ALL"
    assert query(old, totals) == query(sample, totals)
    assert build_report(old, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS)) == report


def test_a_failing_report_query_is_one_line_naming_the_warehouse(sample, monkeypatch):  # noqa: F811
    import finops_ai.report.build as build

    def load(name: str) -> str:
        return "SELECT * FROM no_such_table" if name == "report/month_choice" else load_query(name)

    monkeypatch.setattr(build, "load_query", load)
    with pytest.raises(WarehouseError) as caught:
        build_report(sample, today=SAMPLE_TODAY)
    message = str(caught.value)
    assert message.startswith(f"{sample}: report query failed: Catalog Error")
    assert "no_such_table" in message and "\n" not in message
