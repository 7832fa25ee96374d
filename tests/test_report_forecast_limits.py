"""The forecast on sparse, short and wild histories: fitted only over an unbroken run of months
with data, absent (and said why) when that run is too short, flagged volatile when its range runs
away, and never an error, in every format (issue 16 §2)."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from click.testing import CliRunner

from finops_ai.report.build import FORECAST_CAP, build_report
from finops_ai.report.render import FORMATS, render
from tests.conftest import REAL_BILLS, invoke
from tests.test_report_fixtures import Row, growing, synthetic_warehouse

TODAY = dt.date(2026, 12, 3)


def rendered(report) -> dict[str, str]:  # noqa: ANN001
    out = {fmt: render(report, fmt, width=100) for fmt in FORMATS}
    json.loads(out["json"], parse_constant=lambda c: pytest.fail(f"JSON holds {c}"))
    return out


def assert_sane(report) -> None:  # noqa: ANN001
    """Every forecast is absent, or finite and ordered low <= median <= high."""
    for section in (report.primary, *report.other_currencies):
        for f in section.forecast:
            assert (f.status == "ok") == bool(f.months), f
            for m in f.months:
                assert m.low <= m.amount <= m.high <= FORECAST_CAP, m
            year = f.year_end
            if year and year.amount is not None:
                assert year.low <= year.amount <= year.high, year
                assert all(math.isfinite(v) for v in (year.low, year.amount, year.high))


def test_scattered_months_and_a_huge_jump_give_no_forecast_and_no_error(tmp_path):
    # The warehouse in miniature: $13 of training, pennies months later, a $500,000
    # prepayment after five months with no bill at all. Fitted across the gaps, the high bound
    # ran to 10^29 and the report failed casting it to DECIMAL.
    rows = [
        Row("2024-09", "13.00", workload="training"),
        Row("2024-10", "0.24", workload=None, service="Storage"),
        Row("2024-11", "0.06"),
        Row("2025-05", "500246.50"),
    ]
    warehouse = synthetic_warehouse(tmp_path, rows)
    for basis in ("effective", "billed"):
        report = build_report(warehouse, basis=basis, today=TODAY)
        assert report.month == "2025-05"
        assert_sane(report)
        ai = report.primary.forecast_for("ai_total")
        assert ai.status == "too_little_history" and ai.months == []
        assert (ai.history_start, ai.history_gap, ai.history_months) == ("2025-05", "2025-04", 1)
        assert "history_gap" in [n.code for n in report.notes]
        out = rendered(report)
        for fmt in ("text", "md", "html"):
            assert "April 2025 has none" in " ".join(out[fmt].split()), fmt
        assert json.loads(out["json"])["forecast"][4]["history_gap"] == "2025-04"


def test_the_fit_starts_after_the_latest_month_without_data(tmp_path):
    months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-06", "2026-07", "2026-08"]
    rows = growing(months, 100, 0.1)
    warehouse = synthetic_warehouse(tmp_path, rows)
    inference = build_report(warehouse, today=TODAY).primary.forecast_for("inference")
    assert inference.status == "ok" and inference.history_months == 3
    assert (inference.history_start, inference.history_gap) == ("2026-06", "2026-05")
    # Growth from the three months after the gap alone: 10 % a month, as they grew.
    assert inference.monthly_growth == pytest.approx(0.1, abs=1e-3)
    short = build_report(warehouse, month="2026-07", today=TODAY)
    fit = short.primary.forecast_for("inference")
    assert fit.status == "too_little_history" and fit.history_months == 2
    text = render(short, "text")
    assert "May 2026 has none, and only 2 months with spend follow it" in " ".join(text.split())


def test_a_runaway_trend_is_capped_and_flagged_volatile_everywhere(tmp_path):
    # A penny, then $1,000, then $10^11: an exact fit grows ~3,000,000x a month, which
    # compounded to December is far beyond any DECIMAL.
    rows = [Row("2026-05", "0.01"), Row("2026-06", "1000.00"), Row("2026-07", "100000000000")]
    report = build_report(synthetic_warehouse(tmp_path, rows), today=TODAY)
    assert_sane(report)
    inference = report.primary.forecast_for("inference")
    assert inference.status == "ok" and inference.volatile
    assert inference.volatile_reason == "runaway"
    assert inference.months[-1].amount == FORECAST_CAP
    out = rendered(report)
    # No range is printed for a runaway trend (its top is 10^18): every format says why.
    assert "volatile: the trend runs off the scale, no usable range" in out["text"]
    md = out["md"].replace("\\", "")  # Markdown escapes the parentheses
    assert "Inference (**volatile**: the trend runs off the scale)" in md
    assert "no usable range (volatile: the trend runs off the scale)" in md
    assert '<span class="tag-volatile"' in out["html"]
    assert "no usable range (volatile: the trend runs off the scale)" in out["html"]
    data = json.loads(out["json"])
    assert data["forecast"][1]["volatile"] is True
    assert "Inference forecast runs off the scale" in out["text"]


def test_too_few_months_for_a_long_horizon_is_a_wide_range(tmp_path):
    # Three steady months in March forecast nine months ahead: residuals are small (not
    # "swinging"), yet the December range spans far more than a factor of 10.
    rows = [Row("2026-01", "100.00"), Row("2026-02", "130.00"), Row("2026-03", "140.00")]
    report = build_report(synthetic_warehouse(tmp_path, rows), month="2026-03", today=TODAY)
    assert_sane(report)
    inference = report.primary.forecast_for("inference")
    assert inference.residual_se < 0.5
    assert inference.volatile and inference.volatile_reason == "wide_range"
    last = inference.months[-1]
    assert last.high > 10 * last.low
    assert "too few months with spend to forecast this far ahead" in render(report, "md")


def test_a_steady_series_is_not_volatile(tmp_path):
    months = [f"2026-{m:02d}" for m in range(1, 11)]
    report = build_report(synthetic_warehouse(tmp_path, growing(months, 1000, 0.05)), today=TODAY)
    inference = report.primary.forecast_for("inference")
    assert inference.status == "ok" and not inference.volatile
    assert inference.volatile_reason is None
    assert "volatile" not in render(report, "text")


@pytest.mark.slow
def test_report_on_the_real_bills_in_every_format_and_basis(tmp_path):
    """The issue's reproduction: WA-labs CUR, the FOCUS sample, the FOCUS AI examples (with the
    $500,000 prepayment) and the OpenAI examples; `report --cost billed` failed with a
    DECIMAL(38,12) conversion error in the forecast's high bound."""
    runner, warehouse = CliRunner(), tmp_path / "real.duckdb"
    openai = REAL_BILLS / "openai-openapi"
    bills = [
        REAL_BILLS / "aws-wa-labs-workshop-cur",
        REAL_BILLS / "focus-sample-data",
        REAL_BILLS / "focus-spec-ai-examples",
        openai / "usage-costs.response.json",
        openai / "usage-completions.response.json",
    ]
    result = invoke(runner, warehouse, "ingest", *map(str, bills))
    assert result.exit_code == 0, result.output
    for basis in ("billed", "effective"):
        for fmt in FORMATS:
            result = invoke(runner, warehouse, "report", "--cost", basis, "--format", fmt)
            assert result.exit_code == 0, result.output
            if fmt == "json":
                data = json.loads(result.stdout)
                ai = next(f for f in data["forecast"] if f["series"] == "ai_total")
                # $13, $0.06 and $301 scattered over nine months are no basis for a trend.
                assert ai["status"] == "too_little_history" and ai["months"] == []
