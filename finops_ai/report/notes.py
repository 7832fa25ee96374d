"""What the report cannot answer, or answers from partial data, said in words.

Every note is a (code, message) pair: the code for programs reading the JSON, the message for
people. Notes never hold figures of their own: they quote months and names from the queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from finops_ai.report.model import CLASS_LABELS, Note, Report


def notes(
    report: Report,
    *,
    requested: str | None,
    choice: dict[str, Any],
    sources: list[dict[str, Any]],
    today: dt.date,
) -> list[Note]:
    """All notes; ``choice`` is month_choice.sql's row, ``sources`` sources.sql's rows."""
    return (
        _month_notes(report, requested, choice, today)
        + _source_notes(sources)
        + _history_notes(report)
        + _other_notes(report)
    )


def _month_notes(
    report: Report, requested: str | None, choice: dict[str, Any], today: dt.date
) -> list[Note]:
    found = []
    month, current = report.month, report.primary.current
    if month not in report.data_months:
        span = f"{report.data_months[0]} to {report.data_months[-1]}"
        found.append(Note("no_data", f"No line items for {month}: the warehouse has {span}."))
    elif current and current.amounts.get("ai_total") == 0:
        found.append(Note("no_ai_spend", f"No AI spend in {month}: every line item is non-AI."))
    if _months_after(month, 1) > today:
        message = (
            f"{month} has not ended (today is {today.isoformat()}): figures are month to date."
        )
        found.append(Note("month_to_date", message))
    elif requested is None and choice["complete_month"] != choice["latest_month"]:
        message = f"{choice['latest_month']} is still open; showing {month}."
        found.append(Note("latest_month_open", message))
    if requested is None and _months_after(month, 2) <= today.replace(day=1):
        # The month after the report month has ended too, yet has no data: a stalled ingest.
        message = (
            f"The warehouse has no data after {choice['latest_month']}: ingest the newer bills "
            "for a current report."
        )
        found.append(Note("stale_data", message))
    return found


def _source_notes(sources: list[dict[str, Any]]) -> list[Note]:
    found = []
    for s in sources:
        name = s["provider"] or "(no provider)"
        if s["provider_accounts"] > 1 and s["billing_account"]:
            name += f" account {s['billing_account']}"
        if not s["in_month"]:
            message = (
                f"No {name} data for this month (last seen {s['previous_month']}): its spend "
                "is missing from every figure. Ingest it and re-run."
            )
            found.append(Note("missing_source", message))
        elif s["last_charge_end"] is not None and (
            # A whole day short: the provider has not delivered the month's end yet.
            s["last_charge_end"] <= s["month_end"] - dt.timedelta(days=1)
        ):
            message = (
                f"{name} data runs only to {s['last_charge_end']:%Y-%m-%d %H:%M} UTC: the "
                "month is incomplete for it."
            )
            found.append(Note("partial_source", message))
    return found


def _history_notes(report: Report) -> list[Note]:
    found = []
    months = len([m for m in report.data_months if m <= report.month])
    if months < 2:
        message = f"Only {months} month of data up to {report.month}: no growth rates or forecast."
        found.append(Note("short_history", message))
    elif months < 4:
        message = f"Only {months} months of data up to {report.month}: no 3-month growth rate" + (
            " or forecast (it needs 3 months with spend)." if months < 3 else "."
        )
        found.append(Note("short_history", message))
    total = report.primary.forecast_for("total")
    if total and total.status != "ok" and total.history_start and total.history_gap:
        message = (
            f"No forecast: {total.history_gap} has no line items, and a forecast needs 3 months "
            f"with spend in an unbroken run of months up to {report.month}. Ingest the missing "
            "month's bills for one."
        )
        found.append(Note("history_gap", message))
    for forecast in report.primary.forecast:
        if forecast.status == "ok" and forecast.volatile and forecast.series in CLASS_LABELS:
            label = CLASS_LABELS[forecast.series]
            message = _VOLATILE.get(forecast.volatile_reason or "", _VOLATILE["swings"]).format(
                label
            )
            found.append(Note("volatile_forecast", message))
    return found


_VOLATILE = {
    "swings": "{} spend swings from month to month: its forecast range is wide.",
    "wide_range": (
        "{} forecast: too few months with spend to forecast this far ahead; its range is too "
        "wide to use."
    ),
    "runaway": "{} forecast runs off the scale (its trend compounds without bound): ignore it.",
}


def _other_notes(report: Report) -> list[Note]:
    found = [
        Note(
            "other_currency",
            f"Spend billed in {section.currency} is reported in its own section, never added "
            f"to {report.primary.currency}.",
        )
        for section in report.other_currencies
    ]
    if report.budgets_file is None:
        message = (
            "No budgets file (--budgets): no budget line covers any spend, so all AI spend "
            "counts as unbudgeted."
        )
        found.append(Note("no_budgets", message))
    for line in report.budget_lines:
        if line.status == "no_data":
            message = (
                f"Budget line {line.name!r} ({line.currency}): no {line.currency} spend in "
                f"{report.month} to compare with."
            )
            found.append(Note("budget_no_data", message))
    return found


def _months_after(month: str, months: int) -> dt.date:
    """The first day of the month ``months`` after ``month`` ("YYYY-MM")."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
