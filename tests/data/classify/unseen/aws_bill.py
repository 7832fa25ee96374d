"""AWS line items and the two files they are delivered as: a CUR 2.0 (Data Exports) Parquet file
per billing period, and the same lines as a legacy CUR CSV (gzip) per billing period.

Column names and value formats follow ../shared/FORMATS.md sections 1 and 2 (the CUR user guide,
the CID "all columns" query) and the real CURs in ../shared/real_bills/ (the focus_converters CSV
and the Well-Architected Parquet): usage types with no region prefix in us-east-1
(`BoxUsage:m4.xlarge`) and a prefix elsewhere (`EUW2-BoxUsage:t2.micro`), `...T00:00:00Z` usage
dates and `....000Z` bill dates, rates as strings, an empty InvoiceId until the month is
invoiced, one `resourceTags/<key>` column per tag key in the legacy CSV and a `resource_tags`
map (keys `user_team`, `aws_autoscaling_group_name`) in CUR 2.0.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .csv_gz import write_csv_gz
from .timeline import Window
from .truth import Truth

PAYER = "410987654321"
PAYER_NAME = "Larkspur Analytics"
ACCOUNTS = {
    "ml-research": "120938475610",
    "ml-prod": "230948576121",
    "platform": "340958677232",
    "data": "451968778343",
}
ACCOUNT_NAMES = {v: k for k, v in ACCOUNTS.items()}
# region -> (usage type prefix code, location as the price list names it)
REGIONS = {
    "us-east-1": ("USE1", "US East (N. Virginia)"),
    "us-east-2": ("USE2", "US East (Ohio)"),
    "us-west-2": ("USW2", "US West (Oregon)"),
    "eu-west-1": ("EU", "EU (Ireland)"),
}

# Public on-demand Linux prices (USD/hour, us-east-1, rounded) and price-list attributes.
# instance type -> (rate, instanceFamily, gpu, gpuMemory, vcpu, memory)
EC2_TYPES: dict[str, tuple[float, str, str, str, str, str]] = {
    "p4d.24xlarge": (32.7726, "GPU instance", "8", "320 GB", "96", "1152 GiB"),
    "p4de.24xlarge": (40.9657, "GPU instance", "8", "640 GB", "96", "1152 GiB"),
    "p5.48xlarge": (55.04, "GPU instance", "8", "640 GB", "192", "2048 GiB"),
    "g5.xlarge": (1.006, "GPU instance", "1", "24 GB", "4", "16 GiB"),
    "g5.2xlarge": (1.212, "GPU instance", "1", "24 GB", "8", "32 GiB"),
    "g5.12xlarge": (5.672, "GPU instance", "4", "96 GB", "48", "192 GiB"),
    "g5.48xlarge": (16.288, "GPU instance", "8", "192 GB", "192", "768 GiB"),
    "g6.xlarge": (0.8048, "GPU instance", "1", "24 GB", "4", "16 GiB"),
    "g6.12xlarge": (4.6016, "GPU instance", "4", "96 GB", "48", "192 GiB"),
    "g6e.xlarge": (1.861, "GPU instance", "1", "48 GB", "4", "32 GiB"),
    "g6e.2xlarge": (2.242, "GPU instance", "1", "48 GB", "8", "64 GiB"),
    "g6e.48xlarge": (30.131, "GPU instance", "8", "384 GB", "192", "1536 GiB"),
    "g4dn.xlarge": (0.526, "GPU instance", "1", "16 GB", "4", "16 GiB"),
    "trn1.32xlarge": (21.50, "Machine Learning ASIC Instances", "", "", "128", "512 GiB"),
    "trn1n.32xlarge": (24.78, "Machine Learning ASIC Instances", "", "", "128", "512 GiB"),
    "trn2.48xlarge": (44.70, "Machine Learning ASIC Instances", "", "", "192", "2048 GiB"),
    "inf1.2xlarge": (0.362, "Machine Learning ASIC Instances", "", "", "8", "16 GiB"),
    "inf2.xlarge": (0.7582, "Machine Learning ASIC Instances", "", "", "4", "16 GiB"),
    "inf2.8xlarge": (1.9679, "Machine Learning ASIC Instances", "", "", "32", "128 GiB"),
    "inf2.24xlarge": (6.4906, "Machine Learning ASIC Instances", "", "", "96", "384 GiB"),
    "m6i.large": (0.096, "General purpose", "", "", "2", "8 GiB"),
    "m6i.xlarge": (0.192, "General purpose", "", "", "4", "16 GiB"),
    "c6i.4xlarge": (0.68, "Compute optimized", "", "", "16", "32 GiB"),
    "r6i.2xlarge": (0.504, "Memory optimized", "", "", "8", "64 GiB"),
    "t3.medium": (0.0416, "General purpose", "", "", "2", "4 GiB"),
}


@dataclass
class AwsBill:
    window: Window
    truth: Truth
    seed: int
    exclude: frozenset[str] = frozenset()
    rows: list[dict] = field(default_factory=list)

    def line(
        self,
        *,
        start: datetime,
        end: datetime,
        account: str,
        product_code: str,
        product_name: str,
        usage_type: str,
        operation: str,
        resource: str,
        amount: float,
        rate: float,
        description: str,
        unit: str,
        region: str,
        true_class: str,
        scenario: str,
        line_type: str = "Usage",
        cost: float | None = None,
        effective: float | None = None,
        list_rate: float | None = None,
        az: str = "",
        tags: dict[str, str] | None = None,
        product: dict[str, str] | None = None,
        term: str = "OnDemand",
        extra: dict[str, object] | None = None,
    ) -> None:
        if scenario in self.exclude:
            return
        cost = round(amount * rate, 10) if cost is None else cost
        effective = cost if effective is None else effective
        list_rate = rate if list_rate is None else list_rate
        row: dict[str, object] = {
            "start": start,
            "end": end,
            "line_item_usage_account_id": account,
            "line_item_line_item_type": line_type,
            "line_item_product_code": product_code,
            "line_item_usage_type": usage_type,
            "line_item_operation": operation,
            "line_item_availability_zone": az,
            "line_item_resource_id": resource,
            "line_item_usage_amount": round(amount, 10),
            "line_item_unblended_rate": f"{rate:.10f}".rstrip("0").rstrip(".") if rate else "0.0",
            "line_item_unblended_cost": cost,
            "line_item_line_item_description": description,
            "product_product_name": product_name,
            "product_region_code": region,
            "product_location": REGIONS[region][1] if region in REGIONS else "",
            "product_usagetype": usage_type,
            "product_operation": operation,
            "pricing_unit": unit,
            "pricing_term": term,
            "pricing_public_on_demand_rate": f"{list_rate:.10f}".rstrip("0").rstrip("."),
            "pricing_public_on_demand_cost": round(amount * list_rate, 10),
            "tags": tags or {},
            "product": {
                "product_name": product_name,
                "region": region,
                **{k: v for k, v in (product or {}).items() if v},
            },
        }
        if extra:
            row.update(extra)
        self.rows.append(row)
        self.truth.add("aws", resource, usage_type, true_class, scenario, effective)

    # -- delivery ----------------------------------------------------------------------------

    def write(self, cur2: Path, legacy: Path) -> list[Path]:
        """One CUR 2.0 Parquet and one legacy CSV.gz per billing period; returns the files."""
        written = []
        for month in range(3):
            rows = [r for r in self.rows if self.window.month_of(r["start"]) == month]
            rows.sort(key=lambda r: (r["start"], r["line_item_resource_id"]))
            period = _Period(self, month)
            table = _table(period, rows)
            written.append(_write_cur2(cur2, period, table))
            written.append(_write_legacy(legacy, period, table, rows))
        return written


@dataclass
class _Period:
    bill: AwsBill
    month: int

    @property
    def start(self) -> datetime:
        return self.bill.window.months[self.month]

    @property
    def end(self) -> datetime:
        return self.bill.window.months[self.month + 1]

    def invoice(self) -> str:
        # The last month is still open (month to date), so it has no invoice yet.
        if self.month == 2:
            return ""
        return str(2_000_000_000 + self.bill.seed * 10 + self.month)


# Columns in both deliveries, as CUR 2.0 names them, with their Parquet types.
S, F, T = pa.string(), pa.float64(), pa.timestamp("ms")
STRING_MAP = pa.map_(pa.string(), pa.string())
COLUMNS: list[tuple[str, pa.DataType]] = [
    ("identity_line_item_id", S),
    ("identity_time_interval", S),
    ("bill_invoice_id", S),
    ("bill_invoicing_entity", S),
    ("bill_billing_entity", S),
    ("bill_bill_type", S),
    ("bill_payer_account_id", S),
    ("bill_payer_account_name", S),
    ("bill_billing_period_start_date", T),
    ("bill_billing_period_end_date", T),
    ("line_item_usage_account_id", S),
    ("line_item_usage_account_name", S),
    ("line_item_line_item_type", S),
    ("line_item_usage_start_date", T),
    ("line_item_usage_end_date", T),
    ("line_item_product_code", S),
    ("line_item_usage_type", S),
    ("line_item_operation", S),
    ("line_item_availability_zone", S),
    ("line_item_resource_id", S),
    ("line_item_usage_amount", F),
    ("line_item_normalization_factor", F),
    ("line_item_normalized_usage_amount", F),
    ("line_item_currency_code", S),
    ("line_item_unblended_rate", S),
    ("line_item_unblended_cost", F),
    ("line_item_blended_rate", S),
    ("line_item_blended_cost", F),
    ("line_item_line_item_description", S),
    ("line_item_tax_type", S),
    ("line_item_legal_entity", S),
    ("product_product_name", S),
    ("product_instance_type", S),
    ("product_instance_family", S),
    ("product_location", S),
    ("product_region_code", S),
    ("product_servicecode", S),
    ("product_usagetype", S),
    ("product_operation", S),
    ("product_product_family", S),
    ("product_sku", S),
    ("pricing_term", S),
    ("pricing_unit", S),
    ("pricing_public_on_demand_cost", F),
    ("pricing_public_on_demand_rate", S),
    ("pricing_purchase_option", S),
    ("reservation_reservation_a_r_n", S),
    ("reservation_effective_cost", F),
    ("reservation_unused_amortized_upfront_fee_for_billing_period", F),
    ("reservation_unused_recurring_fee", F),
    ("savings_plan_savings_plan_a_r_n", S),
    ("savings_plan_savings_plan_rate", S),
    ("savings_plan_savings_plan_effective_cost", F),
    ("savings_plan_total_commitment_to_date", F),
    ("savings_plan_used_commitment", F),
    ("savings_plan_offering_type", S),
]
# In the legacy CUR these are one product/<attribute> column each; CUR 2.0 keeps them only in
# its `product` map.
PRODUCT_MAP_ONLY = {
    "gpu": "product/gpu",
    "gpu_memory": "product/gpuMemory",
    "vcpu": "product/vcpu",
    "memory": "product/memory",
}
LEGACY_NAMES = {
    "product_product_name": "product/ProductName",
    "product_instance_type": "product/instanceType",
    "product_instance_family": "product/instanceFamily",
    "product_location": "product/location",
    "product_region_code": "product/regionCode",
    "product_servicecode": "product/servicecode",
    "product_usagetype": "product/usagetype",
    "product_operation": "product/operation",
    "product_product_family": "product/productFamily",
    "product_sku": "product/sku",
    "pricing_term": "pricing/term",
    "pricing_unit": "pricing/unit",
    "pricing_public_on_demand_cost": "pricing/publicOnDemandCost",
    "pricing_public_on_demand_rate": "pricing/publicOnDemandRate",
    "pricing_purchase_option": "pricing/PurchaseOption",
    "reservation_reservation_a_r_n": "reservation/ReservationARN",
    "reservation_effective_cost": "reservation/EffectiveCost",
    "reservation_unused_amortized_upfront_fee_for_billing_period": (
        "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"
    ),
    "reservation_unused_recurring_fee": "reservation/UnusedRecurringFee",
    "savings_plan_savings_plan_a_r_n": "savingsPlan/SavingsPlanARN",
    "savings_plan_savings_plan_rate": "savingsPlan/SavingsPlanRate",
    "savings_plan_savings_plan_effective_cost": "savingsPlan/SavingsPlanEffectiveCost",
    "savings_plan_total_commitment_to_date": "savingsPlan/TotalCommitmentToDate",
    "savings_plan_used_commitment": "savingsPlan/UsedCommitment",
    "savings_plan_offering_type": "savingsPlan/OfferingType",
}
_ML = {ACCOUNTS["ml-research"], ACCOUNTS["ml-prod"]}


def _table(period: _Period, rows: list[dict]) -> pa.Table:
    """The period's lines as a CUR 2.0 table (per-row columns from the lines, the rest filled
    in as AWS fills them)."""
    n = len(rows)
    per_row = [(c, t) for c, t in COLUMNS if not c.startswith(("identity_", "bill_"))]
    per_row = [(c, t) for c, t in per_row if c not in _FILLED]
    for r in rows:
        r["line_item_usage_start_date"] = r["start"]
        r["line_item_usage_end_date"] = r["end"]
    table = pa.Table.from_pylist(rows, schema=pa.schema(per_row))
    seed = period.bill.seed
    ids = [
        base64.b32encode(
            hashlib.blake2b(f"{seed}/{period.month}/{i}".encode(), digest_size=35).digest()
        )
        .decode()
        .lower()[:52]
        for i in range(n)
    ]
    start = _strftime(table["line_item_usage_start_date"], "%Y-%m-%dT%H:%M:%SZ")
    end = _strftime(table["line_item_usage_end_date"], "%Y-%m-%dT%H:%M:%SZ")
    entity = [r.get("bill_billing_entity", "AWS") for r in rows]
    filled = {
        "identity_line_item_id": pa.array(ids, S),
        "identity_time_interval": pc.binary_join_element_wise(start, end, "/"),
        "bill_invoice_id": pa.array([period.invoice() or None] * n, S),
        "bill_invoicing_entity": pa.array(["Amazon Web Services, Inc."] * n, S),
        "bill_billing_entity": pa.array(entity, S),
        "bill_bill_type": pa.array(["Anniversary"] * n, S),
        "bill_payer_account_id": pa.array([PAYER] * n, S),
        "bill_payer_account_name": pa.array([PAYER_NAME] * n, S),
        "bill_billing_period_start_date": pa.array([period.start] * n, T),
        "bill_billing_period_end_date": pa.array([period.end] * n, T),
        "line_item_usage_account_name": pa.array(
            [ACCOUNT_NAMES.get(r["line_item_usage_account_id"]) for r in rows], S
        ),
        "line_item_currency_code": pa.array(["USD"] * n, S),
        "line_item_blended_rate": table["line_item_unblended_rate"],
        "line_item_blended_cost": table["line_item_unblended_cost"],
        "line_item_legal_entity": pa.array(
            [
                r.get("line_item_legal_entity")
                or (None if e != "AWS" else "Amazon Web Services, Inc.")
                for r, e in zip(rows, entity, strict=True)
            ],
            S,
        ),
        "product_servicecode": table["line_item_product_code"],
    }
    columns = {c: (filled[c] if c in filled else table[c]) for c, _ in COLUMNS}
    columns = {c: _empty_as_null(v) for c, v in columns.items()}
    columns["product"] = pa.array([r["product"] for r in rows], STRING_MAP)
    columns["resource_tags"] = pa.array(
        [{_cur2_tag(k): v for k, v in r["tags"].items()} for r in rows], STRING_MAP
    )
    columns["cost_category"] = pa.array(
        [
            {"business_unit": "ml" if r["line_item_usage_account_id"] in _ML else "core"}
            for r in rows
        ],
        STRING_MAP,
    )
    return pa.table(columns)


_FILLED = {
    "line_item_usage_account_name",
    "line_item_currency_code",
    "line_item_blended_rate",
    "line_item_blended_cost",
    "line_item_legal_entity",
    "product_servicecode",
}


def _strftime(values: pa.Array | pa.ChunkedArray, fmt: str) -> pa.Array | pa.ChunkedArray:
    # Whole seconds: Arrow's %S prints a millisecond timestamp's fraction too.
    return pc.strftime(pc.cast(values, pa.timestamp("s")), fmt)


def _empty_as_null(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if pa.types.is_string(values.type):
        return pc.if_else(pc.equal(values, ""), pa.scalar(None, S), values)
    return values


def _write_cur2(folder: Path, period: _Period, table: pa.Table) -> Path:
    """AWS Data Exports CUR 2.0, OVERWRITE_REPORT layout:
    <export>/data/BILLING_PERIOD=YYYY-MM/<export>-00001.snappy.parquet."""
    path = folder / "larkspur-cur2" / "data" / f"BILLING_PERIOD={period.start:%Y-%m}"
    path.mkdir(parents=True, exist_ok=True)
    target = path / "larkspur-cur2-00001.snappy.parquet"
    pq.write_table(table, target, compression="snappy")
    return target


@functools.cache
def _cur2_tag(key: str) -> str:
    # CUR 2.0 writes tag keys snake_case with their source: user:team -> user_team,
    # aws:autoscaling:groupName -> aws_autoscaling_group_name (FORMATS.md 2.2; unverified).
    source, _, name = key.partition(":")
    out: list[str] = []
    for ch in name.replace(":", "_").replace("-", "_"):
        if ch.isupper():
            if out and out[-1] != "_":
                out.append("_")
            out.append(ch.lower())
        else:
            out.append(ch)
    return f"{source}_{''.join(out)}"


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _legacy_name(column: str) -> str:
    if column in LEGACY_NAMES:
        return LEGACY_NAMES[column]
    for prefix, category in (
        ("identity_", "identity"),
        ("bill_", "bill"),
        ("line_item_", "lineItem"),
    ):
        if column.startswith(prefix):
            name = _camel(column.removeprefix(prefix))
            return f"{category}/{name[:1].upper()}{name[1:]}"
    raise KeyError(column)


def _write_legacy(folder: Path, period: _Period, table: pa.Table, rows: list[dict]) -> Path:
    """Legacy CUR, "create new report versions" layout:
    <report>/yyyymmdd-yyyymmdd/<assemblyId>/<report>-1.csv.gz, with `category/Name` headers,
    product attributes and tags one column each."""
    columns: dict[str, pa.Array] = {}
    for name, dtype in COLUMNS:
        if name == "bill_payer_account_name" or name == "line_item_usage_account_name":
            continue  # CUR 2.0 only
        values = table[name]
        if dtype == T:
            fmt = "%Y-%m-%dT%H:%M:%S.000Z" if name.startswith("bill_") else "%Y-%m-%dT%H:%M:%SZ"
            values = _strftime(values, fmt)
        columns[_legacy_name(name)] = values
    for key, header in PRODUCT_MAP_ONLY.items():
        columns[header] = pa.array([r["product"].get(key) or None for r in rows], S)
    for key in sorted({k for r in rows for k in r["tags"]}):
        columns[f"resourceTags/{key}"] = pa.array([r["tags"].get(key) for r in rows], S)
    span = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    digest = hashlib.sha256(f"{period.bill.seed}{span}".encode()).hexdigest()
    assembly = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    path = folder / "larkspur-hourly" / span / assembly
    path.mkdir(parents=True, exist_ok=True)
    target = path / "larkspur-hourly-1.csv.gz"
    write_csv_gz(pa.table(columns), target)
    return target


def hour_bounds(window: Window, hour: int) -> tuple[datetime, datetime]:
    start = window.at(hour)
    return start, start + timedelta(hours=1)
