"""A write interrupted by Ctrl-C, failed by the disk, or run beside another program leaves the live
warehouse exactly as it was, says so in one line, and keeps the file's mode, owner and group."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from finops_ai.classify import run as classify_run
from finops_ai.errors import WarehouseError
from finops_ai.warehouse import db
from tests.conftest import REAL_BILLS, SAMPLE_BILLS, invoke, snapshot

OPENAI = SAMPLE_BILLS / "openai"
ANTHROPIC = SAMPLE_BILLS / "anthropic"


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of the sample OpenAI bills, to copy for each test (cheap to write again)."""
    from click.testing import CliRunner

    path = tmp_path_factory.mktemp("small") / "finops.duckdb"
    result = invoke(CliRunner(), path, "-q", "ingest", str(OPENAI))
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture
def live(small_warehouse: Path, tmp_path: Path) -> Path:
    path = tmp_path / "wh" / "finops.duckdb"
    path.parent.mkdir()
    shutil.copyfile(small_warehouse, path)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-write" in p.name or ".spill" in p.name)


# --- Ctrl-C --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_bill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~512k rows of legacy CUR: several seconds of reading even on a fast machine, long
    enough to interrupt at each moment below."""
    source = REAL_BILLS / "focus-converters-aws-cur" / "sample-anonymous-aws-export-dataset.csv"
    big = tmp_path_factory.mktemp("big") / "big.csv"
    with open(source) as src, open(big, "w") as dst:
        header, *rows = src.readlines()
        dst.write(header)
        for _ in range(400):
            dst.writelines(rows)
    return big


@pytest.mark.slow
@pytest.mark.parametrize(
    ("after_line", "delay"),
    [
        ("reading", 0.3),  # DuckDB reading the CSV
        ("reading", 1.5),  # DuckDB loading it into the copy
        ("ingested", 0.0),  # classifying the new rows, then checkpointing the copy
    ],
)
def test_ctrl_c_during_an_ingest_changes_nothing_and_says_so(live, big_bill, after_line, delay):
    before = snapshot(live)
    proc = subprocess.Popen(
        [sys.executable, "-m", "finops_ai", "--warehouse", str(live), "ingest", str(big_bill)],
        stderr=subprocess.PIPE,
        text=True,
    )
    progress = []
    while after_line not in (line := proc.stderr.readline()):
        assert line, f"the ingest ended before {after_line!r}: {progress}"
        progress.append(line)
    progress.append(line)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    # Promptly: DuckDB's query is interrupted at once (it took 5-9 s to notice before).
    rest = proc.communicate(timeout=5)[1]
    assert proc.returncode == 130, progress + [rest]
    # On a fast machine the later phases may have begun; whatever ran, the last word is this.
    assert rest.endswith("interrupted: nothing was changed\n"), rest
    assert snapshot(live) == before
    assert leftovers(live.parent) == []


def test_ctrl_c_during_a_classification_changes_nothing(runner, live, tmp_path, monkeypatch):
    before = snapshot(live)
    rules = tmp_path / "rules.toml"
    rules.write_text('[classify]\nrules = ["service:OpenAI -> training"]\n')
    real = classify_run.classify

    def interrupted_half_way(con, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        totals = real(con, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # as a terminal's Ctrl-C: the signal, not an exception
        return totals

    monkeypatch.setattr(classify_run, "classify", interrupted_half_way)
    handler = signal.getsignal(signal.SIGINT)
    result = invoke(runner, live, "classify", "--rules", str(rules))
    assert result.exit_code == 130, result.output
    assert result.stderr.splitlines()[-1] == "interrupted: nothing was changed"
    assert "Aborted" not in result.output
    assert snapshot(live) == before
    assert leftovers(live.parent) == []
    # Ctrl-C is handled as before once the write is over.
    assert signal.getsignal(signal.SIGINT) is handler


# --- I/O errors while swapping ------------------------------------------------------------------


def _fail_for_the_copy(target: object, name: str, code: int, monkeypatch: pytest.MonkeyPatch):
    real = getattr(target, name)

    def failing(*args: object, **kwargs: object) -> object:
        names = [str(a) for a in args]
        if name == "fsync" or any(".tmp-write" in n for n in names):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


@pytest.mark.parametrize(
    ("target", "name", "code", "doing", "hint"),
    [
        (shutil, "copyfile", errno.ENOSPC, "copying the warehouse", "Free at least"),
        (os, "fsync", errno.EIO, "saving the new copy to disk", "reported an error"),
        (os, "replace", errno.ENOSPC, "swapping the new copy in", "Free at least"),
        (os, "replace", errno.EIO, "swapping the new copy in", "check it (dmesg)"),
    ],
)
def test_an_io_error_in_the_swap_names_the_file_and_the_fix(
    runner, live, monkeypatch, target, name, code, doing, hint
):
    before = snapshot(live)
    _fail_for_the_copy(target, name, code, monkeypatch)
    result = invoke(runner, live, "-q", "ingest", str(ANTHROPIC))
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {live}: {doing} failed: {os.strerror(code)}")
    assert "Nothing was changed" in lines[0] and hint in lines[0]
    monkeypatch.undo()
    assert snapshot(live) == before
    assert leftovers(live.parent) == []


# --- Mode, owner and group -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604], ids=oct)
def test_a_write_keeps_the_warehouse_mode(runner, live, mode):
    os.chmod(live, mode)
    assert invoke(runner, live, "-q", "ingest", str(ANTHROPIC)).exit_code == 0
    assert stat.S_IMODE(live.stat().st_mode) == mode


def test_the_copy_is_never_more_readable_than_the_warehouse(live):
    os.chmod(live, 0o600)
    with db.write(live) as session:
        copies = [p for p in live.parent.iterdir() if ".tmp-write" in p.name]
        assert copies and all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in copies)
        session.con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
        session.changed = True
    assert stat.S_IMODE(live.stat().st_mode) == 0o600


needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="giving a file to another user needs root"
)


@needs_root
def test_a_write_keeps_the_warehouse_owner_and_group(runner, live):
    os.chown(live, 65534, 65534)  # nobody:nogroup, as a warehouse another user owns
    os.chmod(live, 0o640)
    assert invoke(runner, live, "-q", "ingest", str(ANTHROPIC)).exit_code == 0
    info = live.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)


@needs_root
def test_a_write_that_cannot_keep_the_owner_refuses_before_the_work(runner, live, monkeypatch):
    os.chown(live, 65534, 65534)
    before = snapshot(live)

    def not_allowed(*args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", not_allowed)  # as for a user who is not root
    result = invoke(runner, live, "ingest", str(ANTHROPIC))
    assert result.exit_code == 1
    assert "cannot give its new copy the warehouse's owner and group" in result.stderr
    assert "reading" not in result.stderr  # refused before any bill was read
    assert snapshot(live) == before


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o027, 0o640), (0o022, 0o644)])
def test_a_new_warehouse_is_no_wider_than_the_umask(runner, tmp_path, umask, mode):
    path = tmp_path / "new.duckdb"
    previous = os.umask(umask)
    try:
        assert invoke(runner, path, "-q", "ingest", str(ANTHROPIC)).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == mode


# --- Another program holding the warehouse read-write -------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])   # read-write: DBeaver's default
    print("open", flush=True)
    sys.stdin.readline()
    """
)


def _hold_read_write(path: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "open\n"
    return holder


def test_ingest_refuses_while_another_program_holds_the_warehouse_read_write(runner, live):
    before = snapshot(live)
    holder = _hold_read_write(live)
    try:
        held = live.read_bytes()
        result = invoke(runner, live, "ingest", str(ANTHROPIC))
        assert result.exit_code == 1
        assert "open read-write in another program" in result.stderr
        assert "Open it read-only" in result.stderr
        assert live.read_bytes() == held
    finally:
        holder.communicate("\n")
    assert snapshot(live) == before


def test_a_write_is_not_swapped_in_over_a_program_that_opened_it_meanwhile(live):
    before = snapshot(live)
    refused = pytest.raises(WarehouseError, match="open read-write in another program")
    with refused, db.write(live) as session:  # noqa: PT012
        session.con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
        session.changed = True
        holder = _hold_read_write(live)
    holder.communicate("\n")
    assert snapshot(live) == before
    assert leftovers(live.parent) == []


def test_a_reader_in_the_same_process_sees_the_file_it_opened(runner, live):
    """docs/analysts.md: a second read-only connect in a process that holds one open reuses it,
    so it sees the data as of the first; a fresh process (or closing the first) sees the new."""
    first = duckdb.connect(str(live), read_only=True)
    try:
        count = first.execute("SELECT count(*) FROM line_items").fetchall()
        assert invoke(runner, live, "-q", "ingest", str(ANTHROPIC)).exit_code == 0
        second = duckdb.connect(str(live), read_only=True)
        assert second.execute("SELECT count(*) FROM line_items").fetchall() == count
        second.close()
    finally:
        first.close()
    fresh = duckdb.connect(str(live), read_only=True)
    try:
        assert fresh.execute("SELECT count(*) FROM line_items").fetchall() != count
    finally:
        fresh.close()
