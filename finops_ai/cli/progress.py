"""A status line on stderr for long commands: what is being done now and for how long.

It says which step runs (file 3/28, classification step 12/40) and the seconds it has taken,
redrawn twice a second, rather than estimating the time left: DuckDB's own estimate for a
bill's INSERT sat at one figure for most of the load and then jumped to the end. Only in a
terminal, and not with --quiet; notes logged meanwhile print above it.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from finops_ai.escaping import controls

_CLEAR = "\r\x1b[K"


class StatusLine:
    def __init__(self, stream: TextIO, handler: logging.StreamHandler[TextIO]) -> None:
        self.stream, self.handler = stream, handler
        self.text = ""
        self.started = self.since = time.monotonic()
        self._stop = threading.Event()
        self._emit = handler.emit
        self._ticker = threading.Thread(target=self._tick, daemon=True)

    def set(self, text: str) -> None:
        """What is being done from now on."""
        with self.handler.lock or _NO_LOCK:
            self.text, self.since = controls(text), time.monotonic()
            self._draw()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self.handler.lock or _NO_LOCK:
                self._draw()

    def _draw(self) -> None:
        if not self.text:
            return
        now = time.monotonic()
        line = f"{self.text} · {now - self.since:.0f} s (ingest {now - self.started:.0f} s)"
        width = shutil.get_terminal_size().columns - 1
        if len(line) > width:  # a wrapped line could not be redrawn in place
            line = line[: max(width - 1, 0)] + "…"
        self.stream.write(_CLEAR + line)
        self.stream.flush()

    def _emit_above(self, record: logging.LogRecord) -> None:
        # Called with the handler's lock held, which _draw takes too.
        if self.text:
            self.stream.write(_CLEAR)
        self._emit(record)
        self._draw()

    def start(self) -> None:
        self.handler.emit = self._emit_above  # type: ignore[method-assign]
        self._ticker.start()

    def close(self) -> None:
        self._stop.set()
        self._ticker.join()
        self.handler.emit = self._emit  # type: ignore[method-assign]
        if self.text:
            self.stream.write(_CLEAR)
            self.stream.flush()


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


_NO_LOCK = _NoLock()


@contextmanager
def status_line(
    handler: logging.StreamHandler[TextIO] | None, show: bool
) -> Iterator[StatusLine | None]:
    """A status line on ``handler``'s stream when ``show`` and that stream is a terminal."""
    stream = handler.stream if handler is not None else None
    if handler is None or stream is None or not show or not _is_tty(stream):
        yield None
        return
    line = StatusLine(stream, handler)
    line.start()
    try:
        yield line
    finally:
        line.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
