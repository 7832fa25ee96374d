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
import errno
import fcntl
import grp
import os
import pwd
import shutil
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from finops_ai.errors import ConfigError, Interrupted, WarehouseError, first_line
from finops_ai.warehouse import migrate

# The storage version of a new warehouse file (--storage-version, the config's storage_version):
# the oldest DuckDB the analysts' tools may open it with (tests/test_views.py checks 1.4's CLI).
DEFAULT_STORAGE_VERSION = "v1.4.0"
STORAGE_VERSION_SHOWN = f"{DEFAULT_STORAGE_VERSION}, readable by DuckDB 1.4 and newer"
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
    if "No space left on device" in text:
        return WarehouseError(f"{path}: {text}", _io_hint(errno.ENOSPC, path))
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

    Nothing is swapped in unless the caller sets ``session.changed``. Ctrl-C before the swap
    raises :class:`Interrupted` with the live file as it was; I/O errors become one line naming
    the file and what to do.
    """
    global _swaps
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
    with _writer_lock(path), _interruptible() as interrupts:
        tmp = path.with_name(f".{path.name}{_TMP_SUFFIX}")
        spill = path.with_name(path.name + ".spill")
        _remove_leftovers(tmp, spill)
        con = None
        swapped = False
        try:
            live = _live_stat(path)
            if live is not None:
                _refuse_if_open_read_write(path)
            con = interrupts.con = duckdb.connect(":memory:")
            con.execute("SET TimeZone = 'UTC'")
            limit_memory(con)  # before the copy: a bad limit fails before any work
            with _private_files(live):
                if live is not None:
                    _copy_private(path, tmp, live)
                con.execute("SET preserve_insertion_order = false")
                # A long ingest shows DuckDB's progress bar in a terminal, never in cron mail or
                # pipes.
                con.execute("SET enable_progress_bar = ?", [sys.stdout.isatty()])
                con.execute("SET temp_directory = ?", [str(spill)])
                # STORAGE_VERSION is chosen when the file is created; an existing file keeps its
                # own (DuckDB refuses to lower it), so DuckDB 1.4 tools can keep opening it.
                if live is not None:
                    con.execute("ATTACH ? AS wh", [str(tmp)])
                else:
                    con.execute("ATTACH ? AS wh (STORAGE_VERSION ?)", [str(tmp), storage_version])
                con.execute("USE wh")
                con.begin()
                applied = migrate.apply(con)
                session = WriteSession(con, path)
                session.changed = live is None or bool(applied)
                yield session
                con.commit()
                if not session.changed:
                    return
                con.execute("CHECKPOINT wh")
                con.execute("USE memory")
                con.execute("DETACH wh")
            interrupts.con = None
            con.close()
            con = None
            if live is not None:
                _io(_restore_mode, path, "giving the new copy the warehouse's mode", tmp, live)
                # Another program may have opened it read-write while we worked: its own
                # writes would be lost to the swap.
                _refuse_if_open_read_write(path)
            _io(_fsync, path, "saving the new copy to disk", tmp)
            with interrupts.deferred():
                _io(os.replace, path, "swapping the new copy in", tmp, path)
                swapped = True
                _swaps += 1
                _fsync_dir(path.parent)
            if interrupts.seen:
                raise Interrupted()  # during the swap: it is done, the caller stops now
        except BaseException as exc:
            if interrupts.seen and not swapped:
                raise Interrupted() from None
            if isinstance(exc, duckdb.Error):
                raise translate(exc, path) from exc
            raise
        finally:
            interrupts.con = None
            if con is not None:
                with contextlib.suppress(duckdb.Error):
                    con.close()
            _remove_leftovers(tmp, spill)


def swaps_done() -> int:
    """How many writes this process has swapped into a live warehouse: compared before and
    after a command, whether a Ctrl-C may say "nothing was changed"."""
    return _swaps


_swaps = 0


class _Interrupts:
    """Ctrl-C during a write. Python runs a signal handler only between bytecodes, so while
    DuckDB runs a query in C++ it would wait for the query to end (several seconds on a big
    bill); a watcher thread woken by ``signal.set_wakeup_fd`` interrupts the query at once."""

    def __init__(self) -> None:
        self.con: duckdb.DuckDBPyConnection | None = None
        self.seen = False
        self._defer = False

    def on_sigint(self, signum: int, frame: object) -> None:
        first = not self.seen
        self.seen = True
        self.interrupt_query()
        if first and not self._defer:
            raise Interrupted()

    def interrupt_query(self) -> None:
        con = self.con
        if con is not None:
            with contextlib.suppress(Exception):  # closed meanwhile: nothing to stop
                con.interrupt()

    def watch(self, read_fd: int) -> None:
        while data := os.read(read_fd, 64):
            if signal.SIGINT in data:
                self.interrupt_query()

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """The swap itself: a Ctrl-C now must not leave the caller unsure whether it happened."""
        if self.seen:
            raise Interrupted()
        self._defer = True
        try:
            yield
        finally:
            self._defer = False


@contextlib.contextmanager
def _interruptible() -> Iterator[_Interrupts]:
    interrupts = _Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield interrupts  # signals reach only the main thread; its owner handles them
        return
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    handler = signal.signal(signal.SIGINT, interrupts.on_sigint)
    wakeup = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    watcher = threading.Thread(target=interrupts.watch, args=(read_fd,), daemon=True)
    watcher.start()
    try:
        yield interrupts
    finally:
        signal.set_wakeup_fd(wakeup)
        signal.signal(signal.SIGINT, handler if handler is not None else signal.SIG_DFL)
        os.close(write_fd)  # the watcher reads end-of-file and returns
        watcher.join()
        os.close(read_fd)


def _live_stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _refuse_if_open_read_write(path: Path) -> None:
    # DuckDB's own lock says so: a read-only open fails while another process holds it
    # read-write (DBeaver's default), as `report` and `sql` find out too.
    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.Error as exc:
        raise translate(exc, path) from exc


@contextlib.contextmanager
def _private_files(live: os.stat_result | None) -> Iterator[None]:
    """While DuckDB writes the copy's WAL and spill files, make them no more readable than the
    live warehouse (the umask is per process: finops-ai writes nothing else meanwhile)."""
    if live is None:
        yield
        return
    previous = os.umask(0)
    os.umask(previous | (0o777 & ~stat.S_IMODE(live.st_mode)))
    try:
        yield
    finally:
        os.umask(previous)


def _copy_private(path: Path, tmp: Path, live: os.stat_result) -> None:
    """Copy the live file to ``tmp``, created readable by its owner only and with the live
    file's owner and group (checked now, before the work, not at the swap)."""
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise _io_failure(exc, path, "creating its copy") from exc
    try:
        made = os.fstat(fd)
        if (live.st_uid, live.st_gid) != (made.st_uid, made.st_gid):
            try:
                os.fchown(fd, live.st_uid, live.st_gid)
            except PermissionError:
                raise WarehouseError(
                    f"{path}: finops-ai cannot give its new copy the warehouse's owner and "
                    f"group ({_owner(live)})",
                    "Run it as that user (or root), or change the file's owner or group; "
                    "nothing was changed",
                ) from None
    finally:
        os.close(fd)
    _io(shutil.copyfile, path, "copying the warehouse", path, tmp)


def _restore_mode(tmp: Path, live: os.stat_result) -> None:
    # After the chown (which clears set-id bits), so that every bit is the live file's.
    os.chmod(tmp, stat.S_IMODE(live.st_mode))


def _owner(info: os.stat_result) -> str:
    try:
        user = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        user = str(info.st_uid)
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    return f"{user}:{group}"


def _io(function: Callable[..., object], path: Path, doing: str, *args: object) -> None:
    try:
        function(*args)
    except OSError as exc:
        raise _io_failure(exc, path, doing) from exc


def _io_failure(exc: OSError, path: Path, doing: str) -> WarehouseError:
    """One line for a failed file operation on the warehouse's copy: which file, what failed,
    what to do. The live file is untouched (the copy is deleted on the way out)."""
    reason = exc.strerror or first_line(exc)
    return WarehouseError(f"{path}: {doing} failed: {reason}", _io_hint(exc.errno, path))


def _io_hint(code: int | None, path: Path) -> str:
    if code in (errno.ENOSPC, errno.EDQUOT):
        hint = f"Free {_size_text(path)}on the file system of {path.parent} and rerun: a write "
        hint += "copies the warehouse beside itself"
    elif code == errno.EIO:
        hint = f"The disk under {path.parent} reported an error: check it (dmesg) and rerun"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = f"Check that you may write to {path.parent} and rerun"
    else:
        hint = "Rerun once that is fixed"
    return f"Nothing was changed. {hint}"


def _size_text(path: Path) -> str:
    try:
        megabytes = path.stat().st_size / 1e6
    except OSError:
        return ""
    return f"at least {max(megabytes, 1):,.0f} MB (the warehouse's size) "


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
