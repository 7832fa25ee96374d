"""Azure Cost Management cost details (EA and MCA, actual and amortized) and Google Cloud
Billing's BigQuery export (CSV and JSON) go in through the CLI, as teams have them before FOCUS.

Totals are checked against sums computed here from the raw files with Python's csv, json, ast
and decimal modules (no DuckDB, no finops-ai): Microsoft's rule for the two cost views
(learn.microsoft.com, "Convert Cost Management data to FOCUS") and Google's (cost plus its
credits) written out again. AI rows are built from published meter and SKU names
(tests/data/classify/native_cases.csv) and must get the classes the signals give them.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gzip
import json
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tests.conftest import REPO, invoke, query, snapshot

TWELVE = Decimal("1e-12")
EA = "finops-toolkit-azure"
EA_ACTUAL = f"{EA}/EA_ActualCost_Small.csv"
EA_AMORTIZED = f"{EA}/EA_AmortizedCost_Small.csv"
MCA = "koku-azure-mca/camel_azure_version_2.csv"
GCP_NOV = "koku-gcp-billing/202011_30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08:2020-11-11.csv"
GCP_AUG = "koku-gcp-billing/2022-08-01_5.csv"
CASES_CSV = REPO / "tests" / "data" / "classify" / "native_cases.csv"
COMMITMENTS = {"reservation", "savingsplan"}

# The headers of the real EA export and of koku's flattened BigQuery export, for bills written
# here (the classification cases run without shared/real_bills/).
EA_HEADER = [
    "BillingAccountId",
    "BillingAccountName",
    "BillingPeriodStartDate",
    "BillingPeriodEndDate",
    "BillingProfileId",
    "BillingProfileName",
    "AccountOwnerId",
    "AccountName",
    "SubscriptionId",
    "SubscriptionName",
    "Date",
    "Product",
    "PartNumber",
    "MeterId",
    "ServiceFamily",
    "MeterCategory",
    "MeterSubCategory",
    "MeterRegion",
    "MeterName",
    "Quantity",
    "EffectivePrice",
    "Cost",
    "UnitPrice",
    "BillingCurrency",
    "ResourceLocation",
    "AvailabilityZone",
    "ConsumedService",
    "ResourceId",
    "ResourceName",
    "ServiceInfo1",
    "ServiceInfo2",
    "AdditionalInfo",
    "Tags",
    "InvoiceSectionId",
    "InvoiceSection",
    "CostCenter",
    "UnitOfMeasure",
    "ResourceGroup",
    "ReservationId",
    "ReservationName",
    "ProductOrderId",
    "ProductOrderName",
    "OfferId",
    "IsAzureCreditEligible",
    "Term",
    "PublisherName",
    "PlanName",
    "ChargeType",
    "Frequency",
    "PublisherType",
    "PayGPrice",
    "PricingModel",
    "CostAllocationRuleName",
    "benefitId",
    "benefitName",
]
GCP_HEADER = [
    "billing_account_id",
    "service.id",
    "service.description",
    "sku.id",
    "sku.description",
    "usage_start_time",
    "usage_end_time",
    "project.id",
    "project.name",
    "project.labels",
    "project.ancestry_numbers",
    "labels",
    "system_labels",
    "location.location",
    "location.country",
    "location.region",
    "location.zone",
    "export_time",
    "cost",
    "currency",
    "currency_conversion_rate",
    "usage.amount",
    "usage.unit",
    "usage.amount_in_pricing_units",
    "usage.pricing_unit",
    "credits",
    "invoice.month",
    "cost_type",
    "resource.name",
    "resource.global_name",
    "partition_date",
]


def ok(result) -> None:
    assert result.exit_code == 0, result.stderr


def dec(text: str) -> Decimal:
    """A raw amount as the warehouse holds it: DECIMAL(38,12), rounded half away from zero."""
    text = (text or "").strip()
    return Decimal(text).quantize(TWELVE, rounding=ROUND_HALF_UP) if text else Decimal(0)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header, restval="", extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def totals(warehouse: Path, source: Path | None = None) -> tuple[int, Decimal, Decimal]:
    where, params = ("WHERE x_SourceFile = $s", {"s": str(source)}) if source else ("", {})
    (row,) = query(
        warehouse,
        "SELECT count(*), coalesce(sum(BilledCost), 0), coalesce(sum(EffectiveCost), 0) "
        f"FROM line_items {where}",
        params,
    )
    return row


def formats(warehouse: Path) -> dict[str, str]:
    return dict(query(warehouse, "SELECT source, format FROM load_files"))


# ---------------------------------------------------------------------------------------------
# Azure: what Microsoft's conversion says each view's rows are worth


def azure_views(rows: list[dict[str, str]], cost: str) -> tuple[Decimal, Decimal]:
    """(billed, effective) of an amortized export's rows: covered usage and unused commitment
    bill 0 (the purchase carries them), commitment purchases are worth 0 effective."""
    billed = effective = Decimal(0)
    for r in rows:
        charge, model = r["ChargeType"].lower(), r["PricingModel"].lower()
        amount = dec(r[cost])
        covered = charge in ("unusedreservation", "unusedsavingsplan") or (
            charge == "usage" and model in COMMITMENTS
        )
        purchase = charge in ("purchase", "refund") and model in COMMITMENTS
        billed += 0 if covered else amount
        effective += 0 if purchase else amount
    return billed, effective


def test_ea_actual_cost_export_keeps_the_invoice(runner, warehouse, real_bills):
    path = real_bills / EA_ACTUAL
    rows = read_rows(path)
    cost = sum((dec(r["Cost"]) for r in rows), Decimal(0))
    ok(invoke(runner, warehouse, "ingest", str(path)))
    assert formats(warehouse) == {str(path): "azure-ea-actual"}
    # Nothing in an actual-cost export amortises the reservation bought in it: both columns
    # are the cost as billed.
    assert totals(warehouse) == (len(rows), cost, cost)
    assert query(
        warehouse,
        "SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart, BillingPeriodEnd, "
        "BillingCurrency FROM line_items",
    ) == [("Microsoft", "8611537", dt.datetime(2023, 9, 1), dt.datetime(2023, 10, 1), "USD")]
    purchase = query(
        warehouse,
        "SELECT ChargeCategory, ChargeFrequency, PricingCategory, CommitmentDiscountType, "
        "CommitmentDiscountCategory, ServiceName, BilledCost FROM line_items "
        "WHERE ChargeCategory <> 'Usage'",
    )
    raw = [r for r in rows if r["ChargeType"] == "Purchase"]
    assert purchase == [
        (
            "Purchase",
            "Recurring",
            "Committed",
            "Reservation",
            "Usage",
            "Azure Reservations",
            dec(raw[0]["Cost"]),
        )
    ]
    # Daily rows, one day each, on the day the export names (MM/DD/YYYY).
    days = query(
        warehouse,
        "SELECT strftime(ChargePeriodStart, '%m/%d/%Y'), ChargePeriodEnd - ChargePeriodStart "
        "FROM line_items ORDER BY ALL",
    )
    assert sorted(d for d, _ in days) == sorted(r["Date"] for r in rows)
    assert {span.days for _, span in days} == {1}


def test_ea_amortized_cost_export_splits_billed_from_effective(runner, warehouse, real_bills):
    path = real_bills / EA_AMORTIZED
    rows = read_rows(path)
    billed, effective = azure_views(rows, "Cost")
    assert billed != effective  # the file has covered usage: the split is exercised
    ok(invoke(runner, warehouse, "ingest", str(path)))
    assert formats(warehouse) == {str(path): "azure-ea-amortized"}
    assert totals(warehouse) == (len(rows), billed, effective)
    covered = [r for r in rows if r["PricingModel"].lower() in COMMITMENTS]
    got = query(
        warehouse,
        "SELECT CommitmentDiscountId, CommitmentDiscountType, CommitmentDiscountCategory, "
        "CommitmentDiscountStatus, PricingCategory, BilledCost, EffectiveCost FROM line_items "
        "WHERE CommitmentDiscountId IS NOT NULL ORDER BY ALL",
    )
    kinds = {"reservation": ("Reservation", "Usage"), "savingsplan": ("Savings Plan", "Spend")}
    assert got == sorted(
        (r["benefitId"], *kinds[r["PricingModel"].lower()], "Used", "Committed", 0, dec(r["Cost"]))
        for r in covered
    )


def test_mca_camel_case_export(runner, warehouse, real_bills):
    """koku's MCA sample: camelCase with a few PascalCase columns, costs to 24 decimals, and
    lines ending in both CRLF and LF."""
    path = real_bills / MCA
    assert b"\r\n" in path.read_bytes() and b"0\n" in path.read_bytes()
    rows = read_rows(path)
    ok(invoke(runner, warehouse, "ingest", str(path)))
    assert formats(warehouse) == {str(path): "azure-mca"}
    cost = sum((dec(r["costInBillingCurrency"]) for r in rows), Decimal(0))
    assert totals(warehouse) == (len(rows), cost, cost)
    got = query(
        warehouse,
        "SELECT BillingAccountId, BillingAccountName, SubAccountId, ResourceId, SkuId, SkuMeter, "
        "ConsumedQuantity, PricingQuantity, PricingUnit, ListCost, Tags FROM line_items "
        "ORDER BY ResourceId, SkuMeter",
    )
    blocks = {"1 GB/Month": 1, "10K": 10_000}
    want = sorted(
        (
            # MCA invoices per billing profile: that is the FOCUS billing account.
            r["billingProfileId"],
            r["billingProfileName"],
            r["subscriptionId"],
            r["InstanceName"],
            r["ProductId"],
            r["meterName"],
            dec(r["quantity"]) * blocks[r["unitOfMeasure"]],
            dec(r["quantity"]),
            r["unitOfMeasure"],
            dec(r["paygCostInBillingCurrency"]),
            json.loads(r["tags"]) if r["tags"] else None,
        )
        for r in rows
    )
    assert got == sorted(want, key=lambda w: (w[3], w[5]))


def test_header_case_order_and_drifted_columns_do_not_matter(runner, tmp_path, real_bills):
    """The amortized EA export again, with camelCase headers, shuffled columns and ten columns
    gone (real exports drift between schema versions): the same money."""
    rows = read_rows(real_bills / EA_AMORTIZED)
    gone = {
        "Tags",
        "AdditionalInfo",
        "PayGPrice",
        "UnitPrice",
        "BillingPeriodStartDate",
        "BillingPeriodEndDate",
        "benefitId",
        "ResourceName",
        "Product",
        "Frequency",
    }
    header = [h for h in EA_HEADER if h not in gone]
    random.Random(18).shuffle(header)
    camel = {h: h[0].lower() + h[1:] for h in header}
    drifted = write_csv(
        tmp_path / "drifted.csv",
        [camel[h] for h in header],
        [{camel[h]: r[h] for h in header} for r in rows],
    )
    warehouse = tmp_path / "w.duckdb"
    ok(invoke(CliRunner(), warehouse, "ingest", str(drifted)))
    billed, effective = azure_views(rows, "Cost")
    assert totals(warehouse) == (len(rows), billed, effective)
    # The billing period comes from the charge dates when the export does not give it.
    assert query(
        warehouse, "SELECT DISTINCT strftime(BillingPeriodStart, '%Y-%m-%d') FROM line_items"
    ) == [("2023-09-01",)]


@pytest.mark.parametrize("form", ["csv.gz", "parquet"])
def test_azure_export_as_gzip_csv_or_parquet(tmp_path, real_bills, form):
    """Exports can be gzip-compressed CSV or Parquet, whose columns are typed: dates as dates,
    costs as doubles."""
    rows = read_rows(real_bills / EA_AMORTIZED)
    bill = tmp_path / f"part_0_0001.{form}"
    if form == "csv.gz":
        plain = write_csv(tmp_path / "plain.csv", EA_HEADER, rows)
        bill.write_bytes(gzip.compress(plain.read_bytes()))
    else:
        columns: dict[str, list] = {h: [r[h] or None for r in rows] for h in EA_HEADER}
        for h in ("Date", "BillingPeriodStartDate", "BillingPeriodEndDate"):
            columns[h] = [dt.datetime.strptime(v, "%m/%d/%Y").date() for v in columns[h]]
        for h in ("Cost", "Quantity", "UnitPrice", "PayGPrice", "EffectivePrice"):
            columns[h] = [float(v) for v in columns[h]]
        pq.write_table(pa.table(columns), bill)
    warehouse = tmp_path / "w.duckdb"
    ok(invoke(CliRunner(), warehouse, "ingest", str(bill)))
    billed, effective = azure_views(rows, "Cost")
    count, got_billed, got_effective = totals(warehouse)
    # Parquet holds the costs as doubles: the 12th decimal may round apart.
    slack = TWELVE * len(rows) if form == "parquet" else 0
    assert count == len(rows)
    assert abs(got_billed - billed) <= slack and abs(got_effective - effective) <= slack
    assert formats(warehouse) == {str(bill): "azure-ea-amortized"}
    assert query(warehouse, "SELECT DISTINCT BillingPeriodStart FROM line_items") == [
        (dt.datetime(2023, 9, 1),)
    ]


def test_actual_and_amortized_exports_of_a_month_are_never_added(runner, warehouse, real_bills):
    actual, amortized = real_bills / EA_ACTUAL, real_bills / EA_AMORTIZED
    ok(invoke(runner, warehouse, "ingest", str(amortized)))
    before = snapshot(warehouse)
    loose = invoke(runner, warehouse, "ingest", str(actual))
    assert loose.exit_code == 1 and "--replace" in loose.stderr
    appended = invoke(runner, warehouse, "ingest", "--append", str(actual))
    assert appended.exit_code == 1
    assert f"Error: {actual}: Microsoft account 8611537 2023-09 would hold both" in appended.stderr
    assert "two views of the same charges" in appended.stderr
    assert snapshot(warehouse) == before
    ok(invoke(runner, warehouse, "ingest", "--replace", str(actual)))
    cost = sum((dec(r["Cost"]) for r in read_rows(actual)), Decimal(0))
    assert totals(warehouse) == (len(read_rows(actual)), cost, cost)
    # Both in one command: refused too.
    other = warehouse.with_name("both.duckdb")
    both = invoke(runner, other, "ingest", str(actual), str(amortized))
    assert both.exit_code == 1 and "two views of the same charges" in both.stderr
    assert not other.exists() or query(other, "SELECT count(*) FROM line_items") == [(0,)]


def azure_run(root: Path, run_id: str, view: str, parts: list[list[dict]]) -> list[Path]:
    """An Azure export run: part files and manifest.json in the run's folder, in the manifest
    shape Microsoft documents (exportConfig.type, runInfo.runId, blobs[].blobName)."""
    folder = root / "amortized-export" / "20230901-20230930" / run_id
    names = [f"part_0_000{n + 1}.csv" for n in range(len(parts))]
    paths = [write_csv(folder / n, EA_HEADER, rows) for n, rows in zip(names, parts, strict=True)]
    doc = {
        "manifestVersion": "2024-04-01",
        "exportConfig": {"exportName": "amortized-export", "type": view},
        "deliveryConfig": {
            "partitionData": True,
            "dataOverwriteBehavior": "OverwritePreviousReport",
        },
        "runInfo": {"runId": run_id, "startDate": "2023-09-01T00:00:00", "endDate": "2023-09-30"},
        "blobs": [
            {"blobName": f"costs/amortized-export/20230901-20230930/{run_id}/{n}"} for n in names
        ],
    }
    (folder / "manifest.json").write_text(json.dumps(doc))
    return paths


def test_export_run_parts_add_up_and_a_newer_run_replaces(runner, warehouse, tmp_path, real_bills):
    rows = read_rows(real_bills / EA_AMORTIZED)
    # The second part holds only on-demand rows: that it is amortized only the manifest says.
    on_demand = [r for r in rows if r["PricingModel"] == "OnDemand"]
    first = [r for r in rows if r["PricingModel"] != "OnDemand"] + on_demand[:3]
    second = on_demand[3:]
    assert len(first) + len(second) == len(rows)
    a, b = azure_run(tmp_path, "run-1", "AmortizedCost", [first, second])
    ok(invoke(runner, warehouse, "ingest", str(a)))
    ok(invoke(runner, warehouse, "ingest", str(b)))
    billed, effective = azure_views(rows, "Cost")
    assert totals(warehouse) == (len(rows), billed, effective)
    assert set(formats(warehouse).values()) == {"azure-ea-amortized"}
    assert query(warehouse, "SELECT DISTINCT delivery_id FROM load_files") == [("run run-1",)]
    # The next day's run restates the month: its one file replaces both parts, no refusal.
    restated = [dict(r, Cost=str(dec(r["Cost"]) * 2)) for r in rows]
    (newer,) = azure_run(tmp_path, "run-2", "AmortizedCost", [restated])
    result = invoke(runner, warehouse, "ingest", str(newer))
    ok(result)
    assert "replaced Microsoft account 8611537 2023-09" in result.stderr
    assert totals(warehouse) == (len(rows), billed * 2, effective * 2)


# ---------------------------------------------------------------------------------------------
# Google: cost plus the row's credits, by invoice month


def gcp_credits(text: str) -> Decimal:
    """koku writes the repeated credits field as a Python repr; BigQuery JSON as JSON."""
    items = ast.literal_eval(text) if text.strip() else []
    return sum((dec(repr(c["amount"])) for c in items), Decimal(0))


def test_gcp_billing_export_csv_nets_credits_by_invoice_month(runner, warehouse, real_bills):
    paths = [real_bills / GCP_NOV, real_bills / GCP_AUG]
    ok(invoke(runner, warehouse, "ingest", *map(str, paths)))
    assert formats(warehouse) == {str(p): "gcp-billing" for p in paths}
    for path in paths:
        rows = read_rows(path)
        net = sum((dec(r["cost"]) + gcp_credits(r["credits"]) for r in rows), Decimal(0))
        assert totals(warehouse, path) == (len(rows), net, net)
        gross = sum((dec(r["cost"]) for r in rows), Decimal(0))
        assert query(
            warehouse,
            "SELECT sum(ListCost), sum(ContractedCost) FROM line_items WHERE x_SourceFile = $s",
            {"s": str(path)},
        ) == [(gross, gross)]
        months = {r["invoice.month"] for r in rows}
        assert query(
            warehouse,
            "SELECT DISTINCT strftime(BillingPeriodStart, '%Y%m'), BillingAccountId, ProviderName "
            "FROM line_items WHERE x_SourceFile = $s",
            {"s": str(path)},
        ) == [(m, rows[0]["billing_account_id"], "Google Cloud") for m in months]
        # Usage stays per SKU (bytes, seconds, byte-seconds): summed only within one.
        usage: dict[str, Decimal] = defaultdict(Decimal)
        for r in rows:
            usage[r["sku.id"]] += dec(r["usage.amount"])
        assert dict(
            query(
                warehouse,
                "SELECT SkuId, sum(ConsumedQuantity) FROM line_items WHERE x_SourceFile = $s "
                "GROUP BY SkuId",
                {"s": str(path)},
            )
        ) == dict(usage)
    nov = read_rows(real_bills / GCP_NOV)
    assert sum(gcp_credits(r["credits"]) for r in nov) < 0  # the netting is exercised
    labelled = [r for r in nov if r["labels"] not in ("", "[]")]
    assert labelled
    assert query(
        warehouse, "SELECT count(*) FROM line_items WHERE Tags['goog-resource-type'] IS NOT NULL"
    ) == [(len(labelled),)]


def bigquery_json(row: dict[str, str]) -> dict:
    """One flattened koku row as BigQuery's JSON export nests it: records as objects, repeated
    fields as arrays, FLOAT64 as numbers and TIMESTAMP as 'YYYY-MM-DD HH:MM:SS UTC'."""

    def stamp(text: str) -> str:
        return text.replace("+00:00", " UTC") if text else text

    def num(text: str) -> float | None:
        return float(text) if text else None

    def repeated(text: str) -> list:
        return ast.literal_eval(text) if text.strip() else []

    doc: dict = {
        "billing_account_id": row.get("billing_account_id", ""),
        "service": {
            "id": row.get("service.id", ""),
            "description": row.get("service.description", ""),
        },
        "sku": {"id": row.get("sku.id", ""), "description": row.get("sku.description", "")},
        "usage_start_time": stamp(row.get("usage_start_time", "")),
        "usage_end_time": stamp(row.get("usage_end_time", "")),
        "project": {
            "id": row.get("project.id", ""),
            "name": row.get("project.name", ""),
            "labels": repeated(row.get("project.labels", "")),
            "ancestry_numbers": row.get("project.ancestry_numbers", ""),
        },
        "labels": repeated(row.get("labels", "")),
        "system_labels": repeated(row.get("system_labels", "")),
        "location": {
            "location": row.get("location.location", "") or None,
            "country": row.get("location.country", "") or None,
            "region": row.get("location.region", "") or None,
            "zone": row.get("location.zone", "") or None,
        },
        "export_time": stamp(row.get("export_time", "")),
        "cost": num(row.get("cost", "")),
        "currency": row.get("currency", ""),
        "currency_conversion_rate": num(row.get("currency_conversion_rate", "")),
        "usage": {
            "amount": num(row.get("usage.amount", "")),
            "unit": row.get("usage.unit", ""),
            "amount_in_pricing_units": num(row.get("usage.amount_in_pricing_units", "")),
            "pricing_unit": row.get("usage.pricing_unit", ""),
        },
        "credits": repeated(row.get("credits", "")),
        "invoice": {"month": row.get("invoice.month", "")},
        "cost_type": row.get("cost_type", ""),
    }
    if "resource.name" in row:
        doc["resource"] = {
            "name": row.get("resource.name", ""),
            "global_name": row.get("resource.global_name", ""),
        }
    return doc


COMPARED = (
    "BillingAccountId, SubAccountId, SubAccountName, BillingPeriodStart, ChargePeriodStart, "
    "ChargePeriodEnd, ChargeCategory, ChargeDescription, BilledCost, EffectiveCost, ListCost, "
    "BillingCurrency, ServiceName, ServiceCategory, RegionId, AvailabilityZone, ResourceId, "
    "ResourceName, SkuId, PricingCategory, ConsumedQuantity, ConsumedUnit, PricingQuantity, "
    "PricingUnit, Tags, x_ProductCode, x_WorkloadClass"
)


@pytest.mark.parametrize("shape", ["ndjson", "ndjson.gz", "array"])
def test_gcp_billing_export_json_matches_its_csv(tmp_path, real_bills, shape):
    """BigQuery extracts newline-delimited JSON (gzip or not); a JSON array of the same
    records (as `bq query --format=json` prints them) is read too."""
    runner = CliRunner()
    for name in (GCP_NOV, GCP_AUG):
        rows = read_rows(real_bills / name)
        records = [bigquery_json(r) for r in rows]
        if shape == "array":
            text = json.dumps(records, indent=1).encode()
        else:
            text = "".join(json.dumps(r) + "\n" for r in records).encode()
        gzipped = shape.endswith(".gz")
        path = tmp_path / f"{Path(name).stem.replace(':', '_')}.json{'.gz' if gzipped else ''}"
        path.write_bytes(gzip.compress(text) if gzipped else text)
        from_json, from_csv = tmp_path / f"json-{path.stem}.duckdb", tmp_path / "csv.duckdb"
        ok(invoke(runner, from_json, "ingest", str(path)))
        from_csv.unlink(missing_ok=True)
        ok(invoke(runner, from_csv, "ingest", str(real_bills / name)))
        assert formats(from_json) == {str(path): "gcp-billing"}
        sql = f"SELECT {COMPARED} FROM line_items ORDER BY ALL"
        assert query(from_json, sql) == query(from_csv, sql)
        net = sum((dec(r["cost"]) + gcp_credits(r["credits"]) for r in rows), Decimal(0))
        assert totals(from_json) == (len(rows), net, net)


# ---------------------------------------------------------------------------------------------
# bad values: one line naming the file, column and row; the warehouse unchanged


def ea_row(**values: str) -> dict[str, str]:
    row = {
        "BillingAccountId": "1234567",
        "BillingProfileId": "1234567",
        "AccountName": "Acme",
        "SubscriptionId": "00000000-0000-0000-0000-0000000000a1",
        "SubscriptionName": "acme-prod",
        "BillingPeriodStartDate": "11/01/2026",
        "BillingPeriodEndDate": "11/30/2026",
        "Date": "11/03/2026",
        "MeterCategory": "Virtual Machines",
        "MeterName": "D4s v5",
        "Quantity": "24",
        "UnitOfMeasure": "1 Hour",
        "Cost": "4.6",
        "BillingCurrency": "USD",
        "ResourceLocation": "eastus",
        "ConsumedService": "Microsoft.Compute",
        "ChargeType": "Usage",
        "Frequency": "UsageBased",
        "PricingModel": "OnDemand",
    }
    row.update(values)
    return row


def gcp_row(**values: str) -> dict[str, str]:
    row = {
        "billing_account_id": "012345-6789AB-CDEF01",
        "service.id": "6F81-5844-456A",
        "service.description": "Compute Engine",
        "sku.id": "CP-COMPUTEENGINE-VMIMAGE-N1-STANDARD-1",
        "sku.description": "N1 Predefined Instance Core running in Americas",
        "usage_start_time": "2026-11-03 10:00:00+00:00",
        "usage_end_time": "2026-11-03 11:00:00+00:00",
        "project.id": "acme-prod",
        "cost": "0.0475",
        "currency": "USD",
        "usage.amount": "3600",
        "usage.unit": "seconds",
        "credits": "[]",
        "invoice.month": "202611",
        "cost_type": "regular",
    }
    row.update(values)
    return row


BAD = [
    ("azure", {"Cost": "abc"}, "column 'Cost' is not a number: 'abc' (data row 2)"),
    (
        "azure",
        {"Date": "13/45/2026"},
        "column 'Date' is not a date/time: '13/45/2026' (data row 2)",
    ),
    (
        "azure",
        {"Tags": '"env": "prod", oops'},
        "column 'Tags' is not a JSON object of tags: '{\"env\": \"prod\", oops}' (data row 2)",
    ),
    (
        "gcp",
        {"credits": "[{'name': 'FreeTrial', 'amount': 'lots'}]"},
        "column 'credits' has a credit whose amount is not a number",
    ),
    ("gcp", {"invoice.month": "2026-11"}, "column 'invoice.month' is not a month (YYYYMM)"),
    ("gcp", {"cost": "1e40"}, "column 'cost' is too large an amount"),
    ("gcp", {"labels": "env=prod"}, "column 'labels' is not a list of key/value pairs"),
]


@pytest.mark.parametrize(("kind", "values", "error"), BAD, ids=[b[2][:32] for b in BAD])
def test_a_bad_value_is_refused_with_its_column_and_row(runner, tmp_path, kind, values, error):
    warehouse = tmp_path / "w.duckdb"
    good = tmp_path / "good.csv"
    write_csv(good, EA_HEADER, [ea_row(), ea_row(Date="11/04/2026")])
    ok(invoke(runner, warehouse, "ingest", str(good)))
    before = snapshot(warehouse)
    if kind == "azure":
        bill = write_csv(tmp_path / "bad.csv", EA_HEADER, [ea_row(), ea_row(**values)])
    else:
        bill = write_csv(tmp_path / "bad.csv", GCP_HEADER, [gcp_row(), gcp_row(**values)])
    result = invoke(runner, warehouse, "-q", "ingest", str(bill))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bill}: {error}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(warehouse) == before


@pytest.mark.parametrize(
    ("fmt", "header", "row", "error"),
    [
        (
            "azure-cost",
            [h for h in EA_HEADER if h != "Cost"] + ["CostInUsd"],
            ea_row(CostInUsd="4.6"),
            "missing required column CostInBillingCurrency (or Cost)",
        ),
        (
            "gcp-billing",
            [h for h in GCP_HEADER if h != "cost"],
            gcp_row(),
            "missing required column cost",
        ),
    ],
)
def test_a_native_export_without_its_cost_is_refused(runner, tmp_path, fmt, header, row, error):
    """A cost in US dollars is not the billed cost: refused, not taken instead."""
    warehouse = tmp_path / "w.duckdb"
    bill = write_csv(tmp_path / "bill.csv", header, [row])
    unknown = invoke(runner, warehouse, "ingest", str(bill))
    assert unknown.exit_code == 1 and "unknown bill format" in unknown.stderr
    result = invoke(runner, warehouse, "ingest", "--format", fmt, str(bill))
    assert result.exit_code == 1 and error in result.stderr, result.stderr
    assert snapshot(warehouse) == ("absent",)


# ---------------------------------------------------------------------------------------------
# AI rows: published meter and SKU names in native form classify as the signals say


def load_cases() -> list[dict[str, str]]:
    with CASES_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


CASES = load_cases()
SUB = "00000000-0000-0000-0000-00000000c1a5"


def azure_case(case: dict[str, str]) -> dict[str, str]:
    key, _, value = case["tags"].partition("=")
    return ea_row(
        Product=case["product"],
        MeterCategory=case["meter_category"],
        MeterSubCategory=case["meter_subcategory"],
        MeterName=case["meter"],
        ConsumedService=case["consumed_service"],
        ResourceId=f"/subscriptions/{SUB}/resourceGroups/rg-{case['id']}{case['resource_path']}",
        UnitOfMeasure=case["unit"],
        Quantity=case["quantity"],
        Cost="1.0",
        Tags=json.dumps({key: value})[1:-1] if key else "",  # as Azure writes them: no braces
    )


def gcp_case(case: dict[str, str]) -> dict[str, str]:
    return gcp_row(
        **{
            "service.description": case["service"],
            "sku.id": f"SKU-{case['id']}",
            "sku.description": case["product"],
            "usage.amount": case["quantity"],
            "usage.unit": case["unit"],
            "location.region": "us-central1",
            "location.zone": "us-central1-a",
            "resource.name": case["id"],
            "resource.global_name": f"//compute.googleapis.com/instances/{case['id']}",
            "cost": "1.0",
        }
    )


def classes(warehouse: Path) -> dict[str, tuple]:
    """case id -> (class, rule, accelerator type): Azure cases by their resource group,
    Google's by their resource name."""
    rows = query(
        warehouse,
        "SELECT coalesce(nullif(regexp_extract(l.ResourceId, '/resourceGroups/rg-([^/]+)/', 1), "
        "''), l.ResourceName), l.x_WorkloadClass, l.x_ClassRule, k.accelerator_type "
        "FROM line_items AS l JOIN class_keys AS k USING (x_ClassKey)",
    )
    return {case: tuple(rest) for case, *rest in rows}


def test_native_ai_rows_get_the_signals_classes(runner, tmp_path):
    azure = [c for c in CASES if c["format"] == "azure"]
    gcp = [c for c in CASES if c["format"] == "gcp"]
    assert azure and gcp
    # Each month is billed a week past the cases' day (a storage charge), so a GPU that ran
    # that one day is seen to start and stop.
    later_azure = ea_row(
        Date="11/10/2026",
        MeterCategory="Storage",
        MeterName="Hot LRS Data Stored",
        ConsumedService="Microsoft.Storage",
        ResourceId=f"/subscriptions/{SUB}/resourceGroups/storage/providers/Microsoft.Storage/"
        "storageAccounts/acmelogs",
        UnitOfMeasure="1 GB/Month",
    )
    later_gcp = gcp_row(
        **{
            "service.description": "Cloud Storage",
            "sku.description": "Standard Storage US Multi-region",
            "usage_start_time": "2026-11-10 10:00:00+00:00",
            "usage_end_time": "2026-11-10 11:00:00+00:00",
            "resource.name": "acme-logs",
        }
    )
    azure_rows = [*(azure_case(c) for c in azure), later_azure]
    gcp_rows = [*(gcp_case(c) for c in gcp), later_gcp]
    azure_bill = write_csv(tmp_path / "azure.csv", EA_HEADER, azure_rows)
    gcp_bill = write_csv(tmp_path / "gcp.csv", GCP_HEADER, gcp_rows)
    gcp_json = tmp_path / "gcp.json"
    gcp_json.write_text("".join(json.dumps(bigquery_json(r)) + "\n" for r in gcp_rows))
    warehouse, json_warehouse = tmp_path / "w.duckdb", tmp_path / "json.duckdb"
    ok(invoke(runner, warehouse, "ingest", str(azure_bill), str(gcp_bill)))
    ok(invoke(runner, json_warehouse, "ingest", str(gcp_json)))
    got = classes(warehouse)
    assert set(got) == {c["id"] for c in CASES} | {"acmelogs", "acme-logs"}
    for case in CASES:
        cls, rule, accelerator = got[case["id"]]
        assert (cls, rule) == (case["expected_class"], case["expected_rule"]), case["id"]
        assert accelerator == (case["accelerator_type"] or accelerator), case["id"]
    # The same Google rows from BigQuery's JSON export classify the same way.
    assert classes(json_warehouse) == {k: got[k] for k in [c["id"] for c in gcp] + ["acme-logs"]}


def test_ingest_lists_the_native_formats_it_reads(runner, tmp_path):
    bill = tmp_path / "cities.csv"
    bill.write_text("city,population\nLyon,522000\n")
    result = invoke(runner, tmp_path / "w.duckdb", "ingest", str(bill))
    assert result.exit_code == 1
    assert "Azure cost details, Google Cloud Billing exports" in result.stderr
    assert "azure-cost" in invoke(runner, tmp_path / "w.duckdb", "ingest", "--help").stdout


def test_gcp_rows_of_one_sku_are_not_summed_with_another(runner, tmp_path):
    """A VM's RAM (byte-seconds) and cores (seconds) stay apart, and the usage pattern counts
    neither RAM nor more than the hour each GPU row spans."""
    rows = [
        gcp_row(
            **{
                "sku.description": "N1 Predefined Instance Ram running in Americas",
                "sku.id": "RAM",
                "usage.unit": "byte-seconds",
                "usage.amount": "13743895347200",
            }
        ),
        gcp_row(),
    ]
    bill = write_csv(tmp_path / "vm.csv", GCP_HEADER, rows)
    warehouse = tmp_path / "w.duckdb"
    ok(invoke(runner, warehouse, "ingest", str(bill)))
    assert query(
        warehouse,
        "SELECT ConsumedUnit, sum(ConsumedQuantity) FROM line_items GROUP BY 1 ORDER BY 1",
    ) == [("byte-seconds", Decimal("13743895347200")), ("seconds", Decimal(3600))]
