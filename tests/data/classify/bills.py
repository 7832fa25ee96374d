"""Small hand-made bills for the classification tests: legacy CUR CSV and FOCUS CSV writers, and
the ground-truth join that measures how much cost lands in its true class."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb

CUR_COLUMNS = [
    "identity/LineItemId",
    "bill/PayerAccountId",
    "bill/BillingPeriodStartDate",
    "bill/BillingPeriodEndDate",
    "lineItem/UsageAccountId",
    "lineItem/LineItemType",
    "lineItem/UsageStartDate",
    "lineItem/UsageEndDate",
    "lineItem/ProductCode",
    "lineItem/UsageType",
    "lineItem/ResourceId",
    "lineItem/UsageAmount",
    "lineItem/UnblendedCost",
    "lineItem/CurrencyCode",
    "lineItem/LineItemDescription",
    "product/ProductName",
    "product/instanceType",
    "product/region",
    "pricing/unit",
]

FOCUS_COLUMNS = [
    "BillingAccountId",
    "SubAccountId",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ChargeCategory",
    "ChargeDescription",
    "BilledCost",
    "EffectiveCost",
    "BillingCurrency",
    "ProviderName",
    "ServiceName",
    "ServiceCategory",
    "ServiceSubcategory",
    "RegionId",
    "ResourceId",
    "ResourceType",
    "SkuMeter",
    "ConsumedQuantity",
    "ConsumedUnit",
    "PricingQuantity",
    "Tags",
    "x_ServiceCode",
    "x_UsageType",
]


def cur_row(
    line_id: str,
    *,
    payer: str = "111111111111",
    account: str = "222222222222",
    period: str = "2026-11",
    start: str = "2026-11-03T10:00:00Z",
    end: str = "2026-11-03T11:00:00Z",
    line_type: str = "Usage",
    product: str = "AmazonEC2",
    usage_type: str = "",
    resource: str = "",
    amount: float = 1.0,
    cost: float = 1.0,
    description: str = "",
    product_name: str = "",
    instance_type: str = "",
    region: str = "us-east-1",
    unit: str = "Hrs",
    tags: dict[str, str] | None = None,
    reservation_arn: str = "",
) -> dict[str, str]:
    """One legacy CUR row. ``tags`` keys are written as resourceTags/user:KEY (or aws:KEY)."""
    year, month = (int(x) for x in period.split("-"))
    nxt = f"{year + month // 12}-{month % 12 + 1:02d}"
    row = {
        "identity/LineItemId": line_id,
        "bill/PayerAccountId": payer,
        "bill/BillingPeriodStartDate": f"{period}-01T00:00:00Z",
        "bill/BillingPeriodEndDate": f"{nxt}-01T00:00:00Z",
        "lineItem/UsageAccountId": account,
        "lineItem/LineItemType": line_type,
        "lineItem/UsageStartDate": start,
        "lineItem/UsageEndDate": end,
        "lineItem/ProductCode": product,
        "lineItem/UsageType": usage_type,
        "lineItem/ResourceId": resource,
        "lineItem/UsageAmount": f"{amount:.6f}",
        "lineItem/UnblendedCost": f"{cost:.10f}",
        "lineItem/CurrencyCode": "USD",
        "lineItem/LineItemDescription": description,
        "product/ProductName": product_name,
        "product/instanceType": instance_type,
        "product/region": region if usage_type else "",
        "pricing/unit": unit,
    }
    if reservation_arn:
        row["reservation/ReservationARN"] = reservation_arn
    for key, value in (tags or {}).items():
        column = key if key.startswith("aws:") else f"user:{key}"
        row[f"resourceTags/{column}"] = value
    return row


def write_cur(path: Path, rows: list[dict[str, str]]) -> Path:
    # tags, cost categories and the optional columns of some rows (reservation/ReservationARN)
    tag_columns = sorted({c for r in rows for c in r if c not in CUR_COLUMNS})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, CUR_COLUMNS + tag_columns, restval="", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def focus_row(
    resource: str,
    *,
    provider: str = "Microsoft",
    billing_account: str = "acme-billing-01",
    account: str = "/subscriptions/00000000-0000-0000-0000-00000000c1a5",
    period: str = "2026-11",
    start: str = "2026-11-03T00:00:00Z",
    end: str = "2026-11-04T00:00:00Z",
    charge_category: str = "Usage",
    description: str = "",
    cost: float = 1.0,
    service_name: str = "",
    service_category: str = "",
    service_subcategory: str = "",
    resource_type: str = "",
    meter: str = "",
    quantity: float = 1.0,
    unit: str = "",
    tags: dict[str, str] | None = None,
    service_code: str = "",
    usage_type: str = "",
    region: str = "eastus",
) -> dict[str, str]:
    year, month = (int(x) for x in period.split("-"))
    nxt = f"{year + month // 12}-{month % 12 + 1:02d}"
    return {
        "BillingAccountId": billing_account,
        "SubAccountId": account,
        "BillingPeriodStart": f"{period}-01T00:00:00Z",
        "BillingPeriodEnd": f"{nxt}-01T00:00:00Z",
        "ChargePeriodStart": start,
        "ChargePeriodEnd": end,
        "ChargeCategory": charge_category,
        "ChargeDescription": description,
        "BilledCost": f"{cost:.10f}",
        "EffectiveCost": f"{cost:.10f}",
        "BillingCurrency": "USD",
        "ProviderName": provider,
        "ServiceName": service_name,
        "ServiceCategory": service_category,
        "ServiceSubcategory": service_subcategory,
        "RegionId": region,
        "ResourceId": resource,
        "ResourceType": resource_type,
        "SkuMeter": meter,
        "ConsumedQuantity": f"{quantity:.6f}",
        "ConsumedUnit": unit,
        "PricingQuantity": f"{quantity:.6f}",
        "Tags": json.dumps(tags) if tags else "",
        "x_ServiceCode": service_code,
        "x_UsageType": usage_type,
    }


def write_focus(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, FOCUS_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


# --------------------------------------------------------------------------------------------
# ground truth


def labelled(warehouse: Path, truth_csv: Path) -> duckdb.DuckDBPyConnection:
    """A read-only session with ``labelled``: every line item with its true class.

    The key of a line item is what the generators record: for OpenAI and Anthropic its charge
    description; else its resource id, else its usage type (for Azure, the meter), else its line
    item type (tax). ``true_class`` is NULL for a line item the ground truth does not know."""
    con = duckdb.connect()
    con.execute("ATTACH ? AS wh (READ_ONLY)", [str(warehouse)])
    con.execute(
        "CREATE TABLE truth AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
        [str(truth_csv)],
    )
    con.execute("""
        CREATE TABLE labelled AS
        WITH keyed AS (
            SELECT
                l.*,
                CASE WHEN l.ProviderName IN ('Microsoft', 'OpenAI', 'Anthropic')
                     THEN l.ProviderName ELSE 'AWS' END AS truth_provider,
                CASE WHEN l.ProviderName IN ('OpenAI', 'Anthropic') THEN 'ChargeDescription'
                     WHEN l.ResourceId IS NOT NULL THEN 'resource_id'
                     WHEN coalesce(l.x_UsageType, l.SkuMeter) IS NOT NULL THEN 'usage_type'
                     ELSE 'line_item_type' END AS key_kind,
                CASE WHEN l.ProviderName IN ('OpenAI', 'Anthropic') THEN l.ChargeDescription
                     ELSE coalesce(l.ResourceId, l.x_UsageType, l.SkuMeter, l.x_LineItemType)
                END AS key
            FROM wh.line_items AS l
        )
        SELECT k.*, t.true_class, t.scenario
        FROM keyed AS k
        LEFT JOIN truth AS t
          ON t.provider = k.truth_provider AND t.key_kind = k.key_kind AND t.key = k.key
    """)
    return con


def class_accuracy(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, float, int, int]]:
    """Per true class: (cost in its true class, true cost, rows in class, true rows).

    Cost is EffectiveCost (amortised). Rows with no cost (SP negations, covered RI fees) still
    count in the row figures."""
    rows = con.execute("""
        SELECT true_class,
               sum(CASE WHEN x_WorkloadClass = true_class THEN EffectiveCost ELSE 0 END)::DOUBLE,
               sum(EffectiveCost)::DOUBLE,
               count(*) FILTER (WHERE x_WorkloadClass = true_class),
               count(*)
        FROM labelled
        GROUP BY true_class
    """).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}
