"""Inference unit economics, prompt caching and batch share (docs/report.md).

Every figure comes from queries/report/*.sql: tokens.sql sums the token-priced inference of the
report month and the two before it (report_tokens, by the rules of the view token_line_items) in
the report's cost basis, from the model rows build.py has read once (report_model_items); the
other queries read that small table. This module only picks the rows
apart into each currency's section. It runs before the savings levers, whose token levers read
the TEMP tables it leaves (report_cache, report_batch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import duckdb

from finops_ai.report.lever_settings import LeverSettings
from finops_ai.report.model import (
    BatchShare,
    CacheSavings,
    CurrencySection,
    UnitEconomics,
    UnitEconomicsMonth,
    UnitEconomicsTrend,
)

Row = dict[str, Any]
Run = Callable[[duckdb.DuckDBPyConnection, str, dict[str, Any]], list[Row]]


def gather(
    con: duckdb.DuckDBPyConnection,
    run: Run,
    sections: list[CurrencySection],
    *,
    month: dt.date,
    basis: str,
    settings: LeverSettings,
) -> list[CurrencySection]:
    """``sections`` with their unit economics, its trend, cache and batch lists."""
    at = {"month": month}
    run(con, "tokens", {**at, "basis": basis})
    run(con, "cache", {**at, "cache_target": settings.cache_target})
    run(con, "batch", at)
    units = run(con, "unit_economics", at)
    trend = run(con, "unit_economics_trend", at)
    cache = run(con, "cache_rows", {})
    batch = run(con, "batch_rows", {})
    return [
        replace(
            s,
            unit_economics=[
                UnitEconomics(**_drop(r)) for r in units if r["currency"] == s.currency
            ],
            unit_economics_trend=[_trend(r) for r in trend if r["currency"] == s.currency],
            cache=[CacheSavings(**_drop(r)) for r in cache if r["currency"] == s.currency],
            batch=[BatchShare(**_drop(r)) for r in batch if r["currency"] == s.currency],
        )
        for s in sections
    ]


def _drop(row: Row) -> Row:
    return {k: v for k, v in row.items() if k != "currency"}


def _trend(row: Row) -> UnitEconomicsTrend:
    months = [UnitEconomicsMonth(**m) for m in row.pop("months")]
    return UnitEconomicsTrend(**_drop(row), months=months)
