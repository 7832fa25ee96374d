"""FOCUS 1.0 / 1.1 / 1.2 exports (and the 1.3 AI working draft): how Azure, GCP, OCI and AWS's own
FOCUS export arrive. Columns are matched case-insensitively by name; absent ones become NULL."""

from __future__ import annotations

from pathlib import Path

from finops_ai.errors import IngestError
from finops_ai.ingest.columns import DECIMAL, Projected, project
from finops_ai.ingest.layout import Layout

T, TS, D, M = "VARCHAR", "TIMESTAMP", DECIMAL, "MAP(VARCHAR, VARCHAR)"

FOCUS_COLUMNS: dict[str, str] = {
    "BillingAccountId": T,
    "BillingAccountName": T,
    "SubAccountId": T,
    "SubAccountName": T,
    "BillingPeriodStart": TS,
    "BillingPeriodEnd": TS,
    "ChargePeriodStart": TS,
    "ChargePeriodEnd": TS,
    "ChargeCategory": T,
    "ChargeClass": T,
    "ChargeDescription": T,
    "ChargeFrequency": T,
    "BilledCost": D,
    "EffectiveCost": D,
    "ListCost": D,
    "ContractedCost": D,
    "ListUnitPrice": D,
    "ContractedUnitPrice": D,
    "BillingCurrency": T,
    "InvoiceId": T,
    "InvoiceIssuerName": T,
    "InvoiceIssuer": T,
    "ProviderName": T,
    "PublisherName": T,
    "ServiceProviderName": T,
    "HostProviderName": T,
    "ServiceName": T,
    "ServiceCategory": T,
    "ServiceSubcategory": T,
    "RegionId": T,
    "RegionName": T,
    "AvailabilityZone": T,
    "ResourceId": T,
    "ResourceName": T,
    "ResourceType": T,
    "SkuId": T,
    "SkuPriceId": T,
    "SkuMeter": T,
    "SkuPriceDetails": T,
    "PricingCategory": T,
    "CommitmentDiscountId": T,
    "CommitmentDiscountType": T,
    "CommitmentDiscountCategory": T,
    "CommitmentDiscountStatus": T,
    "ConsumedQuantity": D,
    "ConsumedUnit": T,
    "PricingQuantity": D,
    "PricingUnit": T,
    "Tags": M,
    "x_UsageType": T,
    "x_Operation": T,
    "x_ServiceCode": T,
    "x_InstanceType": T,
    "x_SkuMeterName": T,
}

REQUIRED = ("BilledCost", "ChargePeriodStart", "BillingPeriodStart")
# Two FOCUS-only mandatory names suffice, so a FOCUS export that lacks one (say BilledCost) is
# reported as exactly that by project_focus, not as an unknown format.
_MARKS = frozenset({"billedcost", "effectivecost", "chargeperiodstart", "billingperiodstart"})


def matches(layout: Layout) -> bool:
    """Are these a FOCUS export's columns?"""
    return len(layout.names() & _MARKS) >= 2


def source_format(layout: Layout) -> str:
    """``focus-1.0`` ... ``focus-1.3``: the newest FOCUS version whose columns the file has."""
    lower = layout.names()
    # The 1.3 working draft (AI token billing) replaces ProviderName with these two.
    if lower & {"serviceprovidername", "hostprovidername"}:
        return "focus-1.3"
    if lower & {"invoiceid", "billingaccounttype", "pricingcurrency", "subaccounttype"}:
        return "focus-1.2"
    if lower & {"servicesubcategory", "skumeter", "commitmentdiscountquantity"}:
        return "focus-1.1"
    return "focus-1.0"


def project_focus(layout: Layout, path: Path, name: str) -> Projected:
    by_lower = {c.lower(): (c, t) for c, t in layout.columns.items()}
    found = {
        canonical: by_lower[canonical.lower()]
        for canonical in FOCUS_COLUMNS
        if canonical.lower() in by_lower
    }
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise IngestError(
            name,
            f"missing required FOCUS column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            "Is this a complete FOCUS export?",
        )
    return project(layout.reader(), layout.params(path), FOCUS_COLUMNS, found, name=name)
