"""Bills for the committed capacity, savings, model heads-up and burn tests (not a test module).

A legacy AWS CUR (CSV, ``category/Name`` headers) for 2026-09 and 2026-10 and a Microsoft FOCUS
1.0 export for 2026-10, written from the published strings: usage types ``BoxUsage:g5.2xlarge``,
``SpotUsage:p5.48xlarge``, ``USE1-Nova-ProvisionedThroughput``, ``USE1-NovaPro-input-tokens``;
line item types ``SavingsPlanCoveredUsage``, ``SavingsPlanNegation``,
``SavingsPlanRecurringFee``, ``DiscountedUsage``, ``RIFee`` (awsdocs/aws-cur-user-guide); the
Azure OpenAI PTU meter ``Provisioned Managed Global Unit`` (Azure retail prices); FOCUS
``PricingCategory = 'Dynamic'`` and ``CommitmentDiscountStatus = 'Unused'`` (FOCUS 1.0 spec).
Prices are the public list prices the sample bills use (README of sample_bills/).

Every row is also kept as a ``Charge`` (its day, class, provider, region, model, pricing,
hours and costs), so the tests work out the expected figures from what was written, not from
the warehouse.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

SEP, OCT, NOV = dt.datetime(2026, 9, 1), dt.datetime(2026, 10, 1), dt.datetime(2026, 11, 1)
OCT_HOURS = 744
PAYER, ACCOUNT = "111111111111", "333333333333"
SP_ARN = "arn:aws:savingsplans::111111111111:savingsplan/5f1c7e8a-2b9d-4c61-9e0f-3a7b2c1d4e5f"
RI_ARN = (
    "arn:aws:ec2:us-east-1:111111111111:reserved-instances/9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b"
)
AZ_RESERVATION = (
    "/providers/microsoft.capacity/reservationorders/0b1c2d3e-aaaa-4bbb-8ccc-0d1e2f3a4b5c"
    "/reservations/7e6d5c4b-dddd-4eee-8fff-1a2b3c4d5e6f"
)

PRODUCT_NAMES = {
    "AmazonEC2": "Amazon Elastic Compute Cloud",
    "AmazonBedrock": "Amazon Bedrock",
    "ComputeSavingsPlans": "Savings Plans for AWS Compute usage",
}
CUR_HEADER = [
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
    "lineItem/Operation",
    "lineItem/ResourceId",
    "lineItem/UsageAmount",
    "lineItem/CurrencyCode",
    "lineItem/UnblendedRate",
    "lineItem/UnblendedCost",
    "lineItem/LineItemDescription",
    "product/ProductName",
    "product/instanceType",
    "product/regionCode",
    "pricing/term",
    "pricing/unit",
    "pricing/publicOnDemandCost",
    "pricing/publicOnDemandRate",
    "reservation/ReservationARN",
    "reservation/EffectiveCost",
    "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
    "reservation/UnusedRecurringFee",
    "savingsPlan/SavingsPlanARN",
    "savingsPlan/SavingsPlanEffectiveCost",
    "savingsPlan/TotalCommitmentToDate",
    "savingsPlan/UsedCommitment",
    "resourceTags/user:workload",
]
FOCUS_HEADER = [
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
    "ListCost",
    "BillingCurrency",
    "ProviderName",
    "ServiceName",
    "ServiceCategory",
    "RegionId",
    "ResourceId",
    "SkuMeter",
    "PricingCategory",
    "ConsumedQuantity",
    "ConsumedUnit",
    "CommitmentDiscountId",
    "CommitmentDiscountType",
    "CommitmentDiscountStatus",
    "Tags",
]


@dataclass(frozen=True)
class Charge:
    """What one bill row is, as the tests need to know it."""

    start: dt.datetime
    end: dt.datetime
    month: dt.datetime  # billing period
    provider: str
    klass: str  # its true class: the workload tag or the service says it
    cost: Decimal  # EffectiveCost
    billed: Decimal
    list_cost: Decimal = Decimal(0)
    region: str | None = None
    model: str | None = None
    instance_type: str | None = None  # accelerated instances only
    pricing: str | None = None  # committed, spot, on_demand, unused (compute and commitments)
    hours: Decimal = Decimal(0)
    capacity: str | None = None  # bedrock_provisioned_throughput, azure_openai_ptu
    commitment: str | None = None

    @property
    def day(self) -> dt.date:
        return self.start.date()


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Bills:
    """Collects CUR rows, FOCUS rows and their Charges."""

    def __init__(self) -> None:
        self.cur: dict[dt.datetime, list[dict[str, str]]] = {SEP: [], OCT: []}
        self.focus: list[dict[str, str]] = []
        self.charges: list[Charge] = []
        self._n = 0

    # --- AWS -------------------------------------------------------------------------------

    def aws(
        self,
        start: dt.datetime,
        hours: int,
        *,
        line_type: str,
        product: str,
        usage_type: str,
        amount: str,
        cost: str,
        klass: str,
        resource: str = "",
        instance_type: str = "",
        region: str = "us-east-1",
        unit: str = "Hrs",
        on_demand: str | None = None,
        workload: str = "",
        effective: str | None = None,
        model: str | None = None,
        pricing: str | None = None,
        capacity: str | None = None,
        **columns: str,
    ) -> None:
        month = start.replace(day=1, hour=0)
        end = start + dt.timedelta(hours=hours)
        self._n += 1
        row = dict.fromkeys(CUR_HEADER, "")
        row.update(
            {
                "identity/LineItemId": f"li{self._n:08d}",
                "bill/PayerAccountId": PAYER,
                "bill/BillingPeriodStartDate": _iso(month),
                "bill/BillingPeriodEndDate": _iso(NOV if month == OCT else OCT),
                "lineItem/UsageAccountId": ACCOUNT,
                "lineItem/LineItemType": line_type,
                "lineItem/UsageStartDate": _iso(start),
                "lineItem/UsageEndDate": _iso(end),
                "lineItem/ProductCode": product,
                "lineItem/UsageType": usage_type,
                "lineItem/Operation": "RunInstances" if instance_type else "Usage",
                "lineItem/ResourceId": resource,
                "lineItem/UsageAmount": amount,
                "lineItem/CurrencyCode": "USD",
                "lineItem/UnblendedCost": cost,
                "product/ProductName": PRODUCT_NAMES[product],
                "product/instanceType": instance_type,
                "product/regionCode": region,
                "pricing/unit": unit,
                "pricing/publicOnDemandCost": on_demand if on_demand is not None else cost,
                "resourceTags/user:workload": workload,
            }
        )
        row.update(columns)
        self.cur[month].append(row)
        accelerated = instance_type if line_type not in ("RIFee",) else None
        self.charges.append(
            Charge(
                start=start,
                end=end,
                month=month,
                provider="AWS",
                klass=klass,
                cost=Decimal(effective if effective is not None else cost),
                billed=Decimal(cost),
                list_cost=Decimal(on_demand if on_demand is not None else cost),
                region=region,
                model=model,
                instance_type=accelerated or None,
                pricing=pricing,
                hours=Decimal(amount)
                if pricing in ("committed", "spot", "on_demand")
                else Decimal(0),
                capacity=capacity,
                commitment=columns.get("savingsPlan/SavingsPlanARN")
                or columns.get("reservation/ReservationARN"),
            )
        )

    # --- Microsoft FOCUS -------------------------------------------------------------------

    def azure(
        self,
        start: dt.datetime,
        hours: int,
        *,
        service: str,
        meter: str,
        quantity: str,
        unit: str,
        cost: str,
        klass: str,
        list_cost: str | None = None,
        pricing_category: str = "Standard",
        workload: str | None = None,
        billed: str | None = None,
        instance_type: str | None = None,
        pricing: str | None = None,
        capacity: str | None = None,
        commitment: tuple[str, str, str] | None = None,
    ) -> None:
        end = start + dt.timedelta(hours=hours)
        row = dict.fromkeys(FOCUS_HEADER, "")
        row.update(
            {
                "BillingAccountId": "acme-ea-0001",
                "SubAccountId": "/subscriptions/5e6f7a8b-1111-4222-8333-9c0d1e2f3a4b",
                "BillingPeriodStart": _iso(OCT),
                "BillingPeriodEnd": _iso(NOV),
                "ChargePeriodStart": _iso(start),
                "ChargePeriodEnd": _iso(end),
                "ChargeCategory": "Usage",
                "ChargeDescription": f"{service} - {meter} - East US",
                "BilledCost": billed if billed is not None else cost,
                "EffectiveCost": cost,
                "ListCost": list_cost if list_cost is not None else cost,
                "BillingCurrency": "USD",
                "ProviderName": "Microsoft",
                "ServiceName": service,
                "ServiceCategory": "AI and Machine Learning" if klass != "non_ai" else "Compute",
                "RegionId": "eastus",
                "ResourceId": f"/subscriptions/5e6f/resourcegroups/ml/providers/x/{meter}".lower(),
                "SkuMeter": meter,
                "PricingCategory": pricing_category,
                "ConsumedQuantity": quantity,
                "ConsumedUnit": unit,
                "Tags": json.dumps({"workload": workload}) if workload else "",
            }
        )
        if commitment:
            row["CommitmentDiscountId"], row["CommitmentDiscountType"] = commitment[:2]
            row["CommitmentDiscountStatus"] = commitment[2]
        self.focus.append(row)
        self.charges.append(
            Charge(
                start=start,
                end=end,
                month=OCT,
                provider="Microsoft",
                klass=klass,
                cost=Decimal(cost),
                billed=Decimal(row["BilledCost"]),
                list_cost=Decimal(row["ListCost"]),
                region="eastus",
                instance_type=instance_type,
                pricing=pricing,
                hours=Decimal(quantity)
                if pricing in ("committed", "spot", "on_demand")
                else Decimal(0),
                capacity=capacity,
                commitment=commitment[0] if commitment else None,
            )
        )

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for month, rows in self.cur.items():
            path = folder / f"acme-cur-{month:%Y-%m}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, CUR_HEADER)
                writer.writeheader()
                writer.writerows(rows)
            paths.append(path)
        if self.focus:
            path = folder / "acme-focus-2026-10.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, FOCUS_HEADER)
                writer.writeheader()
                writer.writerows(self.focus)
            paths.append(path)
        return paths


def hour(month: dt.datetime, h: int) -> dt.datetime:
    return month + dt.timedelta(hours=h)


def capacity_bills() -> Bills:
    """The bills the tests share: every lever, commitment and heads-up kind once."""
    b = Bills()
    # An inference fleet of g5.2xlarge on demand: two instances all month, a third for 100 h.
    for h in range(OCT_HOURS):
        for name in ("i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"):
            b.aws(hour(OCT, h), 1, **_g5(name))
    for h in range(100, 200):
        b.aws(hour(OCT, h), 1, **_g5("i-0a1b2c3d4e5f60003"))
    # Two inf2.xlarge serving instances: one under the Compute Savings Plan, one on demand.
    for h in range(OCT_HOURS):
        covered = {
            "product": "AmazonEC2",
            "usage_type": "BoxUsage:inf2.xlarge",
            "instance_type": "inf2.xlarge",
            "resource": "i-0b1c2d3e4f5a60001",
            "amount": "1",
            "klass": "inference",
        }
        b.aws(
            hour(OCT, h),
            1,
            line_type="SavingsPlanCoveredUsage",
            cost="0.7582",
            effective="0.50",
            pricing="committed",
            **{
                "savingsPlan/SavingsPlanARN": SP_ARN,
                "savingsPlan/SavingsPlanEffectiveCost": "0.50",
            },
            **covered,
        )
        b.aws(
            hour(OCT, h),
            1,
            line_type="SavingsPlanNegation",
            cost="-0.7582",
            effective="0",
            on_demand="0",
            **{"savingsPlan/SavingsPlanARN": SP_ARN},
            **covered,
        )
        b.aws(
            hour(OCT, h),
            1,
            line_type="Usage",
            product="AmazonEC2",
            usage_type="BoxUsage:inf2.xlarge",
            instance_type="inf2.xlarge",
            resource="i-0b1c2d3e4f5a60002",
            amount="1",
            cost="0.7582",
            klass="inference",
            pricing="on_demand",
        )
    # A p4d.24xlarge serving instance on a reservation all month, and the RI's monthly fee with
    # an unused part (unused amortised upfront 50 + unused recurring 25).
    for h in range(OCT_HOURS):
        b.aws(
            hour(OCT, h),
            1,
            line_type="DiscountedUsage",
            product="AmazonEC2",
            usage_type="BoxUsage:p4d.24xlarge",
            instance_type="p4d.24xlarge",
            resource="i-0c1d2e3f4a5b60001",
            amount="1",
            cost="0",
            on_demand="32.7726",
            effective="20.00",
            klass="inference",
            workload="inference",
            pricing="committed",
            **{"reservation/ReservationARN": RI_ARN, "reservation/EffectiveCost": "20.00"},
        )
    b.aws(
        OCT,
        OCT_HOURS,
        line_type="RIFee",
        product="AmazonEC2",
        usage_type="HeavyUsage:p4d.24xlarge",
        instance_type="p4d.24xlarge",
        amount="744",
        cost="7440.00",
        effective="75.00",
        klass="non_ai",
        pricing="unused",
        **{
            "reservation/ReservationARN": RI_ARN,
            "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod": "50.00",
            "reservation/UnusedRecurringFee": "25.00",
        },
    )
    # The Savings Plan's monthly fee: 0.55/h committed, 0.50/h used.
    b.aws(
        OCT,
        OCT_HOURS,
        line_type="SavingsPlanRecurringFee",
        product="ComputeSavingsPlans",
        usage_type="ComputeSP:1yrNoUpfront",
        amount="744",
        cost="409.20",
        effective="37.20",
        klass="non_ai",
        pricing="unused",
        region="",
        **{
            "savingsPlan/SavingsPlanARN": SP_ARN,
            "savingsPlan/TotalCommitmentToDate": "409.20",
            "savingsPlan/UsedCommitment": "372.00",
        },
    )
    # p5.48xlarge training: 4 instances on demand for 20 h, then 4 on spot for 10 h.
    for h in range(200, 220):
        for i in range(4):
            b.aws(hour(OCT, h), 1, **_p5(f"i-0d1e2f3a4b5c6000{i}", spot=False))
    for h in range(300, 310):
        for i in range(4):
            b.aws(hour(OCT, h), 1, **_p5(f"i-0d1e2f3a4b5c6010{i}", spot=True))
    # Bedrock provisioned throughput, 24 model-unit hours a day at $15.80.
    for d in range(31):
        b.aws(
            OCT + dt.timedelta(days=d),
            24,
            line_type="Usage",
            product="AmazonBedrock",
            usage_type="USE1-Nova-ProvisionedThroughput",
            resource="arn:aws:bedrock:us-east-1:333333333333:provisioned-model/q2w3e4r5t6y7",
            amount="24",
            cost="379.20",
            klass="inference",
            model="Nova",
            capacity="bedrock_provisioned_throughput",
        )
    # Bedrock tokens: NovaPro at $100 a day since September, $400 a day from 15 October; a new
    # model (Llama 3.3 70B) from 20 October; NovaPro in a new region (us-west-2) from the 25th.
    for month, days in ((SEP, 30), (OCT, 31)):
        for d in range(days):
            cost = "400.00" if month == OCT and d >= 14 else "100.00"
            b.aws(month + dt.timedelta(days=d), 24, **_tokens("USE1-NovaPro-input-tokens", cost))
    # Titan embeddings: $200 a day in September, $600 a day from 1 October, which only the
    # week before the month shows to be a jump.
    for month, days in ((SEP, 30), (OCT, 31)):
        for d in range(days):
            b.aws(
                month + dt.timedelta(days=d),
                24,
                **_tokens(
                    "USE1-TitanEmbeddingsV2-Text-input-tokens",
                    "600.00" if month == OCT else "200.00",
                ),
            )
    for d in range(19, 31):
        b.aws(OCT + dt.timedelta(days=d), 24, **_tokens("USE1-Llama3-3-70B-input-tokens", "50.00"))
    for d in range(24, 31):
        b.aws(
            OCT + dt.timedelta(days=d),
            24,
            **_tokens("USW2-NovaPro-input-tokens", "30.00", region="us-west-2"),
        )
    # Azure (a provider new in October, from the 3rd): 50 PTU of Azure OpenAI a day at $1.00
    # per PTU-hour; A100 training on spot (2 instances a day) and on demand (one, one day); a
    # reservation's unused hours.
    for d in range(2, 31):
        b.azure(
            OCT + dt.timedelta(days=d),
            24,
            service="Azure OpenAI",
            meter="Provisioned Managed Global Unit",
            quantity="1200",
            unit="1 Hour",
            cost="1200.00",
            klass="inference",
            capacity="azure_openai_ptu",
        )
    for d in range(4, 6):
        b.azure(
            OCT + dt.timedelta(days=d),
            24,
            service="Azure Machine Learning",
            meter="NC24ads A100 v4",
            quantity="48",
            unit="Hours",
            cost="70.56",
            list_cost="176.304",
            pricing_category="Dynamic",
            workload="training",
            klass="training",
            instance_type="NC24ads A100 v4",
            pricing="spot",
        )
    b.azure(
        OCT + dt.timedelta(days=6),
        24,
        service="Azure Machine Learning",
        meter="NC24ads A100 v4",
        quantity="24",
        unit="Hours",
        cost="88.152",
        workload="training",
        klass="training",
        instance_type="NC24ads A100 v4",
        pricing="on_demand",
    )
    b.azure(
        OCT + dt.timedelta(days=9),
        24,
        service="Virtual Machines",
        meter="D4s v5",
        quantity="64.8",
        unit="Hours",
        cost="12.34",
        billed="0",
        klass="non_ai",
        pricing="unused",
        commitment=(AZ_RESERVATION, "Reservation", "Unused"),
    )
    return b


def _g5(resource: str) -> dict:
    return {
        "line_type": "Usage",
        "product": "AmazonEC2",
        "usage_type": "BoxUsage:g5.2xlarge",
        "instance_type": "g5.2xlarge",
        "resource": resource,
        "amount": "1",
        "cost": "1.212",
        "workload": "inference",
        "klass": "inference",
        "pricing": "on_demand",
    }


def _p5(resource: str, spot: bool) -> dict:
    return {
        "line_type": "Usage",
        "product": "AmazonEC2",
        "usage_type": "SpotUsage:p5.48xlarge" if spot else "BoxUsage:p5.48xlarge",
        "instance_type": "p5.48xlarge",
        "resource": resource,
        "amount": "1",
        "cost": "39.33" if spot else "98.32",
        "on_demand": "98.32",
        "workload": "training",
        "klass": "training",
        "pricing": "spot" if spot else "on_demand",
    }


def _tokens(usage_type: str, cost: str, region: str = "us-east-1") -> dict:
    return {
        "line_type": "Usage",
        "product": "AmazonBedrock",
        "usage_type": usage_type,
        "amount": f"{Decimal(cost) / Decimal('0.0008'):f}",  # $0.0008 per 1K input tokens
        "unit": "1K tokens",
        "cost": cost,
        "region": region,
        "klass": "inference",
        "model": usage_type.split("-", 1)[1].rsplit("-input-tokens", 1)[0],
    }
