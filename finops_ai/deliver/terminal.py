"""How wide the terminal is and whether to colour: text reports adapt to where they are read."""

from __future__ import annotations

import os
import shutil
from typing import TextIO

MIN_WIDTH, MAX_WIDTH, PIPE_WIDTH = 72, 160, 100


def width(stream: TextIO) -> int:
    """The terminal's width in columns (COLUMNS wins), clamped to a readable range; a pipe or
    file gets PIPE_WIDTH, so that `finops-ai report > out.txt` does not depend on who ran it."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return _clamp(int(columns))
    if not _isatty(stream):
        return PIPE_WIDTH
    return _clamp(shutil.get_terminal_size((PIPE_WIDTH, 24)).columns)


def use_color(stream: TextIO) -> bool:
    """ANSI colour only on a TTY; never with NO_COLOR set (https://no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return False


def _clamp(columns: int) -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))
