"""A harder labelled bill set for the classifier, written as legacy CUR CSV files.

The sample bills separate serving and training by account; these do not. Three payers:

* ``HOURLY`` (900000000001): November 2026, hourly rows, six accounts that mix a steady p5
  serving fleet, untagged serving fleets whose instances are replaced every day (g5, p4d), a
  Savings-Plan-covered serving fleet, a g5 fleet serving only in business hours (ambiguous),
  g5 fine-tuning bursts, multi-node p4d training bursts in three accounts, SageMaker and Bedrock
  rows, bursty c5/m5/r5 CPU batch, steady CPU, storage, a database, data transfer, tax, and two
  tagged fleets whose tag contradicts their pattern (a month-long training run that looks
  steady, nightly batch scoring that looks bursty). Also December 2026, a quiet month whose only
  GPU use is one g5 fine-tuning run on its first two days while the web servers run all month.
* ``DAILY`` (900000000002): November 2026 with daily rows: steady and bursty GPU fleets.
* ``MONTH_TO_DATE`` (900000000003): the first 10 days of December 2026 (the billing period still
  ends on 1 January), a steady serving fleet, one short training burst, and a reserved
  database's RIFee row that spans the whole month from its first day.

The ground truth is recorded by the generator when it bills something (what the workload *is*),
never inferred from the bills. Tagged fleets are labelled with their tag: the owner said so.
The generator also keeps, per GPU fleet, the instance-hours it billed per hour (or day), so a
test can recompute the usage profile that docs/classification.md describes.

Only the standard library; seeded; no wall clock.
"""

from __future__ import annotations

import csv
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

SEED = 20261201
HOURLY, DAILY, MONTH_TO_DATE = "900000000001", "900000000002", "900000000003"
TRAINING, INFERENCE, AI_OTHER, NON_AI = "training", "inference", "ai_other", "non_ai"
USE1, USW2 = "us-east-1", "us-west-2"

COLUMNS = [
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
    "product/instanceType",
    "product/region",
    "pricing/unit",
    "savingsPlan/SavingsPlanARN",
    "savingsPlan/SavingsPlanEffectiveCost",
    "resourceTags/user:workload",
    "resourceTags/aws:autoscaling:groupName",
]

RATES = {  # on-demand $/h, us-east-1
    "p5.48xlarge": 98.32,
    "p4d.24xlarge": 32.7726,
    "g5.xlarge": 1.006,
    "g5.2xlarge": 1.212,
    "g5.12xlarge": 5.672,
    "m5.xlarge": 0.192,
    "m5.2xlarge": 0.384,
    "c5.4xlarge": 0.68,
    "r5.xlarge": 0.252,
    "db.r5.large": 0.25,
}
SP_RATE = 0.66  # Savings Plan rate as a share of on-demand


@dataclass
class Fleet:
    """One GPU fleet as the generator billed it (what the classifier should profile)."""

    scenario: str
    payer: str
    account: str
    region: str
    itype: str
    asg: str
    period: datetime
    granularity: str  # hourly | daily
    true_class: str
    profiled: bool  # no tag or service explains it: the usage-pattern rule decides
    usage: dict[int, float] = field(default_factory=lambda: defaultdict(float))  # bucket -> h
    resources: set[str] = field(default_factory=set)


@dataclass
class Bill:
    """One payer's billing period: its CUR rows, written to one CSV file."""

    payer: str
    period: datetime  # billing period start
    period_end: datetime  # billing period end (the first of the next month)
    cutoff: datetime  # the last hour billed (period_end, or earlier for a month-to-date bill)
    granularity: str
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.payer}-{self.period:%Y-%m}.csv"


@dataclass
class HardSet:
    truth: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    fleets: dict[tuple, Fleet] = field(default_factory=dict)
    bills: list[Bill] = field(default_factory=list)
    ids: int = 0

    def label(self, kind: str, key: str, cls: str, scenario: str, gran: str) -> None:
        old = self.truth.setdefault((kind, key), (cls, scenario, gran))
        if old != (cls, scenario, gran):
            raise AssertionError(f"ground truth conflict for {key}: {old} vs {cls, scenario}")

    def write(self, out: Path) -> tuple[list[Path], Path]:
        """Write one CUR CSV per bill and the ground truth; return (bill files, truth file)."""
        out.mkdir(parents=True, exist_ok=True)
        files = []
        for bill in self.bills:
            path = out / bill.name
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
                w.writeheader()
                w.writerows(bill.rows)
            files.append(path)
        truth = out / "ground_truth.csv"
        with truth.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["provider", "key_kind", "key", "true_class", "scenario", "granularity"])
            for (kind, key), (cls, scen, gran) in sorted(self.truth.items()):
                w.writerow(["AWS", kind, key, cls, scen, gran])
        return files, truth


@cache
def iso(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def num(x: float) -> str:
    return f"{x:.10f}"


def instance_id(rng: random.Random) -> str:
    return "i-0" + "".join(rng.choice("0123456789abcdef") for _ in range(16))


class Writer:
    def __init__(self, hs: HardSet, bill: Bill) -> None:
        self.hs, self.bill = hs, bill

    def line(
        self,
        *,
        start: datetime,
        end: datetime,
        account: str,
        product: str,
        usage_type: str,
        amount: float,
        rate: float,
        truth: tuple[str, str],  # (class, scenario)
        resource: str = "",
        itype: str = "",
        region: str = USE1,
        unit: str = "Hrs",
        line_type: str = "Usage",
        tags: dict[str, str] | None = None,
        sp: str = "",
        cost: float | None = None,
        gran: str = "",
    ) -> None:
        bill, hs = self.bill, self.hs
        hs.ids += 1
        if cost is None:
            cost = round(rate * amount, 10)
        sp_cost = ""
        if line_type == "SavingsPlanCoveredUsage":
            sp_cost = num(round(rate * SP_RATE * amount, 10))
        elif line_type == "SavingsPlanNegation":
            sp_cost = num(0.0)
        tags = tags or {}
        bill.rows.append(
            {
                "identity/LineItemId": f"hard{hs.ids:09d}",
                "bill/PayerAccountId": bill.payer,
                "bill/BillingPeriodStartDate": iso(bill.period),
                "bill/BillingPeriodEndDate": iso(bill.period_end),
                "lineItem/UsageAccountId": account,
                "lineItem/LineItemType": line_type,
                "lineItem/UsageStartDate": iso(start),
                "lineItem/UsageEndDate": iso(end),
                "lineItem/ProductCode": product,
                "lineItem/UsageType": usage_type,
                "lineItem/ResourceId": resource,
                "lineItem/UsageAmount": num(amount),
                "lineItem/UnblendedCost": num(cost),
                "lineItem/CurrencyCode": "USD",
                "product/instanceType": itype,
                "product/region": region if usage_type else "",
                "pricing/unit": unit,
                "savingsPlan/SavingsPlanARN": sp,
                "savingsPlan/SavingsPlanEffectiveCost": sp_cost,
                "resourceTags/user:workload": tags.get("workload", ""),
                "resourceTags/aws:autoscaling:groupName": tags.get("asg", ""),
            }
        )
        if resource:
            kind, key = "resource_id", resource
        elif usage_type:
            kind, key = "usage_type", usage_type
        else:
            kind, key = "line_item_type", line_type
        hs.label(kind, key, truth[0], truth[1], gran or bill.granularity)

    def slices(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime, float]]:
        """(bucket start, bucket end, hours used) of a run, clipped to what the bill covers."""
        step = timedelta(hours=1 if self.bill.granularity == "hourly" else 24)
        start, end = max(start, self.bill.period), min(end, self.bill.cutoff)
        out = []
        t = self.bill.period + ((start - self.bill.period) // step) * step
        while t < end:
            used = (min(end, t + step) - max(start, t)).total_seconds() / 3600
            if used > 0:
                out.append((t, t + step, round(used, 6)))
            t += step
        return out

    def instance(
        self,
        fleet: Fleet,
        iid: str,
        start: datetime,
        end: datetime,
        *,
        tags: dict[str, str] | None = None,
        sp: str = "",
    ) -> None:
        """Bill one GPU instance's run (one row per hour or day it ran)."""
        prefix = "" if fleet.region == USE1 else "USW2-"
        for s, e, used in self.slices(start, end):
            common = dict(
                start=s,
                end=e,
                account=fleet.account,
                product="AmazonEC2",
                usage_type=f"{prefix}BoxUsage:{fleet.itype}",
                amount=used,
                rate=RATES[fleet.itype],
                truth=(fleet.true_class, fleet.scenario),
                resource=iid,
                itype=fleet.itype,
                region=fleet.region,
                tags=tags,
            )
            if sp:
                self.line(**common, line_type="SavingsPlanCoveredUsage", sp=sp)
                cost = -round(RATES[fleet.itype] * used, 10)
                self.line(**common, line_type="SavingsPlanNegation", sp=sp, cost=cost)
            else:
                self.line(**common)
            bucket = int((s - self.bill.period).total_seconds() // (e - s).total_seconds())
            fleet.usage[bucket] += used
            fleet.resources.add(iid)

    def cpu(
        self,
        account: str,
        itype: str,
        iid: str,
        start: datetime,
        end: datetime,
        scenario: str,
        tags: dict[str, str] | None = None,
    ) -> None:
        for s, e, used in self.slices(start, end):
            self.line(
                start=s,
                end=e,
                account=account,
                product="AmazonEC2",
                usage_type=f"BoxUsage:{itype}",
                amount=used,
                rate=RATES[itype],
                truth=(NON_AI, scenario),
                resource=iid,
                itype=itype,
                tags=tags,
            )


def _fleet(
    hs: HardSet,
    bill: Bill,
    scenario: str,
    account: str,
    region: str,
    itype: str,
    true_class: str,
    asg: str = "",
    profiled: bool = True,
) -> Fleet:
    fleet = Fleet(
        scenario,
        bill.payer,
        account,
        region,
        itype,
        asg,
        bill.period,
        bill.granularity,
        true_class,
        profiled,
    )
    key = (bill.payer, account, region, itype, asg, bill.period, profiled)
    assert key not in hs.fleets, f"two scenarios share the fleet {key}"
    hs.fleets[key] = fleet
    return fleet


def _days(bill: Bill, before: int = 1) -> list[datetime]:
    """Every day of the bill, starting ``before`` days early (runs that cross into it)."""
    d, out = bill.period - timedelta(days=before), []
    while d < bill.cutoff:
        out.append(d)
        d += timedelta(days=1)
    return out


def serving_fleet(
    hs: HardSet,
    w: Writer,
    rng: random.Random,
    fleet: Fleet,
    lo: int,
    hi: int,
    *,
    peak_extra: int = 0,
    tags: dict[str, str] | None = None,
    sp_covered: int = 0,
) -> None:
    """24x7 serving: every instance is replaced daily at about 03:00 (new instance ids).
    ``peak_extra`` more instances run 13:00-23:00; the first ``sp_covered`` are on a
    Savings Plan."""
    tags = dict(tags or {})
    if fleet.asg:
        tags["asg"] = fleet.asg
    for d in _days(w.bill):
        n = rng.randint(lo, hi)
        roll = d + timedelta(hours=3)
        for i in range(n):
            s = roll + timedelta(seconds=rng.randint(0, 300))
            e = roll + timedelta(days=1, seconds=rng.randint(60, 600))
            sp = (
                f"arn:aws:savingsplans::{w.bill.payer}:savingsplan/sp-hard"
                if i < sp_covered
                else ""
            )
            w.instance(fleet, instance_id(rng), s, e, tags=tags, sp=sp)
        for _ in range(peak_extra):
            s = d + timedelta(hours=13, seconds=rng.randint(0, 600))
            w.instance(fleet, instance_id(rng), s, s + timedelta(hours=10), tags=tags)


def burst(
    w: Writer,
    rng: random.Random,
    fleet: Fleet,
    start: datetime,
    nodes: int,
    hours: float,
    *,
    tags: dict[str, str] | None = None,
) -> None:
    """A multi-node job: every node starts within minutes; the odd one dies early."""
    tags = dict(tags or {})
    if fleet.asg:
        tags["asg"] = fleet.asg
    for _ in range(nodes):
        s = start + timedelta(seconds=rng.randint(20, 600))
        h = hours if rng.random() > 0.15 else rng.uniform(hours * 0.4, hours * 0.9)
        w.instance(fleet, instance_id(rng), s, s + timedelta(hours=h), tags=tags)


def cpu_batch(w: Writer, rng: random.Random, account: str, scenario: str) -> None:
    """Nightly CPU batch (c5/m5/r5 auto scaling groups), on about half the nights: bursty,
    but not AI."""
    for itype in ("c5.4xlarge", "m5.2xlarge", "r5.xlarge"):
        tags = {"asg": f"batch-{itype.split('.')[0]}"}
        for d in _days(w.bill, before=0):
            if rng.random() > 0.5:
                continue
            begin = d + timedelta(hours=rng.randint(0, 4))
            for _ in range(rng.randint(4, 20)):
                s = begin + timedelta(seconds=rng.randint(0, 900))
                e = s + timedelta(hours=rng.uniform(2, 5))
                w.cpu(account, itype, instance_id(rng), s, e, scenario, tags)


def steady_platform(w: Writer, rng: random.Random, account: str, *, tax: float = 0.0) -> None:
    """Non-AI background: web servers, a database, storage, data transfer, tax."""
    bill = w.bill
    for i in range(4):
        iid = instance_id(rng)
        w.cpu(
            account,
            "m5.xlarge",
            iid,
            bill.period,
            bill.cutoff,
            "ec2-steady-cpu",
            {"workload": "api"} if i % 2 else None,
        )
    db = f"arn:aws:rds:us-east-1:{account}:db:orders-{bill.payer[-1]}"
    bucket = f"ml-datasets-{bill.payer[-1]}"
    for d in _days(bill, before=0):
        e = min(d + timedelta(days=1), bill.cutoff)
        hours = (e - d).total_seconds() / 3600
        w.line(
            start=d,
            end=e,
            account=account,
            product="AmazonRDS",
            usage_type="InstanceUsage:db.r5.large",
            amount=hours,
            rate=RATES["db.r5.large"],
            truth=(NON_AI, "rds"),
            resource=db,
            itype="db.r5.large",
        )
        w.line(
            start=d,
            end=e,
            account=account,
            product="AmazonS3",
            usage_type="TimedStorage-ByteHrs",
            amount=round(4000 * hours / 720, 6),
            rate=0.023,
            unit="GB-Mo",
            truth=(NON_AI, "s3-ml-datasets"),
            resource=bucket,
        )
        w.line(
            start=d,
            end=e,
            account=account,
            product="AWSDataTransfer",
            usage_type="DataTransfer-Out-Bytes",
            amount=round(rng.uniform(50, 400), 3),
            rate=0.09,
            unit="GB",
            truth=(NON_AI, "data-transfer"),
            gran="daily",
        )
    if tax:
        w.line(
            start=bill.period,
            end=bill.period_end,
            account=account,
            product="AmazonEC2",
            usage_type="",
            amount=1.0,
            rate=tax,
            unit="",
            line_type="Tax",
            truth=(NON_AI, "tax"),
            gran="monthly",
        )


def build() -> HardSet:
    hs = HardSet()
    rng = random.Random(SEED)
    nov, dec, jan = datetime(2026, 11, 1), datetime(2026, 12, 1), datetime(2027, 1, 1)
    a_serve, a_research1, a_research2, a_research3, a_platform, a_serve2 = (
        f"9000000000{n}" for n in (11, 12, 13, 14, 15, 16)
    )

    # ---- hourly payer, November: everything mixed --------------------------------------
    bill = Bill(HOURLY, nov, dec, dec, "hourly")
    hs.bills.append(bill)
    w = Writer(hs, bill)
    # a steady p5 serving fleet: the p family's training prior must not win
    serving_fleet(
        hs,
        w,
        rng,
        _fleet(
            hs,
            bill,
            "steady-p5-serving",
            a_serve,
            USE1,
            "p5.48xlarge",
            INFERENCE,
            asg="llm-serving-p5",
        ),
        2,
        3,
    )
    # untagged serving fleets whose instance ids change daily
    serving_fleet(
        hs,
        w,
        rng,
        _fleet(hs, bill, "untagged-g5-serving", a_serve, USW2, "g5.2xlarge", INFERENCE),
        4,
        4,
        peak_extra=2,
    )
    serving_fleet(
        hs,
        w,
        rng,
        _fleet(hs, bill, "untagged-p4d-serving", a_serve2, USE1, "p4d.24xlarge", INFERENCE),
        2,
        3,
    )
    # a serving fleet partly on a Savings Plan (covered + negation rows for the same hours)
    serving_fleet(
        hs,
        w,
        rng,
        _fleet(
            hs,
            bill,
            "sp-covered-g5-serving",
            a_serve2,
            USE1,
            "g5.xlarge",
            INFERENCE,
            asg="embed-serving",
        ),
        3,
        3,
        sp_covered=2,
    )
    # serving only in business hours (08:00-22:00): neither steady nor bursty, but busy part
    # of every day; on p4d too, whose family usually trains
    for scenario, itype, nodes in (
        ("business-hours-g5-serving", "g5.2xlarge", 3),
        ("business-hours-p4d-serving", "p4d.24xlarge", 2),
    ):
        office = _fleet(hs, bill, scenario, a_serve2, USW2, itype, INFERENCE)
        for d in _days(bill, before=0):
            for _ in range(nodes):
                s = d + timedelta(hours=8, seconds=rng.randint(0, 300))
                w.instance(office, instance_id(rng), s, d + timedelta(hours=22))
    # g5 fine-tuning bursts: the g family's inference prior must not win
    ft = _fleet(hs, bill, "g5-finetune-bursts", a_research1, USE1, "g5.12xlarge", TRAINING)
    for day, nodes, hours in ((3, 2, 6.5), (9, 4, 9.0), (17, 2, 4.0), (24, 3, 10.0)):
        burst(w, rng, ft, nov + timedelta(days=day - 1, hours=rng.randint(8, 14)), nodes, hours)
    # multi-node p4d training bursts in three accounts (one in another region)
    for account, region, jobs in (
        (a_research1, USE1, ((5, 16, 36.0), (20, 8, 20.0))),
        (a_research2, USE1, ((11, 8, 60.0),)),
        (a_research3, USW2, ((14, 12, 28.0), (27, 4, 12.0))),
    ):
        fleet = _fleet(hs, bill, "p4d-training-bursts", account, region, "p4d.24xlarge", TRAINING)
        for day, nodes, hours in jobs:
            start = nov + timedelta(days=day - 1, hours=rng.randint(0, 23))
            burst(w, rng, fleet, start, nodes, hours)
    # an 18-day run on two nodes: neither steady nor bursty nor a daily cycle, so the p
    # family's usual use decides, with low confidence
    long_run = _fleet(
        hs, bill, "p4d-long-training-run", a_research2, USW2, "p4d.24xlarge", TRAINING
    )
    for _ in range(2):
        s = nov + timedelta(days=6, seconds=rng.randint(0, 600))
        w.instance(long_run, instance_id(rng), s, nov + timedelta(days=24))
    # tags that contradict the pattern: the tag wins (and is the truth: the owner says so)
    steady_training = _fleet(
        hs,
        bill,
        "tagged-training-looks-steady",
        a_research2,
        USE1,
        "g5.2xlarge",
        TRAINING,
        profiled=False,
    )
    for _ in range(4):  # one month-long run on four instances (RL / continual training)
        w.instance(
            steady_training,
            instance_id(rng),
            nov - timedelta(days=2),
            jan,
            tags={"workload": "training"},
        )
    bursty_scoring = _fleet(
        hs,
        bill,
        "tagged-inference-looks-bursty",
        a_research3,
        USE1,
        "p4d.24xlarge",
        INFERENCE,
        profiled=False,
    )
    for day in (2, 5, 8, 12, 15, 19, 22, 26, 29):  # nightly batch scoring, 3 h on 4 nodes
        burst(
            w,
            rng,
            bursty_scoring,
            nov + timedelta(days=day - 1, hours=1),
            4,
            3.0,
            tags={"workload": "inference"},
        )
    # service signals in the same accounts: they beat the usage pattern
    for d in _days(bill, before=0):
        w.line(
            start=d,
            end=d + timedelta(days=1),
            account=a_serve,
            product="AmazonSageMaker",
            usage_type="USE1-Host:ml.g5.2xlarge",
            amount=48.0,
            rate=1.515,
            truth=(INFERENCE, "sagemaker-endpoint"),
            itype="ml.g5.2xlarge",
            resource=f"arn:aws:sagemaker:us-east-1:{a_serve}:endpoint/ranker",
        )
        w.line(
            start=d,
            end=d + timedelta(days=1),
            account=a_serve,
            product="AmazonBedrock",
            usage_type="USE1-Claude3Haiku-input-tokens",
            amount=round(rng.uniform(2e3, 9e3)),
            rate=0.00025,
            unit="1K tokens",
            truth=(INFERENCE, "bedrock-tokens"),
        )
    notebook = f"arn:aws:sagemaker:us-east-1:{a_research1}:notebook-instance/dana"
    for d in _days(bill, before=0):
        w.line(
            start=d,
            end=d + timedelta(days=1),
            account=a_research1,
            product="AmazonSageMaker",
            usage_type="USE1-Notebk:ml.g5.xlarge",
            amount=9.5,
            rate=1.408,
            truth=(AI_OTHER, "sagemaker-notebook"),
            itype="ml.g5.xlarge",
            resource=notebook,
        )
    job = f"arn:aws:sagemaker:us-east-1:{a_serve}:training-job/reranker-ft-2026-11-18"
    for h in range(14):
        t = nov + timedelta(days=17, hours=9 + h)
        w.line(
            start=t,
            end=t + timedelta(hours=1),
            account=a_serve,
            product="AmazonSageMaker",
            usage_type="USE1-Train:ml.p4d.24xlarge",
            amount=2.0,
            rate=37.688,
            truth=(TRAINING, "sagemaker-training-job"),
            itype="ml.p4d.24xlarge",
            resource=job,
        )
    # non-AI: bursty CPU batch, steady platform, tax
    cpu_batch(w, rng, a_platform, "cpu-batch")
    steady_platform(w, rng, a_platform, tax=4321.0)

    # ---- hourly payer, December: one early training run in an otherwise quiet month ------
    bill = Bill(HOURLY, dec, jan, jan, "hourly")
    hs.bills.append(bill)
    w = Writer(hs, bill)
    quiet = _fleet(hs, bill, "quiet-month-finetune-run", a_research1, USE1, "g5.12xlarge", TRAINING)
    burst(w, rng, quiet, dec + timedelta(hours=1), 4, 30.0)
    steady_platform(w, rng, a_platform, tax=1234.0)

    # ---- daily payer, November ---------------------------------------------------------
    b_serve, b_research, b_platform = "900000000021", "900000000022", "900000000023"
    bill = Bill(DAILY, nov, dec, dec, "daily")
    hs.bills.append(bill)
    w = Writer(hs, bill)
    serving_fleet(
        hs,
        w,
        rng,
        _fleet(hs, bill, "daily-untagged-p4d-serving", b_serve, USE1, "p4d.24xlarge", INFERENCE),
        2,
        3,
    )
    serving_fleet(
        hs,
        w,
        rng,
        _fleet(
            hs,
            bill,
            "daily-g5-serving-asg",
            b_serve,
            USE1,
            "g5.2xlarge",
            INFERENCE,
            asg="daily-g5-asg",
        ),
        3,
        5,
    )
    fleet = _fleet(
        hs, bill, "daily-p4d-training-bursts", b_research, USE1, "p4d.24xlarge", TRAINING
    )
    burst(w, rng, fleet, nov + timedelta(days=6, hours=20), 8, 50.0)
    burst(w, rng, fleet, nov + timedelta(days=21, hours=4), 16, 20.0)
    fleet = _fleet(hs, bill, "daily-g5-finetune-bursts", b_research, USE1, "g5.12xlarge", TRAINING)
    for day in (4, 13, 25):
        burst(w, rng, fleet, nov + timedelta(days=day - 1, hours=9), 2, 6.0)
    cpu_batch(w, rng, b_platform, "cpu-batch")
    steady_platform(w, rng, b_platform, tax=987.0)

    # ---- month-to-date payer: the first 10 days of December ------------------------------
    c_serve, c_research, c_platform = "900000000031", "900000000032", "900000000033"
    bill = Bill(MONTH_TO_DATE, dec, jan, dec + timedelta(days=10), "hourly")
    hs.bills.append(bill)
    w = Writer(hs, bill)
    serving_fleet(
        hs,
        w,
        rng,
        _fleet(hs, bill, "mtd-untagged-g5-serving", c_serve, USE1, "g5.2xlarge", INFERENCE),
        3,
        4,
    )
    fleet = _fleet(hs, bill, "mtd-p4d-training-burst", c_research, USE1, "p4d.24xlarge", TRAINING)
    burst(w, rng, fleet, dec + timedelta(days=2, hours=7), 8, 20.0)
    steady_platform(w, rng, c_platform)
    # a reserved database's monthly fee covers the whole month from its first day
    w.line(
        start=dec,
        end=jan,
        account=c_platform,
        product="AmazonRDS",
        usage_type="HeavyUsage:db.r5.large",
        amount=744.0,
        rate=0.16,
        line_type="RIFee",
        truth=(NON_AI, "rds-ri-fee"),
        gran="monthly",
        resource=f"arn:aws:rds:us-east-1:{c_platform}:ri:orders-reserved",
    )
    return hs


# --------------------------------------------------------------------------------------------
# the usage profile as docs/classification.md defines it, from what the generator billed


@dataclass(frozen=True)
class Profile:
    """The period's usage metrics of a fleet (gpu_fleet_profile's first columns). Its decision
    is what tests/test_classify_labelled.py's PROMISES say, not a threshold reapplied here."""

    granularity: str
    buckets: int
    active_buckets: int
    duty_cycle: float
    mean_instances: float
    peak_instances: float
    cv: float
    runs: int
    longest_run: int
    resources: int


def expected_profile(fleet: Fleet, bills: list[Bill]) -> Profile:
    """Duty cycle, CV and runs over the fleet's billing period, as docs/classification.md
    defines them, from the hours the generator billed."""
    bill = next(b for b in bills if b.payer == fleet.payer and b.period == fleet.period)
    hours = 1 if fleet.granularity == "hourly" else 24
    n = math.ceil((bill.cutoff - bill.period).total_seconds() / (hours * 3600))
    counts = {b: h / hours for b, h in fleet.usage.items() if h > 0}
    active = sorted(counts)
    mean = sum(counts.values()) / n
    cv = math.sqrt(max(0.0, sum(c * c for c in counts.values()) / n - mean * mean)) / mean
    runs, longest, run = 0, 0, 0
    for i, b in enumerate(active):
        run = run + 1 if i and active[i - 1] == b - 1 else 1
        runs += run == 1
        longest = max(longest, run)
    return Profile(
        fleet.granularity,
        n,
        len(active),
        len(active) / n,
        mean,
        max(counts.values()),
        cv,
        runs,
        longest,
        len(fleet.resources),
    )
