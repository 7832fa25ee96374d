"""Open the warehouse for reading, or for one atomic write.

Why writes go to a copy: DuckDB lets one read-write process *or* many read-only processes open a
file, never both. Analysts keep the warehouse open read-only for hours, and a cron ingest must not
wait for them. So a write never opens the live file: it copies it to a temporary file beside it,
changes the copy inside one transaction, checkpoints, and renames the copy over the live file.
Readers that already have the file open keep reading the version they opened (POSIX keeps the
old inode alive); new connections see the new version. A failure at any point (bad input,
``kill -9``, full disk) leaves the live file untouched. Writers serialise on an ``flock`` of
``<warehouse>.lock``, which the kernel releases if a writer dies, so no lock goes stale.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from finops_ai.errors import ConfigError, WarehouseError, first_line
from finops_ai.warehouse import migrate

DEFAULT_STORAGE_VERSION = "v1.4.0"
# Set by --memory-limit or memory_limit in the config file too; read here so that every DuckDB
# connection finops-ai opens, from any command or from Python, honours it.
MEMORY_LIMIT_ENV = "FINOPS_AI_MEMORY_LIMIT"
_TMP_SUFFIX = ".tmp-write"


def default_path() -> Path:
    return Path(os.environ.get("FINOPS_AI_WAREHOUSE", "finops.duckdb"))


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live warehouse, as an analyst would open it."""
    if not path.exists():
        raise WarehouseError(
            f"{path}: no warehouse here",
            "Run `finops-ai ingest PATH` or `finops-ai demo` first, or pass --warehouse",
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise translate(exc, path) from exc
    try:
        con.execute("SET TimeZone = 'UTC'")
        limit_memory(con)
        # DuckDB draws its progress bar on stdout, which carries query results here.
        con.execute("SET enable_progress_bar = false")
        migrate.check_readable(con, path)
    except Exception:
        con.close()
        raise
    return con


def limit_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Cap DuckDB's memory at $FINOPS_AI_MEMORY_LIMIT, when set.

    DuckDB's default is 80% of RAM, too much on a cron host shared with other work. Loads stream
    (their memory depends on the row group size and threads, not on the file size), and what
    does not fit spills to disk, so a lower limit costs speed, not correctness.
    """
    value = os.environ.get(MEMORY_LIMIT_ENV, "").strip()
    if value:
        _set_memory_limit(con, value, MEMORY_LIMIT_ENV, ConfigError)


def check_memory_limit(value: str, where: str, error: type[ConfigError] = ConfigError) -> None:
    """Raise ``error`` naming ``where`` (the flag, variable or config key that gave ``value``)
    unless DuckDB takes ``value`` as a memory limit: it accepts 4GB, 4 GiB, 2G, 50%..."""
    with duckdb.connect() as con:
        _set_memory_limit(con, value, where, error)


def _set_memory_limit(
    con: duckdb.DuckDBPyConnection, value: str, where: str, error: type[ConfigError]
) -> None:
    try:
        con.execute("SET memory_limit = ?", [value])
    except duckdb.Error:
        raise error(f"{where} must be a memory size such as 4GB, not {value!r}") from None


def out_of_memory_hint(nothing_changed: bool = True) -> str:
    """What to do when DuckDB runs out of memory. ``nothing_changed``: the failure aborted a
    write session, so the warehouse is as it was."""
    limit = os.environ.get(MEMORY_LIMIT_ENV, "").strip()
    now = f"it is {limit} now" if limit else "DuckDB's default is 80% of RAM"
    hint = f"Give DuckDB more memory with --memory-limit or {MEMORY_LIMIT_ENV} ({now}) or free some"
    return f"Nothing was changed. {hint}" if nothing_changed else hint


def translate(exc: Exception, path: Path) -> WarehouseError:
    """Turn a DuckDB driver error into one line a user can act on."""
    text = first_line(exc)
    if isinstance(exc, duckdb.OutOfMemoryException):
        return WarehouseError(f"{path}: {text}", out_of_memory_hint())
    if "Could not set lock" in text or "Conflicting lock" in text:
        return WarehouseError(
            f"{path}: the warehouse is open read-write in another program",
            "Open it read-only (duckdb -readonly, read_only=True) so finops-ai can refresh it",
        )
    if "version number" in text or "storage version" in text.lower():
        return WarehouseError(f"{path}: {text}", "Upgrade DuckDB or finops-ai")
    return WarehouseError(f"{path}: {text}")


class WriteSession:
    """A read-write connection to a private copy of the warehouse, inside one transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, live_path: Path) -> None:
        self.con = con
        self.live_path = live_path
        self.changed = False


@contextlib.contextmanager
def write(path: Path, storage_version: str = DEFAULT_STORAGE_VERSION) -> Iterator[WriteSession]:
    """Yield a :class:`WriteSession`; on success its changes replace the live file atomically.

    Nothing is swapped in unless the caller sets ``session.changed``.
    """
    path = path.resolve() if path.parent.exists() else path
    if not path.parent.exists():
        raise WarehouseError(f"{path}: folder {path.parent} does not exist")
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        raise WarehouseError(
            f"{path}: a write-ahead log {wal.name} is beside the warehouse, so another program "
            "opened it read-write and has not closed it cleanly",
            "Close that program (or open and close the file once with duckdb) and retry",
        )
    with _writer_lock(path):
        tmp = path.with_name(f".{path.name}{_TMP_SUFFIX}")
        spill = path.with_name(path.name + ".spill")
        _remove_leftovers(tmp, spill)
        con = None
        try:
            con = duckdb.connect(":memory:")
            con.execute("SET TimeZone = 'UTC'")
            limit_memory(con)  # before the copy: a bad limit fails before any work
            if path.exists():
                shutil.copyfile(path, tmp)
            con.execute("SET preserve_insertion_order = false")
            # A long ingest shows DuckDB's progress bar in a terminal, never in cron mail or pipes.
            con.execute("SET enable_progress_bar = ?", [sys.stdout.isatty()])
            con.execute("SET temp_directory = ?", [str(spill)])
            # STORAGE_VERSION is chosen when the file is created; an existing file keeps its
            # own (DuckDB refuses to lower it), so DuckDB 1.4 tools can keep opening it.
            if tmp.exists():
                con.execute("ATTACH ? AS wh", [str(tmp)])
            else:
                con.execute("ATTACH ? AS wh (STORAGE_VERSION ?)", [str(tmp), storage_version])
            con.execute("USE wh")
            new_file = not path.exists()
            con.begin()
            applied = migrate.apply(con)
            session = WriteSession(con, path)
            session.changed = new_file or bool(applied)
            yield session
            con.commit()
            if not session.changed:
                return
            con.execute("CHECKPOINT wh")
            con.execute("USE memory")
            con.execute("DETACH wh")
            con.close()
            con = None
            _fsync(tmp)
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except duckdb.Error as exc:
            raise translate(exc, path) from exc
        finally:
            if con is not None:
                with contextlib.suppress(duckdb.Error):
                    con.close()
            _remove_leftovers(tmp, spill)


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"finops-ai: waiting for another finops-ai write to {path.name} to finish...",
                file=sys.stderr,
            )
            start = time.monotonic()
            fcntl.flock(handle, fcntl.LOCK_EX)
            print(
                f"finops-ai: got the warehouse after {time.monotonic() - start:.0f}s",
                file=sys.stderr,
            )
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_leftovers(tmp: Path, spill: Path) -> None:
    # A writer killed mid-way leaves its copy behind; we hold the lock, so it is ours to delete.
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    shutil.rmtree(spill, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(path)
