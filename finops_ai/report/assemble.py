"""Pick the report queries' rows apart into the model. No arithmetic: SQL computed every number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from finops_ai.report.model import (
    CLASSES,
    SERIES,
    BudgetLine,
    BudgetMonth,
    CurrencySection,
    Forecast,
    ForecastMonth,
    HeadsUp,
    ModelCost,
    TopItem,
    TrendMonth,
    Unbudgeted,
    YearEnd,
)

ZERO = Decimal("0.00")
_PLURAL = {"service": "services", "model": "models", "account": "accounts", "resource": "resources"}


def sections(
    currencies: list[str],
    *,
    trend: list[dict[str, Any]],
    forecast: list[dict[str, Any]],
    year_end: list[dict[str, Any]],
    top: list[dict[str, Any]],
    unbudgeted: list[dict[str, Any]],
    models: list[dict[str, Any]],
) -> list[CurrencySection]:
    """One CurrencySection per currency, in the given order (the report's currency first)."""
    out = []
    for currency in currencies:
        months = _trend(r for r in trend if r["currency"] == currency)
        current = months[-1] if months else None
        amounts = current.amounts if current else {}
        totals = [r["currency_total"] for r in unbudgeted if r["currency"] == currency]
        out.append(
            CurrencySection(
                currency=currency,
                by_class={c: amounts.get(c) or ZERO for c in CLASSES},
                ai_total=amounts.get("ai_total") or ZERO,
                total=amounts.get("total") or ZERO,
                inference_share_of_ai=current.inference_share_of_ai if current else None,
                inference_share_of_total=current.inference_share_of_total if current else None,
                trend=months,
                forecast=_forecasts(
                    [r for r in forecast if r["currency"] == currency],
                    {r["series"]: r for r in year_end if r["currency"] == currency},
                ),
                top=_top([r for r in top if r["currency"] == currency]),
                unbudgeted_total=totals[0] if totals else ZERO,
                models=[
                    ModelCost(**{k: v for k, v in r.items() if k != "currency"})
                    for r in models
                    if r["currency"] == currency
                ],
            )
        )
    return out


def _trend(rows: Iterable[dict[str, Any]]) -> list[TrendMonth]:  # trend_rows.sql rows
    by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_month[row["month"]].append(row)
    months = []
    for month, series_rows in by_month.items():
        series = {r["series"]: r for r in series_rows}
        first = series_rows[0]
        months.append(
            TrendMonth(
                month=month,
                has_data=first["has_data"],
                amounts={s: series[s]["amount"] for s in SERIES},
                inference_share_of_ai=first["inference_share_of_ai"],
                inference_share_of_total=first["inference_share_of_total"],
                share_of_ai_change=first["share_of_ai_change"],
                share_of_ai={s: series[s]["share_of_ai"] for s in SERIES},
                share_of_total={s: series[s]["share_of_total"] for s in SERIES},
                mom_change={s: series[s]["mom_change"] for s in SERIES},
                cagr_3m={s: series[s]["cagr_3m"] for s in SERIES},
            )
        )
    return months


def _forecasts(rows: list[dict[str, Any]], year_end: dict[str, dict[str, Any]]) -> list[Forecast]:
    by_series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_series[row["series"]].append(row)
    out = []
    for series in SERIES:
        if series not in by_series:
            continue
        first = by_series[series][0]
        end = year_end.get(series)
        out.append(
            Forecast(
                series=series,
                status=first["status"],
                history_months=first["history_months"],
                history_start=first["history_start"],
                history_gap=first["history_gap"],
                monthly_growth=first["monthly_growth"],
                residual_se=first["residual_se"],
                volatile=first["volatile_reason"] is not None,
                volatile_reason=first["volatile_reason"],
                months=[
                    ForecastMonth(r["month"], r["amount"], r["low"], r["high"])
                    for r in by_series[series]
                    if r["month"] is not None
                ],
                year_end=YearEnd(
                    year=end["year"],
                    months_actual=end["months_actual"],
                    months_forecast=end["months_forecast"],
                    actual_to_date=end["actual_to_date"],
                    amount=end["amount"],
                    low=end["low"],
                    high=end["high"],
                )
                if end
                else None,
            )
        )
    return out


def _top(rows: list[dict[str, Any]]) -> dict[str, dict[str, list[TopItem]]]:
    top: dict[str, dict[str, list[TopItem]]] = {
        c: {d: [] for d in _PLURAL.values()} for c in ("inference", "training")
    }
    for r in rows:
        top[r["class"]][_PLURAL[r["dimension"]]].append(
            TopItem(
                dimension=r["dimension"],
                key=r["key"],
                label=r["label"],
                provider=r["provider"],
                amount=r["amount"],
                share_of_class=r["share_of_class"],
                previous=r["previous"],
                change=r["change"],
            )
        )
    return top


def budget_lines(rows: list[dict[str, Any]], series: list[dict[str, Any]]) -> list[BudgetLine]:
    """budget_status.sql's rows (columns = fields), each with budget_series.sql's months."""
    months: dict[int, list[BudgetMonth]] = defaultdict(list)
    for r in series:
        months[r["line_id"]].append(BudgetMonth(**{k: v for k, v in r.items() if k != "line_id"}))
    return [
        BudgetLine(**{k: v for k, v in r.items() if k != "line_id"}, months=months[r["line_id"]])
        for r in rows
    ]


def unbudgeted(rows: list[dict[str, Any]]) -> list[Unbudgeted]:
    return [
        Unbudgeted(
            currency=r["currency"],
            workload_class=r["class"],
            provider=r["provider"],
            service=r["service"],
            account=r["account"],
            account_name=r["account_name"],
            amount=r["amount"],
            share_of_ai=r["share_of_ai"],
        )
        for r in rows
    ]


def heads_ups(rows: list[dict[str, Any]]) -> list[HeadsUp]:
    return [
        HeadsUp(
            kind="growth_spike" if "growth" in r else "new",
            currency=r["currency"],
            workload_class=r["class"],
            dimension=r["dimension"],
            key=r["key"],
            label=r["label"],
            provider=r["provider"],
            amount=r["amount"],
            previous=r.get("previous"),
            growth=r.get("growth"),
            trend_growth=r.get("trend_growth"),
        )
        for r in rows
    ]
