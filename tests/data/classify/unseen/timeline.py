"""Time, fleets and ids for the unseen bills: how many instances run in each hour, and when each
one starts and stops. Everything here is in hours since the start of the observed window.

Nothing in this package reads the classifier (queries/classify/, finops_ai/classify/, its docs or
its labelled sets): the shapes come from how the workloads behave, not from any threshold.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")

Span = tuple[float, float]  # [start, end) in hours since the window start, fractions allowed


@dataclass(frozen=True)
class Window:
    """Three consecutive billing months, observed hour by hour from ``start``."""

    start: datetime  # UTC, naive
    months: tuple[datetime, ...]  # the first instant of each month and of the month after
    hours: int

    def at(self, hour: float) -> datetime:
        return self.start + timedelta(hours=hour)

    def month_of(self, when: datetime) -> int:
        """Which of the three months (0, 1, 2) ``when`` (UTC, naive) falls in."""
        for i in range(3):
            if when < self.months[i + 1]:
                return i
        return 2

    def hour_of(self, when: datetime) -> float:
        return (when - self.start).total_seconds() / 3600

    def day_count(self) -> int:
        return math.ceil(self.hours / 24)


def month_starts(year: int, month: int, count: int) -> list[tuple[int, int]]:
    out = []
    for i in range(count):
        m = month - 1 + i
        out.append((year + m // 12, m % 12 + 1))
    return out


def utc_window(year: int, month: int) -> Window:
    """AWS and Azure bill by UTC calendar month."""
    months = tuple(datetime(y, m, 1) for y, m in month_starts(year, month, 4))
    return Window(months[0], months, int((months[3] - months[0]).total_seconds() // 3600))


def pacific_window(year: int, month: int) -> Window:
    """Google Cloud's invoice months start at midnight Pacific time (07:00 or 08:00 UTC)."""
    months = tuple(
        datetime(y, m, 1, tzinfo=PACIFIC).astimezone(UTC).replace(tzinfo=None)
        for y, m in month_starts(year, month, 4)
    )
    return Window(months[0], months, int((months[3] - months[0]).total_seconds() // 3600))


def hourly(spans: list[Span]) -> dict[int, float]:
    """Usage of one resource per hour: the part of each hour its (non-overlapping) spans cover."""
    out: dict[int, float] = {}
    for start, end in spans:
        h = int(math.floor(start))
        while h < end:
            part = min(end, h + 1) - max(start, h)
            if part > 1e-9:
                out[h] = out.get(h, 0.0) + part
            h += 1
    return out


def together(
    rng: random.Random, count: int, start: float, end: float, hours: int
) -> list[list[Span]]:
    """``count`` instances a scheduler starts in the same hour and releases together (a
    fixed-size training job): a few minutes apart at each end, flat in between."""
    out = []
    for _ in range(count):
        s = max(0.0, start + rng.uniform(0.02, 0.35))
        e = min(float(hours), end + rng.uniform(0.0, 0.15))
        out.append([(s, e)])
    return out


def with_failures(
    rng: random.Random, instances: list[list[Span]], failures: int
) -> list[list[Span]]:
    """Replace ``failures`` nodes of a long job part-way through: the failed instance stops and a
    new one (a new id) takes its place within the hour, as cluster managers do after a hardware
    fault. Returns the new instances to add."""
    added = []
    for victim in rng.sample(range(len(instances)), min(failures, len(instances))):
        s, e = instances[victim][0]
        if e - s < 48:
            continue
        cut = rng.uniform(s + 12, e - 12)
        instances[victim][0] = (s, cut)
        added.append([(cut + rng.uniform(0.1, 0.8), e)])
    return added


def steady_desired(
    rng: random.Random, hours: int, base: int, extra: int, daily: float = 0.0
) -> list[int]:
    """Instances an autoscaled serving fleet wants each hour: a floor of ``base``, a slow random
    walk of up to ``extra`` more as load drifts ("breathing"), and with ``daily`` > 0 a daytime
    peak of about ``daily`` x base (traffic follows the working day, peak near 18:00 UTC)."""
    out = []
    walk = rng.uniform(0, extra)
    for h in range(hours):
        if h % 3 == 0:
            walk = min(float(extra), max(0.0, walk + rng.uniform(-1.2, 1.2)))
        peak = 0.0
        if daily:
            phase = math.cos(2 * math.pi * ((h % 24) - 18) / 24)
            weekend = 0.6 if (h // 24) % 7 in (5, 6) else 1.0
            peak = daily * base * max(0.0, phase) * weekend
        out.append(base + int(round(walk + peak)))
    return out


def fleet(
    rng: random.Random,
    desired: list[int],
    start: int,
    end: int,
    hours: int,
    redeploy_days: tuple[int, int] | None = (5, 12),
) -> list[list[Span]]:
    """Instances of an auto scaling group following ``desired`` from hour ``start`` to ``end``.

    Scale-out launches new instances a few minutes into the hour; scale-in terminates the newest
    ones. Every few days a rolling deployment replaces the whole group with new instances (new
    ids), the new ones up before the old ones go. A group that was running before the window
    starts at hour 0 exactly; one still running at the end runs to the window's end.
    """
    active: list[float] = []
    done: list[list[Span]] = []
    next_deploy = start + 24 * rng.randint(*redeploy_days) if redeploy_days else None
    for h in range(start, end):
        want = max(0, desired[h])
        while len(active) < want:
            active.append(float(h) if h == 0 else h + rng.uniform(0.03, 0.5))
        while len(active) > want:
            s = active.pop()
            e = h + rng.uniform(0.05, 0.6)
            if e > s:
                done.append([(s, e)])
        if next_deploy is not None and h == next_deploy and redeploy_days:
            replaced = []
            for s in active:
                e = h + rng.uniform(0.4, 0.9)
                if e > s:
                    done.append([(s, e)])
                replaced.append(h + rng.uniform(0.05, 0.3))
            active = replaced
            next_deploy = h + 24 * rng.randint(*redeploy_days)
    stop = float(end)
    for s in active:
        e = stop if end >= hours else stop + rng.uniform(0.05, 0.6)
        done.append([(s, min(e, float(hours)))])
    return [spans for spans in done if spans[0][1] - spans[0][0] > 1e-6]


class Ids:
    """Deterministic ids in each provider's style, unique within one generated bill."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self.seen:
                self.seen.add(value)
                return value

    def hex(self, n: int) -> str:
        return self._unique(lambda: "".join(self.rng.choice("0123456789abcdef") for _ in range(n)))

    def digits(self, n: int) -> str:
        return self._unique(lambda: str(self.rng.randint(10 ** (n - 1), 10**n - 1)))

    def token(self, n: int) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        return self._unique(lambda: "".join(self.rng.choice(alphabet) for _ in range(n)))


@functools.cache
def sku_id(text: str) -> str:
    """A Google-style SKU id (XXXX-XXXX-XXXX) fixed for a SKU description."""
    digest = hashlib.sha256(text.encode()).hexdigest().upper()
    return f"{digest[0:4]}-{digest[4:8]}-{digest[8:12]}"
