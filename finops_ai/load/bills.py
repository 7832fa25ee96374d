"""Load bill files into the warehouse: one load id, one transaction, restatement-safe.

A load reads every file it was given into ``line_item_data`` stamped with its ``x_LoadId``; then
the (provider, billing account, billing period) partitions it delivered meet the rows earlier
loads hold there (load/restate.py: a newer delivery replaces an older one whole, the parts
of one delivery add up). A file whose exact content already stands in the warehouse is skipped,
so re-running an ingest changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from finops_ai import __version__
from finops_ai.errors import IngestError, UnknownFormatError, first_line
from finops_ai.ingest import azure_native, columns, detect
from finops_ai.ingest.columns import Projected
from finops_ai.ingest.files import BillFile, readable, sha256_of
from finops_ai.ingest.formats import ProviderData
from finops_ai.ingest.layout import sniff
from finops_ai.load import providers, restate
from finops_ai.load.restate import Mode, Partition
from finops_ai.resources import bind, load_query
from finops_ai.warehouse import db
from finops_ai.warehouse.db import WriteSession

Report = Callable[[str], None]


@dataclass
class FileResult:
    name: str
    format: str = ""
    rows: int = 0
    billed_cost: Decimal = Decimal(0)  # across currencies: what load_files records, not shown
    skipped: str | None = None
    costs: dict[str | None, Decimal] = field(default_factory=dict)  # billed, per currency


@dataclass(frozen=True)
class ClassCost:
    """The rows one load added of one workload class and currency."""

    workload_class: str
    currency: str | None
    line_items: int
    effective_cost: Decimal


@dataclass
class LoadResult:
    load_id: int | None = None
    files: list[FileResult] = field(default_factory=list)
    partitions: list[Partition] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # skipped: in no known bill format
    classes: list[ClassCost] = field(default_factory=list)  # this load's rows, once classified

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def costs(self) -> dict[str | None, Decimal]:
        """Billed cost of the files read, per currency."""
        return add_costs(f.costs for f in self.files if not f.skipped)


def add_costs(costs: Iterable[dict[str | None, Decimal]]) -> dict[str | None, Decimal]:
    """Amounts per currency added up currency by currency, in currency order (None last)."""
    total: dict[str | None, Decimal] = {}
    for cost in costs:
        for currency, amount in cost.items():
            total[currency] = total.get(currency, Decimal(0)) + amount
    return dict(sorted(total.items(), key=lambda c: (c[0] is None, c[0] or "")))


def money(costs: dict[str | None, Decimal]) -> str:
    """``1,234.50 USD + 10.00 EUR``: each currency on its own, never summed together."""
    return " + ".join(f"{a:,.2f} {c or '(no currency)'}" for c, a in costs.items()) or "0.00"


def load_files(
    session: WriteSession,
    bills: list[BillFile],
    fmt: str = "auto",
    command: str = "",
    report: Report = lambda _msg: None,
    *,
    mode: Mode = "auto",
    present: frozenset[str] = frozenset(),
    skip_unknown: bool = False,
    progress: Report | None = None,
) -> LoadResult:
    """Ingest ``bills`` inside ``session``'s transaction. Raises IngestError on any bad file,
    and where restatement is ambiguous (see restate.restate; ``mode`` is --replace/--append,
    ``present`` the locations of unchanged files the command named but did not read again).
    Files in no known format are all named in one error, or with ``skip_unknown`` passed over
    and listed in ``LoadResult.unknown``. ``progress`` is told which file is read, with the
    share of the bytes to read done so far (a file's size is what its reading costs)."""
    con = session.con
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    load_id = con.execute(load_query("load/next_load_id")).fetchall()[0][0]
    result = LoadResult(load_id)
    seen: dict[str, str] = {}
    # Files skipped because their content is current: (bill, outcome, sha, its load, its name).
    current: list[tuple[BillFile, FileResult, str, int, str]] = []
    unknown: list[UnknownFormatError] = []
    size, done = sum(b.path.stat().st_size for b in bills), 0
    for number, bill in enumerate(bills, 1):
        if progress is not None:
            share = f"; {_bytes(done)} of {_bytes(size)} done" if len(bills) > 1 else ""
            progress(f"reading file {number}/{len(bills)} ({_size(bill)}{share}): {bill.name}")
            done += bill.path.stat().st_size
        sha = sha256_of(bill.path)
        outcome = FileResult(bill.name)
        result.files.append(outcome)
        if sha in seen:
            outcome.skipped = f"same content as {seen[sha]}"
            report(f"skipped {bill.name}: {outcome.skipped}")
            continue
        seen[sha] = bill.name
        seen_as = con.execute(load_query("load/file_seen"), {"sha": sha}).fetchall()
        # The same bytes in another delivery are a part of that delivery: AWS may deliver a
        # part unchanged in the next assembly, which then replaces the older one whole. A loose
        # file's bytes already standing, in whatever delivery, are simply already ingested.
        earlier = [(i, n, c) for i, n, c, d in seen_as if bill.delivery in (d, None)]
        if any(is_current for _, _, is_current in earlier):
            outcome.skipped = "already ingested, unchanged"
            report(f"skipped {bill.name}: {outcome.skipped}")
            current.append((bill, outcome, sha, *next((i, n) for i, n, c in earlier if c)))
            continue
        if earlier:
            report(
                f"note: {bill.name} was ingested before (load {earlier[0][0]}) and later "
                "replaced by a newer delivery; ingesting it again makes it current"
            )
        try:
            if unknown and not skip_unknown:
                _check_known(con, bill, fmt)  # the load is refused anyway: only look
            else:
                _ingest_one(con, bill, sha, fmt, load_id, outcome, report)
        except UnknownFormatError as exc:
            unknown.append(exc)
            outcome.skipped = "in no known bill format"
            if skip_unknown:
                report(f"skipped {bill.name}: {exc.problem}")
    _refuse_unknown(unknown, skip_unknown, every_file=len(unknown) == len(bills))
    result.unknown = [exc.path for exc in unknown]
    if all(f.skipped for f in result.files):
        result.load_id = None
        return result
    # A skipped file whose billing period this load delivers again could lose its rows to the
    # restatement: read it again, so that it either joins this load (same folder) or is refused
    # as a second delivery of the month (another folder, another manifest). A part of the very
    # delivery this load brings to all its periods is kept as it is: parts add up.
    deliveries = {b.name: b.delivery for b in bills}
    delivered: dict[tuple[Any, ...], set[str | None]] = {}
    for row in con.execute(load_query("load/new_partitions"), {"load_id": load_id}).fetchall():
        delivered.setdefault(row[:3], set()).add(deliveries.get(row[3]))
    owned: dict[int, list[tuple[Any, ...]]] = {}  # earlier load -> its (partition..., file) rows
    for bill, outcome, sha, earlier_load, earlier_name in current:
        if earlier_load not in owned:
            owned[earlier_load] = con.execute(
                load_query("load/new_partitions"), {"load_id": earlier_load}
            ).fetchall()
        shared = [r[:3] for r in owned[earlier_load] if r[3] == earlier_name and r[:3] in delivered]
        if not shared:
            continue
        if bill.delivery is not None and all(delivered[k] == {bill.delivery} for k in shared):
            continue
        outcome.skipped = None
        report(f"{bill.name}: this load delivers its billing period again")
        _ingest_one(con, bill, sha, fmt, load_id, outcome, report)
    _check_complete(con, load_id)
    if progress is not None:
        progress("restating: what this load replaces and adds to")
    result.partitions = restate.restate(con, load_id, mode=mode, present=present, report=report)
    azure_native.refuse_mixed_views(con, load_id)  # actual + amortized: the same charges twice
    providers.finish(con, load_id, report)
    con.execute(
        load_query("load/record_load"),
        {"load_id": load_id, "started_at": started, "command": command, "version": __version__},
    )
    session.changed = True
    return result


def _check_known(con: duckdb.DuckDBPyConnection, bill: BillFile, fmt: str) -> None:
    with readable(bill) as path:
        layout = sniff(con, path, bill.name)
        if fmt == "auto":
            detect.detect(layout, bill.name)


def _refuse_unknown(found: list[UnknownFormatError], skip: bool, every_file: bool) -> None:
    """One error naming every file in no known format, unless they are to be skipped and
    something else is left to ingest."""
    if not found or (skip and not every_file):
        return
    if len(found) == 1 and every_file:
        raise found[0]  # the one file given: the error it always was
    hint = found[0].hint
    if not every_file:
        hint = f"{hint}; or --skip-unknown to ingest the other files"
    if len(found) == 1:
        raise UnknownFormatError(found[0].path, found[0].problem, hint)
    # "a.csv (columns: x, y); b.csv (columns: ...)"
    listed = "; ".join(exc.path + exc.problem.removeprefix("unknown bill format") for exc in found)
    raise UnknownFormatError(f"{len(found)} files", f"unknown bill format: {listed}", hint)


def _ingest_one(
    con: duckdb.DuckDBPyConnection,
    bill: BillFile,
    sha: str,
    fmt: str,
    load_id: int,
    outcome: FileResult,
    report: Report,
) -> None:
    report(f"reading {bill.name} ({_size(bill)})")
    _load_one(con, bill, fmt, load_id, outcome)
    con.execute(
        load_query("load/record_file"),
        {
            "load_id": load_id,
            "source": bill.name,
            "source_version": bill.source_version,
            "sha": sha,
            "size": bill.path.stat().st_size,
            "format": outcome.format,
            "rows": outcome.rows,
            "billed": outcome.billed_cost,
            "delivery_id": bill.delivery,
            "source_path": bill.location,
        },
    )
    report(
        f"ingested {bill.name}: {outcome.format}, {outcome.rows:,} rows, "
        f"{money(outcome.costs)} billed"
    )


def _load_one(
    con: duckdb.DuckDBPyConnection, bill: BillFile, fmt: str, load_id: int, out: FileResult
) -> None:
    """Read one file as its format (ingest/formats.py) says: a cloud bill straight into
    line_item_data, AI-provider data into the stage that providers.finish replaces windows from."""
    with readable(bill) as path:
        layout = sniff(con, path, bill.name)
        kind = detect.format_of(layout, bill.name, fmt)
        if isinstance(kind, ProviderData):
            batches = kind.read(path, bill.name)
            out.format, out.rows, out.billed_cost = providers.stage_file(
                con, batches, bill.name, kind.name, load_id
            )
            costs = con.execute(load_query("load/provider_stage_costs"), {"source": bill.name})
            out.costs = dict(costs.fetchall()) if out.rows else {}
            return
        projected, source_format = kind.project(con, layout, path, bill)
        sql = (
            "INSERT INTO line_item_data BY NAME\n"
            "SELECT m.*, $load_id AS x_LoadId, $source_format AS x_SourceFormat, "
            "$source_file AS x_SourceFile,\n"
            # The class key is computed here, on the way in, rather than by a later UPDATE of
            # every new row (which costs a second pass and a rewrite of the column).
            f"{load_query('classify/class_key')} AS x_ClassKey\n"
            f"FROM (WITH src AS ({projected.sql}),\n"
            f"service_categories AS ({load_query('ingest/service_categories')}),\n"
            # The token dimension (model, token type, tier, count) is derived from the mapped
            # columns on the way in too, so that the class key sees it.
            f"mapped AS ({load_query(kind.mapping)})\n"
            f"{load_query('ingest/token_columns')}) AS m"
        )
        params = {
            **projected.params,
            "load_id": load_id,
            "source_format": source_format,
            "source_file": bill.name,
        }
        try:
            con.execute(sql, params)
        except duckdb.Error as exc:
            raise _explain(con, exc, projected, bill) from exc
    out.format = source_format
    totals = con.execute(
        load_query("load/file_totals"), {"load_id": load_id, "source": bill.name}
    ).fetchall()
    out.costs = {currency: billed for currency, _, billed in totals}
    out.rows = sum(rows for _, rows, _ in totals)
    out.billed_cost = sum(out.costs.values(), Decimal(0))


def _explain(
    con: duckdb.DuckDBPyConnection, exc: duckdb.Error, projected: Projected, bill: BillFile
) -> IngestError:
    """Find the column and row behind a failed cast; otherwise pass DuckDB's reason on."""
    if isinstance(exc, duckdb.OutOfMemoryException):
        # Not the file's fault: say so, and what to change.
        return IngestError(
            bill.name,
            f"ran out of memory while loading it ({first_line(exc)})",
            db.out_of_memory_hint(),
        )
    if isinstance(
        exc, duckdb.ConversionException | duckdb.OutOfRangeException | duckdb.InvalidInputException
    ):
        # The failed INSERT aborted the load's transaction; probe the file on a fresh cursor.
        probe = columns.first_bad_value(projected)
        try:
            hit = con.cursor().execute(probe, bind(probe, projected.params)).fetchall()
        except duckdb.Error:
            hit = []  # the file itself cannot be read this way: DuckDB's reason says why
        if hit:
            row, problems, values = hit[0]
            at = next(i for i, problem in enumerate(problems) if problem is not None)
            return IngestError(
                bill.name,
                f"column {projected.checks[at][0]!r} {problems[at]}: {_shown(values[at])} "
                f"(data row {row:,})",
            )
    return IngestError(bill.name, first_line(exc))


def _shown(value: str) -> str:
    """A bad value as the error line quotes it: whole if short, else its start and length."""
    if len(value) <= 60:
        return repr(value)
    return f"{value[:40]!r}... ({len(value):,} characters)"


def _check_complete(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    bad = con.execute(load_query("load/missing_periods"), {"load_id": load_id}).fetchall()
    if bad:
        source, line = bad[0]
        where = f" (line item {line})" if line else ""
        raise IngestError(source, f"a row has no charge or billing period start date{where}")


def _size(bill: BillFile) -> str:
    return _bytes(bill.path.stat().st_size)


def _bytes(count: int) -> str:
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
