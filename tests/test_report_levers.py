"""Committed capacity, savings levers, model heads-ups and budget burn (issue 17 §2).

The bills (tests/data/report/capacity_bills.py) are written from published CUR and FOCUS
strings; every expected figure is worked out here from the rows written, by the formulas of
docs/report.md, never read back from the warehouse.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from finops_ai.pipeline import ingest_sources
from finops_ai.report.budgets import load_budgets
from finops_ai.report.build import build_report
from finops_ai.report.lever_settings import LeverSettings
from finops_ai.report.render import render
from tests.conftest import invoke, query
from tests.data.report.capacity_bills import (
    AZ_RESERVATION,
    OCT,
    RI_ARN,
    SP_ARN,
    Bills,
    Charge,
    capacity_bills,
)
from tests.test_report_fixtures import SAMPLE_TODAY, sample  # noqa: F401

TODAY = dt.date(2026, 11, 26)
CENT = Decimal("0.01")
DEFAULTS = LeverSettings()
BUDGETS = """
[[budget]]
name = "Serving"
class = "inference"
monthly = 30000

[[budget]]
name = "Training"
class = "training"
monthly = 100000
"""


def cents(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def bills() -> Bills:
    return capacity_bills()


@pytest.fixture(scope="module")
def warehouse(bills, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("levers")
    path = folder / "levers.duckdb"
    ingest_sources(path, [str(p) for p in bills.write(folder / "bills")])
    (folder / "budgets.toml").write_text(BUDGETS)
    return path


@pytest.fixture(scope="module")
def report(warehouse):
    budgets = load_budgets(warehouse.parent / "budgets.toml")
    return build_report(warehouse, today=TODAY, budgets=budgets)


def october(charges: list[Charge]) -> list[Charge]:
    return [c for c in charges if c.month == OCT]


# --- the figures, worked out from the rows --------------------------------------------------


def fleets(charges: list[Charge]) -> dict[tuple, dict]:
    """Accelerated training/inference usage per (provider, class, region, instance type)."""
    usage = [
        c
        for c in october(charges)
        if c.instance_type
        and c.pricing in ("committed", "spot", "on_demand")
        and c.klass in ("training", "inference")
    ]
    window_end: dict[str, dt.datetime] = {}
    for c in usage:
        window_end[c.provider] = max(window_end.get(c.provider, c.end), c.end)
    out: dict[tuple, dict] = {}
    for c in usage:
        f = out.setdefault(
            (c.provider, c.klass, c.region, c.instance_type),
            {"hours": defaultdict(Decimal), "cost": defaultdict(Decimal), "periods": {}},
        )
        f["hours"][c.pricing] += c.hours
        f["cost"][c.pricing] += c.cost
        length = Decimal((c.end - c.start).total_seconds() / 3600)
        f["periods"][c.start] = f["periods"].get(c.start, Decimal(0)) + c.hours / length
        f["period_hours"] = length
        f["window_hours"] = Decimal((window_end[c.provider] - OCT).total_seconds() / 3600)
    for f in out.values():
        expected_periods = f["window_hours"] / f["period_hours"]
        ran_always = len([p for p in f["periods"].values() if p > 0]) >= expected_periods
        f["steady"] = min(f["periods"].values()) if ran_always else Decimal(0)
        f["total"] = sum(f["hours"].values())
    return out


def bill_discounts(charges: list[Charge], pricing: str) -> dict[tuple, Decimal]:
    """1 - EffectiveCost / ListCost of a family's committed (or spot) usage."""
    cost: dict[tuple, Decimal] = defaultdict(Decimal)
    listed: dict[tuple, Decimal] = defaultdict(Decimal)
    for c in october(charges):
        if c.instance_type and c.pricing == pricing:
            key = (c.provider, family(c.instance_type))
            cost[key] += c.cost
            listed[key] += c.list_cost
    return {
        k: 1 - cost[k] / listed[k]
        for k in cost
        if listed[k] > 0 and 0 < 1 - cost[k] / listed[k] < 1
    }


def family(instance_type: str) -> str:
    return instance_type.rsplit(".", 1)[0] if "." in instance_type else instance_type


def commit_savings(charges: list[Charge], rate: Decimal) -> dict[str, Decimal]:
    discounts = bill_discounts(charges, "committed")
    out = {}
    for (provider, klass, _region, itype), f in fleets(charges).items():
        if klass != "inference" or not f["hours"]["on_demand"]:
            continue
        steady_hours = f["steady"] * f["window_hours"]
        commitable = max(
            min(
                f["hours"]["on_demand"], steady_hours - f["hours"]["committed"] - f["hours"]["spot"]
            ),
            Decimal(0),
        )
        per_hour = f["cost"]["on_demand"] / f["hours"]["on_demand"]
        out[itype] = commitable * per_hour * discounts.get((provider, family(itype)), rate)
    return {k: v for k, v in out.items() if v > 0}


def spot_savings(charges: list[Charge], rate: Decimal) -> dict[str, Decimal]:
    discounts = bill_discounts(charges, "spot")
    out = {}
    for (provider, klass, _region, itype), f in fleets(charges).items():
        if klass == "training" and f["cost"]["on_demand"] > 0:
            out[itype] = f["cost"]["on_demand"] * discounts.get((provider, family(itype)), rate)
    return out


def unused(charges: list[Charge]) -> Decimal:
    return sum(
        (c.cost for c in october(charges) if c.pricing == "unused" and c.cost > 0), Decimal(0)
    )


# --- committed capacity ---------------------------------------------------------------------


def test_fleets_are_the_accelerated_usage_by_pricing(bills, report):
    want = fleets(bills.charges)
    got = {
        (f.provider, f.workload_class, f.region, f.instance_type): f
        for f in report.committed_capacity.fleets
    }
    assert set(got) == set(want)
    for key, f in want.items():
        g = got[key]
        assert g.hours == pytest.approx(float(f["total"]), abs=0.005), key
        for pricing in ("committed", "spot", "on_demand"):
            assert getattr(g, f"{pricing}_hours") == pytest.approx(
                float(f["hours"][pricing]), abs=0.005
            )
        assert g.cost == cents(sum(f["cost"].values()))
        assert g.on_demand_cost == cents(f["cost"]["on_demand"])
        assert g.coverage == pytest.approx(float(f["hours"]["committed"] / f["total"]), abs=1e-6)
        assert g.steady == (f["steady"] > 0)
        assert (g.steady_instances or 0) == pytest.approx(float(f["steady"]), abs=1e-6)
    # The shapes written: two g5 instances around the clock (a third for 100 hours), two inf2
    # (one committed), the reserved p4d, p5 training partly on spot, Azure A100s mostly spot.
    assert got[("AWS", "inference", "us-east-1", "g5.2xlarge")].steady_instances == 2
    assert got[("AWS", "inference", "us-east-1", "inf2.xlarge")].coverage == 0.5
    assert got[("AWS", "inference", "us-east-1", "p4d.24xlarge")].coverage == 1
    assert got[("AWS", "training", "us-east-1", "p5.48xlarge")].spot_share == pytest.approx(
        1 / 3, abs=1e-6
    )


def test_capacity_summary_coverage_steady_share_spot_share(bills, report):
    want = fleets(bills.charges)
    inference = [f for k, f in want.items() if k[1] == "inference"]
    training = [f for k, f in want.items() if k[1] == "training"]
    steady = [f for f in inference if f["steady"] > 0]
    (summary,) = report.committed_capacity.summary
    assert summary.currency == "USD"
    assert summary.inference_hours == pytest.approx(
        float(sum(f["total"] for f in inference)), abs=0.005
    )
    assert summary.inference_coverage == pytest.approx(
        float(sum(f["hours"]["committed"] for f in inference) / sum(f["total"] for f in inference)),
        abs=1e-6,
    )
    assert summary.steady_on_demand_share == pytest.approx(
        float(sum(f["hours"]["on_demand"] for f in steady) / sum(f["total"] for f in steady)),
        abs=1e-6,
    )
    assert summary.training_spot_share == pytest.approx(
        float(sum(f["hours"]["spot"] for f in training) / sum(f["total"] for f in training)),
        abs=1e-6,
    )
    assert summary.unused_commitment == cents(unused(bills.charges))


def test_provisioned_throughput_and_ptu_hours_and_cost(bills, report):
    want: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for c in october(bills.charges):
        if c.capacity:
            hours = Decimal(24) if c.capacity == "bedrock_provisioned_throughput" else Decimal(1200)
            want[c.capacity][0] += hours
            want[c.capacity][1] += c.cost
    got = {p.kind: p for p in report.committed_capacity.provisioned}
    assert set(got) == {"bedrock_provisioned_throughput", "azure_openai_ptu"}
    for kind, (hours, cost) in want.items():
        assert got[kind].hours == pytest.approx(float(hours))
        assert got[kind].cost == cents(cost)
        assert got[kind].hourly_rate == pytest.approx(float(cost / hours), abs=1e-6)
    assert got["bedrock_provisioned_throughput"].model == "Nova"
    assert got["azure_openai_ptu"].model is None  # a PTU names no model


def test_commitments_covered_and_unused(bills, report):
    covered: dict[str, Decimal] = defaultdict(Decimal)
    idle: dict[str, Decimal] = defaultdict(Decimal)
    for c in october(bills.charges):
        if c.commitment and c.pricing == "committed":
            covered[c.commitment] += c.cost
        if c.commitment and c.pricing == "unused":
            idle[c.commitment] += c.cost
    got = {c.commitment_id: c for c in report.committed_capacity.commitments}
    assert set(got) == {SP_ARN, RI_ARN, AZ_RESERVATION}
    for arn in got:
        assert got[arn].covered_cost == cents(covered[arn])
        assert got[arn].unused_cost == cents(idle[arn])
    assert got[SP_ARN].used_share == pytest.approx(float(372 / Decimal("409.20")), abs=1e-6)
    assert got[SP_ARN].ai_covered_cost == got[SP_ARN].covered_cost  # the plan covers inf2 only


# --- savings levers -------------------------------------------------------------------------


def test_savings_json_has_exactly_the_contract_keys_and_a_basis(report):
    data = json.loads(render(report, "json"))
    levers = [s["lever"] for s in data["savings"]]
    assert sorted(levers) == ["commit_steady_serving", "training_to_spot", "unused_commitments"]
    amounts = [s["amount"] for s in data["savings"]]
    assert amounts == sorted(amounts, reverse=True)  # largest first
    for saving in data["savings"]:
        assert set(saving) == {"lever", "amount", "currency", "basis", "assumptions"}
        assert saving["currency"] == "USD" and saving["amount"] > 0
        assert "EffectiveCost" in saving["basis"]
        assert saving["assumptions"] and all(
            isinstance(a, str) and a for a in saving["assumptions"]
        )
    assert data["lever_settings"]["commitment_discount"] == DEFAULTS.commitment_discount


def test_commit_lever_uses_the_bills_discount_where_it_shows_one(bills, report):
    want = commit_savings(bills.charges, Decimal(str(DEFAULTS.commitment_discount)))
    assert set(want) == {"g5.2xlarge", "inf2.xlarge"}  # the reserved p4d has nothing on demand
    saving = {s.lever: s for s in report.savings}["commit_steady_serving"]
    assert saving.amount == cents(sum(want.values()))
    # inf2: the bill's own Savings Plan discount (1 - 0.50 / 0.7582); g5: the setting.
    assert "34.1% off, the bill's own commitment discount for inf2" in " ".join(saving.assumptions)
    assert "30.0% off, the levers.commitment_discount setting" in " ".join(saving.assumptions)
    fleet = {f.instance_type: f for f in report.committed_capacity.fleets}
    for itype, amount in want.items():
        assert fleet[itype].commit_saving == cents(amount)
    assert fleet["inf2.xlarge"].commitment_discount_source == "bill"
    assert fleet["g5.2xlarge"].commitment_discount_source == "setting"


def test_spot_lever_uses_the_bills_spot_discount_per_family(bills, report):
    want = spot_savings(bills.charges, Decimal(str(DEFAULTS.spot_discount)))
    assert set(want) == {"p5.48xlarge", "NC24ads A100 v4"}
    saving = {s.lever: s for s in report.savings}["training_to_spot"]
    assert saving.amount == cents(sum(want.values()))
    fleet = {f.instance_type: f for f in report.committed_capacity.fleets}
    assert fleet["p5.48xlarge"].spot_discount == pytest.approx(1 - 39.33 / 98.32, abs=1e-6)
    assert fleet["p5.48xlarge"].spot_discount_source == "bill"


def test_unused_commitments_lever(bills, report):
    saving = {s.lever: s for s in report.savings}["unused_commitments"]
    assert saving.amount == cents(unused(bills.charges)) == Decimal("124.54")
    assert SP_ARN in " ".join(saving.assumptions)


def test_settings_change_only_what_the_bill_does_not_show(bills, warehouse):
    rates = LeverSettings(commitment_discount=0.5, spot_discount=0.9)
    model = build_report(warehouse, today=TODAY, settings=rates)
    fleet = {f.instance_type: f for f in model.committed_capacity.fleets}
    want = commit_savings(bills.charges, Decimal("0.5"))
    assert fleet["g5.2xlarge"].commit_saving == cents(want["g5.2xlarge"])
    assert fleet["inf2.xlarge"].commit_saving == cents(want["inf2.xlarge"])  # the bill's rate
    assert fleet["inf2.xlarge"].commitment_discount == pytest.approx(1 - 0.50 / 0.7582, abs=1e-6)
    assert model.lever_settings == rates


def test_report_flags_set_the_rates(runner, warehouse):
    result = invoke(
        runner,
        warehouse,
        "report",
        "--today",
        "2026-11-26",
        "--format",
        "json",
        "--commitment-discount",
        "45",
        "--jump-percent",
        "200",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lever_settings"]["commitment_discount"] == 0.45
    assert data["lever_settings"]["jump_share"] == 2.0
    g5 = next(f for f in data["committed_capacity"]["fleets"] if f["instance_type"] == "g5.2xlarge")
    assert g5["commitment_discount"] == 0.45
    bad = invoke(runner, warehouse, "report", "--commitment-discount", "100")
    assert bad.exit_code == 2 and "commitment-discount" in bad.stderr


# --- model heads-ups ------------------------------------------------------------------------


def _ai(charges: list[Charge]) -> list[Charge]:
    return [c for c in charges if c.klass in ("training", "inference", "ai_other")]


def test_new_model_provider_and_region_with_the_day_they_started(bills, report):
    earlier = [c for c in _ai(bills.charges) if c.month < OCT]
    now = [c for c in _ai(october(bills.charges)) if c.cost]
    want = {}
    for dim in ("model", "provider", "region"):
        seen = {(getattr(c, dim), c.provider) for c in earlier}
        for c in now:
            key = (getattr(c, dim), c.provider)
            if key[0] is not None and key not in seen:
                first, amount = want.get((dim, *key), (c.day, Decimal(0)))
                want[(dim, *key)] = (min(first, c.day), amount + c.cost)
    got = {
        (h.dimension, h.key, h.provider): (dt.date.fromisoformat(h.started), h.amount)
        for h in report.model_heads_ups
        if h.kind.startswith("new_")
    }
    assert got == {k: (day, cents(amount)) for k, (day, amount) in want.items()}
    assert got[("model", "Llama3-3-70B", "AWS")][0] == dt.date(2026, 10, 20)
    assert got[("region", "us-west-2", "AWS")][0] == dt.date(2026, 10, 25)
    assert got[("provider", "Microsoft", "Microsoft")][0] == dt.date(2026, 10, 3)


def expected_jumps(charges: list[Charge], settings: LeverSettings) -> dict[str, tuple]:
    """Models billed before October whose day rose past the floor and the share above the mean
    of the 7 days before (from the model's first charge in them): the first such day."""
    days: dict[str, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for c in _ai(charges):
        if c.model and c.end - c.start <= dt.timedelta(days=1):
            days[c.model][c.day] += c.cost
    first_oct = OCT.date()
    out = {}
    for model, series in days.items():
        if not any(d < first_oct for d in series):
            continue  # new this month: a new_model heads-up instead
        start = first_oct - dt.timedelta(days=7)
        first = min(d for d in series if d >= start and series[d])
        for offset in range(31):
            day = first_oct + dt.timedelta(days=offset)
            week = [day - dt.timedelta(days=i) for i in range(1, 8)]
            week = [d for d in week if d >= first]
            if not week:
                continue
            baseline = sum(series.get(d, Decimal(0)) for d in week) / len(week)
            rise = series.get(day, Decimal(0)) - baseline
            if (
                baseline > 0
                and rise >= settings.jump_floor
                and rise >= Decimal(str(settings.jump_share)) * baseline
            ):
                month = sum(v for d, v in series.items() if d >= first_oct)
                out[model] = (day, series[day], baseline, month)
                break
    return out


def test_daily_jump_names_the_model_and_the_first_day(bills, report):
    want = expected_jumps(bills.charges, DEFAULTS)
    # NovaPro: $100 a day, then $400 from 15 October; Titan: $200, then $600 from 1 October,
    # against the last week of September.
    assert {m: d for m, (d, *_rest) in want.items()} == {
        "NovaPro": dt.date(2026, 10, 15),
        "TitanEmbeddingsV2-Text": dt.date(2026, 10, 1),
    }
    got = {h.key: h for h in report.model_heads_ups if h.kind == "daily_jump"}
    assert set(got) == set(want)
    for model, (day, amount, baseline, month) in want.items():
        h = got[model]
        assert (h.provider, h.started) == ("AWS", day.isoformat())
        assert (h.day_amount, h.baseline, h.amount) == (
            cents(amount),
            cents(baseline),
            cents(month),
        )
        assert h.growth == pytest.approx(float((amount - baseline) / baseline), abs=1e-6)


def test_jump_thresholds_are_settings(bills, warehouse):
    for settings in (LeverSettings(jump_floor=Decimal(350)), LeverSettings(jump_share=2.5)):
        model = build_report(warehouse, today=TODAY, settings=settings)
        got = {h.key: h.started for h in model.model_heads_ups if h.kind == "daily_jump"}
        want = expected_jumps(bills.charges, settings)
        assert got == {m: d.isoformat() for m, (d, *_rest) in want.items()}
        assert len(got) == 1  # each threshold keeps one of the two jumps


# --- budget burn ----------------------------------------------------------------------------


def test_budget_burn_over_budget_names_the_day_it_ran_out(bills, report):
    inference = [c for c in october(bills.charges) if c.klass == "inference"]
    actual = sum((c.cost for c in inference), Decimal(0))
    by_day: dict[dt.date, Decimal] = defaultdict(Decimal)
    for c in inference:
        by_day[max(c.day, OCT.date())] += c.cost
    total, crossed = Decimal(0), None
    for day in sorted(by_day):
        total += by_day[day]
        if total > 30000 and crossed is None:
            crossed = day
    burn = {b.name: b for b in report.budget_burn}
    serving, training = burn["Serving"], burn["Training"]
    assert serving.actual == cents(actual) and actual > 30000
    assert serving.days_elapsed == 31 and serving.month_days == 31
    assert serving.burn_rate == cents(actual / 31)
    assert (serving.burn_status, serving.overrun_date) == ("over", crossed.isoformat())
    assert (training.burn_status, training.overrun_date) == ("not_this_month", None)


def test_budget_burn_month_to_date_projects_the_overrun_day(tmp_path):
    b = Bills()
    for d in range(10):  # 1 to 10 October, $100 a day; today is the 11th
        b.azure(
            OCT + dt.timedelta(days=d),
            24,
            service="Azure OpenAI",
            meter="gpt-4o-0806-Inp-glbl Tokens",
            quantity="40000",
            unit="1K Tokens",
            cost="100.00",
            klass="inference",
        )
    b.cur = {}
    warehouse = tmp_path / "mtd.duckdb"
    ingest_sources(warehouse, [str(p) for p in b.write(tmp_path / "bills")])
    (tmp_path / "b.toml").write_text(
        '[[budget]]\nname = "AOAI"\nclass = "inference"\nmonthly = 2000\n'
    )
    model = build_report(
        warehouse, today=dt.date(2026, 10, 11), budgets=load_budgets(tmp_path / "b.toml")
    )
    assert model.month == "2026-10"
    (burn,) = model.budget_burn
    # $1,000 over 10 days: $100 a day, $3,100 at month end; $2,000 lasts 20 days: 21 October.
    assert (burn.days_elapsed, burn.burn_rate, burn.projected) == (
        10,
        Decimal("100.00"),
        Decimal("3100.00"),
    )
    assert (burn.burn_status, burn.overrun_date) == ("will_overrun", "2026-10-21")


# --- every format shows them ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_format_shows_levers_heads_ups_and_burn(report, fmt):
    out = render(report, fmt)
    for text in (
        "Committed capacity",
        "Savings levers",
        "daily spend jumped on 15 Oct",
        "New model",
        "Burn rate",
        "g5.2xlarge",
        "Bedrock provisioned throughput",
        "NovaPro",
    ):
        assert text in out, (fmt, text)
    saving = {s.lever: s for s in report.savings}["commit_steady_serving"]
    assert f"{saving.amount:,.2f}" in out


def test_the_email_shows_the_levers(report):
    from finops_ai.deliver.email import body_html

    body = body_html(report, attachment="report.html")
    assert "Savings levers" in body and "Burn rate" in body
    assert "daily spend jumped on 15 Oct" in body and "New model" in body


def test_line_items_without_a_class_key_still_count(warehouse, tmp_path):
    """The cube sums line items per class key; one without a key in class_keys (a warehouse not
    classified since it was loaded) is read as it is, so no spend goes missing."""
    import shutil

    import duckdb

    copy = tmp_path / "unkeyed.duckdb"
    shutil.copy(warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE line_item_data SET x_ClassKey = NULL WHERE x_UsageType LIKE '%NovaPro%'")
    total = con.execute(
        "SELECT sum(EffectiveCost) FROM line_items WHERE BillingPeriodStart = '2026-10-01'"
    ).fetchall()[0][0]
    con.close()
    model = build_report(copy, today=TODAY)
    assert model.primary.total == cents(total)
    assert model.primary.total == build_report(warehouse, today=TODAY).primary.total


def test_the_views_and_the_report_agree_on_the_sample_bills(sample):  # noqa: F811
    """accelerated_usage_monthly, commitment_utilization_monthly and
    provisioned_capacity_monthly are the report's committed capacity, in portable SQL."""
    model = build_report(sample, today=SAMPLE_TODAY)
    view = query(
        sample,
        "SELECT x_WorkloadClass, instance_type, pricing, sum(hours), sum(effective_cost) "
        "FROM accelerated_usage_monthly WHERE billing_month = '2026-10' "
        "AND x_WorkloadClass IN ('training', 'inference') GROUP BY ALL",
    )
    from_view = {(c, t, p): (h, cost) for c, t, p, h, cost in view}
    from_report = {}
    for f in model.committed_capacity.fleets:
        for pricing in ("committed", "spot", "on_demand"):
            hours = getattr(f, f"{pricing}_hours")
            if hours:
                from_report[(f.workload_class, f.instance_type, pricing)] = hours
    assert {k: round(h, 2) for k, (h, _) in from_view.items()} == from_report
    assert len(from_report) >= 8  # EC2, SageMaker and Azure fleets, on demand, committed, spot
    unused = query(
        sample,
        "SELECT CommitmentDiscountId, unused_cost FROM commitment_utilization_monthly "
        "WHERE billing_month = '2026-10'",
    )
    assert {k: cents(v) for k, v in unused} == {
        c.commitment_id: c.unused_cost for c in model.committed_capacity.commitments
    }
    provisioned = query(
        sample,
        "SELECT kind, model, hours, effective_cost FROM provisioned_capacity_monthly "
        "WHERE billing_month = '2026-10'",
    )
    assert [(k, m, h, cents(c)) for k, m, h, c in provisioned] == [
        (p.kind, p.model, p.hours, p.cost) for p in model.committed_capacity.provisioned
    ]


# --- the assumptions are settings -----------------------------------------------------------


def test_levers_settings_from_the_config_file_and_the_environment(tmp_path):
    from finops_ai.config import resolve

    config = tmp_path / "finops.toml"
    config.write_text("[levers]\ncommitment_discount = 25\njump_floor = 250.5\n")
    environ = {"FINOPS_AI_LEVERS_SPOT_DISCOUNT": "70", "FINOPS_AI_LEVERS_JUMP_PERCENT": "150"}
    settings = resolve(config=config, environ=environ, cwd=tmp_path)
    assert settings.lever_settings == LeverSettings(
        commitment_discount=0.25, spot_discount=0.7, jump_floor=Decimal("250.5"), jump_share=1.5
    )
    assert settings.origins["levers_commitment_discount"] == f"file {config}"
    assert settings.origins["levers_spot_discount"] == "env FINOPS_AI_LEVERS_SPOT_DISCOUNT"
    assert resolve(environ={}, cwd=tmp_path / "nowhere").lever_settings == LeverSettings()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("commitment_discount = 100", "levers.commitment_discount must be a percentage"),
        ("spot_discount = -5", "levers.spot_discount must be a percentage"),
        ('jump_floor = "a lot"', "levers.jump_floor must be a number of 0 or more"),
        ("jump_percnt = 50", "unknown key 'jump_percnt' in [levers]; did you mean 'jump_percent'?"),
    ],
)
def test_bad_levers_settings_are_refused_by_name(tmp_path, line, message):
    from finops_ai.config import resolve
    from finops_ai.errors import SettingsError

    config = tmp_path / "finops.toml"
    config.write_text(f"[levers]\n{line}\n")
    with pytest.raises(SettingsError, match=re.escape(message)):
        resolve(config=config, environ={}, cwd=tmp_path)
