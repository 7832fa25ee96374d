"""Empty, partial and odd warehouses: each gives a report that says what is missing.

Built from small synthetic FOCUS bills whose workload tags decide the class, so every expected
figure is known by construction. Every case also renders in every format.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from finops_ai.report.build import build_report
from finops_ai.report.render import FORMATS, render
from finops_ai.warehouse import db
from tests.conftest import invoke
from tests.test_report_fixtures import Row, growing, synthetic_warehouse

TODAY = dt.date(2026, 11, 26)
MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10"]


def codes(report) -> list[str]:  # noqa: ANN001
    return [n.code for n in report.notes]


def renders_everywhere(report) -> dict[str, str]:  # noqa: ANN001
    out = {fmt: render(report, fmt, width=80) for fmt in FORMATS}
    json.loads(out["json"])
    return out


def test_one_month_warehouse(tmp_path):
    warehouse = synthetic_warehouse(
        tmp_path,
        [
            Row("2026-10", "100.00"),
            Row("2026-10", "40.00", workload="training"),
            Row("2026-10", "60.00", workload=None, service="Storage"),
        ],
    )
    report = build_report(warehouse, today=TODAY)
    section = report.primary
    assert report.month == "2026-10" and len(section.trend) == 1
    assert section.by_class == {
        "training": Decimal("40.00"),
        "inference": Decimal("100.00"),
        "ai_other": Decimal("0.00"),
        "non_ai": Decimal("60.00"),
    }
    assert section.inference_share_of_ai == pytest.approx(100 / 140, abs=1e-6)
    assert section.current.mom_change["inference"] is None
    statuses = {f.series: f.status for f in section.forecast}
    assert statuses["inference"] == "too_little_history" and statuses["ai_other"] == "no_spend"
    assert "short_history" in codes(report)
    assert report.heads_ups == []  # with no earlier month, nothing is "new"
    out = renders_everywhere(report)
    assert "too little history" in out["html"].lower() or "Too little history" in out["html"]
    assert "n/a" in out["text"]


def test_month_with_no_ai_spend(tmp_path):
    rows = growing(MONTHS[:3], 100, 0.1) + [Row("2026-10", "80.00", workload=None, service="VM")]
    report = build_report(synthetic_warehouse(tmp_path, rows), today=TODAY)
    section = report.primary
    assert section.ai_total == 0 and section.total == Decimal("80.00")
    assert section.inference_share_of_ai is None  # 0 / 0: undefined, not an error
    assert section.inference_share_of_total == 0
    assert section.current.mom_change["inference"] == -1.0
    assert "no_ai_spend" in codes(report)
    out = renders_everywhere(report)
    assert "No AI spend in 2026-10" in out["text"]


def test_month_missing_a_source_and_a_partial_one(tmp_path):
    rows = (
        growing(MONTHS, 100, 0.1)
        + growing(MONTHS[:3], 50, 0.1, provider="Google Cloud", service="Vertex AI")
        + [Row("2026-10", "5.00", provider="Oracle", service="OCI AI", last_day=15)]
        + [Row("2026-09", "5.00", provider="Oracle", service="OCI AI")]
    )
    report = build_report(synthetic_warehouse(tmp_path, rows), today=TODAY)
    messages = {n.code: n.message for n in report.notes}
    assert "Google Cloud" in messages["missing_source"]
    assert "last seen 2026-09" in messages["missing_source"]
    assert "Oracle data runs only to 2026-10-15" in messages["partial_source"]
    assert "Google Cloud" in renders_everywhere(report)["html"]


def test_mixed_currencies_are_never_added(tmp_path):
    rows = growing(MONTHS, 100, 0.1) + growing(MONTHS, 1000, 0.2, currency="EUR", account="sub-e")
    rows += [Row("2026-10", "1.00", currency="EUR", account="sub-e")]  # EUR: more line items
    report = build_report(synthetic_warehouse(tmp_path, rows), today=TODAY)
    assert report.currency == "EUR"  # the currency with the most line items leads
    assert report.primary.by_class["inference"] == Decimal("1729.00")  # 1000*1.2**3 + 1
    (usd,) = report.other_currencies
    assert usd.currency == "USD" and usd.by_class["inference"] == Decimal("133.10")
    assert "other_currency" in codes(report)
    data = json.loads(render(report, "json"))
    assert data["currency"] == "EUR" and data["other_currencies"][0]["currency"] == "USD"
    assert data["by_class"]["inference"] == 1729.0
    assert data["other_currencies"][0]["by_class"]["inference"] == 133.1
    assert "$133.10" in render(report, "html") and "€1,729.00" in render(report, "html")


def test_new_items_and_growth_far_above_trend(tmp_path):
    rows = (
        growing(MONTHS, 1000, 0.05)
        + growing(MONTHS, 100, 0.05, service="Azure Machine Learning")[:3]
        + [Row("2026-10", "400.00", service="Azure Machine Learning")]  # x3.5 against +5 %
        + [Row("2026-10", "300.00", service="Azure AI Search", account="sub-new")]
    )
    report = build_report(synthetic_warehouse(tmp_path, rows), today=TODAY)
    new = [(h.dimension, h.key) for h in report.heads_ups if h.kind == "new"]
    assert ("service", "Azure AI Search") in new and ("account", "sub-new") in new
    (spike,) = [h for h in report.heads_ups if h.kind == "growth_spike"]
    assert spike.key == "Azure Machine Learning" and spike.previous == Decimal("110.25")
    assert spike.growth == pytest.approx(400 / 110.25 - 1, abs=1e-6)
    assert spike.growth > spike.trend_growth + 0.25
    assert "Azure AI Search" in renders_everywhere(report)["md"]


def test_month_without_data_and_a_gap(tmp_path):
    rows = growing(["2026-07"], 100, 0) + growing(["2026-09", "2026-10"], 120, 0.1)
    warehouse = synthetic_warehouse(tmp_path, rows)
    report = build_report(warehouse, today=TODAY)
    gap = [m for m in report.primary.trend if m.month == "2026-08"][0]
    assert not gap.has_data and gap.amounts["inference"] is None
    assert report.primary.trend[2].mom_change["inference"] is None  # from a missing month
    later = build_report(warehouse, month="2026-12", today=TODAY)
    assert later.primary.total == 0 and "no_data" in codes(later)
    assert "month_to_date" in codes(later)
    assert "stale_data" not in codes(report)
    assert "stale_data" in codes(build_report(warehouse, today=dt.date(2027, 1, 2)))
    earlier = build_report(warehouse, month="2026-01", today=TODAY)
    assert earlier.primary.trend[-1].month == "2026-01" and "no_data" in codes(earlier)
    for each in (report, later, earlier):
        renders_everywhere(each)


def test_empty_warehouse_is_one_line_error(runner, tmp_path):
    warehouse = tmp_path / "empty.duckdb"
    with db.write(warehouse):
        pass  # a new file: migrated, no line items
    result = invoke(runner, warehouse, "report")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {warehouse}: no line items to report on. Ingest bills first: finops-ai ingest PATH"
    ]
    assert result.stdout == ""
