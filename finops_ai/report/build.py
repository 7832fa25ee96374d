"""Run the queries/report/*.sql files against a read-only warehouse and assemble one Report.

Every figure comes from SQL. The queries build a few TEMP tables on the read-only connection
(DuckDB keeps them in memory, so the warehouse file is never written), mostly from the cells
every load keeps (016_report_cells.sql: the class keys the report groups alike, with their
spend, daily spend, compute and model rows), when they are current; else from the per-key
totals and the line items themselves (report_key_costs, report_cube, report_keys...). Everything
else reads those small tables (docs/report.md, How it is built). Python only picks rows apart
into the model."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb

from finops_ai import __version__
from finops_ai.classify.run import cells_fingerprint
from finops_ai.errors import WarehouseError, first_line
from finops_ai.report import assemble, levers, notes, tokens
from finops_ai.report.budgets import Budgets
from finops_ai.report.lever_settings import LeverSettings
from finops_ai.report.model import COST_BASES, Report
from finops_ai.resources import bind, load_query
from finops_ai.warehouse import migrate
from finops_ai.warehouse.db import connect_read_only

KEY_TOTALS_SCHEMA = 15  # class_key_totals has BilledCost and the names from this migration
CELLS_SCHEMA = 16  # the report's cells, kept by every load (016_report_cells.sql)
WINDOW_MONTHS = 12  # trend and forecast-fit window
# A forecast is volatile (docs/report.md) when its fit's residual standard error in log space is
# above VOLATILE_SE, or some month's 80 % range is more than VOLATILE_RANGE times as high at its
# top as at its bottom, or a figure hits FORECAST_CAP: the most any forecast month may say, a
# million times the largest monthly bill finops-ai is built for (10^12), so that no sum of
# forecasts can overflow the DECIMAL the report rounds into.
VOLATILE_SE = 0.5
VOLATILE_RANGE = 10.0
FORECAST_CAP = 1e18
TOP_ITEMS = 5
TOP_MODELS = 8  # the models chart: enough to show the spread of prices, few enough to read
HEADS_UP_LIMIT = 10
SPIKE_MIN_EXCESS = 0.25  # growth this far (25 points) above the class's trend is a spike...
SPIKE_MIN_SHARE = 0.01  # ...when the rise is at least 1 % of the month's AI spend


def build_report(
    warehouse: Path,
    *,
    month: str | None = None,
    basis: str = "effective",
    budgets: Budgets | None = None,
    today: dt.date | None = None,
    settings: LeverSettings | None = None,
) -> Report:
    """The report for ``month`` ("YYYY-MM"; default: the last complete month with data).
    ``settings``: the savings levers' and heads-ups' assumptions (default: LeverSettings())."""
    con = connect_read_only(warehouse)
    try:
        return _build(
            con,
            warehouse,
            month,
            basis,
            budgets,
            today or dt.date.today(),
            settings or LeverSettings(),
        )
    except duckdb.Error as exc:
        raise WarehouseError(f"{warehouse}: report query failed: {first_line(exc)}") from exc
    finally:
        con.close()


def rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run queries/report/<name>.sql with the ``$params`` it names; rows as dicts (none for a
    CREATE). A query and the one that stands in for it may name different ones."""
    sql = load_query(f"report/{name}")
    cursor = con.execute(sql, bind(sql, params))
    if cursor.description is None:
        return []
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _build(
    con: duckdb.DuckDBPyConnection,
    warehouse: Path,
    requested: str | None,
    basis: str,
    budgets: Budgets | None,
    today: dt.date,
    settings: LeverSettings,
) -> Report:
    if basis not in COST_BASES:
        raise ValueError(f"cost basis {basis!r} is not one of {COST_BASES}")
    rows(con, "macros", {})
    cube = {"basis": basis, "tag_keys": budgets.tag_keys if budgets else []}
    key_costs = _key_costs(con, basis)
    stored = key_costs == "key_costs" and _cells_current(con)
    if stored:
        rows(con, "cube_stored", cube)
    else:
        rows(con, key_costs, {"basis": basis})
        rows(con, "cube", {"tag_keys": cube["tag_keys"]})
    if not rows(con, "cube_complete", {})[0]["complete"]:
        rows(con, "cube_rows", cube)  # some line item has no class key yet: read them as they are
    choice = rows(con, "month_choice", {"today": today})[0]
    if choice["latest_month"] is None:
        raise WarehouseError(
            f"{warehouse}: no line items to report on", "Ingest bills first: finops-ai ingest PATH"
        )
    month = requested or choice["complete_month"] or choice["latest_month"]
    first = _first_day(month)
    last_month = _horizon_end(first)
    currencies = [r["currency"] for r in rows(con, "currencies", {"month": first})]
    _load_budgets(con, budgets, currencies[0])
    at = {"month": first}
    rows(con, "trend", at)
    rows(con, "budget_match", {})
    rows(con, "budget_actuals", {**at, "last_month": last_month})
    rows(con, "forecast_fit", {**at, "window": WINDOW_MONTHS})
    rows(con, "forecast_months", {**at, "last_month": last_month, "cap": FORECAST_CAP})

    # top_models.sql reads it here, tokens.sql in tokens.gather
    rows(con, "model_items_stored" if stored else "model_items", at)
    unbudgeted = rows(con, "unbudgeted", at)
    volatility = {"max_se": VOLATILE_SE, "max_range": VOLATILE_RANGE}
    sections = assemble.sections(
        currencies,
        trend=rows(con, "trend_rows", {**at, "window": WINDOW_MONTHS}),
        forecast=rows(con, "forecast_rows", volatility),
        year_end=rows(con, "year_end", at),
        top=rows(con, "top_items", {**at, "limit": TOP_ITEMS})
        + rows(
            con,
            "top_resources_stored" if stored else "top_resources",
            {**at, "limit": TOP_ITEMS, "basis": basis},
        ),
        unbudgeted=unbudgeted,
        models=rows(con, "top_models", {**at, "limit": TOP_MODELS}),
    )
    heads_ups = rows(con, "new_items", {**at, "limit": HEADS_UP_LIMIT}) + rows(
        con,
        "growth_spikes",
        {
            **at,
            "limit": HEADS_UP_LIMIT,
            "min_excess": SPIKE_MIN_EXCESS,
            "min_share": SPIKE_MIN_SHARE,
        },
    )
    data_months = [r["month"] for r in rows(con, "data_months", {})]
    sections = tokens.gather(con, rows, sections, month=first, basis=basis, settings=settings)
    sections_ai = levers.gather(
        con,
        rows,
        month=first,
        basis=basis,
        tag_keys=budgets.tag_keys if budgets else [],
        settings=settings,
        budgets=budgets is not None,
        stored_cells=stored,
    )
    report = Report(
        month=month,
        cost_basis=basis,
        primary=sections[0],
        other_currencies=sections[1:],
        budgets_file=budgets.path if budgets else None,
        budget_lines=assemble.budget_lines(
            rows(con, "budget_status", {**at, **volatility}), rows(con, "budget_series", at)
        ),
        unbudgeted=assemble.unbudgeted(unbudgeted),
        heads_ups=assemble.heads_ups(heads_ups),
        notes=[],
        data_months=data_months,
        finops_ai_version=__version__,
        **sections_ai,
    )
    found = notes.notes(
        report,
        requested=requested,
        choice=choice,
        sources=rows(con, "sources", at),
        today=today,
    )
    return replace(report, notes=found)


def _key_costs(con: duckdb.DuckDBPyConnection, basis: str) -> str:
    """The query that fills report_key_costs: from the per-key totals every load keeps, when
    they add up to the line items; else from the line items themselves (the full scan)."""
    if migrate.current_version(con) < KEY_TOTALS_SCHEMA:
        return "key_costs_rows"
    current = rows(con, "key_totals_current", {"basis": basis})[0]["current"]
    return "key_costs" if current else "key_costs_rows"


def _cells_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the cells the last load kept are this release's and add up to the per-key totals
    (then the report reads them instead of deriving them from every key and line item)."""
    if migrate.current_version(con) < CELLS_SCHEMA:
        return False
    found = rows(con, "cells_current", {"fingerprint": cells_fingerprint()})
    return bool(found[0]["current"])


def _load_budgets(con: duckdb.DuckDBPyConnection, budgets: Budgets | None, currency: str) -> None:
    """Budget lines into TEMP tables; a line without a currency takes the report's currency."""
    rows(con, "budget_lines_table", {})
    rows(con, "budget_months_table", {})
    if budgets is None:
        return
    tag_keys = budgets.tag_keys
    for line_id, spec in enumerate(budgets.lines, 1):
        params = {
            "line_id": line_id,
            "name": spec.name,
            "scope": spec.scope,
            "currency": spec.currency or currency,
            "class": spec.workload_class,
            "account": spec.account,
            "project": spec.project,
            "provider": spec.provider,
            "service": spec.service,
            "tag_index": tag_keys.index(spec.tag_key) + 1 if spec.tag_key else None,
            "tag_value": spec.tag_value,
            "monthly": str(spec.monthly),
        }
        con.execute(load_query("report/budget_line"), params)
        for month, amount in spec.months.items():
            con.execute(
                load_query("report/budget_month"),
                {"line_id": line_id, "month": _first_day(month), "amount": str(amount)},
            )


def _first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def _horizon_end(first: dt.date) -> dt.date:
    """Forecast through the year's end, and at least 3 months ahead."""
    three_ahead = _add_months(first, 3)
    december = dt.date(first.year, 12, 1)
    return max(three_ahead, december)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
