"""Google Cloud: a FOCUS export in the shape of Google's FOCUS BigQuery view (the published
"FOCUS v1.0 BigQuery view" query over the detailed usage cost export), saved as CSV with its
nested fields as JSON text (BigQuery's CSV export cannot hold ARRAY or STRUCT columns, so a user
wraps them in TO_JSON_STRING).

What the view does, column by column, and so what this file holds:
* BillingPeriodStart = PARSE_TIMESTAMP("%Y%m", invoice.month, "America/Los_Angeles"): 07:00 or
  08:00 UTC; BillingPeriodEnd = the month's *last day* at 00:00 Pacific (not the next month).
* BillingAccountId is the billing account, and so is SubAccountId (usage_cost_data.
  billing_account_id); the project is only in x_Project, a JSON object (id, number, name,
  ancestry_numbers, ancestors).
* ChargeCategory is lower case ("usage"), PricingCategory "standard"; ConsumedQuantity and
  ConsumedUnit are usage.amount/usage.unit in base units ("seconds", "byte-seconds"), while
  PricingQuantity/PricingUnit are price.pricing_unit_quantity/price.unit ("hour",
  "gibibyte hour").
* A GPU VM bills as separate SKUs on the same resource: the GPUs ("Nvidia L4 GPU running in
  Americas"), the vCPUs ("G2 Instance Core running in Americas", vCPU-seconds) and the memory
  ("G2 Instance Ram running in Americas", byte-seconds: 32 GiB for an hour is 1.2e14).
* ServiceCategory is the price export's product_taxonomy (a list), Tags the union of labels,
  system labels, project labels and tags as [{key, value, x_type, x_inherited, x_namespace}],
  x_Credits a list of {Name, Amount, FullName, Id, Type}; BilledCost and EffectiveCost are
  cost plus credits.
* ResourceId is resource.global_name (//compute.googleapis.com/projects/.../instances/<id>).

SKU descriptions: "Nvidia H100 80GB GPU running in Americas", "Nvidia Tesla A100 GPU running in
Americas", "Nvidia L4 GPU running in Americas", "G2 Instance Core/Ram running in Americas" with
their prices, "TpuV5e/TpuV5p/TpuV6e running in <region name>" (Compute Engine service
6F81-5844-456A), "Tpu-v4 Pod Accelerator USA" (Cloud TPU service E000-3F24-B8AA), and "Gemini 2.5
Flash GA Text Input/Output - Predictions" (Vertex AI, C7E2-9256-1C43) were all found in public
pricing clients and tests. The A3 core/RAM SKUs follow the A2/G2 pattern, and the Vertex AI
training/prediction SKUs are unverified.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from .csv_gz import write_csv_gz
from .timeline import PACIFIC, Ids, Window, fleet, hourly, sku_id, steady_desired, together
from .truth import Truth

COLUMNS = (
    "AvailabilityZone",
    "BilledCost",
    "BillingAccountId",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
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
    "SkuId",
    "SkuPriceId",
    "SubAccountId",
    "Tags",
    "x_Credits",
    "x_CostType",
    "x_CurrencyConversionRate",
    "x_ExportTime",
    "x_Location",
    "x_Project",
    "x_ServiceId",
)

BILLING_ACCOUNT = "01A2B3-C4D5E6-F7A8B9"
ORG = "90817263544"
PROJECTS = {
    "lark-ml-research": "318273645501",
    "lark-ml-serving": "427384756612",
    "lark-platform": "536495867723",
}
REGION_NAMES = {
    "us-central1": "Iowa",
    "us-east5": "Columbus",
    "us-west4": "Las Vegas",
    "us-east1": "South Carolina",
    "europe-west4": "Netherlands",
}
COMPUTE = ("6F81-5844-456A", "Compute Engine")
CLOUD_TPU = ("E000-3F24-B8AA", "Cloud TPU")
VERTEX = ("C7E2-9256-1C43", "Vertex AI")
STORAGE = ("95FF-2EF5-5EA1", "Cloud Storage")
BIGQUERY = ("24E6-581D-38E5", "BigQuery")
GIB = 2**30
VERTEX_RESOURCE = "//aiplatform.googleapis.com/projects"  # + /<number>/locations/... (unverified)

# machine type -> (family SKU prefix, GPU SKU, GPUs, vCPUs, GiB, GPU $/h, core $/h, GiB $/h)
MACHINES = {
    "a3-highgpu-8g": ("A3", "Nvidia H100 80GB GPU", 8, 208, 1872, 9.7967, 0.0275, 0.0037),
    "a2-highgpu-1g": ("A2", "Nvidia Tesla A100 GPU", 1, 12, 85, 2.933908, 0.031611, 0.004237),
    "a2-ultragpu-8g": ("A2", "Nvidia Tesla A100 80GB GPU", 8, 96, 1360, 5.0688, 0.031611, 0.004237),
    "g2-standard-8": ("G2", "Nvidia L4 GPU", 1, 8, 32, 0.56004, 0.024988, 0.002927),
    "g2-standard-4": ("G2", "Nvidia L4 GPU", 1, 4, 16, 0.56004, 0.024988, 0.002927),
    "n2-standard-8": ("N2", "", 0, 8, 32, 0.0, 0.031611, 0.004237),
    "n2-highmem-16": ("N2", "", 0, 16, 128, 0.0, 0.031611, 0.004237),
}
_TYPES = {
    c: pa.float64()
    for c in (
        "BilledCost",
        "EffectiveCost",
        "ContractedCost",
        "ListCost",
        "ContractedUnitPrice",
        "ListUnitPrice",
        "x_CurrencyConversionRate",
    )
}
TPU_PRICE = {"v5p": 4.20, "v5e": 1.20, "v6e": 2.70, "v4": 3.22}


@dataclass
class GcpBill:
    window: Window
    truth: Truth
    rng: random.Random
    ids: Ids
    exclude: frozenset[str] = frozenset()
    rows: list[dict] = field(default_factory=list)

    def line(
        self,
        hour: int,
        *,
        service: tuple[str, str],
        sku: str,
        usage: float,
        usage_unit: str,
        pricing_quantity: float,
        pricing_unit: str,
        price: float,
        project: str,
        region: str,
        zone: str,
        resource: str,
        resource_name: str,
        taxonomy: list[str],
        labels: list[tuple[str, str, str]],
        true_class: str,
        scenario: str,
        credits: list[dict] | None = None,
        hours: float = 1.0,
    ) -> None:
        if scenario in self.exclude:
            return
        start = self.window.at(hour)
        end = start + timedelta(hours=hours)
        cost = round(pricing_quantity * price, 6)
        credit = sum(c["Amount"] for c in credits or [])
        net = round(cost + credit, 6)
        month = self.window.month_of(start)
        skuid = sku_id(sku)
        self.rows.append(
            {
                "month": month,
                "AvailabilityZone": zone,
                "BilledCost": net,
                "EffectiveCost": net,
                "ContractedCost": cost,
                "ListCost": cost,
                "BillingAccountId": BILLING_ACCOUNT,
                "SubAccountId": BILLING_ACCOUNT,
                "BillingCurrency": "USD",
                "BillingPeriodStart": _bq(self.window.months[month]),
                "BillingPeriodEnd": _bq(_last_day(self.window.months[month + 1])),
                "ChargeCategory": "usage",
                "ChargeDescription": sku,
                "ChargePeriodStart": _bq(start),
                "ChargePeriodEnd": _bq(end),
                "ConsumedQuantity": _num(usage),
                "ConsumedUnit": usage_unit,
                "ContractedUnitPrice": price,
                "ListUnitPrice": price,
                "PricingCategory": "standard",
                "PricingQuantity": _num(pricing_quantity),
                "PricingUnit": pricing_unit,
                "ProviderName": "Google Cloud",
                "PublisherName": "Google Cloud",
                "RegionId": region,
                "RegionName": REGION_NAMES.get(region, ""),
                "ResourceId": resource,
                "ResourceName": resource_name,
                "ResourceType": _resource_type(resource),
                "ServiceCategory": _json(tuple(taxonomy)),
                "ServiceName": service[1],
                "SkuId": skuid,
                "SkuPriceId": f"Billing Account ID:{BILLING_ACCOUNT}, SKU ID: {skuid}, "
                "Price Tier Start Amount: 0",
                "Tags": _tags(tuple(labels)),
                "x_Credits": _compact(credits) if credits else "[]",
                "x_CostType": "regular",
                "x_CurrencyConversionRate": 1,
                "x_ExportTime": _export_time(end),
                "x_Location": region,
                "x_Project": _project(project),
                "x_ServiceId": service[0],
            }
        )
        self.truth.add("gcp", resource, skuid, true_class, scenario, net)

    def vm(
        self,
        spans: list[tuple[float, float]],
        machine: str,
        *,
        project: str,
        region: str,
        true_class: str,
        scenario: str,
        name: str,
        spot: bool = False,
        labels: list[tuple[str, str]] | None = None,
        sud: bool = False,
    ) -> None:
        """One Compute Engine VM: per hour, a GPU SKU line (if it has GPUs), a core SKU line
        (vCPU-seconds) and a RAM SKU line (byte-seconds), all on the VM's global name."""
        family, gpu_sku, gpus, vcpus, gib, gpu_price, core_price, ram_price = MACHINES[machine]
        zone = f"{region}-{self.rng.choice('abc')}"
        instance = self.ids.digits(19)
        rid = f"//compute.googleapis.com/projects/{project}/zones/{zone}/instances/{instance}"
        tags = [(k, v, "label") for k, v in (labels or [])] + [
            ("compute.googleapis.com/machine_spec", machine, "system_label"),
            ("compute.googleapis.com/cores", str(vcpus), "system_label"),
            ("compute.googleapis.com/memory", str(gib * 1024), "system_label"),
            ("env", "prod" if project != "lark-ml-research" else "research", "project_label"),
        ]
        geo = "Americas"
        if spot:
            gpu_desc = f"{gpu_sku} attached to Spot Preemptible VMs running in {geo}"
            core_desc = f"Spot Preemptible {family} Instance Core running in {geo}"
            ram_desc = f"Spot Preemptible {family} Instance Ram running in {geo}"
            scale = 0.35
        else:
            gpu_desc = f"{gpu_sku} running in {geo}"
            core_desc = f"{family} Instance Core running in {geo}"
            ram_desc = f"{family} Instance Ram running in {geo}"
            scale = 1.0
        vm_tax = ["GCP", "Compute", "GCE", "VMs Preemptible" if spot else "VMs On Demand"]
        for hour, part in sorted(hourly(spans).items()):
            seconds = round(part * 3600)
            common = dict(
                project=project,
                region=region,
                zone=zone,
                resource=rid,
                resource_name=name,
                labels=tags,
                true_class=true_class,
                scenario=scenario,
            )
            if gpus:
                self.line(
                    hour,
                    service=COMPUTE,
                    sku=gpu_desc,
                    usage=gpus * seconds,
                    usage_unit="seconds",
                    pricing_quantity=gpus * seconds / 3600,
                    pricing_unit="hour",
                    price=round(gpu_price * scale, 6),
                    taxonomy=vm_tax + ["GPUs", "GPUs: Per GPU"],
                    **common,
                )
            core_cost = vcpus * seconds / 3600 * core_price * scale
            self.line(
                hour,
                service=COMPUTE,
                sku=core_desc,
                usage=vcpus * seconds,
                usage_unit="seconds",
                pricing_quantity=vcpus * seconds / 3600,
                pricing_unit="hour",
                price=round(core_price * scale, 6),
                taxonomy=vm_tax + ["Cores: Per Core"],
                credits=_sud(core_cost) if sud else None,
                **common,
            )
            self.line(
                hour,
                service=COMPUTE,
                sku=ram_desc,
                usage=gib * GIB * seconds,
                usage_unit="byte-seconds",
                pricing_quantity=gib * seconds / 3600,
                pricing_unit="gibibyte hour",
                price=round(ram_price * scale, 6),
                taxonomy=vm_tax + ["Memory: Per GB"],
                credits=_sud(gib * seconds / 3600 * ram_price) if sud else None,
                **common,
            )

    def tpu(
        self,
        spans: list[tuple[float, float]],
        version: str,
        chips: int,
        *,
        project: str,
        zone: str,
        true_class: str,
        scenario: str,
        name: str,
    ) -> None:
        """One TPU VM (a host of a slice): chip-seconds per hour on the TPU SKU."""
        region = zone.rsplit("-", 1)[0]
        rid = f"//tpu.googleapis.com/projects/{project}/locations/{zone}/nodes/{name}"
        if version == "v4":
            service, desc = CLOUD_TPU, "Tpu-v4 Pod Accelerator USA"
        else:
            service = COMPUTE
            desc = f"Tpu{version.upper()[:2]}{version[2:]} running in {REGION_NAMES[region]}"
        labels = [("goog-tpu-node", name, "system_label"), ("team", "research", "label")]
        for hour, part in sorted(hourly(spans).items()):
            seconds = round(part * 3600)
            self.line(
                hour,
                service=service,
                sku=desc,
                usage=chips * seconds,
                usage_unit="seconds",
                pricing_quantity=chips * seconds / 3600,
                pricing_unit="hour",
                price=TPU_PRICE[version],
                project=project,
                region=region,
                zone=zone,
                resource=rid,
                resource_name=name,
                taxonomy=["GCP", "Compute", "TPU"],
                labels=labels,
                true_class=true_class,
                scenario=scenario,
            )

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for month in range(3):
            pacific = self.window.months[month].replace(tzinfo=None)
            target = folder / f"gcp_billing_export_focus_{BILLING_ACCOUNT}_{_month(pacific)}.csv.gz"
            rows = [r for r in self.rows if r["month"] == month]
            table = pa.Table.from_pylist(
                rows, schema=pa.schema([(c, _TYPES.get(c, pa.string())) for c in COLUMNS])
            )
            write_csv_gz(table, target)
            written.append(target)
        return written


def _month(utc: datetime) -> str:
    return utc.replace(tzinfo=UTC).astimezone(PACIFIC).strftime("%Y%m")


def _compact(value: object) -> str:
    """JSON as BigQuery's TO_JSON_STRING writes it: no spaces."""
    return json.dumps(value, separators=(",", ":"))


@functools.cache
def _json(value: tuple) -> str:
    return _compact(list(value))


@functools.cache
def _tags(labels: tuple[tuple[str, str, str], ...]) -> str:
    return _compact(
        [
            {
                "key": k,
                "value": v,
                "x_type": t,
                "x_inherited": t == "project_label",
                "x_namespace": "n/a",
            }
            for k, v, t in labels
        ]
    )


@functools.cache
def _export_time(end: datetime) -> str:
    """When the export wrote the hour's rows: a few hours after it ended."""
    minute = int(hashlib.md5(str(end).encode()).hexdigest()[:4], 16) % 3600
    return _bq(end + timedelta(hours=3, seconds=minute))


@functools.cache
def _bq(when: datetime) -> str:
    """BigQuery's CSV form of a TIMESTAMP."""
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


@functools.cache
def _last_day(next_month_utc: datetime) -> datetime:
    """00:00 Pacific on the last day of the month before ``next_month_utc``."""
    local = next_month_utc.replace(tzinfo=UTC).astimezone(PACIFIC) - timedelta(days=1)
    return (
        datetime(local.year, local.month, local.day, tzinfo=PACIFIC)
        .astimezone(UTC)
        .replace(tzinfo=None)
    )


def _num(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


@functools.cache
def _project(project: str) -> str:
    number = PROJECTS[project]
    return _compact(
        {
            "id": project,
            "number": number,
            "name": project,
            "ancestry_numbers": f"/{ORG}/{number}/",
            "ancestors": [
                {"resource_name": f"projects/{number}", "display_name": project},
                {"resource_name": f"organizations/{ORG}", "display_name": "larkspur.example"},
            ],
        }
    )


@functools.cache
def _resource_type(resource: str) -> str:
    """The view's ResourceType: the global name with the host suffix, project, location and
    trailing id stripped (//compute.googleapis.com/projects/p/zones/z/instances/1 ->
    compute.instances)."""
    if not resource.startswith("//"):
        return ""
    import re

    return re.sub(
        r"(//)|(googleapis.com/)|(projects/[^/]+/)|(project_commitments/[^/]+/)|"
        r"(locations/[^/]+/)|(regions/[^/]+/)|(zones/[^/]+/)|(global/)|(/[^/]+)",
        "",
        resource,
    )


def _sud(cost: float) -> list[dict]:
    """A sustained use discount credit (N2 VMs running all month earn one; GPUs do not)."""
    return [
        {
            "Name": "Sustained Usage Discount",
            "Amount": round(-0.2 * cost, 6),
            "FullName": "Sustained Usage Discount",
            "Id": "SUSTAINED_USAGE_DISCOUNT",
            "Type": "SUSTAINED_USAGE_DISCOUNT",
        }
    ]


# ------------------------------------------------------------------------------------------------
# Scenarios
# ------------------------------------------------------------------------------------------------


def scenarios(bill: GcpBill) -> None:
    rng, hours = bill.rng, bill.window.hours
    days = hours / 24

    # Multi-week training on A3 (8x H100) VMs: a fixed-size job, all VMs created in the same
    # hour by the cluster toolkit, flat for 2-4 weeks, deleted together (Google's A3 pitch:
    # "training ... large models"; public MaxText/NeMo runs on A3 clusters run for weeks).
    start = int(rng.uniform(0, days - 14) * 24)
    machine = rng.choice(["a3-highgpu-8g", "a2-ultragpu-8g", "g2-standard-8"])
    n = rng.randint(4, 16) if machine != "g2-standard-8" else rng.randint(16, 48)
    for i, s in enumerate(together(rng, n, start, start + rng.uniform(14, 28) * 24, hours)):
        bill.vm(
            s,
            machine,
            project="lark-ml-research",
            region="us-central1",
            true_class="training",
            scenario="train-multiweek",
            name=f"job-{i:03d}",
            labels=[("team", "foundation-models")],
        )

    # Short experiment jobs on A100 VMs.
    for j in range(rng.randint(5, 15)):
        start = int(rng.uniform(0, days - 2) * 24)
        for i, s in enumerate(
            together(rng, rng.choice([1, 2, 4]), start, start + rng.uniform(2, 30), hours)
        ):
            bill.vm(
                s,
                "a2-highgpu-1g",
                project="lark-ml-research",
                region="us-central1",
                true_class="training",
                scenario="train-bursty-jobs",
                name=f"vm-{j}-{i}",
            )

    # Serving on GKE L4 node pools (cluster autoscaler: breathing, some with the day's cycle),
    # one launched and one retired mid-window.
    shapes = [
        ("serve-steady", 0, hours, False),
        ("serve-daily-cycle", 0, hours, True),
        ("serve-launched-mid", int(rng.uniform(32, 55) * 24), hours, False),
        ("serve-retired-mid", 0, int(rng.uniform(25, 60) * 24), rng.random() < 0.5),
    ]
    llm = rng.random() < 0.5  # the steady pool serves an LLM on 8-GPU A3 VMs
    for index, (label, first, last, daily) in enumerate(shapes):
        machine = "a3-highgpu-8g" if llm and label == "serve-steady" else "g2-standard-8"
        base = rng.randint(1, 4) if machine == "g2-standard-8" else rng.randint(1, 2)
        desired = steady_desired(rng, hours, base, max(1, base // 2), daily=1.0 if daily else 0)
        pool = f"pool-{index}"
        for i, s in enumerate(fleet(rng, desired, first, last, hours)):
            bill.vm(
                s,
                machine,
                project="lark-ml-serving",
                region="us-central1",
                true_class="inference",
                scenario=label,
                name=f"gke-{pool}-{i:04d}",
                labels=[("goog-k8s-cluster-name", "serve-prod"), ("goog-k8s-node-pool-name", pool)],
            )

    # A fine-tuning burst on the serving pools' machine type, project and region.
    start = int(rng.uniform(2, days - 5) * 24)
    burst = together(rng, rng.randint(3, 12), start, start + rng.uniform(24, 96), hours)
    for i, s in enumerate(burst):
        bill.vm(
            s,
            "g2-standard-8",
            project="lark-ml-serving",
            region="us-central1",
            true_class="training",
            scenario="train-beside-serving",
            name=f"gke-x-{i:02d}",
        )

    # 1,000+ Spot L4 VMs for a few hours: a hyperparameter sweep on a GKE Spot node pool.
    start = int(rng.uniform(2, days - 2) * 24)
    for i, s in enumerate(
        together(rng, rng.randint(1000, 1200), start, start + rng.uniform(3, 6), hours)
    ):
        bill.vm(
            s,
            "g2-standard-4",
            project="lark-ml-research",
            region="us-central1",
            true_class="training",
            scenario="train-large-fleet",
            name=f"gke-spot-{i:05d}",
            spot=True,
            labels=[("goog-k8s-cluster-name", "batch-c1")],
        )

    tpus(bill)
    vertex(bill)
    non_ai(bill)


def tpus(bill: GcpBill) -> None:
    """TPUs: v5p (sold for training the largest models) training for weeks as a multi-host
    slice (4 chips per host); v5e ("cost-efficient training and inference") serving all window
    as single-host slices; v6e (Trillium) either training for days or serving (drawn per seed:
    the chip alone does not say); v4 pods training on the legacy Cloud TPU service."""
    rng, hours = bill.rng, bill.window.hours
    days = hours / 24
    start = int(rng.uniform(0, days - 14) * 24)
    for i, s in enumerate(
        together(rng, rng.choice([4, 8, 16]), start, start + rng.uniform(14, 30) * 24, hours)
    ):
        bill.tpu(
            s,
            "v5p",
            4,
            project="lark-ml-research",
            zone="us-east5-a",
            true_class="training",
            scenario="tpu-v5p-training",
            name=f"v5p-64-w{i}",
        )
    for i in range(rng.randint(2, 6)):
        bill.tpu(
            [(0.0, float(hours))],
            "v5e",
            4,
            project="lark-ml-serving",
            zone="us-west4-a",
            true_class="inference",
            scenario="tpu-v5e-serving",
            name=f"v5e-serve-{i}",
        )
    if rng.random() < 0.5:
        start = int(rng.uniform(0, days - 8) * 24)
        for i, s in enumerate(
            together(rng, rng.choice([2, 4, 8]), start, start + rng.uniform(3, 12) * 24, hours)
        ):
            bill.tpu(
                s,
                "v6e",
                8,
                project="lark-ml-research",
                zone="us-east5-b",
                true_class="training",
                scenario="tpu-v6e-training",
                name=f"v6e-train-{i}",
            )
    else:
        first = int(rng.uniform(0, 30) * 24)
        for i in range(rng.randint(2, 4)):
            bill.tpu(
                [(first + rng.random(), float(hours))],
                "v6e",
                8,
                project="lark-ml-serving",
                zone="us-east5-b",
                true_class="inference",
                scenario="tpu-v6e-serving",
                name=f"v6e-serve-{i}",
            )
    start = int(rng.uniform(0, days - 10) * 24)
    for i, s in enumerate(
        together(rng, rng.choice([4, 8]), start, start + rng.uniform(7, 21) * 24, hours)
    ):
        bill.tpu(
            s,
            "v4",
            4,
            project="lark-ml-research",
            zone="us-central2-b",
            true_class="training",
            scenario="tpu-v4-training",
            name=f"v4-32-w{i}",
        )


def vertex(bill: GcpBill) -> None:
    """Vertex AI: custom training jobs on GPUs (training), an online prediction endpoint
    serving all window (inference: "a deployed model bills even if no prediction is made"),
    Gemini tokens (inference) and a Workbench instance (development: ai_other)."""
    rng, hours = bill.rng, bill.window.hours
    number = PROJECTS["lark-ml-research"]
    loc = "us-central1"
    base = dict(region=loc, zone="", labels=[("team", "applied-ml", "label")])

    def job_line(
        resource: str,
        sku: str,
        units: float,
        unit_price: float,
        hour: int,
        cls: str,
        scenario: str,
        project: str,
        taxonomy: list[str],
    ) -> None:
        bill.line(
            hour,
            service=VERTEX,
            sku=sku,
            usage=units * 3600,
            usage_unit="seconds",
            pricing_quantity=units,
            pricing_unit="hour",
            price=unit_price,
            project=project,
            resource=resource,
            resource_name=resource.rsplit("/", 1)[-1],
            taxonomy=taxonomy,
            true_class=cls,
            scenario=scenario,
            **base,
        )

    for _ in range(rng.randint(2, 6)):
        job = f"{VERTEX_RESOURCE}/{number}/locations/{loc}/customJobs/{bill.ids.digits(19)}"
        start = int(rng.uniform(0, hours / 24 - 3) * 24)
        gpus = rng.choice([1, 2, 4, 8])
        for h, part in hourly([(start + 0.3, start + rng.uniform(3, 48))]).items():
            job_line(
                job,
                "Training: Nvidia Tesla A100 GPU running in Americas (unverified)",
                gpus * part,
                3.37,
                h,
                "training",
                "vertex-custom-training",
                "lark-ml-research",
                ["GCP", "Cloud AI", "Vertex AI", "Training"],
            )
            job_line(
                job,
                "Training: A2 Instance Core running in Americas (unverified)",
                12 * gpus * part,
                0.0363,
                h,
                "training",
                "vertex-custom-training",
                "lark-ml-research",
                ["GCP", "Cloud AI", "Vertex AI", "Training"],
            )
    serving = PROJECTS["lark-ml-serving"]
    endpoint = f"{VERTEX_RESOURCE}/{serving}/locations/{loc}/endpoints/{bill.ids.digits(19)}"
    replicas = rng.randint(1, 3)
    for h in range(hours):
        job_line(
            endpoint,
            "Online Prediction: Nvidia L4 GPU running in Americas (unverified)",
            float(replicas),
            0.644,
            h,
            "inference",
            "vertex-endpoint",
            "lark-ml-serving",
            ["GCP", "Cloud AI", "Vertex AI", "Prediction"],
        )
    for sku, price, lo, hi in (
        ("Gemini 2.5 Flash GA Text Input - Predictions", 0.30, 5, 120),
        ("Gemini 2.5 Flash GA Text Output - Predictions", 2.50, 1, 30),
    ):
        for h in range(hours):
            if rng.random() < 0.85:
                millions = rng.uniform(lo, hi) / 10
                bill.line(
                    h,
                    service=VERTEX,
                    sku=sku,
                    usage=round(millions * 1e6),
                    usage_unit="count",
                    pricing_quantity=millions,
                    pricing_unit="count",
                    price=price,
                    project="lark-ml-serving",
                    resource="",
                    resource_name="",
                    taxonomy=[
                        "GCP",
                        "Cloud AI",
                        "Vertex AI Model Garden",
                        "1P Foundational Models",
                        "Gemini 2.5 Flash",
                        "Text",
                    ],
                    true_class="inference",
                    scenario="vertex-gemini-tokens",
                    **base,
                )
    workbench = f"//notebooks.googleapis.com/projects/{number}/locations/{loc}-a/instances/wb-ana"
    for d in range(int(hours / 24)):
        if d % 7 < 5:
            for h in range(d * 24 + 14, d * 24 + 22):
                job_line(
                    workbench,
                    "Vertex AI Workbench Instance Core running in Americas (unverified)",
                    4.0,
                    0.0379,
                    h,
                    "ai_other",
                    "vertex-workbench",
                    "lark-ml-research",
                    ["GCP", "Cloud AI", "Vertex AI", "Workbench"],
                )


def non_ai(bill: GcpBill) -> None:
    """N2 application VMs (with sustained use credits), Cloud Storage buckets, BigQuery."""
    rng, hours = bill.rng, bill.window.hours
    for i in range(rng.randint(2, 5)):
        bill.vm(
            [(0.0, float(hours))],
            rng.choice(["n2-standard-8", "n2-highmem-16"]),
            project="lark-platform",
            region="us-east1",
            true_class="non_ai",
            scenario="nonai-vms",
            name=f"app-{i:02d}",
            sud=True,
            labels=[("app", "checkout")],
        )
    for name in ("larkspur-lake", "larkspur-ml-datasets"):
        rid = f"//storage.googleapis.com/projects/_/buckets/{name}"
        tib = rng.uniform(5, 200)
        for d in range(int(hours / 24)):
            gib_days = tib * 1024
            bill.line(
                d * 24,
                service=STORAGE,
                sku="Standard Storage US Multi-region",
                usage=round(gib_days * GIB * 86400),
                usage_unit="byte-seconds",
                pricing_quantity=gib_days / 30.4,
                pricing_unit="gibibyte month",
                price=0.026,
                project="lark-platform",
                region="us",
                zone="",
                resource=rid,
                resource_name=name,
                taxonomy=["GCP", "Storage", "GCS", "Storage", "Multi-Regional"],
                labels=[],
                true_class="non_ai",
                scenario="nonai-gcs",
                hours=24,
            )
    for d in range(int(hours / 24)):
        tib = rng.uniform(0.5, 30)
        bill.line(
            d * 24 + 9,
            service=BIGQUERY,
            sku="Analysis",
            usage=round(tib * 2**40),
            usage_unit="bytes",
            pricing_quantity=tib,
            pricing_unit="tebibyte",
            price=6.25,
            project="lark-platform",
            region="US",
            zone="",
            resource="",
            resource_name="",
            taxonomy=["GCP", "Data", "BigQuery", "Analysis"],
            labels=[],
            true_class="non_ai",
            scenario="nonai-bigquery",
        )
