"""The short spend summary `finops-ai demo` prints (the full report comes from report/)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import jinja2

from finops_ai.resources import load_query, templates_dir
from finops_ai.warehouse.db import connect_read_only


def sample_bills_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_data" / "sample_bills", here.parent / "sample_bills"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("finops-ai is installed without its sample_bills/ folder")


def money(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def _rows(con, name: str, params: dict | None = None) -> list[dict]:
    cursor = con.execute(load_query(name), params or {})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def summary_model(warehouse: Path) -> dict:
    con = connect_read_only(warehouse)
    try:
        by_month = _rows(con, "report/spend_by_month")
        return {
            "by_month": by_month,
            "by_provider": _rows(con, "report/spend_by_provider"),
            "top_services": _rows(con, "report/top_services", {"limit": 8}),
            "latest_month": by_month[-1]["month"] if by_month else "-",
        }
    finally:
        con.close()


def render_summary(warehouse: Path) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["money"] = money
    return env.get_template("summary.txt.j2").render(**summary_model(warehouse)).rstrip()
