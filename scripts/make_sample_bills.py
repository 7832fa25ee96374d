"""Generate the sample bills of "Acme Vision", a fictional organisation, and their ground truth.

Run ``python scripts/make_sample_bills.py`` from the repo root. It writes:

- ``sample_bills/aws/cur/...``   legacy CUR CSV (gzip) + manifests, 2026-07 and 2026-08
- ``sample_bills/aws/cur2/...``  CUR 2.0 (Data Exports) Parquet + manifests, 2026-09 and 2026-10
- ``sample_bills/azure/focus/``  Microsoft FOCUS 1.0 CSV (gzip), one file per month
- ``tests/data/sample_ground_truth.csv``: the true class of every billed thing

Everything comes from seeded ``random.Random`` streams (one per component, so editing one
component does not reshuffle the others) and no wall clock, so a rerun gives the same
parsed contents. Gzip is written with mtime=0. Only the standard library and pyarrow are used.

The ground truth is written from what was generated, never inferred from the bills: each
generator states the class of what it bills when it bills it.
"""

from __future__ import annotations

import argparse
import base64
import csv
import gzip
import io
import json
import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

try:  # run as a script (scripts/ is on sys.path) or loaded by path from the tests
    from sample_providers import write_provider_samples
except ImportError:
    import importlib.util
    import sys

    _spec = importlib.util.spec_from_file_location(
        "sample_providers", Path(__file__).with_name("sample_providers.py")
    )
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["sample_providers"] = _module
    _spec.loader.exec_module(_module)
    write_provider_samples = _module.write_provider_samples

SEED = 20261126
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "sample_bills"
DEFAULT_TRUTH = REPO_ROOT / "tests" / "data" / "sample_ground_truth.csv"

MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10"]
LEGACY_MONTHS = ["2026-07", "2026-08"]  # legacy CUR CSV
CUR2_MONTHS = ["2026-09", "2026-10"]  # CUR 2.0 Parquet
WINDOW_START = datetime(2026, 7, 1)
WINDOW_END = datetime(2026, 11, 1)

PAYER = "111111111111"
ML = "222222222222"
SERVING = "333333333333"
PLATFORM = "444444444444"
ACCOUNT_NAMES = {
    PAYER: "acme-vision-payer",
    ML: "ml-research",
    SERVING: "prod-serving",
    PLATFORM: "platform",
}
# The folders of sample_bills/ this script owns (others, e.g. openai/, come from other scripts).
OUTPUT_DIRS = ("aws", "azure", "openai", "anthropic")
BUCKET = "acme-billing-exports"
LEGACY_REPORT = "acme-hourly"
CUR2_EXPORT = "acme-cur2"

AWS_INC = "Amazon Web Services, Inc."
USE1 = ("us-east-1", "US East (N. Virginia)")
USW2 = ("us-west-2", "US West (Oregon)")

TRAINING, INFERENCE, AI_OTHER, NON_AI = "training", "inference", "ai_other", "non_ai"


# --------------------------------------------------------------------------------------------
# small helpers


def rng_for(name: str) -> random.Random:
    """One independent, reproducible stream per component (str seeds hash with SHA-512)."""
    return random.Random(f"{SEED}/{name}")


def month_of(ts: datetime) -> str:
    return ts.strftime("%Y-%m")


@cache
def month_bounds(month: str) -> tuple[datetime, datetime]:
    start = datetime.strptime(month + "-01", "%Y-%m-%d")
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def hours_in(month: str) -> int:
    start, end = month_bounds(month)
    return int((end - start).total_seconds() // 3600)


def days(start: datetime = WINDOW_START, end: datetime = WINDOW_END) -> Iterator[datetime]:
    d = start
    while d < end:
        yield d
        d += timedelta(days=1)


def fmt(x: float | None) -> str:
    """Plain decimal as AWS writes it: no exponent, at least one fractional digit."""
    if x is None:
        return ""
    s = f"{x:.10f}".rstrip("0")
    if s.endswith("."):
        s += "0"
    return "0.0" if s in ("-0.0", "0.0") else s


@cache
def iso(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def r10(x: float) -> float:
    return round(x, 10)


def instance_id(rng: random.Random) -> str:
    return "i-0" + "".join(rng.choice("0123456789abcdef") for _ in range(16))


def volume_id(rng: random.Random) -> str:
    return "vol-0" + "".join(rng.choice("0123456789abcdef") for _ in range(16))


def short_id(rng: random.Random, n: int = 12,
             alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def growth(ts: datetime, per_month: float) -> float:
    """Smooth exponential growth factor since 1 July, `per_month` = 0.2 means +20 % a month."""
    months = (ts - WINDOW_START).total_seconds() / (30.5 * 86400)
    return (1.0 + per_month) ** months


def hour_slices(start: datetime, end: datetime) -> Iterator[tuple[datetime, float]]:
    """Yield (hour start, fraction of that hour used) for a run from start to end (per-second)."""
    h = start.replace(minute=0, second=0, microsecond=0)
    while h < end:
        nxt = h + timedelta(hours=1)
        used = (min(end, nxt) - max(start, h)).total_seconds() / 3600
        if used > 0 and WINDOW_START <= h < WINDOW_END:
            yield h, round(used, 6)
        h = nxt


# --------------------------------------------------------------------------------------------
# ground truth registry


@dataclass
class Truth:
    rows: dict[tuple[str, str, str], tuple[str, str, str]] = field(default_factory=dict)

    def add(self, provider: str, key_kind: str, key: str, cls: str, scenario: str,
            gran: str) -> None:
        k = (provider, key_kind, key)
        v = (cls, scenario, gran)
        old = self.rows.setdefault(k, v)
        if old != v:
            raise AssertionError(f"ground truth conflict for {k}: {old} vs {v}")

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["provider", "key_kind", "key", "true_class", "scenario", "granularity"])
        for (provider, kind, key), (cls, scen, gran) in sorted(self.rows.items()):
            w.writerow([provider, kind, key, cls, scen, gran])
        path.write_text(buf.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# AWS: products and rates (us-east-1 on-demand list prices, Linux)


@dataclass(frozen=True)
class Ec2Type:
    rate: float
    family: str  # product/instanceFamily as in the EC2 price list
    vcpu: str
    memory: str
    gpu: str = ""
    gpu_memory: str = ""


EC2 = {
    "p4d.24xlarge": Ec2Type(32.7726, "GPU instance", "96", "1152 GiB", "8", "320 GB"),
    "p5.48xlarge": Ec2Type(98.32, "GPU instance", "192", "2048 GiB", "8", "640 GB"),
    "g5.2xlarge": Ec2Type(1.212, "GPU instance", "8", "32 GiB", "1", "24 GB"),
    "g5.12xlarge": Ec2Type(5.672, "GPU instance", "48", "192 GiB", "4", "96 GB"),
    "inf2.xlarge": Ec2Type(0.7582, "Machine Learning ASIC Instances", "4", "16 GiB"),
    "m5.large": Ec2Type(0.096, "General purpose", "2", "8 GiB"),
    "m5.xlarge": Ec2Type(0.192, "General purpose", "4", "16 GiB"),
    "m5.2xlarge": Ec2Type(0.384, "General purpose", "8", "32 GiB"),
    "c5.2xlarge": Ec2Type(0.34, "Compute optimized", "8", "16 GiB"),
    "c5.4xlarge": Ec2Type(0.68, "Compute optimized", "16", "32 GiB"),
    "r5.xlarge": Ec2Type(0.252, "Memory optimized", "4", "32 GiB"),
    "r5.2xlarge": Ec2Type(0.504, "Memory optimized", "8", "64 GiB"),
}
# Compute Savings Plan rate as a share of on-demand (1 yr, no upfront; roughly AWS's numbers)
SP_FACTOR = {"m5": 0.72, "r5": 0.73, "inf2": 0.66}

SAGEMAKER = {  # usage type -> (rate per hour, gpu)
    "USE1-Train:ml.p4d.24xlarge": (37.688, "8"),
    "USE1-TrSpt:ml.g5.12xlarge": (2.1271, "4"),  # managed spot, ~70 % below on-demand
    "USE1-Cluster:ml.p5.48xlarge": (113.07, "8"),
    "USE1-Host:ml.g5.2xlarge": (1.515, "1"),
    "USE1-AsyncInf:ml.g6e.2xlarge": (2.808, "1"),
    "USE1-Tsform:ml.c5.xlarge": (0.204, ""),
    "USE1-Notebk:ml.t3.medium": (0.05, ""),
    "USE1-Studio:JupyterLab-ml.g5.xlarge": (1.408, "1"),
    "USE1-Processing:ml.m5.4xlarge": (0.922, ""),
}

SERVICE = {  # product code -> (product name, servicecode)
    "AmazonEC2": ("Amazon Elastic Compute Cloud", "AmazonEC2"),
    "AmazonSageMaker": ("Amazon SageMaker", "AmazonSageMaker"),
    "AmazonBedrock": ("Amazon Bedrock", "AmazonBedrock"),
    "AmazonS3": ("Amazon Simple Storage Service", "AmazonS3"),
    "AmazonRDS": ("Amazon Relational Database Service", "AmazonRDS"),
    "AmazonCloudWatch": ("AmazonCloudWatch", "AmazonCloudWatch"),
    "AWSDataTransfer": ("AWS Data Transfer", "AWSDataTransfer"),
    "ComputeSavingsPlans": ("Savings Plans for AWS Compute usage", "ComputeSavingsPlans"),
}


# --------------------------------------------------------------------------------------------
# AWS line items (kept in legacy `category/Name` form; converted for CUR 2.0 at write time)


@dataclass
class AwsCtx:
    truth: Truth
    rows: list[dict[str, str]] = field(default_factory=list)
    skus: dict[tuple[str, str], str] = field(default_factory=dict)
    sku_rng: random.Random = field(default_factory=lambda: rng_for("aws-skus"))

    def sku(self, product_code: str, usage_type: str) -> str:
        k = (product_code, usage_type)
        if k not in self.skus:
            self.skus[k] = short_id(self.sku_rng, 16, "ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        return self.skus[k]

    def line(
        self,
        *,
        start: datetime,
        end: datetime,
        account: str,
        product_code: str,
        usage_type: str,
        operation: str,
        amount: float,
        rate: float | None,
        truth: tuple[str, str, str],
        resource_id: str = "",
        az: str = "",
        line_type: str = "Usage",
        description: str = "",
        unit: str = "Hrs",
        term: str = "OnDemand",
        region: tuple[str, str] = USE1,
        product: dict[str, str] | None = None,
        tags: dict[str, str] | None = None,
        cost: float | None = None,
        extra: dict[str, str] | None = None,
        billing_entity: str = "AWS",
        legal_entity: str = AWS_INC,
        product_name: str | None = None,
    ) -> dict[str, str]:
        if cost is None:
            cost = r10((rate or 0.0) * amount)
        name, servicecode = SERVICE.get(product_code, (product_name or product_code, ""))
        row = {
            "bill/BillType": "Anniversary",
            "bill/BillingEntity": billing_entity,
            "bill/InvoicingEntity": AWS_INC,
            "bill/PayerAccountId": PAYER,
            "identity/TimeInterval": f"{iso(start)}/{iso(end)}",
            "lineItem/UsageAccountId": account,
            "lineItem/LineItemType": line_type,
            "lineItem/UsageStartDate": iso(start),
            "lineItem/UsageEndDate": iso(end),
            "lineItem/ProductCode": product_code,
            "lineItem/UsageType": usage_type,
            "lineItem/Operation": operation,
            "lineItem/AvailabilityZone": az,
            "lineItem/ResourceId": resource_id,
            "lineItem/UsageAmount": fmt(amount),
            "lineItem/CurrencyCode": "USD",
            "lineItem/UnblendedRate": fmt(rate),
            "lineItem/UnblendedCost": fmt(cost),
            "lineItem/BlendedRate": fmt(rate),
            "lineItem/BlendedCost": fmt(cost),
            "lineItem/LineItemDescription": description,
            "lineItem/TaxType": "",
            "lineItem/LegalEntity": legal_entity,
            "product/ProductName": product_name or name,
            "product/servicecode": servicecode,
            "product/region": region[0] if usage_type else "",
            "product/location": region[1] if usage_type else "",
            "product/sku": self.sku(product_code, usage_type) if usage_type else "",
            "pricing/term": term,
            "pricing/unit": unit,
            "pricing/publicOnDemandRate": fmt(rate) if term == "OnDemand" else "",
            "pricing/publicOnDemandCost": fmt(cost) if term == "OnDemand" else "",
        }
        for k, v in (product or {}).items():
            row["product/" + k] = v
        for k, v in (tags or {}).items():
            row["resourceTags/" + k] = v
        row.update(extra or {})
        self.rows.append(row)
        self.truth.add("AWS", *truth_key(resource_id, usage_type, line_type), *truth)
        return row


def truth_key(resource_id: str, usage_type: str, line_type: str) -> tuple[str, str]:
    """The ground-truth key of an AWS row: its resource id, else its usage type.

    Tax rows have neither, so they are keyed by line item type ("Tax"), not by an empty string
    that CSV readers would turn into NULL.
    """
    if resource_id:
        return "resource_id", resource_id
    if usage_type:
        return "usage_type", usage_type
    return "line_item_type", line_type


def ec2_product(itype: str) -> dict[str, str]:
    t = EC2[itype]
    return {
        "productFamily": "Compute Instance",
        "instanceType": itype,
        "instanceFamily": t.family,
        "vcpu": t.vcpu,
        "memory": t.memory,
        "gpu": t.gpu,
        "gpuMemory": t.gpu_memory,
    }


def ec2_usage_type(itype: str, region: tuple[str, str]) -> str:
    # us-east-1 is the one region whose EC2 usage types carry no prefix
    return f"BoxUsage:{itype}" if region == USE1 else f"USW2-BoxUsage:{itype}"


def ec2_desc(itype: str) -> str:
    return f"${fmt(EC2[itype].rate)} per On Demand Linux {itype} Instance Hour"


@dataclass
class SavingsPlan:
    arn: str
    commitment_per_hour: float
    used: dict[str, float] = field(default_factory=dict)  # month -> used commitment


def ec2_run_hourly(
    ctx: AwsCtx,
    *,
    iid: str,
    itype: str,
    start: datetime,
    end: datetime,
    account: str,
    az: str,
    truth: tuple[str, str, str],
    tags: dict[str, str] | None = None,
    region: tuple[str, str] = USE1,
    sp: SavingsPlan | None = None,
) -> None:
    """Hourly rows for one EC2 instance running from start to end (per-second billing)."""
    for h, used in hour_slices(start, end):
        ec2_line(ctx, iid=iid, itype=itype, start=h, end=h + timedelta(hours=1), amount=used,
                 account=account, az=az, truth=truth, tags=tags, region=region, sp=sp)


def ec2_line(
    ctx: AwsCtx,
    *,
    iid: str,
    itype: str,
    start: datetime,
    end: datetime,
    amount: float,
    account: str,
    az: str,
    truth: tuple[str, str, str],
    tags: dict[str, str] | None,
    region: tuple[str, str],
    sp: SavingsPlan | None,
) -> None:
    rate = EC2[itype].rate
    ut = ec2_usage_type(itype, region)
    common = dict(
        start=start, end=end, account=account, product_code="AmazonEC2", usage_type=ut,
        operation="RunInstances", resource_id=iid, az=az, region=region,
        product=ec2_product(itype), tags=tags, truth=truth,
    )
    if sp is None:
        ctx.line(**common, amount=amount, rate=rate, description=ec2_desc(itype))
        return
    # Covered by the Compute Savings Plan: UnblendedCost stays on-demand, the negation
    # cancels it, and the discounted cost sits in SavingsPlanEffectiveCost.
    sp_rate = round(rate * SP_FACTOR[itype.split(".")[0]], 4)
    od_cost = r10(rate * amount)
    eff = r10(sp_rate * amount)
    sp_cols = {
        "savingsPlan/SavingsPlanARN": sp.arn,
        "savingsPlan/SavingsPlanRate": fmt(sp_rate),
        "savingsPlan/SavingsPlanEffectiveCost": fmt(eff),
    }
    ctx.line(**common, amount=amount, rate=rate, line_type="SavingsPlanCoveredUsage",
             description=ec2_desc(itype), extra=sp_cols)
    neg = ctx.line(
        **common, amount=amount, rate=-rate, cost=-od_cost, line_type="SavingsPlanNegation",
        description=(f"SavingsPlanNegation used by AccountId : {account} and UsageSku : "
                     f"{ctx.sku('AmazonEC2', ut)}"),
        extra={"savingsPlan/SavingsPlanARN": sp.arn, "savingsPlan/SavingsPlanRate": fmt(sp_rate),
               "savingsPlan/SavingsPlanEffectiveCost": "0.0"},
    )
    neg["pricing/publicOnDemandRate"] = fmt(rate)
    neg["pricing/publicOnDemandCost"] = "0.0"
    m = month_of(start)
    sp.used[m] = sp.used.get(m, 0.0) + eff


# --------------------------------------------------------------------------------------------
# AWS components


def aws_steady_ec2(ctx: AwsCtx, sp: SavingsPlan) -> None:
    """Non-AI web/API/data fleet: daily rows, fixed instance ids; most m5/r5 under the SP."""
    rng = rng_for("aws-steady-ec2")
    fleet = [  # (count, type, account, region, tags, covered by SP)
        (4, "m5.xlarge", PLATFORM, USE1, {"user:team": "platform"}, True),
        (4, "m5.2xlarge", SERVING, USE1, {"user:team": "web", "user:workload": "api"}, True),
        (6, "c5.2xlarge", PLATFORM, USE1, {"user:team": "data", "user:workload": "etl"}, False),
        (2, "r5.2xlarge", PLATFORM, USE1, {"user:team": "data"}, True),
        (2, "m5.large", PLATFORM, USW2, {"user:team": "platform", "user:workload": "dr"}, False),
    ]
    for count, itype, account, region, tags, covered in fleet:
        for i in range(count):
            iid = instance_id(rng)
            az = region[0] + rng.choice("abcd" if region == USE1 else "abc")
            scen = "ec2-steady-cpu-sp-covered" if covered else "ec2-steady-cpu"
            # one m5.xlarge is stopped for three days in September (patching gone wrong)
            stopped = itype == "m5.xlarge" and i == 0
            stop = (datetime(2026, 9, 14), datetime(2026, 9, 17)) if stopped else None
            for d in days():
                if stop and stop[0] <= d < stop[1]:
                    continue
                ec2_line(ctx, iid=iid, itype=itype, start=d, end=d + timedelta(days=1),
                         amount=24.0, account=account, az=az,
                         truth=(NON_AI, scen, "daily"), tags=tags, region=region,
                         sp=sp if covered else None)
            # gp3 data volumes on the first instance of each group, daily GB-Mo
            if i > 0:
                continue
            vid = volume_id(rng)
            size = rng.choice([100, 200, 500])
            prefix = "" if region == USE1 else "USW2-"
            for d in days():
                dim = hours_in(month_of(d)) / 24
                ctx.line(start=d, end=d + timedelta(days=1), account=account,
                         product_code="AmazonEC2", usage_type=f"{prefix}EBS:VolumeUsage.gp3",
                         operation="CreateVolume-Gp3", resource_id=vid, az=az,
                         amount=r10(size / dim), rate=0.08, unit="GB-Mo", region=region,
                         description="$0.08 per GB-month of General Purpose (gp3) provisioned "
                                     f"storage - {region[1]}",
                         product={"productFamily": "Storage"}, tags=tags,
                         truth=(NON_AI, "ebs-volume", "daily"))


def aws_cpu_batch(ctx: AwsCtx) -> None:
    """Bursty CPU batch ASG (c5.4xlarge) a few hours on some nights: bursty but NOT AI."""
    rng = rng_for("aws-cpu-batch")
    tags = {"aws:autoscaling:groupName": "acme-batch-etl-asg"}
    for d in days(WINDOW_START - timedelta(days=1)):
        if rng.random() > 0.45:
            continue
        n = rng.randint(4, 10)
        begin = d + timedelta(hours=rng.randint(1, 3), minutes=rng.randint(0, 20))
        run = timedelta(hours=rng.uniform(2.0, 5.0))
        for _ in range(n):
            s = begin + timedelta(seconds=rng.randint(0, 240))
            ec2_run_hourly(ctx, iid=instance_id(rng), itype="c5.4xlarge", start=s,
                           end=s + run + timedelta(minutes=rng.randint(0, 25)), account=PLATFORM,
                           az="us-east-1" + rng.choice("abc"), tags=tags,
                           truth=(NON_AI, "cpu-batch", "hourly"))


# Training bursts on raw EC2: (start, type, instances, hours, tagged, region)
EC2_TRAINING_BURSTS = [
    (datetime(2026, 7, 6, 20, 0), "p4d.24xlarge", 8, 52, True, USE1),
    (datetime(2026, 7, 21, 9, 0), "p4d.24xlarge", 4, 18, False, USE1),
    (datetime(2026, 8, 3, 14, 0), "p5.48xlarge", 16, 72, False, USE1),
    (datetime(2026, 8, 19, 6, 0), "g5.12xlarge", 12, 30, False, USW2),  # fine-tuning on g5
    (datetime(2026, 8, 25, 22, 0), "p4d.24xlarge", 8, 40, True, USE1),
    (datetime(2026, 9, 14, 10, 0), "p4d.24xlarge", 4, 12, False, USE1),
    (datetime(2026, 10, 5, 18, 0), "p5.48xlarge", 8, 66, False, USE1),
    (datetime(2026, 10, 20, 2, 0), "p5.48xlarge", 16, 36, True, USE1),
]


def aws_ec2_training_bursts(ctx: AwsCtx) -> None:
    rng = rng_for("aws-ec2-training")
    for start, itype, n, hours, tagged, region in EC2_TRAINING_BURSTS:
        tags = {"user:team": "ml-research", "user:workload": "training"} if tagged else None
        if itype.startswith("g5"):
            scen = "ec2-gpu-finetune-burst-g5"
        else:
            scen = "ec2-gpu-training-burst-" + ("tagged" if tagged else "untagged")
        az = region[0] + rng.choice("abcd" if region == USE1 else "abc")  # one placement group
        for _ in range(n):
            s = start + timedelta(seconds=rng.randint(20, 600))
            # most nodes run to the end; the odd one dies early (hardware fault, not replaced)
            h = hours if rng.random() > 0.1 else rng.uniform(hours * 0.4, hours * 0.9)
            e = s + timedelta(hours=h, seconds=rng.randint(0, 900))
            ec2_run_hourly(ctx, iid=instance_id(rng), itype=itype, start=s, end=e, account=ML,
                           az=az, tags=tags, region=region, truth=(TRAINING, scen, "hourly"))


def daily_fleet_size(rng: random.Random, d: datetime, base: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, round(base * growth(d, 0.21) + rng.uniform(-0.5, 0.5))))


def aws_ec2_serving(ctx: AwsCtx, sp: SavingsPlan) -> None:
    """GPU serving fleets 24x7. Instances are replaced daily (new ids every day)."""
    rng = rng_for("aws-ec2-serving")
    fleets = [  # (type, base size, lo, hi, tags, scenario)
        ("g5.2xlarge", 2.75, 3, 6, {"aws:autoscaling:groupName": "acme-serving-g5-asg"},
         "ec2-gpu-serving-asg"),
        ("p4d.24xlarge", 1.45, 1, 3, None, "ec2-gpu-serving-fleet-untagged"),
    ]
    for itype, base, lo, hi, tags, scen in fleets:
        for d in days(WINDOW_START - timedelta(days=1)):
            n = daily_fleet_size(rng, d, base, lo, hi)
            roll = d + timedelta(hours=2)  # the daily instance refresh runs at 02:00 UTC
            for _ in range(n):
                s = roll + timedelta(seconds=rng.randint(0, 300))
                e = roll + timedelta(days=1, seconds=rng.randint(200, 700))
                ec2_run_hourly(ctx, iid=instance_id(rng), itype=itype, start=s, end=e,
                               account=SERVING, az="us-east-1" + rng.choice("abcd"), tags=tags,
                               truth=(INFERENCE, scen, "hourly"))
    # Inferentia: one long-lived instance, covered by the Compute Savings Plan
    ec2_run_hourly(ctx, iid=instance_id(rng), itype="inf2.xlarge", start=WINDOW_START,
                   end=WINDOW_END, account=SERVING, az="us-east-1b",
                   tags={"user:team": "serving"}, sp=sp,
                   truth=(INFERENCE, "ec2-inf2-serving-sp-covered", "hourly"))


def sm_arn(account: str, kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:us-east-1:{account}:{kind}/{name}"


def sm_line(ctx: AwsCtx, *, start: datetime, end: datetime, account: str, usage_type: str,
            amount: float, resource_id: str, truth: tuple[str, str, str],
            tags: dict[str, str] | None = None, rate: float | None = None,
            unit: str = "Hrs", desc: str | None = None) -> None:
    sm_rate, gpu = SAGEMAKER.get(usage_type, (rate, ""))
    kind, _, inst = usage_type.partition(":")
    itype = inst.replace("JupyterLab-", "")
    product = {"productFamily": "ML Instance" if unit == "Hrs" else "Storage"}
    if unit == "Hrs":
        product.update(instanceType=itype, gpu=gpu)
    ctx.line(start=start, end=end, account=account, product_code="AmazonSageMaker",
             usage_type=usage_type, operation="RunInstance", amount=amount, rate=sm_rate,
             resource_id=resource_id, unit=unit, tags=tags, truth=truth, product=product,
             description=desc or f"${fmt(sm_rate)} per {kind.split('-')[1]} {itype} hour "
                                 "in US East (N. Virginia)")


def sm_hourly_run(ctx: AwsCtx, *, start: datetime, end: datetime, count: int, **kw: object) -> None:
    for h, used in hour_slices(start, end):
        sm_line(ctx, start=h, end=h + timedelta(hours=1), amount=round(used * count, 6), **kw)


# SageMaker training jobs: (start, usage type, instances, hours, name)
SM_TRAINING_JOBS = [
    (datetime(2026, 7, 8, 14, 2), "USE1-Train:ml.p4d.24xlarge", 2, 20.5, "defect-detector-v3"),
    (datetime(2026, 7, 15, 9, 40), "USE1-TrSpt:ml.g5.12xlarge", 1, 7.2, "ocr-head-sweep-01"),
    (datetime(2026, 7, 27, 1, 15), "USE1-Train:ml.p4d.24xlarge", 1, 11.0, "captioner-distill"),
    (datetime(2026, 8, 2, 22, 5), "USE1-Train:ml.p4d.24xlarge", 4, 31.0, "captioner-v5-pretrain"),
    (datetime(2026, 8, 12, 3, 30), "USE1-TrSpt:ml.g5.12xlarge", 2, 9.5, "ocr-head-sweep-02"),
    (datetime(2026, 8, 12, 3, 31), "USE1-TrSpt:ml.g5.12xlarge", 2, 8.75, "ocr-head-sweep-03"),
    (datetime(2026, 8, 28, 16, 0), "USE1-Train:ml.p4d.24xlarge", 2, 14.0, "defect-detector-v4"),
    (datetime(2026, 9, 9, 11, 20), "USE1-TrSpt:ml.g5.12xlarge", 1, 5.5, "ocr-head-sweep-04"),
    (datetime(2026, 9, 23, 8, 10), "USE1-Train:ml.p4d.24xlarge", 1, 6.0, "captioner-v5-ft"),
    (datetime(2026, 10, 1, 19, 45), "USE1-Train:ml.p4d.24xlarge", 4, 22.0, "captioner-v6-pretrain"),
    (datetime(2026, 10, 13, 7, 0), "USE1-TrSpt:ml.g5.12xlarge", 2, 12.0, "ocr-head-sweep-05"),
    (datetime(2026, 10, 27, 12, 30), "USE1-Train:ml.p4d.24xlarge", 2, 16.5, "defect-detector-v5"),
]


def aws_sagemaker(ctx: AwsCtx) -> None:
    rng = rng_for("aws-sagemaker")
    team_ml = {"user:team": "ml-research"}
    # training jobs (hourly; one row per job per hour, amount = instance-hours)
    for start, ut, count, hours, name in SM_TRAINING_JOBS:
        job = f"{name}-{start:%Y-%m-%d-%H-%M-%S}"
        scen = "sagemaker-spot-training-job" if "TrSpt" in ut else "sagemaker-training-job"
        sm_hourly_run(ctx, start=start, end=start + timedelta(hours=hours), count=count,
                      account=ML, usage_type=ut, resource_id=sm_arn(ML, "training-job", job),
                      tags=team_ml, truth=(TRAINING, scen, "hourly"))
    # HyperPod cluster burst in August: 8 x ml.p5.48xlarge for ~40 h
    cluster = sm_arn(ML, "cluster", short_id(rng, 12))
    s = datetime(2026, 8, 10, 4, 12)
    sm_hourly_run(ctx, start=s, end=s + timedelta(hours=40.3), count=8, account=ML,
                  usage_type="USE1-Cluster:ml.p5.48xlarge", resource_id=cluster, tags=team_ml,
                  truth=(TRAINING, "sagemaker-hyperpod-burst", "hourly"))
    # real-time endpoints, 24x7, instance count grows
    endpoints = [
        ("vision-captioner-prod", {"2026-07": 2, "2026-08": 3, "2026-09": 3, "2026-10": 4},
         {"user:team": "serving", "user:workload": "inference"}),
        ("defect-detector-prod", {"2026-07": 1, "2026-08": 1, "2026-09": 2, "2026-10": 2},
         {"user:team": "serving"}),
    ]
    for name, counts, tags in endpoints:
        arn = sm_arn(SERVING, "endpoint", name)
        for h, _ in hour_slices(WINDOW_START, WINDOW_END):
            sm_line(ctx, start=h, end=h + timedelta(hours=1), account=SERVING,
                    usage_type="USE1-Host:ml.g5.2xlarge", amount=float(counts[month_of(h)]),
                    resource_id=arn, tags=tags,
                    truth=(INFERENCE, "sagemaker-realtime-endpoint", "hourly"))
    # asynchronous endpoint: scales to zero at night, busier as the month goes on
    arn = sm_arn(SERVING, "endpoint", "bulk-ocr-async")
    for h, _ in hour_slices(WINDOW_START, WINDOW_END):
        busy = 11 <= h.hour <= 23 and h.weekday() < 5
        n = round(growth(h, 0.2) * (1.6 if busy else 0.2) + rng.uniform(-0.6, 0.6))
        if n > 0:
            used = round(n - rng.choice([0.0, 0.0, 0.0, rng.uniform(0.1, 0.7)]), 6)
            sm_line(ctx, start=h, end=h + timedelta(hours=1), account=SERVING,
                    usage_type="USE1-AsyncInf:ml.g6e.2xlarge", amount=used, resource_id=arn,
                    tags={"user:team": "serving"},
                    truth=(INFERENCE, "sagemaker-async-endpoint", "hourly"))
    # nightly batch transform (CPU), one job a night, daily rows
    for d in days():
        job = sm_arn(SERVING, "transform-job", f"nightly-embed-{d:%Y%m%d}")
        sm_line(ctx, start=d, end=d + timedelta(days=1), account=SERVING,
                usage_type="USE1-Tsform:ml.c5.xlarge",
                amount=round(4 * rng.uniform(1.8, 3.2) * growth(d, 0.1), 4), resource_id=job,
                truth=(INFERENCE, "sagemaker-batch-transform", "daily"))
    # endpoint ML storage volumes (no resource id on these rows)
    for d in days():
        dim = hours_in(month_of(d)) / 24
        sm_line(ctx, start=d, end=d + timedelta(days=1), account=SERVING,
                usage_type="USE1-Host:VolumeUsage.gp2", amount=r10(4 * 30 / dim), rate=0.14,
                resource_id="", unit="GB-Mo",
                desc="$0.14 per GB-month of ML storage on hosting instances",
                truth=(AI_OTHER, "sagemaker-endpoint-storage", "daily"))
    # notebooks (dev): instance hours + their ML storage volume, same ARN
    for user in ("alice", "bruno", "chen"):
        arn = sm_arn(ML, "notebook-instance", f"{user}-dev")
        for d in days():
            dim = hours_in(month_of(d)) / 24
            if d.weekday() < 5 or rng.random() < 0.2:
                hrs = 24.0 if rng.random() < 0.3 else round(rng.uniform(6, 11), 4)
                sm_line(ctx, start=d, end=d + timedelta(days=1), account=ML,
                        usage_type="USE1-Notebk:ml.t3.medium", amount=hrs, resource_id=arn,
                        tags=team_ml, truth=(AI_OTHER, "sagemaker-notebook", "daily"))
            sm_line(ctx, start=d, end=d + timedelta(days=1), account=ML,
                    usage_type="USE1-Notebk:VolumeUsage.gp2", amount=r10(50 / dim), rate=0.14,
                    resource_id=arn, unit="GB-Mo", tags=team_ml,
                    desc="$0.14 per GB-month of ML storage on notebook instances",
                    truth=(AI_OTHER, "sagemaker-notebook", "daily"))
    # Studio JupyterLab on a GPU instance: a GPU, but development, not training
    app = sm_arn(ML, "app", "d-" + short_id(rng, 12) + "/dana/jupyterlab/default")
    for d in days():
        if d.weekday() < 5 and rng.random() < 0.8:
            sm_line(ctx, start=d, end=d + timedelta(days=1), account=ML,
                    usage_type="USE1-Studio:JupyterLab-ml.g5.xlarge",
                    amount=round(rng.uniform(2, 9), 4), resource_id=app, tags=team_ml,
                    truth=(AI_OTHER, "sagemaker-studio-gpu-dev", "daily"))
    # processing jobs (data prep / evaluation) a few days a week
    for d in days():
        if rng.random() < 0.35:
            job = sm_arn(ML, "processing-job", f"eval-captioner-{d:%Y%m%d}-{short_id(rng, 6)}")
            sm_line(ctx, start=d, end=d + timedelta(days=1), account=ML,
                    usage_type="USE1-Processing:ml.m5.4xlarge",
                    amount=round(2 * rng.uniform(1, 4), 4), resource_id=job,
                    truth=(AI_OTHER, "sagemaker-processing-job", "daily"))


MP_CODES = {
    "Claude 3.5 Sonnet (Amazon Bedrock Edition)": "b7kqz3xw0j5f2m8n4p1r6t9ys",
    "Claude 3 Haiku (Amazon Bedrock Edition)": "c2hv8w5k1q7d3x9m0n4b6r2tz",
}


# Bedrock on-demand token models: (usage-type stem, model name, $/1K input, $/1K output,
# Jul-1 daily 1K-token volume input, output, via app inference profile?)
BEDROCK_MODELS = [
    ("Llama3-3-70B", "Llama 3.3 70B Instruct", 0.00072, 0.00072, 150_000, 35_000, False),
    ("NovaPro", "Amazon Nova Pro", 0.0008, 0.0032, 60_000, 12_000, True),
    ("TitanEmbeddingsV2-Text", "Titan Text Embeddings V2", 0.00002, None, 400_000, 0, False),
]
MARKETPLACE_MODELS = [  # (product name, $/1K in, $/1K out, daily 1K in, out)
    ("Claude 3.5 Sonnet (Amazon Bedrock Edition)", 0.003, 0.015, 20_000, 4_000),
    ("Claude 3 Haiku (Amazon Bedrock Edition)", 0.00025, 0.00125, 80_000, 16_000),
]


# The other token variants Bedrock bills (usage types as in AWS's price list: prompt caching,
# cross-region global inference, batch inference, on-demand inference on a customised model),
# at the models' us-east-1 list prices per 1K tokens; daily 1K-token volumes on 1 July.
# (usage type, $/1K, daily 1K tokens, first day, weekdays only)
BEDROCK_VARIANTS = [
    ("USE1-Claude4Sonnet-input-tokens-cross-region-global", 0.003, 9_000,
     None, False),
    ("USE1-Claude4Sonnet-output-tokens-cross-region-global", 0.015, 1_500,
     None, False),
    ("USE1-Claude4Sonnet-cache-read-input-token-count-cross-region-global",
     0.0003, 42_000, None, False),
    ("USE1-Claude4Sonnet-cache-write-input-token-count-cross-region-global",
     0.00375, 2_400, None, False),
    ("USE1-NovaPro-cache-read-input-token-count", 0.0002, 18_000, None, False),
    ("USE1-NovaPro-input-tokens-batch", 0.0004, 90_000, None, True),
    ("USE1-NovaPro-output-tokens-batch", 0.0016, 15_000, None, True),
    ("USE1-NovaLite-input-tokens-custom-model", 0.00006,
     120_000, datetime(2026, 9, 8), False),
    ("USE1-NovaLite-output-tokens-custom-model", 0.00024,
     20_000, datetime(2026, 9, 8), False),
]
# Prompt caching of a Marketplace model: the description's third field names the real unit.
MARKETPLACE_CACHE = [  # (product name, component, $/1K, daily 1K tokens)
    ("Claude 3.5 Sonnet (Amazon Bedrock Edition)", "CacheReadInputTokenCount", 0.0003, 60_000),
    ("Claude 3.5 Sonnet (Amazon Bedrock Edition)", "CacheWriteInputTokenCount", 0.00375, 3_000),
]


def day_factor(rng: random.Random, d: datetime) -> float:
    weekday = 1.0 if d.weekday() < 5 else 0.62
    return weekday * math.exp(rng.gauss(0, 0.08))


def aws_bedrock(ctx: AwsCtx) -> None:
    rng = rng_for("aws-bedrock")
    profile = f"arn:aws:bedrock:us-east-1:{SERVING}:application-inference-profile/{short_id(rng)}"
    profile_tags = {"user:team": "search", "user:workload": "inference"}
    for d in days():
        g = growth(d, 0.24)
        for stem, model, p_in, p_out, v_in, v_out, via_profile in BEDROCK_MODELS:
            f = day_factor(rng, d) * g
            for direction, price, vol in (("input", p_in, v_in), ("output", p_out, v_out)):
                if price is None:
                    continue
                shares = [("", 1.0)] if not via_profile else [("", 0.35), (profile, 0.65)]
                for rid, share in shares:
                    ctx.line(
                        start=d, end=d + timedelta(days=1), account=SERVING,
                        product_code="AmazonBedrock", usage_type=f"USE1-{stem}-{direction}-tokens",
                        operation="InvokeModelInference", amount=round(vol * f * share, 3),
                        rate=price, resource_id=rid, unit="1K tokens",
                        tags=profile_tags if rid else None,
                        description=f"${fmt(price)} per 1K {direction} tokens for {model} "
                                    "in US East (N. Virginia)",
                        truth=(INFERENCE, "bedrock-tokens" + ("-inference-profile" if rid else ""),
                               "daily"),
                    )
        # Anthropic models sold through AWS Marketplace: generic TokenCount usage types
        for name, p_in, p_out, v_in, v_out in MARKETPLACE_MODELS:
            f = day_factor(rng, d) * g
            code = MP_CODES[name]
            for direction, price, vol in (("Input", p_in, v_in), ("Output", p_out, v_out)):
                ctx.line(
                    start=d, end=d + timedelta(days=1), account=SERVING, product_code=code,
                    usage_type=f"USE1-MP:USE1_{direction}TokenCount-Units",
                    operation="Usage", amount=round(vol * f, 3), rate=price, unit="Units",
                    billing_entity="AWS Marketplace", legal_entity="Anthropic, PBC",
                    product_name=name,
                    description=f"AWS Marketplace software usage|us-east-1|{direction} tokens "
                                "(thousands)",
                    truth=(INFERENCE, "bedrock-marketplace-tokens", "daily"),
                )
    # provisioned throughput: one model unit, 24x7, daily rows
    pt = f"arn:aws:bedrock:us-east-1:{SERVING}:provisioned-model/{short_id(rng)}"
    for d in days():
        ctx.line(start=d, end=d + timedelta(days=1), account=SERVING, product_code="AmazonBedrock",
                 usage_type="USE1-Nova-ProvisionedThroughput",
                 operation="InvokeModelInference", amount=24.0, rate=15.80, resource_id=pt,
                 unit="Hrs", tags={"user:team": "search"},
                 description="$15.8 per model unit-hour of Provisioned Throughput for Amazon Nova",
                 truth=(INFERENCE, "bedrock-provisioned-throughput", "daily"))
    # model customisation (fine-tuning) jobs: Aug and Oct, billed per 1K training tokens
    for start, ktokens in ((datetime(2026, 8, 17), (210_000.0, 95_500.0)),
                           (datetime(2026, 10, 9), (160_250.0,))):
        job = (f"arn:aws:bedrock:us-east-1:{ML}:model-customization-job/"
               f"meta.llama3-3-70b-instruct-v1:0/{short_id(rng)}")
        for i, kt in enumerate(ktokens):
            d = start + timedelta(days=i)
            ctx.line(start=d, end=d + timedelta(days=1), account=ML, product_code="AmazonBedrock",
                     usage_type="USE1-Llama3-3-70B-Customization-Training",
                     operation="CreateModelCustomizationJob", amount=kt, rate=0.00799,
                     resource_id=job, unit="1K tokens", tags={"user:team": "ml-research"},
                     description="$0.00799 per 1K tokens for Llama 3.3 70B model customization "
                                 "(fine-tuning)",
                     truth=(TRAINING, "bedrock-model-customization", "daily"))


def aws_bedrock_variants(ctx: AwsCtx) -> None:
    """Bedrock's other token usage types, from a stream of their own so that adding them did
    not change the rows aws_bedrock() draws."""
    rng = rng_for("aws-bedrock-variants")
    for d in days():
        g = growth(d, 0.24)
        for usage_type, price, vol, first, weekdays in BEDROCK_VARIANTS:
            if (first and d < first) or (weekdays and d.weekday() >= 5):
                continue
            kind = usage_type.split("-", 2)[2]
            ctx.line(
                start=d, end=d + timedelta(days=1), account=SERVING, product_code="AmazonBedrock",
                usage_type=usage_type, operation="InvokeModelInference",
                amount=round(vol * day_factor(rng, d) * g, 3), rate=price, unit="1K tokens",
                # the price list's wording: "$0.0021 per 1K token for <usage type> in <region>"
                description=f"${fmt(price)} per 1K token for {usage_type.split('-', 1)[1]} "
                            "in US East (N. Virginia)",
                truth=(INFERENCE, "bedrock-" + ("batch-tokens" if "batch" in kind else
                                                "custom-model-tokens" if "custom" in kind else
                                                "cache-tokens" if "cache" in kind else
                                                "cross-region-tokens"), "daily"),
            )
        for name, component, price, vol in MARKETPLACE_CACHE:
            ctx.line(
                start=d, end=d + timedelta(days=1), account=SERVING, product_code=MP_CODES[name],
                usage_type=f"USE1-MP:USE1_{component}-Units", operation="Usage",
                amount=round(vol * day_factor(rng, d) * g, 3), rate=price, unit="Units",
                billing_entity="AWS Marketplace", legal_entity="Anthropic, PBC", product_name=name,
                description=f"AWS Marketplace software usage|us-east-1|{component} per 1K tokens",
                truth=(INFERENCE, "bedrock-marketplace-cache-tokens", "daily"),
            )


def aws_storage_and_other(ctx: AwsCtx) -> None:
    """S3, RDS, CloudWatch, data transfer: all non-AI, daily rows."""
    rng = rng_for("aws-storage")
    buckets = [  # (bucket, account, GB on 1 Jul, monthly growth, scenario)
        ("acme-vision-web-assets", SERVING, 800, 0.02, "s3-storage"),
        ("acme-vision-logs", PLATFORM, 14_000, 0.06, "s3-storage"),
        ("acme-ml-datasets", ML, 42_000, 0.09, "s3-ml-datasets"),  # ML data: not AI by service
        ("acme-ml-checkpoints", ML, 6_500, 0.12, "s3-ml-datasets"),
    ]
    for bucket, account, gb, gr, scen in buckets:
        tags = {"user:team": "ml-research" if account == ML else "platform"}
        for d in days():
            dim = hours_in(month_of(d)) / 24
            truth = (NON_AI, scen, "daily")
            ctx.line(start=d, end=d + timedelta(days=1), account=account, product_code="AmazonS3",
                     usage_type="TimedStorage-ByteHrs", operation="StandardStorage",
                     amount=r10(gb * growth(d, gr) / dim), rate=0.023, unit="GB-Mo",
                     resource_id=bucket, tags=tags, truth=truth,
                     product={"productFamily": "Storage", "storageClass": "General Purpose"},
                     description="$0.023 per GB - first 50 TB / month of storage used")
            for ut, op, price, base in (("Requests-Tier1", "PutObject", 0.000005, 180_000),
                                        ("Requests-Tier2", "GetObject", 0.0000004, 2_400_000)):
                n = float(round(base * day_factor(rng, d) * (3 if account == ML else 1)))
                ctx.line(start=d, end=d + timedelta(days=1), account=account,
                         product_code="AmazonS3", usage_type=ut, operation=op, amount=n,
                         rate=price, unit="Requests", resource_id=bucket, tags=tags, truth=truth,
                         product={"productFamily": "API Request"},
                         description=f"${fmt(price * 1000)} per 1,000 "
                                     + ("PUT, COPY, POST, or LIST requests" if op == "PutObject"
                                        else "GET and all other requests"))
    # RDS: one reserved (partial upfront, bought in March), one on demand, both with storage
    dbs = [
        (f"arn:aws:rds:us-east-1:{PLATFORM}:db:acme-core-pg", "db.r5.large", True, 500),
        (f"arn:aws:rds:us-east-1:{PLATFORM}:db:acme-analytics-pg", "db.m5.large", False, 300),
    ]
    for arn, cls, reserved, gb in dbs:
        od = {"db.r5.large": 0.25, "db.m5.large": 0.171}[cls]
        prod = {"productFamily": "Database Instance", "instanceType": cls,
                "databaseEngine": "PostgreSQL"}
        for d in days():
            common = dict(start=d, end=d + timedelta(days=1), account=PLATFORM,
                          product_code="AmazonRDS", operation="CreateDBInstance:0014",
                          resource_id=arn, az="us-east-1a", product=prod,
                          tags={"user:team": "platform"},
                          truth=(NON_AI, "rds-reserved" if reserved else "rds", "daily"))
            if reserved:
                ctx.line(**common, usage_type=f"InstanceUsage:{cls}", amount=24.0, rate=0.0,
                         line_type="DiscountedUsage", term="Reserved",
                         description=f"USD 0.0 hourly fee per PostgreSQL, {cls} instance",
                         extra=rds_ri_usage_cols(24.0, od))
            else:
                ctx.line(**common, usage_type=f"InstanceUsage:{cls}", amount=24.0, rate=od,
                         description=f"${fmt(od)} per RDS {cls} Single-AZ instance hour "
                                     "(or partial hour) running PostgreSQL")
            dim = hours_in(month_of(d)) / 24
            c2 = dict(common, product={"productFamily": "Database Storage",
                                       "databaseEngine": "PostgreSQL"})
            ctx.line(**c2, usage_type="RDS:GP2-Storage", amount=r10(gb / dim), rate=0.115,
                     unit="GB-Mo",
                     description="$0.115 per GB-month of provisioned GP2 storage running "
                                 "PostgreSQL")
    # CloudWatch metrics (no resource id) and log ingestion per log group
    log_groups = [
        (SERVING, "/aws/sagemaker/Endpoints/vision-captioner-prod", 9.0),  # AI service's logs,
        (SERVING, "/ecs/acme-web-api", 22.0),  # but CloudWatch is not AI spend
        (PLATFORM, "/aws/lambda/acme-ingest", 6.0),
    ]
    for d in days():
        dim = hours_in(month_of(d)) / 24
        for account, metrics in ((SERVING, 1400), (PLATFORM, 2100), (ML, 600)):
            ctx.line(start=d, end=d + timedelta(days=1), account=account,
                     product_code="AmazonCloudWatch", usage_type="CW:MetricMonitorUsage",
                     operation="MetricStorage", amount=r10(metrics / dim), rate=0.3,
                     unit="Metrics", product={"productFamily": "Metric"},
                     description="$0.30 per metric-month - first 10,000 metrics",
                     truth=(NON_AI, "cloudwatch-metrics", "daily"))
        for account, group, gb in log_groups:
            ctx.line(start=d, end=d + timedelta(days=1), account=account,
                     product_code="AmazonCloudWatch", usage_type="DataProcessing-Bytes",
                     operation="PutLogEvents", amount=round(gb * day_factor(rng, d), 4), rate=0.5,
                     unit="GB",
                     resource_id=f"arn:aws:logs:us-east-1:{account}:log-group:{group}",
                     product={"productFamily": "Data Payload"},
                     description="$0.50 per GB custom log data ingested",
                     truth=(NON_AI, "cloudwatch-logs", "daily"))
        # data transfer (no resource id)
        ctx.line(start=d, end=d + timedelta(days=1), account=SERVING,
                 product_code="AWSDataTransfer", usage_type="DataTransfer-Out-Bytes",
                 operation="RunInstances", amount=round(310 * day_factor(rng, d), 4), rate=0.09,
                 unit="GB", product={"productFamily": "Data Transfer"},
                 description="$0.090 per GB - first 10 TB / month data transfer out beyond the "
                             "global free tier",
                 truth=(NON_AI, "data-transfer", "daily"))
        ctx.line(start=d, end=d + timedelta(days=1), account=PLATFORM,
                 product_code="AWSDataTransfer", usage_type="USE1-USW2-AWS-Out-Bytes",
                 operation="RunInstances", amount=round(120 * day_factor(rng, d), 4), rate=0.02,
                 unit="GB", product={"productFamily": "Data Transfer"},
                 description="$0.02 per GB - US East (Northern Virginia) data transfer to US West "
                             "(Oregon)",
                 truth=(NON_AI, "data-transfer", "daily"))


RDS_RESERVED = f"arn:aws:rds:us-east-1:{PLATFORM}:ri:acme-core-pg-ri-2026"
RI_UPFRONT_PER_HOUR = round(744.0 / 8760, 6)  # $744 partial upfront, 1 year, amortised
RI_RECURRING_PER_HOUR = 0.079


def rds_ri_usage_cols(hours: float, od_rate: float) -> dict[str, str]:
    amort = r10(RI_UPFRONT_PER_HOUR * hours)
    rec = r10(RI_RECURRING_PER_HOUR * hours)
    return {
        "reservation/ReservationARN": RDS_RESERVED,
        "reservation/EffectiveCost": fmt(r10(amort + rec)),
        "reservation/AmortizedUpfrontCostForUsage": fmt(amort),
        "reservation/RecurringFeeForUsage": fmt(rec),
        "pricing/publicOnDemandRate": fmt(od_rate),
        "pricing/publicOnDemandCost": fmt(r10(od_rate * hours)),
        "pricing/LeaseContractLength": "1yr",
        "pricing/PurchaseOption": "Partial Upfront",
        "pricing/OfferingClass": "standard",
        "lineItem/BlendedRate": fmt(RI_UPFRONT_PER_HOUR + RI_RECURRING_PER_HOUR),
        "lineItem/BlendedCost": fmt(r10(amort + rec)),
    }


def aws_monthly_charges(ctx: AwsCtx, sp: SavingsPlan) -> None:
    """SP and RI fees, promotional credit, refund and tax: one row per month each."""
    for month in MONTHS:
        s, e = month_bounds(month)
        hrs = hours_in(month)
        # Partial Upfront, bought in March: half the commitment was paid then (outside these
        # bills) and is amortised here; the other half is billed monthly as the recurring fee.
        total = r10(sp.commitment_per_hour * hrs)
        recurring = r10(total / 2)
        ctx.line(start=s, end=e, account=PAYER, product_code="ComputeSavingsPlans",
                 usage_type="ComputeSP:1yrPartialUpfront", operation="", amount=float(hrs),
                 rate=sp.commitment_per_hour / 2, cost=recurring, resource_id=sp.arn,
                 line_type="SavingsPlanRecurringFee", term="", unit="Hrs",
                 description="1 year Partial Upfront Compute Savings Plan",
                 truth=(NON_AI, "savings-plan-fee", "monthly"),
                 extra={
                     "savingsPlan/SavingsPlanARN": sp.arn,
                     "savingsPlan/TotalCommitmentToDate": fmt(total),
                     "savingsPlan/UsedCommitment": fmt(round(sp.used.get(month, 0.0), 6)),
                     "savingsPlan/RecurringCommitmentForBillingPeriod": fmt(recurring),
                     "savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod":
                         fmt(r10(total - recurring)),
                     "savingsPlan/OfferingType": "ComputeSavingsPlans",
                     "savingsPlan/PaymentOption": "Partial Upfront",
                     "savingsPlan/PurchaseTerm": "1yr",
                 })
        ri_fee = r10(RI_RECURRING_PER_HOUR * hrs)
        ctx.line(start=s, end=e, account=PLATFORM, product_code="AmazonRDS",
                 usage_type="HeavyUsage:db.r5.large", operation="CreateDBInstance:0014",
                 amount=float(hrs), rate=RI_RECURRING_PER_HOUR, cost=ri_fee, line_type="RIFee",
                 term="Reserved", unit="Hrs",
                 description=f"USD {RI_RECURRING_PER_HOUR} hourly fee per PostgreSQL, "
                             "db.r5.large instance",
                 product={"productFamily": "Database Instance", "instanceType": "db.r5.large",
                          "databaseEngine": "PostgreSQL"},
                 truth=(NON_AI, "rds-ri-fee", "monthly"),
                 extra={
                     "reservation/ReservationARN": RDS_RESERVED,
                     "reservation/EffectiveCost": "0.0",
                     "reservation/AmortizedUpfrontFeeForBillingPeriod":
                         fmt(r10(RI_UPFRONT_PER_HOUR * hrs)),
                     "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod": "0.0",
                     "reservation/UnusedRecurringFee": "0.0",
                     "pricing/LeaseContractLength": "1yr",
                     "pricing/PurchaseOption": "Partial Upfront",
                     "pricing/OfferingClass": "standard",
                 })


def aws_credits_refund_tax(ctx: AwsCtx) -> None:
    """Promotional (MAP) credit on the c5 fleet, one refund, and sales tax per product code."""
    by_month_code: dict[tuple[str, str, str, str], float] = {}
    c5_cost: dict[str, float] = {}
    for r in ctx.rows:
        m = r["lineItem/UsageStartDate"][:7]
        k = (m, r["lineItem/UsageAccountId"], r["lineItem/ProductCode"], r["bill/BillingEntity"])
        by_month_code[k] = by_month_code.get(k, 0.0) + float(r["lineItem/UnblendedCost"])
        if r["lineItem/UsageType"] == "BoxUsage:c5.2xlarge":
            c5_cost[m] = c5_cost.get(m, 0.0) + float(r["lineItem/UnblendedCost"])
    for month in ("2026-07", "2026-08", "2026-09"):  # the credit runs out after September
        s, e = month_bounds(month)
        ctx.line(start=s, end=e, account=PLATFORM, product_code="AmazonEC2",
                 usage_type="BoxUsage:c5.2xlarge", operation="RunInstances", amount=0.0,
                 rate=None, cost=-round(0.25 * c5_cost[month], 2), line_type="Credit", term="",
                 unit="", description="AWS Migration Acceleration Program (MAP) credit",
                 truth=(NON_AI, "promotional-credit", "monthly"))
    s, e = month_bounds("2026-08")
    refund = ctx.line(start=s, end=e, account=PLATFORM, product_code="AmazonS3",
                      usage_type="Requests-Tier1", operation="PutObject", amount=0.0, rate=None,
                      cost=-184.37, line_type="Refund", term="", unit="",
                      description="Refund for duplicate S3 request charges (case 178204551)",
                      truth=(NON_AI, "refund", "monthly"))
    refund["bill/BillType"] = "Refund"
    for (month, account, code, entity), total in sorted(by_month_code.items()):
        if total <= 0.005:
            continue
        s, e = month_bounds(month)
        mp_names = [k for k, v in MP_CODES.items() if v == code]
        name = mp_names[0] if mp_names else SERVICE[code][0]
        row = ctx.line(start=s, end=e, account=account,
                       product_code=code, usage_type="", operation="", amount=1.0, rate=None,
                       cost=round(total * 0.06, 2), line_type="Tax", term="", unit="",
                       billing_entity=entity, product_name=name,
                       legal_entity=AWS_INC if entity == "AWS" else "Anthropic, PBC",
                       description=f"Tax for product code {code}",
                       truth=(NON_AI, "tax", "monthly"))
        row["lineItem/TaxType"] = "Sales Tax"


def build_aws(truth: Truth) -> list[dict[str, str]]:
    ctx = AwsCtx(truth)
    rng = rng_for("aws-sp")
    sp = SavingsPlan(arn=f"arn:aws:savingsplans::{PAYER}:savingsplan/{guid(rng)}",
                     commitment_per_hour=3.00)
    aws_steady_ec2(ctx, sp)
    aws_cpu_batch(ctx)
    aws_ec2_training_bursts(ctx)
    aws_ec2_serving(ctx, sp)
    aws_sagemaker(ctx)
    aws_bedrock(ctx)
    aws_bedrock_variants(ctx)
    aws_storage_and_other(ctx)
    aws_monthly_charges(ctx, sp)
    aws_credits_refund_tax(ctx)
    for month in MONTHS:  # the commitment must cover what it is credited with
        assert sp.used[month] <= sp.commitment_per_hour * hours_in(month), month
    # grouped like a real CUR file: by usage start, account, product, usage type, resource
    ctx.rows.sort(key=lambda r: (r["lineItem/UsageStartDate"], r["lineItem/UsageAccountId"],
                                 r["lineItem/ProductCode"], r["lineItem/UsageType"],
                                 r["lineItem/ResourceId"], r["lineItem/LineItemType"]))
    ids = rng_for("aws-line-item-ids")
    invoices = invoice_ids()
    out = []
    for r in ctx.rows:
        month = r["lineItem/UsageStartDate"][:7]
        s, e = month_bounds(month)
        r["identity/LineItemId"] = line_item_id(ids)
        r["bill/BillingPeriodStartDate"] = iso(s)
        r["bill/BillingPeriodEndDate"] = iso(e)
        r["bill/InvoiceId"] = invoices[(month, r["bill/BillingEntity"], r["bill/BillType"])]
        out.append(r)
    return out


def line_item_id(rng: random.Random) -> str:
    """52 lowercase base32 characters, like the ids in real CUR files."""
    return base64.b32encode(rng.randbytes(33)).decode("ascii").lower()[:52]


def invoice_ids() -> dict[tuple[str, str, str], str]:
    rng = rng_for("aws-invoices")
    out = {}
    for month in MONTHS:
        for entity in ("AWS", "AWS Marketplace"):
            for bill_type in ("Anniversary", "Refund"):
                out[(month, entity, bill_type)] = str(rng.randint(2_000_000_000, 2_999_999_999))
    return out


# --------------------------------------------------------------------------------------------
# AWS writers


LEGACY_COLUMNS = [
    "identity/LineItemId", "identity/TimeInterval",
    "bill/InvoiceId", "bill/InvoicingEntity", "bill/BillingEntity", "bill/BillType",
    "bill/PayerAccountId", "bill/BillingPeriodStartDate", "bill/BillingPeriodEndDate",
    "lineItem/UsageAccountId", "lineItem/LineItemType", "lineItem/UsageStartDate",
    "lineItem/UsageEndDate", "lineItem/ProductCode", "lineItem/UsageType", "lineItem/Operation",
    "lineItem/AvailabilityZone", "lineItem/ResourceId", "lineItem/UsageAmount",
    "lineItem/CurrencyCode", "lineItem/UnblendedRate", "lineItem/UnblendedCost",
    "lineItem/BlendedRate", "lineItem/BlendedCost", "lineItem/LineItemDescription",
    "lineItem/TaxType", "lineItem/LegalEntity",
    "product/ProductName", "product/databaseEngine", "product/gpu", "product/gpuMemory",
    "product/instanceFamily", "product/instanceType", "product/location", "product/memory",
    "product/productFamily", "product/region", "product/servicecode", "product/sku",
    "product/storageClass", "product/vcpu",
    "pricing/LeaseContractLength", "pricing/OfferingClass", "pricing/PurchaseOption",
    "pricing/publicOnDemandCost", "pricing/publicOnDemandRate", "pricing/term", "pricing/unit",
    "reservation/AmortizedUpfrontCostForUsage", "reservation/AmortizedUpfrontFeeForBillingPeriod",
    "reservation/EffectiveCost", "reservation/RecurringFeeForUsage",
    "reservation/ReservationARN", "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
    "reservation/UnusedRecurringFee",
    "savingsPlan/TotalCommitmentToDate", "savingsPlan/SavingsPlanARN",
    "savingsPlan/SavingsPlanRate", "savingsPlan/UsedCommitment",
    "savingsPlan/SavingsPlanEffectiveCost",
    "savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod",
    "savingsPlan/RecurringCommitmentForBillingPeriod", "savingsPlan/OfferingType",
    "savingsPlan/PaymentOption", "savingsPlan/PurchaseTerm",
]
LEGACY_TAGS = {
    # July: as activated at the start of the period
    "2026-07": ["resourceTags/aws:autoscaling:groupName", "resourceTags/user:team",
                "resourceTags/user:workload"],
    # August: a new cost-allocation tag was activated, and the tag columns come out re-ordered
    "2026-08": ["resourceTags/user:cost-center", "resourceTags/user:team",
                "resourceTags/user:workload", "resourceTags/aws:autoscaling:groupName"],
}
LEGACY_DROPPED = {"2026-08": {"product/databaseEngine"}}  # product attribute drift

COLUMN_TYPES = {  # legacy manifest column types, as in real manifests
    "identity/TimeInterval": "Interval",
    "bill/BillingPeriodStartDate": "DateTime", "bill/BillingPeriodEndDate": "DateTime",
    "lineItem/UsageStartDate": "DateTime", "lineItem/UsageEndDate": "DateTime",
    "lineItem/UsageAmount": "BigDecimal", "lineItem/UnblendedCost": "BigDecimal",
    "lineItem/BlendedCost": "BigDecimal", "pricing/publicOnDemandCost": "BigDecimal",
}


def legacy_type(col: str) -> str:
    if col in COLUMN_TYPES:
        return COLUMN_TYPES[col]
    cat, name = col.split("/", 1)
    if cat in ("reservation", "savingsPlan") and (
        "Cost" in name or "Fee" in name or "Commitment" in name or name == "SavingsPlanRate"
    ):
        return "OptionalBigDecimal"
    return "String"


def cost_center(row: dict[str, str]) -> str:
    team = row.get("resourceTags/user:team", "")
    return {"ml-research": "CC-4100", "serving": "CC-4200", "search": "CC-4200",
            "web": "CC-3100", "platform": "CC-2000", "data": "CC-2100"}.get(team, "")


def write_legacy_cur(rows: list[dict[str, str]], month: str, out: Path) -> dict[str, int]:
    s, e = month_bounds(month)
    period = f"{s:%Y%m%d}-{e:%Y%m%d}"
    key = f"aws/cur/{LEGACY_REPORT}/{period}/{LEGACY_REPORT}-00001.csv.gz"
    cols = [c for c in LEGACY_COLUMNS if c not in LEGACY_DROPPED.get(month, set())]
    cols += LEGACY_TAGS[month]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    n = 0
    for r in rows:
        if r["lineItem/UsageStartDate"][:7] != month:
            continue
        if month == "2026-08":
            r = dict(r, **{"resourceTags/user:cost-center": cost_center(r)})
        w.writerow([r.get(c, "") for c in cols])
        n += 1
    path = out / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    rng = rng_for(f"legacy-manifest-{month}")
    manifest = {
        "assemblyId": guid(rng),
        "account": PAYER,
        "columns": [
            {"category": c.split("/", 1)[0], "name": c.split("/", 1)[1], "type": legacy_type(c)}
            for c in cols
        ],
        "charset": "UTF-8",
        "compression": "GZIP",
        "contentType": "text/csv",
        "reportId": "".join(rng.choice("0123456789abcdef") for _ in range(64)),
        "reportName": LEGACY_REPORT,
        "billingPeriod": {"start": f"{s:%Y%m%d}T000000.000Z", "end": f"{e:%Y%m%d}T000000.000Z"},
        "bucket": BUCKET,
        "reportKeys": [key],
        "additionalArtifactKeys": [],
    }
    mpath = out / f"aws/cur/{LEGACY_REPORT}/{period}/{LEGACY_REPORT}-Manifest.json"
    mpath.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {"rows": n}


# CUR 2.0: fixed schema. (column, arrow type, legacy source column or None)
CUR2_PRODUCT_TOP = {  # legacy product attribute -> CUR 2.0 top-level product_ column
    "product/instanceFamily": "product_instance_family",
    "product/instanceType": "product_instance_type",
    "product/location": "product_location",
    "product/productFamily": "product_product_family",
    "product/region": "product_region_code",
    "product/servicecode": "product_servicecode",
    "product/sku": "product_sku",
}
CUR2_PRODUCT_MAP = {  # legacy product attribute -> key inside the `product` map
    "product/ProductName": "product_name",
    "product/databaseEngine": "database_engine",
    "product/gpu": "gpu",
    "product/gpuMemory": "gpu_memory",
    "product/memory": "memory",
    "product/storageClass": "storage_class",
    "product/vcpu": "vcpu",
}
CUR2_TAG_KEYS = {
    "resourceTags/user:team": "user_team",
    "resourceTags/user:workload": "user_workload",
    "resourceTags/aws:autoscaling:groupName": "aws_autoscaling_group_name",
    "resourceTags/user:cost-center": "user_cost_center",
}
S, D, TS = pa.string(), pa.float64(), pa.timestamp("us")
MAP_SS = pa.map_(pa.string(), pa.string())
CUR2_SCHEMA: list[tuple[str, pa.DataType, str | None]] = [
    ("bill_bill_type", S, "bill/BillType"),
    ("bill_billing_entity", S, "bill/BillingEntity"),
    ("bill_billing_period_end_date", TS, "bill/BillingPeriodEndDate"),
    ("bill_billing_period_start_date", TS, "bill/BillingPeriodStartDate"),
    ("bill_invoice_id", S, "bill/InvoiceId"),
    ("bill_invoicing_entity", S, "bill/InvoicingEntity"),
    ("bill_payer_account_id", S, "bill/PayerAccountId"),
    ("bill_payer_account_name", S, None),
    ("cost_category", MAP_SS, None),
    ("discount", pa.map_(pa.string(), pa.float64()), None),
    ("discount_bundled_discount", D, None),
    ("discount_total_discount", D, None),
    ("identity_line_item_id", S, "identity/LineItemId"),
    ("identity_time_interval", S, "identity/TimeInterval"),
    ("line_item_availability_zone", S, "lineItem/AvailabilityZone"),
    ("line_item_blended_cost", D, "lineItem/BlendedCost"),
    ("line_item_blended_rate", S, "lineItem/BlendedRate"),
    ("line_item_currency_code", S, "lineItem/CurrencyCode"),
    ("line_item_legal_entity", S, "lineItem/LegalEntity"),
    ("line_item_line_item_description", S, "lineItem/LineItemDescription"),
    ("line_item_line_item_type", S, "lineItem/LineItemType"),
    ("line_item_net_unblended_cost", D, None),
    ("line_item_net_unblended_rate", S, None),
    ("line_item_normalization_factor", D, None),
    ("line_item_normalized_usage_amount", D, None),
    ("line_item_operation", S, "lineItem/Operation"),
    ("line_item_product_code", S, "lineItem/ProductCode"),
    ("line_item_resource_id", S, "lineItem/ResourceId"),
    ("line_item_tax_type", S, "lineItem/TaxType"),
    ("line_item_unblended_cost", D, "lineItem/UnblendedCost"),
    ("line_item_unblended_rate", S, "lineItem/UnblendedRate"),
    ("line_item_usage_account_id", S, "lineItem/UsageAccountId"),
    ("line_item_usage_account_name", S, None),
    ("line_item_usage_amount", D, "lineItem/UsageAmount"),
    ("line_item_usage_end_date", TS, "lineItem/UsageEndDate"),
    ("line_item_usage_start_date", TS, "lineItem/UsageStartDate"),
    ("line_item_usage_type", S, "lineItem/UsageType"),
    ("pricing_currency", S, None),
    ("pricing_lease_contract_length", S, "pricing/LeaseContractLength"),
    ("pricing_offering_class", S, "pricing/OfferingClass"),
    ("pricing_public_on_demand_cost", D, "pricing/publicOnDemandCost"),
    ("pricing_public_on_demand_rate", S, "pricing/publicOnDemandRate"),
    ("pricing_purchase_option", S, "pricing/PurchaseOption"),
    ("pricing_rate_code", S, None),
    ("pricing_rate_id", S, None),
    ("pricing_term", S, "pricing/term"),
    ("pricing_unit", S, "pricing/unit"),
    ("product", MAP_SS, None),
    ("product_comment", S, None),
    ("product_fee_code", S, None),
    ("product_fee_description", S, None),
    ("product_from_location", S, None),
    ("product_from_location_type", S, None),
    ("product_from_region_code", S, None),
    ("product_instance_family", S, "product/instanceFamily"),
    ("product_instance_type", S, "product/instanceType"),
    ("product_instancesku", S, None),
    ("product_location", S, "product/location"),
    ("product_location_type", S, None),
    ("product_operation", S, "lineItem/Operation"),
    ("product_pricing_unit", S, "pricing/unit"),
    ("product_product_family", S, "product/productFamily"),
    ("product_region_code", S, "product/region"),
    ("product_servicecode", S, "product/servicecode"),
    ("product_sku", S, "product/sku"),
    ("product_to_location", S, None),
    ("product_to_location_type", S, None),
    ("product_to_region_code", S, None),
    ("product_usagetype", S, "lineItem/UsageType"),
    ("reservation_amortized_upfront_cost_for_usage", D, "reservation/AmortizedUpfrontCostForUsage"),
    ("reservation_amortized_upfront_fee_for_billing_period", D,
     "reservation/AmortizedUpfrontFeeForBillingPeriod"),
    ("reservation_effective_cost", D, "reservation/EffectiveCost"),
    ("reservation_recurring_fee_for_usage", D, "reservation/RecurringFeeForUsage"),
    ("reservation_reservation_a_r_n", S, "reservation/ReservationARN"),
    ("reservation_unused_amortized_upfront_fee_for_billing_period", D,
     "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"),
    ("reservation_unused_recurring_fee", D, "reservation/UnusedRecurringFee"),
    ("resource_tags", MAP_SS, None),
    ("savings_plan_amortized_upfront_commitment_for_billing_period", D,
     "savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod"),
    ("savings_plan_offering_type", S, "savingsPlan/OfferingType"),
    ("savings_plan_payment_option", S, "savingsPlan/PaymentOption"),
    ("savings_plan_purchase_term", S, "savingsPlan/PurchaseTerm"),
    ("savings_plan_recurring_commitment_for_billing_period", D,
     "savingsPlan/RecurringCommitmentForBillingPeriod"),
    ("savings_plan_savings_plan_a_r_n", S, "savingsPlan/SavingsPlanARN"),
    ("savings_plan_savings_plan_effective_cost", D, "savingsPlan/SavingsPlanEffectiveCost"),
    ("savings_plan_savings_plan_rate", D, "savingsPlan/SavingsPlanRate"),
    ("savings_plan_total_commitment_to_date", D, "savingsPlan/TotalCommitmentToDate"),
    ("savings_plan_used_commitment", D, "savingsPlan/UsedCommitment"),
]
COST_CATEGORY_TEAM = {ML: "ml-research", SERVING: "serving", PLATFORM: "platform"}


def cur2_column(rows: list[dict[str, str]], col: str, typ: pa.DataType,
                src: str | None) -> pa.Array:
    """One CUR 2.0 column built from the legacy-named rows ('' becomes null)."""
    if col == "bill_payer_account_name":
        vals: list[object] = [ACCOUNT_NAMES[PAYER]] * len(rows)
    elif col == "line_item_usage_account_name":
        vals = [ACCOUNT_NAMES[r["lineItem/UsageAccountId"]] for r in rows]
    elif col == "pricing_currency":
        vals = ["USD"] * len(rows)
    elif col == "cost_category":
        teams = [COST_CATEGORY_TEAM.get(r["lineItem/UsageAccountId"]) for r in rows]
        vals = [[("team", t)] if t else [] for t in teams]
    elif col == "discount":
        vals = [[] for _ in rows]
    elif col == "product":
        vals = [[(k, r[c]) for c, k in CUR2_PRODUCT_MAP.items() if r.get(c)] for r in rows]
    elif col == "resource_tags":
        vals = [[(k, r[c]) for c, k in CUR2_TAG_KEYS.items() if r.get(c)] for r in rows]
    else:
        strings = pa.array([(r.get(src) or None) if src else None for r in rows], pa.string())
        if typ == TS:
            return pc.strptime(strings, format="%Y-%m-%dT%H:%M:%SZ", unit="us")
        return strings.cast(typ)
    return pa.array(vals, type=typ)


def write_cur2(rows: list[dict[str, str]], month: str, out: Path) -> dict[str, int]:
    sel = [r for r in rows if r["lineItem/UsageStartDate"][:7] == month]
    sel = [dict(r, **{"resourceTags/user:cost-center": cost_center(r)}) for r in sel]
    arrays = [cur2_column(sel, col, typ, src) for col, typ, src in CUR2_SCHEMA]
    schema = pa.schema([(c, t) for c, t, _ in CUR2_SCHEMA])
    table = pa.Table.from_arrays(arrays, schema=schema)
    base = f"aws/cur2/{CUR2_EXPORT}"
    key = f"{base}/data/BILLING_PERIOD={month}/{CUR2_EXPORT}-00001.snappy.parquet"
    path = out / key
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="snappy", row_group_size=100_000)
    s, e = month_bounds(month)
    rng = rng_for(f"cur2-manifest-{month}")
    manifest = {
        "executionId": guid(rng),
        "exportArn": f"arn:aws:bcm-data-exports:us-east-1:{PAYER}:export/{CUR2_EXPORT}-"
                     f"{guid(rng)}",
        "exportName": CUR2_EXPORT,
        "billingPeriod": {"start": s.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                          "end": e.strftime("%Y-%m-%dT%H:%M:%S.000Z")},
        "bucket": BUCKET,
        "dataFiles": [f"s3://{BUCKET}/{key}"],
        "columns": [{"name": c, "type": cur2_type_name(t)} for c, t, _ in CUR2_SCHEMA],
    }
    mpath = out / f"{base}/metadata/BILLING_PERIOD={month}/{CUR2_EXPORT}-Manifest.json"
    mpath.parent.mkdir(parents=True, exist_ok=True)
    mpath.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {"rows": len(sel)}


def cur2_type_name(t: pa.DataType) -> str:
    if t == S:
        return "string"
    if t == D:
        return "double"
    if t == TS:
        return "timestamp"
    return "map<string,double>" if t.item_type == pa.float64() else "map<string,string>"


# --------------------------------------------------------------------------------------------
# Azure (Microsoft FOCUS 1.0 export, daily charge periods)


FOCUS_COLUMNS = [
    "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
    "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
    "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId",
    "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType",
    "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost",
    "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity",
    "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId",
    "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId",
    "SubAccountId", "SubAccountName", "Tags",
    "x_BilledCostInUsd", "x_EffectiveCostInUsd", "x_ListCostInUsd", "x_PricingSubcategory",
    "x_ResourceGroupName", "x_ResourceType", "x_SkuDescription", "x_SkuMeterCategory",
    "x_SkuMeterId", "x_SkuMeterName", "x_SkuMeterSubcategory",
]
AZ_BILLING_ACCOUNT = "/providers/Microsoft.Billing/billingAccounts/86753090"
AZ_REGIONS = {"eastus": "East US", "eastus2": "East US 2", "northcentralus": "North Central US"}


@dataclass(frozen=True)
class Meter:
    category: str
    subcategory: str
    name: str
    price: float
    unit: str  # PricingUnit
    service: str
    service_category: str


AZ_METERS = {
    "D4s v5": Meter("Virtual Machines", "Dsv5 Series", "D4s v5", 0.192, "Hours",
                    "Virtual Machines", "Compute"),
    "D8s v5": Meter("Virtual Machines", "Dsv5 Series", "D8s v5", 0.384, "Hours",
                    "Virtual Machines", "Compute"),
    "P10 LRS Disk": Meter("Storage", "Premium SSD Managed Disks", "P10 LRS Disk", 19.71,
                          "Units/Month", "Virtual Machines", "Compute"),
    "Hot LRS Data Stored": Meter("Storage", "Tiered Block Blob", "Hot LRS Data Stored", 0.0184,
                                 "GB/Month", "Storage Accounts", "Storage"),
    "gpt-4o-0806-Inp-glbl Tokens": Meter("Cognitive Services", "Azure OpenAI",
                                         "gpt-4o-0806-Inp-glbl Tokens", 0.0025, "1K Tokens",
                                         "Azure OpenAI", "AI and Machine Learning"),
    "gpt-4o-0806-Outp-glbl Tokens": Meter("Cognitive Services", "Azure OpenAI",
                                          "gpt-4o-0806-Outp-glbl Tokens", 0.01, "1K Tokens",
                                          "Azure OpenAI", "AI and Machine Learning"),
    "gpt-4o-mini-0718-Inp-glbl Tokens": Meter("Cognitive Services", "Azure OpenAI",
                                              "gpt-4o-mini-0718-Inp-glbl Tokens", 0.00015,
                                              "1K Tokens", "Azure OpenAI",
                                              "AI and Machine Learning"),
    "gpt-4o-mini-0718-Outp-glbl Tokens": Meter("Cognitive Services", "Azure OpenAI",
                                               "gpt-4o-mini-0718-Outp-glbl Tokens", 0.0006,
                                               "1K Tokens", "Azure OpenAI",
                                               "AI and Machine Learning"),
    # Token variants with meter names as Azure's price sheet spells them (infracost's table
    # of Azure OpenAI skuNames), " Tokens" added as billing meters add it.
    "gpt 4o 0806 cached Inp glbl Tokens": Meter("Cognitive Services", "Azure OpenAI",
                                                "gpt 4o 0806 cached Inp glbl Tokens", 0.00125,
                                                "1K Tokens", "Azure OpenAI",
                                                "AI and Machine Learning"),
    "gpt-4o-mini-0718-Batch-Inp-glbl Tokens": Meter("Cognitive Services", "Azure OpenAI",
                                                    "gpt-4o-mini-0718-Batch-Inp-glbl Tokens",
                                                    0.000075, "1K Tokens", "Azure OpenAI",
                                                    "AI and Machine Learning"),
    "gpt-4o-mini-0718-Batch-Outp-glbl Tokens": Meter("Cognitive Services", "Azure OpenAI",
                                                     "gpt-4o-mini-0718-Batch-Outp-glbl Tokens",
                                                     0.0003, "1K Tokens", "Azure OpenAI",
                                                     "AI and Machine Learning"),
    # Provisioned throughput units (PTU), global deployment, billed by the PTU-hour.
    "Provisioned Managed Global": Meter("Cognitive Services", "Azure OpenAI",
                                        "Provisioned Managed Global", 1.0, "Hours",
                                        "Azure OpenAI", "AI and Machine Learning"),
    "Az-GPT4o-mini-FTuned Training Unit": Meter("Cognitive Services", "Azure OpenAI",
                                                "Az-GPT4o-mini-FTuned Training Unit", 45.0,
                                                "Hours", "Azure OpenAI",
                                                "AI and Machine Learning"),
    "NC24ads A100 v4": Meter("Virtual Machines", "NCadsA100v4 Series", "NC24ads A100 v4", 3.673,
                             "Hours", "Azure Machine Learning", "AI and Machine Learning"),
    "NC16as T4 v3": Meter("Virtual Machines", "NCasT4v3 Series", "NC16as T4 v3", 1.204, "Hours",
                          "Azure Machine Learning", "AI and Machine Learning"),
    "D11 v2/DS11 v2": Meter("Virtual Machines", "Dv2/DSv2 Series", "D11 v2/DS11 v2", 0.185,
                            "Hours", "Azure Machine Learning", "AI and Machine Learning"),
}


@dataclass
class AzCtx:
    truth: Truth
    rows: list[dict[str, str]] = field(default_factory=list)
    meter_ids: dict[str, tuple[str, str]] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: rng_for("azure-ids"))

    def meter_id(self, name: str) -> tuple[str, str]:
        if name not in self.meter_ids:
            self.meter_ids[name] = (guid(self.rng), str(self.rng.randint(1_000_000, 620_000_000)))
        return self.meter_ids[name]

    def line(self, *, day: datetime, sub: tuple[str, str], rg: str, provider_path: str,
             name: str, resource_type: tuple[str, str], meter: str, qty: float,
             truth: tuple[str, str, str], region: str = "eastus",
             tags: dict[str, str] | None = None, consumed: tuple[float, str] | None = None,
             committed: tuple[str, str, float] | None = None) -> None:
        m = AZ_METERS[meter]
        mid, sku = self.meter_id(meter)
        rid = f"{sub[0]}/resourcegroups/{rg}/providers/{provider_path}/{name}".lower()
        list_cost = r10(m.price * qty)
        billed, effective, pricing_cat = list_cost, list_cost, "Standard"
        cd = {"CommitmentDiscountCategory": "", "CommitmentDiscountId": "",
              "CommitmentDiscountName": "", "CommitmentDiscountStatus": "",
              "CommitmentDiscountType": ""}
        if committed:  # reservation-covered usage: billed 0, amortised cost in EffectiveCost
            res_id, res_name, hourly = committed
            billed, effective, pricing_cat = 0.0, r10(hourly * qty), "Committed"
            cd = {"CommitmentDiscountCategory": "Usage", "CommitmentDiscountId": res_id,
                  "CommitmentDiscountName": res_name, "CommitmentDiscountStatus": "Used",
                  "CommitmentDiscountType": "Reservation"}
        self._emit(day, day + timedelta(days=1), {
            **cd,
            "BilledCost": fmt(billed), "EffectiveCost": fmt(effective),
            "ListCost": fmt(list_cost), "ContractedCost": fmt(list_cost),
            "ListUnitPrice": fmt(m.price), "ContractedUnitPrice": fmt(m.price),
            "ChargeCategory": "Usage", "ChargeFrequency": "Usage-Based",
            "ChargeDescription": f"{m.category} {m.subcategory} - {m.name} - "
                                 f"{AZ_REGIONS[region]}",
            "ConsumedQuantity": fmt(consumed[0] if consumed else qty),
            "ConsumedUnit": consumed[1] if consumed else m.unit,
            "PricingCategory": pricing_cat, "PricingQuantity": fmt(qty), "PricingUnit": m.unit,
            "RegionId": region, "RegionName": AZ_REGIONS[region],
            "ResourceId": rid, "ResourceName": name.split("/")[-1],
            "ResourceType": resource_type[0], "x_ResourceType": resource_type[1],
            "ServiceCategory": m.service_category, "ServiceName": m.service,
            "SkuId": sku, "SkuPriceId": sku, "SubAccountId": sub[0], "SubAccountName": sub[1],
            "Tags": json.dumps(tags) if tags else "",
            "x_BilledCostInUsd": fmt(billed), "x_EffectiveCostInUsd": fmt(effective),
            "x_ListCostInUsd": fmt(list_cost),
            "x_PricingSubcategory": "Committed Usage" if committed else "Standard",
            "x_ResourceGroupName": rg, "x_SkuDescription": f"{m.subcategory} {m.name}",
            "x_SkuMeterCategory": m.category, "x_SkuMeterId": mid, "x_SkuMeterName": m.name,
            "x_SkuMeterSubcategory": m.subcategory,
        })
        self.truth.add("Microsoft", "resource_id", rid, *truth)

    def _emit(self, start: datetime, end: datetime, values: dict[str, str]) -> None:
        bs, be = month_bounds(month_of(start))
        row = {
            "BillingAccountId": AZ_BILLING_ACCOUNT, "BillingAccountName": "Acme Vision Inc",
            "BillingCurrency": "USD", "BillingPeriodStart": iso(bs), "BillingPeriodEnd": iso(be),
            "ChargeClass": "", "ChargePeriodStart": iso(start), "ChargePeriodEnd": iso(end),
            "InvoiceIssuerName": "Microsoft", "ProviderName": "Microsoft",
            "PublisherName": "Microsoft",
        }
        row.update(values)
        self.rows.append(row)


def build_azure(truth: Truth) -> list[dict[str, str]]:
    ctx = AzCtx(truth)
    rng = rng_for("azure")
    prod = (f"/subscriptions/{guid(rng)}", "acme-prod")
    ml = (f"/subscriptions/{guid(rng)}", "acme-ml")
    order = guid(rng)
    res_id = (f"/providers/microsoft.capacity/reservationorders/{order}/reservations/"
              f"{guid(rng)}")
    res_name = "VM_RI_03-12-2026_10-41"
    ri_monthly = 2 * 86.31  # two D4s v5, 1 year, monthly payments
    vm = ("Virtual machine", "microsoft.compute/virtualmachines")
    for d in days():
        hrs = hours_in(month_of(d))
        # non-AI VMs: six D4s v5 web servers (two on a reservation), two D8s v5 workers
        for i in range(1, 9):
            meter = "D4s v5" if i <= 6 else "D8s v5"
            committed = (res_id, res_name, ri_monthly / 2 / hrs) if i <= 2 else None
            ctx.line(day=d, sub=prod, rg="rg-web",
                     provider_path="microsoft.compute/virtualmachines", name=f"acme-web-{i:02d}",
                     resource_type=vm, meter=meter, qty=24.0,
                     committed=committed, tags={"team": "web", "env": "prod"},
                     truth=(NON_AI, "azure-vm-d-series", "daily"))
            ctx.line(day=d, sub=prod, rg="rg-web", provider_path="microsoft.compute/disks",
                     name=f"acme-web-{i:02d}_osdisk", resource_type=("Disk",
                                                                     "microsoft.compute/disks"),
                     meter="P10 LRS Disk", qty=r10(24 / hrs),
                     tags={"team": "web", "env": "prod"},
                     truth=(NON_AI, "azure-managed-disk", "daily"))
        for acct, rg, sub, gb, gr, scen in (
            ("acmeprodstore", "rg-web", prod, 18_000, 0.03, "azure-storage"),
            ("acmemldata", "rg-ml", ml, 55_000, 0.08, "azure-storage-ml-datasets"),
        ):
            dim = hrs / 24
            ctx.line(day=d, sub=sub, rg=rg, provider_path="microsoft.storage/storageaccounts",
                     name=acct, resource_type=("Storage account",
                                               "microsoft.storage/storageaccounts"),
                     meter="Hot LRS Data Stored", qty=r10(gb * growth(d, gr) / dim),
                     truth=(NON_AI, scen, "daily"))
        # Azure OpenAI (inference), growing ~22 % a month
        g = growth(d, 0.22)
        for meter, ktok in (("gpt-4o-0806-Inp-glbl Tokens", 38_000),
                            ("gpt-4o-0806-Outp-glbl Tokens", 7_600),
                            ("gpt-4o-mini-0718-Inp-glbl Tokens", 210_000),
                            ("gpt-4o-mini-0718-Outp-glbl Tokens", 41_000)):
            q = round(ktok * g * day_factor(rng, d), 3)
            ctx.line(day=d, sub=ml, rg="rg-ai", region="eastus2",
                     provider_path="microsoft.cognitiveservices/accounts", name="acme-aoai-eus2",
                     resource_type=("Azure OpenAI", "microsoft.cognitiveservices/accounts"),
                     meter=meter, qty=q, consumed=(round(q * 1000), "Tokens"),
                     tags={"team": "search", "env": "prod"},
                     truth=(INFERENCE, "azure-openai-tokens", "daily"))
        # AML online endpoint on T4s, steady 24x7, instances added as traffic grows
        n = {"2026-07": 2, "2026-08": 2, "2026-09": 3, "2026-10": 3}[month_of(d)]
        if d >= datetime(2026, 8, 18) and month_of(d) == "2026-08":
            n = 3
        if d >= datetime(2026, 10, 12):
            n = 4
        ctx.line(day=d, sub=ml, rg="rg-ml-serving",
                 provider_path="microsoft.machinelearningservices/workspaces",
                 name="acme-ml-prod/onlineendpoints/doc-classifier/deployments/blue",
                 resource_type=("Machine learning online deployment",
                                "microsoft.machinelearningservices/workspaces/onlineendpoints/"
                                "deployments"),
                 meter="NC16as T4 v3", qty=24.0 * n, tags={"team": "serving"},
                 truth=(INFERENCE, "azure-ml-online-endpoint", "daily"))
        # AML compute instance for development
        if d.weekday() < 5:
            ctx.line(day=d, sub=ml, rg="rg-ml-dev",
                     provider_path="microsoft.machinelearningservices/workspaces",
                     name="acme-ml-dev", resource_type=("Azure Machine Learning workspace",
                                                        "microsoft.machinelearningservices/"
                                                        "workspaces"),
                     meter="D11 v2/DS11 v2", qty=round(rng.uniform(6, 10), 4),
                     tags={"ComputeType": "Compute Instance"},
                     truth=(AI_OTHER, "azure-ml-compute-instance", "daily"))
    # AML training cluster: bursty A100 nodes (nodes, hours) on a few days
    for day, nodes, hours in ((datetime(2026, 7, 9), 4, 14.5), (datetime(2026, 7, 10), 4, 24.0),
                              (datetime(2026, 7, 11), 4, 6.25), (datetime(2026, 8, 12), 8, 10.0),
                              (datetime(2026, 8, 13), 8, 24.0), (datetime(2026, 8, 14), 8, 24.0),
                              (datetime(2026, 8, 15), 8, 17.5), (datetime(2026, 9, 24), 2, 9.0),
                              (datetime(2026, 10, 1), 8, 20.0), (datetime(2026, 10, 2), 8, 24.0),
                              (datetime(2026, 10, 3), 8, 24.0), (datetime(2026, 10, 22), 4, 11.0)):
        ctx.line(day=day, sub=ml, rg="rg-ml-train",
                 provider_path="microsoft.machinelearningservices/workspaces",
                 name="acme-ml-train", resource_type=("Azure Machine Learning workspace",
                                                      "microsoft.machinelearningservices/"
                                                      "workspaces"),
                 meter="NC24ads A100 v4", qty=nodes * hours,
                 tags={"ComputeType": "Compute Cluster"},
                 truth=(TRAINING, "azure-ml-compute-cluster-burst", "daily"))
    # Azure OpenAI fine-tuning (separate account in a fine-tuning region)
    for day, hours in ((datetime(2026, 8, 20), 6.5), (datetime(2026, 10, 14), 9.25)):
        ctx.line(day=day, sub=ml, rg="rg-ai", region="northcentralus",
                 provider_path="microsoft.cognitiveservices/accounts", name="acme-aoai-ft-ncus",
                 resource_type=("Azure OpenAI", "microsoft.cognitiveservices/accounts"),
                 meter="Az-GPT4o-mini-FTuned Training Unit", qty=hours,
                 tags={"team": "ml-research"},
                 truth=(TRAINING, "azure-openai-fine-tuning", "daily"))
    # the reservation's monthly payment: billed, but amortised into the covered usage
    for month in MONTHS:
        s, e = month_bounds(month)
        mid, sku = ctx.meter_id("reservation:D4s v5")
        ctx._emit(s, e, {
            "BilledCost": fmt(ri_monthly), "EffectiveCost": "0.0", "ListCost": fmt(ri_monthly),
            "ContractedCost": fmt(ri_monthly), "ListUnitPrice": fmt(ri_monthly / 2),
            "ContractedUnitPrice": fmt(ri_monthly / 2),
            "ChargeCategory": "Purchase", "ChargeFrequency": "Recurring",
            "ChargeDescription": "Reserved VM Instance, Standard_D4s_v5, US East, 1 Year",
            "CommitmentDiscountCategory": "Usage", "CommitmentDiscountId": res_id,
            "CommitmentDiscountName": res_name, "CommitmentDiscountStatus": "",
            "CommitmentDiscountType": "Reservation",
            "ConsumedQuantity": "", "ConsumedUnit": "", "PricingCategory": "Committed",
            "PricingQuantity": "2.0", "PricingUnit": "Units", "RegionId": "eastus",
            "RegionName": "East US", "ResourceId": res_id, "ResourceName": res_name,
            "ResourceType": "Reservation", "x_ResourceType": "microsoft.capacity/reservationorders",
            "ServiceCategory": "Compute", "ServiceName": "Virtual Machines", "SkuId": sku,
            "SkuPriceId": sku, "SubAccountId": prod[0], "SubAccountName": prod[1], "Tags": "",
            "x_BilledCostInUsd": fmt(ri_monthly), "x_EffectiveCostInUsd": "0.0",
            "x_ListCostInUsd": fmt(ri_monthly), "x_PricingSubcategory": "Committed Spend",
            "x_ResourceGroupName": "", "x_SkuDescription": "Reserved VM Instance D4s v5",
            "x_SkuMeterCategory": "Virtual Machines", "x_SkuMeterId": mid,
            "x_SkuMeterName": "D4s v5", "x_SkuMeterSubcategory": "Dsv5 Series",
        })
        truth.add("Microsoft", "resource_id", res_id, NON_AI, "azure-reservation-purchase",
                  "monthly")
    azure_openai_variants(ctx, ml)
    rng_order = rng_for("azure-order")
    keyed = [(r["ChargePeriodStart"], rng_order.random(), r) for r in ctx.rows]
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [r for _, _, r in keyed]


def azure_openai_variants(ctx: AzCtx, ml: tuple[str, str]) -> None:
    """Azure OpenAI's cached-input and batch token meters, and a PTU deployment from 26 October,
    drawn last from a stream of their own so that the other Azure rows stayed as they were."""
    rng = rng_for("azure-openai-variants")
    for d in days():
        g = growth(d, 0.22)
        for meter, ktok, weekdays in (("gpt 4o 0806 cached Inp glbl Tokens", 24_000, False),
                                      ("gpt-4o-mini-0718-Batch-Inp-glbl Tokens", 300_000, True),
                                      ("gpt-4o-mini-0718-Batch-Outp-glbl Tokens", 30_000, True)):
            if weekdays and d.weekday() >= 5:
                continue
            q = round(ktok * g * day_factor(rng, d), 3)
            ctx.line(day=d, sub=ml, rg="rg-ai", region="eastus2",
                     provider_path="microsoft.cognitiveservices/accounts", name="acme-aoai-eus2",
                     resource_type=("Azure OpenAI", "microsoft.cognitiveservices/accounts"),
                     meter=meter, qty=q, consumed=(round(q * 1000), "Tokens"),
                     tags={"team": "search", "env": "prod"},
                     truth=(INFERENCE, "azure-openai-tokens", "daily"))
        if d >= datetime(2026, 10, 26):  # 15 PTUs (the global minimum), around the clock
            ctx.line(day=d, sub=ml, rg="rg-ai", region="eastus2",
                     provider_path="microsoft.cognitiveservices/accounts", name="acme-aoai-ptu",
                     resource_type=("Azure OpenAI", "microsoft.cognitiveservices/accounts"),
                     meter="Provisioned Managed Global", qty=15 * 24.0,
                     tags={"team": "search", "env": "prod"},
                     truth=(INFERENCE, "azure-openai-ptu", "daily"))


def write_focus(rows: list[dict[str, str]], month: str, out: Path) -> dict[str, int]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FOCUS_COLUMNS)
    n = 0
    for r in rows:
        if r["BillingPeriodStart"][:7] == month:
            w.writerow([r.get(c, "") for c in FOCUS_COLUMNS])
            n += 1
    path = out / f"azure/focus/acme-focus-{month}.csv.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    return {"rows": n}


# --------------------------------------------------------------------------------------------
# entry points


def main(out_dir: Path | str | None = None, truth_path: Path | str | None = None) -> dict:
    """Write every sample bill under out_dir and the ground truth to truth_path."""
    out = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    truth_file = Path(truth_path) if truth_path is not None else DEFAULT_TRUTH
    truth = Truth()
    aws_rows = build_aws(truth)
    az_rows = build_azure(truth)
    summary = {}
    for month in LEGACY_MONTHS:
        summary[f"aws-cur-{month}"] = write_legacy_cur(aws_rows, month, out)
    for month in CUR2_MONTHS:
        summary[f"aws-cur2-{month}"] = write_cur2(aws_rows, month, out)
    for month in MONTHS:
        summary[f"azure-focus-{month}"] = write_focus(az_rows, month, out)
    summary.update(write_provider_samples(out, truth))
    truth.write(truth_file)
    summary["ground-truth"] = {"rows": len(truth.rows)}
    return summary


def cli(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: %(default)s)")
    p.add_argument("--truth", default=str(DEFAULT_TRUTH),
                   help="ground-truth CSV path (default: %(default)s)")
    args = p.parse_args(argv)
    for name, info in main(args.out, args.truth).items():
        print(f"{name}: {info['rows']} rows")


if __name__ == "__main__":
    cli()
