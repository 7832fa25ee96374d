"""Azure Cost Management "cost details" exports (EA and MCA; actual and amortized cost), CSV or
Parquet: what teams have before they export FOCUS.

Columns are matched by name in any case (EA writes PascalCase, MCA camelCase, and both mix in a
few of the other's: ``ProductId``, ``InstanceName``, ``Location``); absent ones become NULL.
Dates may be ``MM/DD/YYYY`` and tags may lack their braces (``"env": "prod","org": "trey"``):
both are normalised before the usual typed projection (ingest/columns.py), so a bad value is
still reported with its column and row. ``queries/ingest/azure_to_focus.sql`` then maps the
rows to FOCUS as Microsoft's own conversion does (learn.microsoft.com, "Convert Cost Management
data to FOCUS"; docs/schema.md says what is approximated).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from finops_ai.errors import IngestError
from finops_ai.ingest.columns import DECIMAL, Projected, project, quote_ident
from finops_ai.ingest.files import BillFile
from finops_ai.resources import bind, load_query

if TYPE_CHECKING:  # detect.py asks this module whether a file is an Azure export
    from finops_ai.ingest.layout import Layout

T, TS, D, M = "VARCHAR", "TIMESTAMP", DECIMAL, "MAP(VARCHAR, VARCHAR)"

# Canonical column -> (type, the export's names for it, lower-case, the preferred first).
AZURE_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "billing_account_id": (T, ("billingaccountid",)),
    "billing_account_name": (T, ("billingaccountname",)),
    "billing_profile_id": (T, ("billingprofileid",)),
    "billing_profile_name": (T, ("billingprofilename",)),
    "billing_period_start": (TS, ("billingperiodstartdate", "billingperiodstart")),
    "billing_period_end": (TS, ("billingperiodenddate", "billingperiodend")),
    "subscription_id": (T, ("subscriptionid", "subscriptionguid")),
    "subscription_name": (T, ("subscriptionname",)),
    "charge_date": (TS, ("date", "usagedate", "usagedatetime")),
    "product": (T, ("product", "productname")),
    "product_id": (T, ("productid",)),
    "part_number": (T, ("partnumber",)),
    "meter_category": (T, ("metercategory",)),
    "meter_subcategory": (T, ("metersubcategory",)),
    "meter_name": (T, ("metername",)),
    "quantity": (D, ("quantity", "usagequantity")),
    "unit_price": (D, ("unitprice",)),
    "payg_price": (D, ("paygprice",)),
    # The billing currency first: MCA also has costInUsd and costInPricingCurrency.
    "cost": (D, ("costinbillingcurrency", "cost", "pretaxcost")),
    "payg_cost": (D, ("paygcostinbillingcurrency",)),
    "exchange_rate": (D, ("exchangeratepricingtobilling",)),
    "billing_currency": (T, ("billingcurrency", "billingcurrencycode", "currency")),
    "resource_location": (T, ("resourcelocation",)),
    "location": (T, ("location",)),
    "availability_zone": (T, ("availabilityzone",)),
    "consumed_service": (T, ("consumedservice",)),
    "resource_id": (T, ("resourceid", "instancename", "instanceid")),
    "resource_name": (T, ("resourcename",)),
    "additional_info": (T, ("additionalinfo",)),
    "tags": (M, ("tags",)),
    "unit_of_measure": (T, ("unitofmeasure",)),
    "reservation_id": (T, ("reservationid",)),
    "benefit_id": (T, ("benefitid",)),
    "charge_type": (T, ("chargetype",)),
    "frequency": (T, ("frequency",)),
    "pricing_model": (T, ("pricingmodel",)),
    "publisher_name": (T, ("publishername",)),
    "partner_name": (T, ("partnername",)),
    "invoice_id": (T, ("invoiceid",)),
}

REQUIRED = {"cost": "CostInBillingCurrency (or Cost)", "charge_date": "Date"}
# An EA export names the enrollment's accounts; an MCA export does not (it invoices per
# billing profile, which is therefore its billing account in FOCUS).
_EA_MARKS = {"accountownerid", "accountname", "enrollmentnumber"}
_MANIFEST_VIEWS = {"actualcost": "actual", "amortizedcost": "amortized"}


def is_cost_details(lower: set[str]) -> bool:
    """Do these (lower-case) columns look like an Azure cost details export?"""
    return bool(
        lower & {"date", "usagedate", "usagedatetime"}
        and lower & {"metercategory", "metername", "meterid"}
        and lower & {"costinbillingcurrency", "cost", "pretaxcost"}
        and lower & {"subscriptionid", "subscriptionguid", "billingaccountid", "billingprofileid"}
    )


def project_azure(
    con: duckdb.DuckDBPyConnection, layout: Layout, path: Path, bill: BillFile
) -> tuple[Projected, str]:
    """The typed projection of an Azure cost details file, and its x_SourceFormat
    (``azure-ea-amortized``, ``azure-mca-actual``, ... or ``azure-ea`` when the file shows no
    commitment, where the two views agree)."""
    by_lower = {c.lower(): (c, t) for c, t in layout.columns.items()}
    found: dict[str, tuple[str, str]] = {}
    for canonical, (_, names) in AZURE_COLUMNS.items():
        hit = next((by_lower[n] for n in names if n in by_lower), None)
        if hit is not None:
            found[canonical] = hit
    for canonical, header in REQUIRED.items():
        if canonical not in found:
            raise IngestError(
                bill.name,
                f"missing required column {header}",
                "Is this a complete Azure cost details export?",
            )
    mca = not (by_lower.keys() & _EA_MARKS)
    params: dict[str, object] = {**layout.params(path), "mca": mca}
    wanted = {c: t for c, (t, _) in AZURE_COLUMNS.items()}
    projected = project(_reader(layout, found), params, wanted, found, name=bill.name)
    view = _manifest_view(bill) or _content_view(con, projected, found)
    # Only a file that shows amortisation takes the per-row FOCUS split of Billed and
    # Effective cost; an actual-cost file keeps both at the cost as billed (docs/schema.md).
    projected.params["amortized"] = view == "amortized"
    agreement = "mca" if mca else "ea"
    return projected, f"azure-{agreement}-{view}" if view else f"azure-{agreement}"


def _reader(layout: Layout, found: dict[str, tuple[str, str]]) -> str:
    """The file's reader, with US dates made ISO and brace-less tags made JSON objects."""
    fixes = []
    for canonical in ("billing_period_start", "billing_period_end", "charge_date"):
        if canonical in found and found[canonical][1].startswith("VARCHAR"):
            ref = quote_ident(found[canonical][0])
            # try_strptime: anything else is left as written for the typed cast to judge.
            fixes.append(
                f"coalesce(strftime(try_strptime(trim({ref}), '%m/%d/%Y'), '%Y-%m-%d'), {ref}) "
                f"AS {ref}"
            )
    if "tags" in found and found["tags"][1].startswith("VARCHAR"):
        ref = quote_ident(found["tags"][0])
        fixes.append(
            f"CASE WHEN NULLIF(trim({ref}), '') IS NULL OR left(trim({ref}), 1) IN ('{{', '[') "
            f"THEN {ref} ELSE '{{' || {ref} || '}}' END AS {ref}"
        )
    if not fixes:
        return layout.reader()
    return f"(SELECT * REPLACE ({', '.join(fixes)}) FROM {layout.reader()})"


def _manifest_view(bill: BillFile) -> str | None:
    """``actual`` or ``amortized`` as the export run's manifest says (exportConfig.type)."""
    if not bill.manifest or "://" in bill.manifest:
        return None
    try:
        doc = json.loads(Path(bill.manifest).read_bytes())
    except (OSError, ValueError):
        return None  # manifests.py has already judged it; a gone file says nothing
    config = doc.get("exportConfig") if isinstance(doc, dict) else None
    kind = config.get("type") if isinstance(config, dict) else None
    return _MANIFEST_VIEWS.get(kind.lower()) if isinstance(kind, str) else None


def _content_view(
    con: duckdb.DuckDBPyConnection, projected: Projected, found: dict[str, tuple[str, str]]
) -> str | None:
    """What the rows show: covered usage with a cost, or unused commitment, is amortized;
    commitment purchases alone are actual; neither, and the two views are the same rows.
    Costs one more pass over the file (three of its columns) when no manifest says."""
    if "charge_type" not in found:
        return None
    sql = f"WITH src AS ({projected.sql})\n{load_query('ingest/azure_cost_view')}"
    try:
        # A cursor of its own: a bad value must not abort the load's transaction here, but
        # stop the load itself, which then names its column and row.
        with con.cursor() as cur:
            amortized, purchases = cur.execute(sql, bind(sql, projected.params)).fetchall()[0]
    except duckdb.Error:
        return None
    if amortized:
        return "amortized"
    return "actual" if purchases else None


def refuse_mixed_views(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """An actual-cost and an amortized-cost export of one month are two views of the same
    charges: held together (by --append, or as two files of one command) they count every
    on-demand charge twice."""
    hit = con.execute(load_query("load/azure_mixed_views"), {"load_id": load_id}).fetchall()
    if hit:
        account, period, actual, amortized, actual_is_new = hit[0]
        raise IngestError(
            actual if actual_is_new else amortized,
            f"Microsoft account {account} {period:%Y-%m} would hold both the actual-cost "
            f"export ({actual}) and the amortized-cost export ({amortized}); they are two "
            "views of the same charges and together count them twice",
            "Ingest one of them: the amortized export for amortised EffectiveCost, the actual "
            "one for the invoice (--replace swaps one for the other)",
        )
