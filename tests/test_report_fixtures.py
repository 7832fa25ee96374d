"""Warehouses the report tests share: the bundled sample bills, and small synthetic FOCUS bills.

Not tests: the report test modules import from here. The sample warehouse is built once per
session (ingest + classify take a few seconds) and only ever opened read-only afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from finops_ai.pipeline import ingest_sources
from tests.conftest import SAMPLE_BILLS

REPORT_DATA = Path(__file__).resolve().parent / "data" / "report"
BUDGETS = REPORT_DATA / "budgets.toml"
SAMPLE_TODAY = dt.date(2026, 11, 26)  # the sample's last month, 2026-10, is complete
_BUILT: dict[str, Path] = {}


def sample_warehouse(factory: pytest.TempPathFactory) -> Path:
    if "sample" not in _BUILT:
        path = factory.mktemp("report-sample") / "sample.duckdb"
        ingest_sources(path, [str(SAMPLE_BILLS)])
        _BUILT["sample"] = path
    return _BUILT["sample"]


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample bills (AWS, Azure, OpenAI, Anthropic; 2026-07 to 2026-10), read-only."""
    return sample_warehouse(tmp_path_factory)


@dataclass(frozen=True)
class Row:
    """One FOCUS line item; ``workload`` tags it training or inference (None: non-AI)."""

    month: str  # YYYY-MM
    cost: str
    service: str = "Azure OpenAI"
    workload: str | None = "inference"
    currency: str = "USD"
    provider: str = "Microsoft"
    account: str = "sub-a"
    billing_account: str = "ba-1"
    resource: str | None = None
    last_day: int | None = None  # the charge ends on this day of the month (partial data)


FIELDS = [
    "BillingAccountId",
    "SubAccountId",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ChargeCategory",
    "BilledCost",
    "EffectiveCost",
    "BillingCurrency",
    "ProviderName",
    "ServiceName",
    "ServiceCategory",
    "ResourceId",
    "Tags",
]


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, mon = int(month[:4]), int(month[5:7])
    return dt.date(year, mon, 1), dt.date(year + mon // 12, mon % 12 + 1, 1)


def synthetic_warehouse(folder: Path, rows: list[Row], name: str = "syn") -> Path:
    """Write ``rows`` as one FOCUS 1.0 CSV and ingest it (classified by its workload tags)."""
    folder.mkdir(parents=True, exist_ok=True)
    bill = folder / f"{name}.csv"
    with bill.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        for row in rows:
            start, end = _month_bounds(row.month)
            charge_end = start.replace(day=row.last_day) if row.last_day else end
            writer.writerow(
                {
                    "BillingAccountId": row.billing_account,
                    "SubAccountId": row.account,
                    "BillingPeriodStart": f"{start}T00:00:00Z",
                    "BillingPeriodEnd": f"{end}T00:00:00Z",
                    "ChargePeriodStart": f"{start}T00:00:00Z",
                    "ChargePeriodEnd": f"{charge_end}T00:00:00Z",
                    "ChargeCategory": "Usage",
                    "BilledCost": row.cost,
                    "EffectiveCost": row.cost,
                    "BillingCurrency": row.currency,
                    "ProviderName": row.provider,
                    "ServiceName": row.service,
                    # workload tags decide AI services only (docs/classification.md)
                    "ServiceCategory": "AI and Machine Learning" if row.workload else "Compute",
                    "ResourceId": row.resource or "",
                    "Tags": json.dumps({"workload": row.workload}) if row.workload else "",
                }
            )
    warehouse = folder / f"{name}.duckdb"
    ingest_sources(warehouse, [str(bill)])
    return warehouse


def growing(months: list[str], start: float, rate: float, **fields: object) -> list[Row]:
    """Rows of a series growing by ``rate`` a month from ``start``."""
    return [
        Row(month, f"{start * (1 + rate) ** i:.2f}", **fields)  # type: ignore[arg-type]
        for i, month in enumerate(months)
    ]
