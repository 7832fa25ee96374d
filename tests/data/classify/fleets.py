"""GPU fleets as AWS bills them, for the usage-pattern tests (tests/test_classify_usage_pattern.py).

Every instance-hour is one legacy CUR line (AWS bills EC2 per second, in hourly line items: a
partial first or last hour has a fractional UsageAmount). Usage types and on-demand rates are
the published ones (docs.aws.amazon.com AWSEC2 UserGuide ec2-billing-usage-reports,
`{region prefix}-BoxUsage:{instance type}` with no prefix in us-east-1; aws.amazon.com/ec2/pricing).
How each fleet runs follows how such workloads run, not the classifier's thresholds:

* an auto scaling serving fleet follows its users' day (desired capacity up in the day, down at
  night), launches new instances to scale out and terminates the newest to scale in, and
  replaces an unhealthy instance now and then;
* a distributed training job starts all its nodes within minutes (a cluster scheduler gang
  starts them), runs them flat, and stops them together; now and then a node fails early.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from tests.data.classify.bills import CUR_COLUMNS

HOUR = timedelta(hours=1)
RATES = {  # USD per hour, on demand, us-east-1
    "p5.48xlarge": 98.32,
    "p4d.24xlarge": 32.7726,
    "g5.12xlarge": 5.672,
    "g5.2xlarge": 1.212,
    "trn1.32xlarge": 21.50,
    "trn1n.32xlarge": 24.78,
    "m5.large": 0.096,
}
PREFIX = {"us-east-1": "", "us-west-2": "USW2-", "eu-west-1": "EU-"}


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def month_start(t: datetime) -> datetime:
    return t.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(t: datetime) -> datetime:
    return (month_start(t) + timedelta(days=32)).replace(day=1)


@dataclass
class Fleet:
    """One scenario's instances: an account, region and instance type, and their truth."""

    scenario: str
    account: str
    itype: str
    region: str = "us-east-1"
    tags: dict[str, str] = field(default_factory=dict)
    payer: str = ""  # a standalone account is its own payer

    def __post_init__(self) -> None:
        self.payer = self.payer or self.account


@dataclass
class Bills:
    """Legacy CUR rows per (payer, billing month), and the true class of each resource."""

    seed: int = 1
    rows: dict[tuple[str, datetime], list[dict[str, str]]] = field(default_factory=dict)
    truth: dict[str, tuple[str, str]] = field(default_factory=dict)  # resource -> (class, scen)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.ids = 0

    def instance_id(self) -> str:
        return f"i-0{self.rng.getrandbits(64):016x}"

    def run(
        self, fleet: Fleet, start: datetime, end: datetime, true_class: str, resource: str = ""
    ) -> str:
        """Bill one instance from ``start`` to ``end``, hour by hour."""
        resource = resource or self.instance_id()
        if end > start:
            self.truth[resource] = (true_class, fleet.scenario)
        t = start.replace(minute=0, second=0, microsecond=0)
        rate = RATES[fleet.itype]
        while t < end:
            used = (min(end, t + HOUR) - max(start, t)).total_seconds() / 3600
            if used > 0:
                self.line(fleet, t, t + HOUR, resource, used, rate * used)
            t += HOUR
        return resource

    def line(
        self,
        fleet: Fleet,
        start: datetime,
        end: datetime,
        resource: str,
        amount: float,
        cost: float,
        usage_type: str = "",
    ) -> None:
        period = month_start(start)
        self.ids += 1
        row = {
            "identity/LineItemId": f"fleet{self.seed:03d}{self.ids:09d}",
            "bill/PayerAccountId": fleet.payer,
            "bill/BillingPeriodStartDate": iso(period),
            "bill/BillingPeriodEndDate": iso(next_month(period)),
            "lineItem/UsageAccountId": fleet.account,
            "lineItem/LineItemType": "Usage",
            "lineItem/UsageStartDate": iso(start),
            "lineItem/UsageEndDate": iso(end),
            "lineItem/ProductCode": "AmazonEC2",
            "lineItem/UsageType": usage_type or f"{PREFIX[fleet.region]}BoxUsage:{fleet.itype}",
            "lineItem/ResourceId": resource,
            "lineItem/UsageAmount": f"{amount:.6f}",
            "lineItem/UnblendedCost": f"{cost:.10f}",
            "lineItem/CurrencyCode": "USD",
            "lineItem/LineItemDescription": f"${RATES.get(fleet.itype, 0):.3f} per On Demand "
            f"Linux {fleet.itype} Instance Hour",
            "product/ProductName": "Amazon Elastic Compute Cloud",
            "product/instanceType": fleet.itype,
            "product/region": fleet.region,
            "pricing/unit": "Hrs",
        }
        for key, value in fleet.tags.items():
            row[f"resourceTags/{key if key.startswith('aws:') else 'user:' + key}"] = value
        self.rows.setdefault((fleet.payer, period), []).append(row)

    def month_end_marker(self, fleet: Fleet, period: datetime) -> None:
        """A CPU hour at the very end of a month in ``fleet``'s bill: the rest of a real bill,
        which runs to the month's end."""
        cpu = Fleet("platform", fleet.account, "m5.large", payer=fleet.payer)
        last = next_month(period) - HOUR
        resource = f"i-0platform{fleet.account}"
        self.line(cpu, last, last + HOUR, resource, 1.0, 0.096)
        self.truth[resource] = ("non_ai", "platform")

    def write(self, folder: Path) -> list[Path]:
        """One CUR file per payer and billing month (as AWS delivers them), oldest first."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for payer, period in sorted(self.rows, key=lambda k: (k[1], k[0])):
            rows = self.rows[(payer, period)]
            extra = sorted({c for r in rows for c in r if c not in CUR_COLUMNS})
            path = folder / f"{payer}-{period:%Y-%m}.csv"
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, CUR_COLUMNS + extra, restval="", lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
            paths.append(path)
        return paths


# --------------------------------------------------------------------------------------------
# how workloads run


def job(
    b: Bills, fleet: Fleet, start: datetime, nodes: int, hours: float, fail_rate: float = 0.1
) -> list[str]:
    """A gang-scheduled training job: nodes start within minutes, stop together; a node that
    fails stops early."""
    out = []
    for _ in range(nodes):
        s = start + timedelta(seconds=b.rng.randint(30, 600))
        h = hours if b.rng.random() > fail_rate else b.rng.uniform(0.3, 0.9) * hours
        out.append(b.run(fleet, s, s + timedelta(hours=h), "training"))
    return out


def autoscaling(
    b: Bills,
    fleet: Fleet,
    start: datetime,
    end: datetime,
    low: int,
    high: int,
    true_class: str = "inference",
    churn_days: float = 4.0,
) -> list[str]:
    """An auto scaling group following its users' day between ``low`` and ``high`` instances:
    scale-out launches new instances, scale-in terminates the newest; an unhealthy instance is
    replaced about every ``churn_days`` days."""
    live: list[tuple[str, datetime]] = []
    out: list[str] = []
    t = start

    def stop(index: int, at: datetime) -> None:
        rid, since = live.pop(index)
        out.append(b.run(fleet, since, max(at, since + timedelta(minutes=5)), true_class, rid))

    while t < end:
        local = (t.hour - 5) % 24  # the users' day, US Eastern
        wave = 0.5 - 0.5 * math.cos(2 * math.pi * max(0, local - 6) / 16) if local >= 6 else 0
        desired = low + round((high - low) * wave * b.rng.uniform(0.8, 1.0))
        while len(live) < desired:
            live.append((b.instance_id(), t + timedelta(seconds=b.rng.randint(0, 900))))
        while len(live) > desired:
            stop(len(live) - 1, t + timedelta(seconds=b.rng.randint(0, 900)))
        if live and b.rng.random() < 1 / (24 * churn_days):
            at = t + timedelta(seconds=b.rng.randint(0, 3000))
            stop(b.rng.randrange(len(live)), at)
            live.append((b.instance_id(), at + timedelta(seconds=b.rng.randint(60, 300))))
        t += HOUR
    while live:
        stop(0, end)
    return out


def steady(
    b: Bills, fleet: Fleet, start: datetime, end: datetime, n: int, true_class: str
) -> list[str]:
    """``n`` long-lived instances, never replaced (a reserved cluster, a fixed endpoint)."""
    return [b.run(fleet, start, end, true_class) for _ in range(n)]


def business_hours(
    b: Bills, fleet: Fleet, start: datetime, days: int, n: int, true_class: str
) -> list[str]:
    """``n`` instances launched each weekday morning and stopped in the evening (scheduled
    scaling), new instance ids each day."""
    out = []
    for d in range(days):
        day = start + timedelta(days=d)
        if day.weekday() >= 5:
            continue
        for _ in range(n):
            s = day + timedelta(hours=12, seconds=b.rng.randint(0, 600))  # 07:00 US Eastern
            out.append(b.run(fleet, s, s + timedelta(hours=11), true_class))
    return out
