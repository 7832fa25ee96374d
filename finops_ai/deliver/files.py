"""Write a rendered report to a file atomically, so a reader never sees half a report.

A report is often written where something else picks it up (a web server's folder, a shared
drive, a cron job mailing it): the text goes to a temporary file beside the target and is
renamed over it, so the target is always either the old report or the whole new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from finops_ai.errors import ConfigError

FORMAT_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


def format_for(path: Path) -> str:
    """The report format a file name asks for: report.html -> html; anything else is text."""
    return FORMAT_BY_SUFFIX.get(path.suffix.lower(), "text")


def write_report(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; ConfigError if the folder is unusable."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(
            f"{path}: folder {folder} does not exist", "Create it or pick another --output"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; a report is meant to be shared
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ConfigError(f"{path}: cannot write the report ({exc.strerror or exc})") from exc
