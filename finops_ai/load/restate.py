"""Restatement: which earlier rows the bill partitions a load delivers replace, and which stay.

A bill partition is one (provider, billing account, billing period). What a load's files bring
to a partition meets what earlier loads' files hold there, file by file:

- the same content read again (a file already ingested, re-read with its delivery): replaced;
- a file the command named that is still there unchanged (an S3 object not downloaded again):
  kept, it is another part;
- a new version of the same file (same path or URI, new content): replaced;
- ``--replace``: everything else is replaced; ``--append``: everything else is kept;
- the load's files belong to a delivery (a manifest's assembly, execution or run; an S3
  delivery folder): the parts of that delivery are kept, every other delivery's rows and every
  loose file's are replaced, since a delivery is a whole snapshot of the month;
- loose files (no delivery) meeting another file's rows: refused, since nothing says whether
  they restate the month or add a part to it, and guessing either way loses or doubles money;
- OCI FOCUS reports (``FOCUS Reports/YYYY/MM/DD/`` files, ingest/files.py): the files of one
  series are parts that add up, whether ingested together or one run after another (OCI adds
  several a day, each with the charges found since the last, and never restates the month);
  any other file's rows there are refused as a loose file's are, and so is a series file that
  bills a provider other than Oracle, since only OCI's reports are known to add up.

Every partition that held rows before is reported, before and after, with its files.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

import duckdb

from finops_ai.errors import IngestError
from finops_ai.ingest.files import is_oci_series
from finops_ai.resources import load_query

Mode = Literal["auto", "replace", "append"]
Report = Callable[[str], None]
Key = tuple[str, str, dt.datetime]


@dataclass
class Held:
    """The rows one load's file holds in one partition."""

    load_id: int
    source: str
    location: str
    sha: str | None
    delivery: str | None
    rows: int = 0
    cost: dict[str | None, Decimal] = field(default_factory=dict)
    last_charge_end: dt.datetime | None = None
    format: str | None = None


@dataclass
class Partition:
    key: Key
    new: list[Held] = field(default_factory=list)
    old: list[Held] = field(default_factory=list)
    dropped: list[Held] = field(default_factory=list)

    @property
    def kept(self) -> list[Held]:
        return [h for h in self.old if h not in self.dropped]

    @property
    def replaced(self) -> list[Held]:
        """Earlier files whose rows here are gone, not merely read again."""
        shas = {h.sha for h in self.new}
        return [h for h in self.dropped if h.sha not in shas]

    @property
    def outcome(self) -> str:
        return "replaced" if self.replaced else "added to" if self.old else "new"

    def label(self) -> str:
        provider, account, period = self.key
        return f"{provider} account {account or '(none)'} {period:%Y-%m}"


def restate(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    *,
    mode: Mode = "auto",
    present: frozenset[str] = frozenset(),
    report: Report = lambda _msg: None,
) -> list[Partition]:
    """Replace what load ``load_id``'s partitions replace; raise IngestError where a loose file
    would replace another file's rows (``mode`` auto) or two deliveries meet in one load.
    ``present``: locations of files the command named that were not read again because they
    are unchanged. Returns the partitions, for the summary."""
    partitions = _held(con, load_id)
    shas = {h.sha for p in partitions for h in p.new}
    for part in partitions:
        _check_one_delivery(part, mode)
        locations = {h.location for h in part.new}
        deliveries = {h.delivery for h in part.new}
        delivery = next(iter(deliveries)) if len(deliveries) == 1 else None
        series = is_oci_series(delivery)
        if series and mode == "auto":
            _check_oracle(part)
        conflicts = []
        for held in part.old:
            if held.sha in shas or held.location in locations:
                part.dropped.append(held)  # the same file, read again or in a new version
            elif held.location in present or mode == "append":
                continue
            elif mode == "replace" or (
                delivery is not None and held.delivery != delivery and not series
            ):
                part.dropped.append(held)
            elif delivery is None or (series and held.delivery != delivery):
                conflicts.append(held)
        if conflicts:
            raise _refusal(part, conflicts)
    _drop(con, partitions)
    _record(con, load_id, partitions)
    for part in partitions:
        if part.old:
            report(_summary(part))
    return partitions


def _held(con: duckdb.DuckDBPyConnection, load_id: int) -> list[Partition]:
    rows = con.execute(load_query("load/partition_sources"), {"load_id": load_id}).fetchall()
    partitions: dict[Key, Partition] = {}
    files: dict[tuple[Key, int, str], Held] = {}
    for provider, account, period, load, source, currency, count, billed, *rest in rows:
        last_charge_end, delivery, sha, location, fmt = rest
        key = (provider, account, period)
        part = partitions.setdefault(key, Partition(key))
        held = files.get((key, load, source))
        if held is None:
            if "://" not in location:
                location = os.path.realpath(location)
            held = Held(load, source, location, sha, delivery, format=fmt)
            files[(key, load, source)] = held
            (part.new if load == load_id else part.old).append(held)
        held.rows += count
        held.cost[currency] = held.cost.get(currency, Decimal(0)) + billed
        if last_charge_end is not None:
            held.last_charge_end = max(last_charge_end, held.last_charge_end or last_charge_end)
    return list(partitions.values())


def _check_one_delivery(part: Partition, mode: Mode) -> None:
    """A month comes from one delivery: two in one command would count it twice."""
    if mode == "append":
        return
    deliveries: dict[str | None, list[Held]] = defaultdict(list)
    for held in part.new:
        deliveries[held.delivery].append(held)
    if len(deliveries) > 1:
        (one, first), (other, second) = sorted(deliveries.items(), key=lambda d: d[0] or "")[:2]
        raise IngestError(
            second[0].source,
            f"{part.label()} also comes from {first[0].source} "
            f"({_delivery(one)}, this file {_delivery(other)}); "
            "these look like two deliveries of the same month",
            "Ingest only the newest delivery (or its manifest's folder), "
            "or pass --append if they are parts of one",
        )
    if None in deliveries:
        # Loose files of one month from two folders are two deliveries as well (CUR without
        # its manifest, one timestamped folder per delivery).
        folders: dict[str, list[Held]] = defaultdict(list)
        for held in deliveries[None]:
            folders[os.path.dirname(held.location)].append(held)
        if len(folders) > 1:
            earlier, later = (folders[f][0] for f in sorted(folders)[:2])
            raise IngestError(
                os.path.dirname(later.location),
                f"{part.label()} also comes from {os.path.dirname(earlier.location)}; "
                "these look like two deliveries of the same month",
                "Ingest only the newest delivery (or its manifest's folder), "
                "or pass --append if they are parts of one",
            )


def _check_oracle(part: Partition) -> None:
    provider = part.key[0]
    if not provider.lower().startswith("oracle"):
        raise IngestError(
            part.new[0].source,
            f"is laid out as an OCI FOCUS report (FOCUS Reports/YYYY/MM/DD/) but bills "
            f"{provider}, whose files may restate a month rather than add to it",
            "Move it out of the FOCUS Reports folder, or say what it is with --replace or --append",
        )


def _refusal(part: Partition, conflicts: list[Held]) -> IngestError:
    return IngestError(
        part.new[0].source,
        f"{part.label()} already holds {_amount(conflicts)} from {_files(conflicts)}, "
        "which this file would replace",
        "Ingest it again with --replace if it restates that month, "
        "or with --append if it is another part of it",
    )


def _drop(con: duckdb.DuckDBPyConnection, partitions: list[Partition]) -> None:
    drops = [(h, p.key) for p in partitions for h in p.dropped]
    if not drops:
        return
    con.execute(
        load_query("load/drop_sources"),
        {
            "load_ids": [h.load_id for h, _ in drops],
            "sources": [h.source for h, _ in drops],
            "providers": [k[0] for _, k in drops],
            "accounts": [k[1] for _, k in drops],
            "periods": [k[2] for _, k in drops],
        },
    )


def _record(con: duckdb.DuckDBPyConnection, load_id: int, partitions: list[Partition]) -> None:
    """bill_partitions from what was read before the drop: no second scan of the partitions."""
    now = [p.kept + p.new for p in partitions]
    ends = [[h.last_charge_end for h in held if h.last_charge_end] for held in now]
    deliveries = [{h.delivery for h in held} for held in now]
    con.execute(
        load_query("load/record_partitions"),
        {
            "load_id": load_id,
            "providers": [p.key[0] for p in partitions],
            "accounts": [p.key[1] for p in partitions],
            "periods": [p.key[2] for p in partitions],
            "row_counts": [sum(h.rows for h in held) for held in now],
            "billed": [sum(sum(h.cost.values()) for h in held) for held in now],
            "last_charge_ends": [max(e) if e else None for e in ends],
            "deliveries": [next(iter(d)) if len(d) == 1 else None for d in deliveries],
        },
    )


def _summary(part: Partition) -> str:
    after = part.kept + part.new
    line = (
        f"{part.outcome} {part.label()}: was {_amount(part.old)} from {_files(part.old)}; "
        f"now {_amount(after)} from {_files(after)}"
    )
    if part.replaced and part.kept:
        line += f" (replaced {_files(part.replaced)})"
    return line


def _amount(held: list[Held]) -> str:
    costs: dict[str | None, Decimal] = defaultdict(Decimal)
    for h in held:
        for currency, amount in h.cost.items():
            costs[currency] += amount
    money = " + ".join(
        f"{amount:,.2f} {currency or '(no currency)'}"
        for currency, amount in sorted(costs.items(), key=lambda c: c[0] or "")
    )
    return f"{sum(h.rows for h in held):,} rows, {money}"


def _files(held: list[Held]) -> str:
    names = list(dict.fromkeys(h.source for h in held))
    deliveries = list(dict.fromkeys(h.delivery for h in held if h.delivery))
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return shown + (f" ({', '.join(deliveries)})" if deliveries else "")


def _delivery(delivery: str | None) -> str:
    return delivery or "no manifest"
