"""Export classified line items as Hive-partitioned Parquet: billing_period=YYYY-MM/provider=X/.

Why this layout: Athena, Trino, Spark, DuckDB and polars all read Hive partitions, and prune them
by month and provider, so an export can be put on S3 and queried in place (docs/analysts.md).

Why a temporary folder and renames: a reader (or a sync to S3) must never see a month half
written, or old and new files of the same month side by side. Each run writes into a hidden
folder beside the output (same file system, so renames are cheap), then, per month, moves the
old month folder aside, renames the new one into place and deletes the old one. Readers see the
old month or the new one; a crash leaves at most a hidden folder that the next export removes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from finops_ai.errors import WarehouseError
from finops_ai.resources import load_query
from finops_ai.warehouse.db import connect_read_only

_STAGE_PREFIX = ".export-"


@dataclass(frozen=True)
class MonthExport:
    month: str
    folder: Path
    rows: int
    files: int
    replaced: bool


def parse_month(text: str) -> dt.date:
    """``YYYY-MM`` -> the first day of that month; a clear error otherwise."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise WarehouseError(f"--month {text!r} is not a month", "Write it as YYYY-MM") from None


def export(warehouse: Path, output: Path, months: list[str] | None = None) -> list[MonthExport]:
    """Write the line items of ``months`` (default: every month) under ``output``.

    Each exported month's folder ``billing_period=YYYY-MM`` is replaced whole.
    """
    output.mkdir(parents=True, exist_ok=True)
    _remove_stale_stages(output)
    con = connect_read_only(warehouse)
    try:
        wanted = _months(con, months)
        stage = output / f"{_STAGE_PREFIX}{os.getpid()}"
        if wanted:
            _write_stage(con, stage, wanted)
    finally:
        con.close()
    try:
        return [_swap_in(stage, output, month) for month in wanted]
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _months(con: duckdb.DuckDBPyConnection, months: list[str] | None) -> list[str]:
    present = [m for (m,) in con.execute(load_query("export/months")).fetchall()]
    if not months:
        return present
    missing = [m for m in months if m not in present]
    if missing:
        for month in missing:
            parse_month(month)  # a malformed month is a different error from an absent one
        have = f"{present[0]} to {present[-1]}" if present else "none"
        raise WarehouseError(
            f"no line items for billing month {', '.join(missing)} (the warehouse has {have})",
            "Pick a month it has, or ingest that month's bills first",
        )
    return sorted(set(months))


def _write_stage(con: duckdb.DuckDBPyConnection, stage: Path, months: list[str]) -> None:
    shutil.rmtree(stage, ignore_errors=True)
    try:
        # Row order means nothing in a partitioned export; not keeping it lets DuckDB write
        # partitions from all threads at once.
        con.execute("SET preserve_insertion_order = false")
        con.execute(load_query("export/line_items"), {"months": months, "target": str(stage)})
    except duckdb.Error as exc:
        raise WarehouseError(f"export to {stage.parent} failed: {exc}") from exc


def _swap_in(stage: Path, output: Path, month: str) -> MonthExport:
    new = stage / f"billing_period={month}"
    final = output / f"billing_period={month}"
    files = sum(1 for _ in new.rglob("*.parquet"))
    rows = _count_rows(new)
    old = stage / f"old-{month}"
    replaced = final.exists()
    if replaced:
        os.rename(final, old)
    os.rename(new, final)
    shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(output)
    return MonthExport(month, final, rows, files, replaced)


def _count_rows(folder: Path) -> int:
    con = duckdb.connect(":memory:")
    try:
        pattern = str(folder / "**" / "*.parquet")
        return con.execute(
            "SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata($glob)",
            {"glob": pattern},
        ).fetchall()[0][0]
    finally:
        con.close()


def _remove_stale_stages(output: Path) -> None:
    # A killed export leaves its hidden stage behind; no live export uses another pid's stage.
    for stale in output.glob(f"{_STAGE_PREFIX}*"):
        pid = stale.name.removeprefix(_STAGE_PREFIX)
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
