"""Orchestration across layers: sources -> ingest -> warehouse, in one atomic write."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from finops_ai.ingest import manifests
from finops_ai.ingest.files import BillFile, expand_local
from finops_ai.load.bills import ClassCost, LoadResult, load_files
from finops_ai.load.restate import Mode
from finops_ai.resources import load_query
from finops_ai.warehouse import db


def ingest_sources(
    warehouse: Path,
    sources: list[str],
    *,
    fmt: str = "auto",
    profile: str | None = None,
    endpoint_url: str | None = None,
    storage_version: str = db.DEFAULT_STORAGE_VERSION,
    report: Callable[[str], None] = lambda _msg: None,
    mode: Mode = "auto",
    skip_unknown: bool = False,
    progress: Callable[[str], None] | None = None,
    report_classes: bool = True,
) -> LoadResult:
    """Ingest local paths and s3:// URIs into ``warehouse`` as one load; all or nothing.
    ``mode``: how loose files meet other files' rows of their month (restate.restate);
    ``skip_unknown``: pass over files in no known format instead of refusing them all;
    ``progress``: told what the load is doing now ("file 2/5 ...", "classifying: step 3/40"),
    for a status line. The result's ``classes`` are this load's rows by class and currency
    (``report_classes``: also reported, in a line)."""
    local: list[BillFile] = []
    for source in sources:
        if not source.startswith("s3://"):
            local.extend(expand_local(source))
    local = manifests.with_deliveries(local)
    unchanged: set[str] = set()
    remote = [s for s in sources if s.startswith("s3://")]
    with (
        tempfile.TemporaryDirectory(prefix="finops-ai-s3-") as tmp,
        db.write(warehouse, storage_version) as session,
    ):
        # DuckDB's own bar draws on stdout (which `ingest --json` keeps for its summary), and its
        # estimate of a bill's INSERT sits still for most of it and then jumps: ``progress``
        # says what is being done instead.
        session.con.execute("SET enable_progress_bar = false")
        bills = list(local)
        if remote:
            from finops_ai.ingest import s3

            def is_loaded(version: str) -> bool:
                rows = session.con.execute(
                    load_query("load/version_current"), {"version": version}
                ).fetchall()
                return bool(rows[0][0])

            for uri in remote:
                bills.extend(
                    s3.fetch_bills(
                        uri,
                        Path(tmp),
                        is_loaded=is_loaded,
                        profile=profile,
                        endpoint_url=endpoint_url,
                        report=report,
                        unchanged=unchanged,
                    )
                )
        result = load_files(
            session,
            bills,
            fmt=fmt,
            command="ingest " + " ".join(sources),
            report=report,
            mode=mode,
            present=frozenset(unchanged),
            skip_unknown=skip_unknown,
            progress=progress,
        )
        result.classes = _classify(
            session, report, result.load_id, progress, quiet=not report_classes
        )
        if progress is not None:
            progress("saving the warehouse")
        return result


@dataclass
class PullResult:
    provider: str
    account: str
    start: dt.date | None = None  # None: every day asked for was already complete
    end: dt.date | None = None  # exclusive
    load_id: int | None = None


def pull_provider(
    warehouse: Path,
    provider: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    base_url: str | None = None,
    org_id: str | None = None,
    full: bool = False,
    environ: Mapping[str, str],
    storage_version: str = db.DEFAULT_STORAGE_VERSION,
    report: Callable[[str], None] = lambda _msg: None,
    today: dt.date | None = None,
    deadline: float | None = None,
) -> PullResult:
    """Pull an AI provider's usage and cost for the days not yet complete; one transaction.

    Days are UTC. ``until`` is inclusive and at most today; ``since`` defaults to the first day
    of the previous month. Without ``full``, the pull starts at the first day in that range that
    is not complete in the warehouse (see providers.pull_start). ``deadline``: seconds the
    whole pull may take (http.DEFAULT_DEADLINE).

    Everything is fetched into memory first, reading the warehouse read-only; the write lock is
    taken only to write. A pull stuck on a slow provider never makes other writers wait, and one
    that fails or passes its deadline has written nothing.
    """
    from finops_ai.ingest import anthropic, http
    from finops_ai.load import providers

    module = _provider_module(provider)
    key = module.require_key(environ)  # before touching the warehouse
    lower, end = pull_window(since, until, today or dt.datetime.now(dt.UTC).date())
    command = f"pull {provider} {lower}..{end - dt.timedelta(days=1)}"
    api = module.client(
        base_url or module.DEFAULT_BASE_URL,
        key,
        report,
        http.Deadline(deadline or http.DEFAULT_DEADLINE),
    )
    name = None
    if org_id:
        account: str | None = org_id
    elif module is anthropic:
        account, name = anthropic.organization(api)
    else:
        account = None  # the one OpenAI organisation in the warehouse, else the placeholder
    account, start = pull_plan(warehouse, provider, account, lower, end, full=full)
    result = PullResult(module.PROVIDER, account)
    if start is None:
        report(
            f"{module.PROVIDER} ({account}): every day from {lower} to "
            f"{end - dt.timedelta(days=1)} is already complete in {warehouse}"
        )
        return result
    report(f"{module.PROVIDER} ({account}): pulling {start} to {end - dt.timedelta(days=1)}")
    batches = module.pull(api, _midnight(start), _midnight(end), report)
    for batch in batches:
        batch.account_id, batch.account_name = account, name
    with db.write(warehouse, storage_version) as session:
        result.start, result.end = start, end
        result.load_id = providers.load_batches(session, batches, command, report)
        _classify(session, report, result.load_id)
    return result


def _provider_module(provider: str) -> ModuleType:
    from finops_ai.ingest import anthropic, openai

    return {"openai": openai, "anthropic": anthropic}[provider]


def pull_window(
    since: dt.date | None, until: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """(first day, day after the last) a pull considers. Days are UTC; ``until`` is inclusive
    and at most ``today``; ``since`` defaults to the first day of the previous month."""
    from finops_ai.errors import ConfigError

    end = min(until, today) + dt.timedelta(days=1) if until else today + dt.timedelta(days=1)
    lower = since or (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if lower >= end:
        raise ConfigError(
            f"--since {lower} is not before --until {end - dt.timedelta(days=1)}",
            "Give a --since on or before --until (and not in the future)",
        )
    return lower, end


def pull_plan(
    warehouse: Path,
    provider: str,
    account: str | None,
    lower: dt.date,
    end: dt.date,
    *,
    full: bool = False,
) -> tuple[str, dt.date | None]:
    """(account, first day to pull; None: every day is complete) from the warehouse as it is
    now, opened read-only. ``account`` None: the one organisation of ``provider`` already in
    the warehouse, else the provider's placeholder. `run --dry-run` plans with this too.

    A warehouse that does not exist yet, or whose schema a write has still to migrate, has no
    complete day: the pull asks for every day from ``lower`` (the load replaces those days, so
    asking for more than needed never counts a day twice)."""
    from finops_ai.load import providers
    from finops_ai.warehouse import migrate

    module = _provider_module(provider)
    if not warehouse.exists():
        return account or module.PROVIDER, lower
    con = db.connect_read_only(warehouse)
    try:
        if migrate.current_version(con) < migrate.latest_version():
            return account or module.PROVIDER, lower
        if account is None:
            account = providers.known_account(con, module.PROVIDER) or module.PROVIDER
        if full:
            return account, lower
        start = providers.pull_start(con, module.PROVIDER, account, module.REPORTS, lower, end)
        return account, start
    finally:
        con.close()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _classify(
    session: db.WriteSession,
    report: Callable[[str], None],
    load_id: int | None,
    progress: Callable[[str], None] | None = None,
    *,
    quiet: bool = False,
) -> list[ClassCost]:
    """Classify in the same transaction as the load, so line_items is never half-classified;
    return what this load brought by class and currency (``quiet``: without reporting it, for
    a caller that shows it itself).
    With nothing loaded, only when a new release's classifier has not yet run on the warehouse:
    the cron job that upgraded finops-ai then reports with its rules, not the old ones."""
    from finops_ai.classify.run import classify, is_current

    if not session.changed:
        if is_current(session.con):
            return []
        report(
            "the stored classification is out of date (finops-ai was upgraded, or rows lack a "
            "class key): re-classifying"
        )
        session.changed = True

    def steps(done: int, total: int, step: str | None) -> None:
        if progress is not None and step is not None:
            progress(f"classifying: step {done + 1}/{total} ({step.rpartition('/')[2]})")

    totals = classify(session.con, load_id, progress=steps if progress else None)
    if load_id is None:
        ai = [t for t in totals if t.workload_class != "non_ai"]
        report(
            "classified the whole warehouse: "
            + (
                ", ".join(_money(t.workload_class, t.effective_cost, t.currency) for t in ai)
                or "no AI spend found"
            )
        )
        return []
    # What this load brought, not the warehouse's totals: a restatement shows what it put in.
    rows = session.con.execute(load_query("load/load_class_totals"), {"load_id": load_id})
    loaded = [ClassCost(c, currency, n, cost) for c, currency, n, cost in rows.fetchall()]
    if not quiet:
        count = sum(c.line_items for c in loaded)
        costs = ", ".join(_money(c.workload_class, c.effective_cost, c.currency) for c in loaded)
        report(
            f"classified: load {load_id}, {count:,} line items"
            + (f", effective cost {costs}" if costs else "")
        )
    return loaded


def _money(workload_class: str, amount: object, currency: str | None) -> str:
    return f"{workload_class} {amount:,.2f} {currency or '(no currency)'}"
