"""Load AI provider usage and cost (OpenAI, Anthropic) into the warehouse, window by window.

Cloud bills replace a whole (provider, account, billing month). Provider data does not come in
months: an API pull reads a range of days, and a saved response covers the days of its buckets.
So provider rows replace a *window*: the older rows of the same provider organisation and report
whose ChargePeriodStart falls in the days just read (queries/load/replace_window.sql), and
``provider_days`` records which load owns each day (for incremental pulls and for skipping a
file that is already current). Rows are staged in temporary tables while a load reads its files,
and join ``line_item_data`` after the cloud partitions are replaced, in the same transaction.

Money: cost-report rows carry it; usage rows carry quantities at cost 0, and are priced from the
list-price table only on days no cost report covers (queries/load/provider_estimates.sql).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import duckdb

from finops_ai import __version__
from finops_ai.errors import IngestError, first_line
from finops_ai.ingest import ai_provider
from finops_ai.ingest.ai_provider import ProviderBatch
from finops_ai.resources import load_query
from finops_ai.warehouse.db import WriteSession

Report = Callable[[str], None]
_SRC = "finops_ai_provider_src"  # the name a batch's Arrow table is registered under


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def stage_file(
    con: duckdb.DuckDBPyConnection,
    batches: list[ProviderBatch],
    name: str,
    kind: str,
    load_id: int,
) -> tuple[str, int, Decimal]:
    """Stage the batches read from the provider file ``name`` (of format ``kind``); return
    (format, rows, billed cost) for load_files."""
    con.execute(load_query("load/provider_stage_create"))
    if not batches:
        _note(con, f"{name}: no usage or cost results in any bucket; nothing to ingest")
        return kind, 0, Decimal(0)
    for batch in batches:
        stage(con, batch, load_id, _now())
    rows, billed = con.execute(
        load_query("load/provider_stage_totals"), {"source": name}
    ).fetchall()[0]
    return batches[0].source_format, rows, billed


def stage(
    con: duckdb.DuckDBPyConnection, batch: ProviderBatch, load_id: int, now: dt.datetime
) -> None:
    """Map one batch to line items in the stage and remember the window it replaces."""
    con.execute(load_query("load/provider_stage_create"))
    account = batch.account_id or batch.provider  # the placeholder: resolved in finish()
    for note in batch.notes:
        _note(con, note)
    if batch.window_start is None or batch.window_end is None:
        return
    sql = (
        "INSERT INTO temp.provider_stage BY NAME\n"
        "SELECT m.*, $load_id AS x_LoadId, $source_format AS x_SourceFormat, "
        "$source_file AS x_SourceFile\n"
        f"FROM (WITH src AS (SELECT * FROM {_SRC}),\nmapped AS ({load_query(batch.mapping)})\n"
        f"{load_query('ingest/token_columns')}) AS m"
    )
    con.register(_SRC, batch.table)
    try:
        con.execute(
            sql,
            {
                "load_id": load_id,
                "source_format": batch.source_format,
                "source_file": batch.source,
                "account": account,
                "account_name": batch.account_name,
                "report": batch.report,
            },
        )
    except duckdb.Error as exc:
        raise IngestError(batch.source, f"cannot map {batch.report}: {first_line(exc)}") from exc
    finally:
        # After a failed INSERT the transaction is aborted and even this fails: keep the
        # error that says what was wrong.
        with contextlib.suppress(duckdb.Error):
            con.unregister(_SRC)
    con.execute(
        load_query("load/provider_stage_window"),
        {
            "provider": batch.provider,
            "account": account,
            "account_name": batch.account_name,
            "report": batch.report,
            "source": batch.source,
            "window_start": batch.window_start,
            "window_end": batch.window_end,
            "fetched_at": batch.fetched_at or now,
        },
    )


def finish(con: duckdb.DuckDBPyConnection, load_id: int, report: Report) -> bool:
    """Replace windows with the staged rows, record day ownership, re-estimate. True if any."""
    if not _staged(con):
        return False
    for (note,) in con.execute(load_query("load/provider_stage_notes")).fetchall():
        report(f"note: {note}")
    for provider in ai_provider.PROVIDERS:
        known = [
            a
            for (a,) in con.execute(
                load_query("load/provider_accounts"), {"provider": provider}
            ).fetchall()
        ]
        if len(known) == 1:
            for query in ("load/provider_resolve_account", "load/provider_resolve_window"):
                con.execute(load_query(query), {"provider": provider, "account": known[0]})
    overlap = con.execute(load_query("load/provider_window_overlaps")).fetchall()
    if overlap:
        provider, name, first, second, start = overlap[0]
        raise IngestError(
            second,
            f"{provider} {name} for {start:%Y-%m-%d} also comes from {first}; together they "
            "would count those days twice",
            "Ingest only the newer of the two files",
        )
    con.execute(load_query("load/replace_window"))
    con.execute(load_query("load/provider_stage_commit"))
    con.execute(load_query("load/record_provider_windows"), {"load_id": load_id})
    con.execute(load_query("load/record_provider_sources"), {"load_id": load_id})
    summary = con.execute(load_query("load/provider_load_summary"), {"load_id": load_id})
    lines = summary.fetchall()
    estimate(con)
    for provider, count, what in con.execute(
        load_query("load/provider_unpriced"), {"load_id": load_id}
    ).fetchall():
        report(
            f"note: {count:,} {provider} usage row(s) have no cost report for their day and no "
            f"list price ({what[:200]}); their cost is left at 0"
        )
    for provider, account, name, start, end, rows, billed, _ in lines:
        money = " + ".join(f"{b['billed']:,.2f} {b['currency'] or '(no currency)'}" for b in billed)
        report(
            f"{provider} {name} ({account}): {start:%Y-%m-%d} to {end:%Y-%m-%d}, "
            f"{rows:,} rows, {money or '0.00'} billed"
        )
    con.execute(load_query("load/provider_stage_drop"))
    return True


def estimate(con: duckdb.DuckDBPyConnection) -> None:
    """Price usage rows of days without a cost report; zero the others (provider_estimates)."""
    con.execute(
        "CREATE OR REPLACE TEMP VIEW provider_prices AS " + load_query("ingest/provider_prices")
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW provider_price_tiers AS "
        + load_query("ingest/provider_price_tiers")
    )
    con.execute(load_query("load/provider_estimates"))


def _staged(con: duckdb.DuckDBPyConnection) -> bool:
    con.execute(load_query("load/provider_stage_create"))
    windows, notes = con.execute(load_query("load/provider_stage_count")).fetchall()[0]
    return bool(windows or notes)


def _note(con: duckdb.DuckDBPyConnection, note: str) -> None:
    con.execute(load_query("load/provider_stage_note"), {"note": note})


# ------------------------------------------------------------------------------------------
# pulls


def known_account(con: duckdb.DuckDBPyConnection, provider: str) -> str | None:
    """The one organisation the warehouse knows for ``provider``, if exactly one."""
    con.execute(load_query("load/provider_stage_create"))
    known = [
        a
        for (a,) in con.execute(
            load_query("load/provider_accounts"), {"provider": provider}
        ).fetchall()
    ]
    return known[0] if len(known) == 1 else None


def pull_start(
    con: duckdb.DuckDBPyConnection,
    provider: str,
    account: str,
    reports: tuple[str, ...],
    lower: dt.date,
    end: dt.date,
) -> dt.date | None:
    """The first day in [lower, end) not yet complete for every report; None if all are."""
    complete: dict[dt.date, set[str]] = {}
    for name, day in con.execute(
        load_query("load/provider_complete_days"),
        {"provider": provider, "account": account, "start": lower, "end": end},
    ).fetchall():
        complete.setdefault(day, set()).add(name)
    day = lower
    while day < end:
        if not set(reports) <= complete.get(day, set()):
            return day
        day += dt.timedelta(days=1)
    return None


def load_batches(
    session: WriteSession,
    batches: list[ProviderBatch],
    command: str,
    report: Report,
) -> int:
    """Write pulled batches as one load (in the session's transaction); return its load id."""
    con = session.con
    started = _now()
    load_id = int(con.execute(load_query("load/next_load_id")).fetchall()[0][0])
    for batch in batches:
        stage(con, batch, load_id, started)
        rows, billed = con.execute(
            load_query("load/provider_stage_totals"), {"source": batch.source}
        ).fetchall()[0]
        con.execute(
            load_query("load/record_file"),
            {
                "load_id": load_id,
                "source": batch.source,
                "source_version": None,
                "sha": batch.raw_sha256 or "",
                "size": batch.raw_size,
                "format": batch.source_format,
                "rows": rows,
                "billed": billed,
                "delivery_id": None,  # API windows replace days, not deliveries
                "source_path": batch.source,
            },
        )
    finish(con, load_id, report)
    con.execute(
        load_query("load/record_load"),
        {"load_id": load_id, "started_at": started, "command": command, "version": __version__},
    )
    session.changed = True
    return load_id
