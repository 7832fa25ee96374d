"""Export classified line items as Hive-partitioned Parquet: billing_period=YYYY-MM/provider=X/.

Why this layout: Athena, Trino, Spark, DuckDB and polars all read Hive partitions, and prune them
by month and provider, so an export can be put on S3 and queried in place (docs/analysts.md).

Why a stage and an exchange: a reader (or a sync to S3) must never see a month half written,
old and new files of the same month side by side, or the month missing. Each run writes into a
hidden stage folder beside the output folder, not in it (DuckDB's ``**`` glob and ``aws s3 sync``
descend into hidden folders), on the same file system so that renames are cheap, then swaps each
month in with one atomic exchange of the two folders (Linux ``renameat2(RENAME_EXCHANGE)``):
the visible name always holds a complete month, and the stage ends up holding the old one,
which is deleted. Where the file system cannot exchange (macOS, some network file systems) the
swap takes two renames, old month aside into the stage and new month in; between them the month
is briefly absent, so every export first repairs what a killed one left: a month that is missing
while a dead export's stage holds its old copy is renamed back. A stage is only ever deleted
whole once no month depends on it (docs/guarantees.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import functools
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from finops_ai.errors import Interrupted, WarehouseError, first_line
from finops_ai.resources import load_query
from finops_ai.warehouse.db import connect_read_only

_STAGE_PREFIX = ".export-"
_STAGE_LOCK = ".lock"  # flocked by the export that owns the stage, for as long as it runs
_NEW = "new"  # in a stage: the months written by this export
_OLD_PREFIX = "old-"  # in a stage: a month moved aside by a two-rename swap


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
    done: list[MonthExport] = []
    try:
        output.mkdir(parents=True, exist_ok=True)
        output = output.resolve()
        repair(output)
        stage = _make_stage(output)
        with _owned(stage):
            try:
                con = connect_read_only(warehouse)
                try:
                    wanted = _months(con, months)
                    if wanted:
                        _write_stage(con, stage / _NEW, wanted, output)
                finally:
                    con.close()
                for month in wanted:
                    done.append(_swap_in(stage, output, month))
                return done
            finally:
                _remove_stage(stage, output)
    except KeyboardInterrupt:
        swapped = ", ".join(d.month for d in done)
        raise Interrupted(
            f"interrupted: {swapped} exported whole, every other month as it was"
            if done
            else f"interrupted: nothing was changed in {output}"
        ) from None
    except OSError as exc:
        where = exc.filename or output
        raise WarehouseError(
            f"{where}: exporting failed: {exc.strerror or exc}",
            ", ".join(d.month for d in done) + " exported whole; every other month as it was"
            if done
            else f"Nothing was changed in {output}",
        ) from exc


def repair(output: Path) -> list[str]:
    """Finish what dead exports left in ``output``: put back each month a killed two-rename swap
    left missing, then delete their stages. Returns the months put back."""
    output = output.resolve()
    restored = []
    stages = [
        *output.parent.glob(f".{output.name}{_STAGE_PREFIX}*"),
        *output.glob(f"{_STAGE_PREFIX}*"),
    ]
    for stale in sorted(stages):
        if not stale.is_dir() or not _abandoned(stale):
            continue
        for old in sorted(stale.glob(f"{_OLD_PREFIX}*")):
            month = old.name.removeprefix(_OLD_PREFIX)
            final = output / f"billing_period={month}"
            if not final.exists():
                # The new month never made it in: the old one is the only copy. Put it back.
                os.rename(old, final)
                restored.append(month)
        _fsync_dir(output)
        _remove_stage(stale, output)
    return restored


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


def _write_stage(
    con: duckdb.DuckDBPyConnection, target: Path, months: list[str], output: Path
) -> None:
    try:
        # Row order means nothing in a partitioned export; not keeping it lets DuckDB write
        # partitions from all threads at once.
        con.execute("SET preserve_insertion_order = false")
        con.execute(load_query("export/line_items"), {"months": months, "target": str(target)})
    except duckdb.Error as exc:
        raise WarehouseError(f"export to {output} failed: {first_line(exc)}") from exc


def _swap_in(stage: Path, output: Path, month: str) -> MonthExport:
    new = stage / _NEW / f"billing_period={month}"
    final = output / f"billing_period={month}"
    files = sum(1 for _ in new.rglob("*.parquet"))
    rows = _count_rows(new)
    replaced = final.exists()
    if not replaced:
        os.rename(new, final)
    elif _exchange(new, final):
        shutil.rmtree(new, ignore_errors=True)  # the old month, now in the stage
    else:
        old = stage / f"{_OLD_PREFIX}{month}"
        os.rename(final, old)
        # Killed here, the month is missing until the next export's repair() renames it back.
        try:
            os.rename(new, final)
        except BaseException:  # Ctrl-C too: put the old month back before going
            with contextlib.suppress(OSError):
                os.rename(old, final)
            raise
        _fsync_dir(output)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(output)
    return MonthExport(month, final, rows, files, replaced)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# Errors that mean "this kernel or file system cannot exchange", not "this rename is wrong".
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM}


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux 3.15+); False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@functools.cache
def _renameat2() -> Any:  # a ctypes function, or None
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    function = getattr(libc, "renameat2", None)  # glibc 2.28+, musl 1.2.4+
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        function.argtypes += [ctypes.c_uint]
        function.restype = ctypes.c_int
    return function


def _count_rows(folder: Path) -> int:
    con = duckdb.connect(":memory:")
    try:
        pattern = str(folder / "**" / "*.parquet")
        return int(
            con.execute(
                "SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata($glob)",
                {"glob": pattern},
            ).fetchall()[0][0]
        )
    finally:
        con.close()


def _make_stage(output: Path) -> Path:
    """A new stage folder beside ``output``; inside it (hidden) where the folder above is not
    writable or is another file system (``output`` is a mount point)."""
    beside = output.parent / f".{output.name}{_STAGE_PREFIX}{os.getpid()}"
    if output.parent != output and output.parent.stat().st_dev == output.stat().st_dev:
        with contextlib.suppress(PermissionError):
            beside.mkdir()
            return beside
    inside = output / f"{_STAGE_PREFIX}{os.getpid()}"
    inside.mkdir()
    return inside


@contextlib.contextmanager
def _owned(stage: Path) -> Iterator[None]:
    # An flock, not the pid in the name, says whether a stage's export still runs: the kernel
    # drops it when the process dies, and a reused pid cannot fake it.
    with open(stage / _STAGE_LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _abandoned(stage: Path) -> bool:
    pid = stage.name.rpartition(_STAGE_PREFIX)[2]
    if pid == str(os.getpid()):
        return True  # a dead process's with our pid: this process makes its own only later
    try:
        handle = open(stage / _STAGE_LOCK)  # noqa: SIM115 - closed below, keeping the test
    except FileNotFoundError:
        # No lock file: an older finops-ai's stage, or one killed before it made the lock.
        return not (pid.isdigit() and _alive(int(pid)))
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _remove_stage(stage: Path, output: Path) -> None:
    """Delete a stage, unless a month is missing whose only copy is in it."""
    for old in stage.glob(f"{_OLD_PREFIX}*"):
        if not (output / f"billing_period={old.name.removeprefix(_OLD_PREFIX)}").exists():
            return
    shutil.rmtree(stage, ignore_errors=True)


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
