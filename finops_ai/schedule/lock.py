"""The run lock: at most one `finops-ai run` (or `send`) per warehouse at a time.

``db.write`` already queues *writes* on ``<warehouse>.lock``. A scheduled run is more than one
write (a write per source, then delivery), and two runs interleaving would pull the same days
twice and send the email twice, so a run takes a second, non-blocking lock for its whole length:
an ``flock`` of ``<warehouse>.run.lock``. A second run does not wait: it exits at once (exit code
6), naming the holder from what the holder wrote into the file (pid, start time, host).

Stale locks: the kernel drops an ``flock`` when its holder dies (``kill -9``, OOM, reboot), so a
dead run never blocks the next one and there is no timeout to guess. The file itself stays (it
is never deleted: unlinking a lock file lets two processes lock two different files). A run that
finds the file still naming a holder it could lock over has found the trace of a run that died;
it says so and takes over. The lock needs a local file system (flock over NFS is unreliable).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from finops_ai.errors import RunLockedError


@dataclass(frozen=True)
class Holder:
    pid: int | None
    started_at: str | None
    host: str | None
    command: str | None

    def describe(self) -> str:
        parts = [f"pid {self.pid}" if self.pid else "pid unknown"]
        if self.started_at:
            parts.append(f"started at {self.started_at}")
        if self.host and self.host != socket.gethostname():
            parts.append(f"on {self.host}")
        return ", ".join(parts)


def read_holder(path: Path) -> Holder | None:
    """What the last holder wrote into the lock file; None if it is empty or absent."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not text:
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return Holder(None, None, None, text[:80])
    if not isinstance(doc, dict):
        return None
    return Holder(doc.get("pid"), doc.get("started_at"), doc.get("host"), doc.get("command"))


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextlib.contextmanager
def run_lock(
    path: Path, command: str, warn: Callable[[str], None] = lambda _m: None
) -> Iterator[Holder]:
    """Hold the run lock for the block; RunLockedError at once if another process holds it."""
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(path)
            who = holder.describe() if holder else "pid unknown"
            raise RunLockedError(
                f"another finops-ai run ({who}) holds {path}; this one did nothing",
                "Wait for it to finish (a dead run releases the lock by itself)",
            ) from None
        previous = read_holder(path)
        if previous is not None:
            warn(
                f"warning: the last run to hold {path.name} ({previous.describe()}) did not "
                "finish cleanly (killed or crashed); its lock was released when it died"
            )
        me = Holder(os.getpid(), _now(), socket.gethostname(), command)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(me.__dict__) + "\n")
        handle.flush()
        try:
            yield me
        finally:
            # Empty, not deleted: an empty file under no flock means "nobody ran into trouble".
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def current_holder(path: Path) -> Holder | None:
    """The run holding the lock now, or None; takes and drops the lock to find out."""
    if not path.exists():
        return None
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return read_holder(path) or Holder(None, None, None, None)
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None
