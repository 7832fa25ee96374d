"""Azure: a FOCUS 1.2 cost export (Cost Management "FocusCost" export, CSV, one file per month),
daily charge periods as Microsoft exports them.

The header is the 106 columns of Microsoft's own FOCUS 1.2 schema document
(../shared/real_bills/finops-toolkit-azure/FocusCost_1.2-preview.json). Values follow the
Microsoft rows of the FOCUS sample data (../shared/real_bills/focus-sample-data/): resource ids
under /subscriptions/, ChargeDescription "<meter category> <subcategory> - <meter> - <region>",
Tags as a JSON object, ResourceType display names ("Virtual machine", "Azure Machine Learning
workspace", the AML `ComputeType` tag). VM meter names ("ND96isr H100 v5", "NC24ads A100 v4")
are the Azure retail price list's; Azure OpenAI meters are infracost's (ai_signals.md 4.6).
A virtual machine scale set bills as one resource whose daily quantity is the instance-hours
of all its instances, so a 1,000-instance set bills 24,000 hours a day on one line.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from .timeline import Ids, Window, fleet, hourly, steady_desired, together, with_failures
from .truth import Truth

COLUMNS = (
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingAccountType",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountQuantity",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "InvoiceId",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingCurrency",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceDetails",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "SubAccountType",
    "Tags",
    "x_AccountId",
    "x_AccountName",
    "x_AccountOwnerId",
    "x_AmortizationClass",
    "x_BilledCostInUsd",
    "x_BilledUnitPrice",
    "x_BillingAccountId",
    "x_BillingAccountName",
    "x_BillingExchangeRate",
    "x_BillingExchangeRateDate",
    "x_BillingProfileId",
    "x_BillingProfileName",
    "x_ContractedCostInUsd",
    "x_CostAllocationRuleName",
    "x_CostCenter",
    "x_CustomerId",
    "x_CustomerName",
    "x_EffectiveCostInUsd",
    "x_EffectiveUnitPrice",
    "x_InvoiceIssuerId",
    "x_InvoiceSectionId",
    "x_InvoiceSectionName",
    "x_ListCostInUsd",
    "x_PartnerCreditApplied",
    "x_PartnerCreditRate",
    "x_PricingBlockSize",
    "x_PricingSubcategory",
    "x_PricingUnitDescription",
    "x_PublisherCategory",
    "x_PublisherId",
    "x_ResellerId",
    "x_ResellerName",
    "x_ResourceGroupName",
    "x_ResourceType",
    "x_ServiceModel",
    "x_ServicePeriodEnd",
    "x_ServicePeriodStart",
    "x_SkuDescription",
    "x_SkuDetails",
    "x_SkuIsCreditEligible",
    "x_SkuMeterCategory",
    "x_SkuMeterId",
    "x_SkuMeterName",
    "x_SkuMeterSubcategory",
    "x_SkuOfferId",
    "x_SkuOrderId",
    "x_SkuOrderName",
    "x_SkuPartNumber",
    "x_SkuPlanName",
    "x_SkuRegion",
    "x_SkuServiceFamily",
    "x_SkuTerm",
    "x_SkuTier",
)

BILLING_ACCOUNT = "/providers/Microsoft.Billing/billingAccounts/73451290"
SUBS = {
    "ml-research": ("3f1c2a9e-58d1-4b7e-9a40-2c6d8e1f7b35", "Larkspur ML Research"),
    "ml-prod": ("a8e4d2c1-07b9-4f63-8d25-91c3e6a0b7f4", "Larkspur ML Production"),
    "corp": ("5b9d0e7a-3c21-4a8f-b6e4-d7f1290c3a68", "Larkspur Corporate"),
}
REGIONS = {
    "eastus": "East US",
    "southcentralus": "South Central US",
    "swedencentral": "Sweden Central",
}
REGION_SHORT = {
    "eastus": "US East",
    "southcentralus": "US South Central",
    "swedencentral": "SE Central",
}
# meter -> (subcategory, USD per hour)
VM_METERS = {
    "ND96isr H100 v5": ("NDsr H100 v5 Series", 98.32),
    "NC24ads A100 v4": ("NCads A100 v4 Series", 3.673),
    "NC40ads H100 v5": ("NCads H100 v5 Series", 6.98),
    "NC4as T4 v3": ("NCasT4 v3 Series", 0.526),
    "NC8as T4 v3": ("NCasT4 v3 Series", 0.752),
    "D4s v5": ("Dsv5 Series", 0.192),
    "E8s v5": ("Esv5 Series", 0.504),
    "D2s v5": ("Dsv5 Series", 0.096),
}


@dataclass
class AzureBill:
    window: Window
    truth: Truth
    rng: random.Random
    ids: Ids
    exclude: frozenset[str] = frozenset()
    rows: list[dict] = field(default_factory=list)

    def charge(
        self,
        day: int,
        *,
        quantity: float,
        price: float,
        sub: str,
        region: str,
        resource_id: str,
        resource_type: str,
        service: str,
        category: str,
        meter_category: str,
        meter_subcategory: str,
        meter: str,
        unit: str,
        true_class: str,
        scenario: str,
        tags: dict[str, str] | None = None,
        subcategory: str = "",
    ) -> None:
        if scenario in self.exclude:
            return
        start = self.window.start + timedelta(days=day)
        cost = round(quantity * price, 10)
        sub_id, sub_name = SUBS[sub]
        month = self.window.month_of(start)
        rg = resource_id.split("/resourcegroups/")[-1].split("/")[0] if resource_id else ""
        desc = f"{meter_category} {meter_subcategory} - {meter} - {REGION_SHORT[region]}"
        self.rows.append(
            {
                "month": month,
                "BilledCost": cost,
                "EffectiveCost": cost,
                "ListCost": cost,
                "ContractedCost": cost,
                "BillingAccountId": BILLING_ACCOUNT,
                "BillingAccountName": "Larkspur Analytics",
                "BillingAccountType": "Billing Account",
                "BillingCurrency": "USD",
                "BillingPeriodStart": _ts(self.window.months[month]),
                "BillingPeriodEnd": _ts(self.window.months[month + 1]),
                "ChargeCategory": "Usage",
                "ChargeDescription": desc,
                "ChargeFrequency": "Usage-Based",
                "ChargePeriodStart": _ts(start),
                "ChargePeriodEnd": _ts(start + timedelta(days=1)),
                "ConsumedQuantity": round(quantity, 10),
                "ConsumedUnit": unit,
                "PricingQuantity": round(quantity, 10),
                "PricingUnit": unit,
                "ListUnitPrice": price,
                "ContractedUnitPrice": price,
                "x_EffectiveUnitPrice": price,
                "x_BilledUnitPrice": price,
                "PricingCategory": "Standard",
                "PricingCurrency": "USD",
                "InvoiceIssuerName": "Microsoft",
                "ProviderName": "Microsoft",
                "PublisherName": "Microsoft",
                "x_PublisherCategory": "Cloud Provider",
                "InvoiceId": ""
                if month == 2
                else f"G{self.window.months[month]:%y%m}0{sub_id[:4].upper()}",
                "RegionId": region,
                "RegionName": REGIONS[region],
                "x_SkuRegion": REGION_SHORT[region],
                "ResourceId": resource_id,
                "ResourceName": resource_id.rsplit("/", 1)[-1],
                "ResourceType": resource_type,
                "x_ResourceType": _arm_type(resource_id),
                "x_ResourceGroupName": rg,
                "ServiceCategory": category,
                "ServiceName": service,
                "ServiceSubcategory": subcategory,
                "SkuId": _guid(self, meter),
                "SkuPriceId": _guid(self, meter + "/price"),
                "SkuMeter": meter,
                "x_SkuMeterName": meter,
                "x_SkuMeterId": _guid(self, meter + "/m"),
                "x_SkuMeterCategory": meter_category,
                "x_SkuMeterSubcategory": meter_subcategory,
                "x_SkuDescription": desc,
                "x_SkuServiceFamily": "Compute"
                if meter_category == "Virtual Machines"
                else "AI + Machine Learning"
                if category == "AI and Machine Learning"
                else "Storage",
                "SubAccountId": f"/subscriptions/{sub_id}",
                "SubAccountName": sub_name,
                "SubAccountType": "Subscription",
                "Tags": json.dumps(tags or {}),
                "x_BilledCostInUsd": cost,
                "x_EffectiveCostInUsd": cost,
                "x_ListCostInUsd": cost,
                "x_ContractedCostInUsd": cost,
                "x_BillingExchangeRate": 1,
                "x_BillingAccountId": BILLING_ACCOUNT.rsplit("/", 1)[-1],
                "x_BillingAccountName": "Larkspur Analytics",
                "x_PricingBlockSize": 1,
                "x_PricingUnitDescription": f"1 {unit}" if unit == "Hours" else unit,
                "x_ServicePeriodStart": _ts(start),
                "x_ServicePeriodEnd": _ts(start + timedelta(days=1)),
                "x_SkuIsCreditEligible": "true",
                "x_SkuOfferId": "MS-AZR-0017P",
            }
        )
        self.truth.add("azure", resource_id, meter, true_class, scenario, cost)

    def hours_by_day(self, counts: dict[int, float]) -> dict[int, float]:
        out: dict[int, float] = {}
        for hour, amount in counts.items():
            out[hour // 24] = out.get(hour // 24, 0.0) + amount
        return out

    def vm(
        self,
        hours: dict[int, float],
        meter: str,
        *,
        sub: str,
        region: str,
        resource_id: str,
        true_class: str,
        scenario: str,
        resource_type: str = "Virtual machine",
        service: str = "Virtual Machines",
        category: str = "Compute",
        tags: dict[str, str] | None = None,
    ) -> None:
        """Daily lines of a VM (or a scale set, or an Azure ML compute) billed by a VM meter."""
        subcategory, price = VM_METERS[meter]
        for day, quantity in sorted(self.hours_by_day(hours).items()):
            self.charge(
                day,
                quantity=quantity,
                price=price,
                sub=sub,
                region=region,
                resource_id=resource_id,
                resource_type=resource_type,
                service=service,
                category=category,
                meter_category="Virtual Machines",
                meter_subcategory=subcategory,
                meter=meter,
                unit="Hours",
                true_class=true_class,
                scenario=scenario,
                tags=tags,
            )

    def resource(self, sub: str, group: str, provider: str, name: str) -> str:
        return f"/subscriptions/{SUBS[sub][0]}/resourcegroups/{group}/providers/{provider}/{name}"

    def write(self, folder: Path) -> list[Path]:
        written = []
        for month in range(3):
            start, end = self.window.months[month], self.window.months[month + 1]
            run = self.ids.hex(8)
            path = (
                folder / "larkspur-focus" / f"{start:%Y%m%d}-{end - timedelta(days=1):%Y%m%d}" / run
            )
            path.mkdir(parents=True, exist_ok=True)
            target = path / "part_0_0001.csv"
            with open(target, "w", newline="", encoding="utf-8-sig") as handle:
                out = csv.DictWriter(handle, COLUMNS, extrasaction="ignore", restval="")
                out.writeheader()
                out.writerows(r for r in self.rows if r["month"] == month)
            written.append(target)
        return written


def _ts(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _arm_type(resource_id: str) -> str:
    parts = resource_id.lower().split("/providers/")[-1].split("/")
    return "/".join([parts[0]] + parts[1::2]) if len(parts) > 1 else ""


def _guid(bill: AzureBill, text: str) -> str:
    import hashlib

    h = hashlib.md5(text.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


# ------------------------------------------------------------------------------------------------
# Scenarios (daily lines; every count, day and size drawn per seed)
# ------------------------------------------------------------------------------------------------


def scenarios(bill: AzureBill) -> None:
    rng, hours = bill.rng, bill.window.hours
    days = hours // 24

    def vm_id(sub: str, group: str, name: str) -> str:
        return bill.resource(sub, group, "microsoft.compute", f"virtualmachines/{name}")

    def vmss_id(sub: str, group: str, name: str) -> str:
        return bill.resource(sub, group, "microsoft.compute", f"virtualmachinescalesets/{name}")

    # Multi-week training on ND H100 v5 VMs: N identical VMs created together by the research
    # team's cluster script (e.g. a CycleCloud/Slurm cluster), flat for 2-4 weeks, deleted
    # together; a failed node is swapped for a new VM. Basis: Azure ND H100 v5 is sold for
    # "training large AI models"; public LLM training runs on Azure ND clusters last weeks.
    for run in range(rng.randint(1, 2)):
        train_meter = rng.choice(["ND96isr H100 v5", "NC24ads A100 v4", "NC40ads H100 v5"])
        n = rng.randint(4, 24) if train_meter.startswith("ND") else rng.randint(8, 40)
        start = int(rng.uniform(0, days - 16) * 24)
        spans = together(rng, n, start, start + rng.uniform(14, 28) * 24, hours)
        spans += with_failures(rng, spans, rng.choice([0, 1]))
        for i, s in enumerate(spans):
            bill.vm(
                hourly(s),
                train_meter,
                sub="ml-research",
                region="eastus",
                resource_id=vm_id("ml-research", "rg-research-01", f"node-r{run}-{i:03d}"),
                true_class="training",
                scenario="train-multiweek",
                tags={"team": "foundation-models"},
            )

    # Short jobs on single A100 VMs (hours), created and deleted per experiment.
    for j in range(rng.randint(5, 15)):
        start = int(rng.uniform(0, days - 2) * 24)
        size = rng.choice([1, 2, 4])
        for i, s in enumerate(together(rng, size, start, start + rng.uniform(2, 30), hours)):
            bill.vm(
                hourly(s),
                "NC24ads A100 v4",
                sub="ml-research",
                region="southcentralus",
                resource_id=vm_id("ml-research", "rg-research-02", f"vm{j:02d}-{i}"),
                true_class="training",
                scenario="train-bursty-jobs",
            )

    # Serving: AKS GPU node pools are scale sets; the cluster autoscaler breathes with load and
    # some follow the working day. One pool serves all window, one is launched mid-window (a new
    # model), one is retired mid-window (its model replaced).
    serve_meter = rng.choice(["NC4as T4 v3", "NC8as T4 v3", "NC24ads A100 v4", "ND96isr H100 v5"])
    shapes = [
        ("serve-steady", 0, hours, False),
        ("serve-daily-cycle", 0, hours, True),
        ("serve-launched-mid", int(rng.uniform(32, 55) * 24), hours, rng.random() < 0.5),
        ("serve-retired-mid", 0, int(rng.uniform(25, 60) * 24), rng.random() < 0.5),
    ]
    others = {
        label: rng.choice(["NC4as T4 v3", "NC8as T4 v3", "NC24ads A100 v4"]) for label, *_ in shapes
    }

    def meter_of(label: str) -> str:
        return serve_meter if label == "serve-steady" else others[label]

    for pool, (label, start, end, daily) in enumerate(shapes):
        base = rng.randint(2, 12) if not meter_of(label).startswith("ND") else rng.randint(1, 3)
        desired = steady_desired(rng, hours, base, max(1, base // 2), daily=1.0 if daily else 0)
        counts: dict[int, float] = {}
        for spans in fleet(rng, desired, start, end, hours):
            for h, a in hourly(spans).items():
                counts[h] = counts.get(h, 0.0) + a
        meter = meter_of(label)
        bill.vm(
            counts,
            meter,
            sub="ml-prod",
            region="eastus",
            resource_id=vmss_id(
                "ml-prod",
                "mc_rg-platform_aks-prod_eastus",
                f"aks-gpu{pool}-{bill.ids.digits(8)}-vmss",
            ),
            resource_type="Virtual machine scale set",
            true_class="inference",
            scenario=label,
            tags={
                "aks-managed-poolName": f"gpu{pool}",
                "aks-managed-createOperationID": bill.ids.hex(8),
            },
        )

    # A fine-tuning run on the serving pool's own meter, subscription and region, as standalone
    # VMs for one to four days.
    start = int(rng.uniform(2, days - 5) * 24)
    burst = together(rng, rng.randint(2, 10), start, start + rng.uniform(24, 96), hours)
    for i, s in enumerate(burst):
        bill.vm(
            hourly(s),
            serve_meter,
            sub="ml-prod",
            region="eastus",
            resource_id=vm_id("ml-prod", "rg-prod-02", f"vm-{i:02d}"),
            true_class="training",
            scenario="train-beside-serving",
        )

    # A large inference fleet: one scale set of 1,000-2,500 T4 instances serving all window
    # (batch-heavy vision inference at a large retailer's scale).
    big = steady_desired(rng, hours, rng.randint(1000, 2500), 200)
    bill.vm(
        {h: float(c) for h, c in enumerate(big)},
        "NC4as T4 v3",
        sub="ml-prod",
        region="southcentralus",
        resource_type="Virtual machine scale set",
        resource_id=vmss_id("ml-prod", "rg-vision", "vision-vmss"),
        true_class="inference",
        scenario="serve-large-fleet",
    )

    azure_ml(bill)
    openai(bill)
    non_ai(bill)


def azure_ml(bill: AzureBill) -> None:
    """Azure Machine Learning: a compute cluster running training jobs (bills VM meters on the
    workspace, ComputeType "Compute Cluster"), a managed online endpoint deployment serving all
    window, and compute instances (a data scientist's dev box, ComputeType "Compute Instance",
    the tag the FOCUS sample shows): ai_other."""
    rng, hours = bill.rng, bill.window.hours

    def ws(name: str) -> str:
        return bill.resource(
            "ml-research", "rg-aml", "microsoft.machinelearningservices", f"workspaces/{name}"
        )

    counts: dict[int, float] = {}
    for _ in range(rng.randint(3, 10)):
        start = int(rng.uniform(0, hours / 24 - 3) * 24)
        for s in together(rng, rng.randint(1, 8), start, start + rng.uniform(3, 48), hours):
            for h, a in hourly(s).items():
                counts[h] = counts.get(h, 0.0) + a
    bill.vm(
        counts,
        "NC24ads A100 v4",
        sub="ml-research",
        region="eastus",
        resource_id=ws("ws-research"),
        resource_type="Azure Machine Learning workspace",
        service="Azure Machine Learning",
        category="AI and Machine Learning",
        tags={"ComputeType": "Compute Cluster"},
        true_class="training",
        scenario="aml-compute-cluster",
    )
    endpoint = bill.resource(
        "ml-prod",
        "rg-aml",
        "microsoft.machinelearningservices",
        "workspaces/ws-prod/onlineendpoints/churn-ep/deployments/blue",
    )
    n = rng.randint(1, 3)
    bill.vm(
        {h: float(n) for h in range(hours)},
        "NC4as T4 v3",
        sub="ml-prod",
        region="eastus",
        resource_id=endpoint,
        resource_type="Machine learning online deployment",
        service="Azure Machine Learning",
        category="AI and Machine Learning",
        true_class="inference",
        scenario="aml-online-endpoint",
    )
    spans = [
        (d * 24 + 13 + rng.random(), d * 24 + 21 + rng.random())
        for d in range(hours // 24)
        if d % 7 < 5
    ]
    bill.vm(
        hourly(spans),
        "D4s v5",
        sub="ml-research",
        region="eastus",
        resource_id=ws("ws-sandbox"),
        resource_type="Azure Machine Learning workspace",
        service="Azure Machine Learning",
        category="AI and Machine Learning",
        tags={"ComputeType": "Compute Instance"},
        true_class="ai_other",
        scenario="aml-compute-instance",
    )


def openai(bill: AzureBill) -> None:
    """Azure OpenAI on one account: global-deployment tokens (inference), a fine-tuning job's
    training hours (training, meter `<prefix>-FTuned Training Unit`), the fine-tuned model's
    hosting hours (inference, `-FTuned Deployment Hosting Unit`), and provisioned throughput
    units (inference)."""
    rng, days = bill.rng, bill.window.hours // 24
    account = bill.resource(
        "ml-prod", "rg-openai", "microsoft.cognitiveservices", "accounts/lark-aoai"
    )
    common = dict(
        sub="ml-prod",
        region="swedencentral",
        resource_id=account,
        resource_type="Azure OpenAI",
        service="Azure OpenAI",
        category="AI and Machine Learning",
        meter_category="Cognitive Services",
        meter_subcategory="Azure OpenAI",
        subcategory="Generative AI",
    )
    for meter, price in (
        ("gpt-4o-0806-Inp-glbl Tokens", 0.0025),
        ("gpt-4o-0806-Outp-glbl Tokens", 0.01),
        ("gpt-4o-mini-0718-Inp-glbl Tokens", 0.00015),
        ("gpt-4o-mini-0718-Outp-glbl Tokens", 0.0006),
    ):
        for day in range(days):
            bill.charge(
                day,
                quantity=round(rng.uniform(2e4, 9e5), 3),
                price=price,
                unit="1K",
                meter=meter,
                true_class="inference",
                scenario="aoai-tokens",
                **common,
            )
    start = rng.randint(2, days - 20)
    for day in range(start, start + rng.randint(1, 3)):
        bill.charge(
            day,
            quantity=round(rng.uniform(4, 24), 2),
            price=34.0,
            unit="Hours",
            meter="Az-GPT35-Turbo-4K-FTuned Training Unit",
            true_class="training",
            scenario="aoai-fine-tuning",
            **common,
        )
    for day in range(start + 3, days):
        bill.charge(
            day,
            quantity=24.0,
            price=1.7,
            unit="Hours",
            meter="Az-GPT35-Turbo-4K-FTuned Deployment Hosting Unit",
            true_class="inference",
            scenario="aoai-finetuned-hosting",
            **common,
        )
    ptu = rng.choice([15, 25, 50])
    for day in range(rng.randint(0, 30), days):
        bill.charge(
            day,
            quantity=24.0 * ptu,
            price=1.0,
            unit="Hours",
            meter="Provisioned Managed Global Unit",
            true_class="inference",
            scenario="aoai-provisioned",
            **common,
        )


def non_ai(bill: AzureBill) -> None:
    """Web and line-of-business VMs, storage accounts, a SQL database."""
    rng, hours = bill.rng, bill.window.hours
    for i in range(rng.randint(3, 8)):
        meter = rng.choice(["D4s v5", "E8s v5", "D2s v5"])
        bill.vm(
            {h: 1.0 for h in range(hours)},
            meter,
            sub="corp",
            region="eastus",
            resource_id=bill.resource(
                "corp", "rg-apps", "microsoft.compute", f"virtualmachines/app-{i:02d}"
            ),
            true_class="non_ai",
            scenario="nonai-vms",
            tags={"env": "prod"},
        )
    for name in ("larkspurdatalake", "larkspurbackups"):
        sid = bill.resource("corp", "rg-storage", "microsoft.storage", f"storageaccounts/{name}")
        tb = rng.uniform(10, 300)
        for day in range(hours // 24):
            bill.charge(
                day,
                quantity=round(tb * 1024 / 30.4, 6),
                price=0.0184,
                sub="corp",
                region="eastus",
                resource_id=sid,
                resource_type="Storage account",
                service="Storage Accounts",
                category="Storage",
                meter_category="Storage",
                meter_subcategory="Tiered Block Blob",
                meter="Hot LRS Data Stored",
                unit="GB/Month",
                true_class="non_ai",
                scenario="nonai-storage",
            )
    db = bill.resource("corp", "rg-data", "microsoft.sql", "servers/lark-sql/databases/orders")
    for day in range(hours // 24):
        bill.charge(
            day,
            quantity=24 * 8.0,
            price=0.2529,
            sub="corp",
            region="eastus",
            resource_id=db,
            resource_type="SQL database",
            service="Azure SQL Database",
            category="Databases",
            meter_category="SQL Database",
            meter_subcategory="General Purpose - Compute Gen5",
            meter="vCore",
            unit="Hours",
            true_class="non_ai",
            scenario="nonai-sql",
        )
