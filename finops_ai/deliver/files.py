"""Write a rendered report to a file atomically, so a reader never sees half a report; and the
report files channel of a scheduled run (FileChannel).

A report is often written where something else picks it up (a web server's folder, a shared
drive, a cron job mailing it): the text goes to a temporary file beside the target and is
renamed over it, so the target is always either the old report or the whole new one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from finops_ai.deliver.channel import Delivery, Rendered, SentLog
from finops_ai.errors import ConfigError, DeliveryError
from finops_ai.report.model import Report
from finops_ai.report.render import FORMATS

log = logging.getLogger("finops_ai.deliver")
FILE_PREFIX = "finops-ai-report"
# One list of formats (report.render.FORMATS); a file adds pdf, printed from the HTML. Text
# last, as settings and errors have always listed the file formats.
SUFFIXES = {fmt: "txt" if fmt == "text" else fmt for fmt in sorted(FORMATS, key="text".__eq__)}
OUTPUT_FORMATS = (*FORMATS, "pdf")

FORMAT_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".txt": "text",
    ".text": "text",
    ".pdf": "pdf",
}


def report_file_name(month: str, fmt: str) -> str:
    """``finops-ai-report-2026-10.html``: the dated name of a report file and the attachment."""
    return f"{FILE_PREFIX}-{month}.{SUFFIXES[fmt]}"


def format_for(path: Path, fmt: str | None = None) -> str:
    """The report format for ``path``: ``fmt`` if given, else from its suffix (report.html ->
    html; no suffix -> text). ConfigError for a suffix we cannot write, rather than a file
    whose name says one format and holds another (a text report in a .pdf)."""
    suffix = path.suffix.lower()
    by_suffix = FORMAT_BY_SUFFIX.get(suffix, "text" if not suffix else None)
    if fmt is None and by_suffix is None:
        known = ", ".join(sorted(FORMAT_BY_SUFFIX))
        raise ConfigError(
            f"{path}: cannot write a report as {path.suffix}",
            f"Name it {known}, or pass --format",
        )
    if "pdf" in (fmt, by_suffix) and fmt not in (None, by_suffix):
        raise ConfigError(
            f"{path}: --format {fmt} does not match the file name",
            "Drop --format, or name the file for it",
        )
    chosen = fmt or by_suffix
    assert chosen is not None  # refused above when neither names a format
    return chosen


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


@dataclass
class FileChannel:
    """``<folder>/finops-ai-report-YYYY-MM.<ext>`` for each format, each written atomically;
    written again by every run, so the files always hold the warehouse's latest view."""

    folder: Path
    formats: tuple[str, ...]
    name: str = "report files"
    needs_data: bool = False

    def deliver(self, report: Rendered, state: SentLog) -> Delivery:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeliveryError(
                f"{self.folder}: cannot create the report folder ({exc.strerror})"
            ) from exc
        written = []
        for fmt in self.formats:
            path = self.folder / report_file_name(report.month, fmt)
            try:
                write_report(path, report.text(fmt))
            except ConfigError as exc:
                raise DeliveryError(exc.message, exc.hint) from exc
            written.append(str(path))
            log.info(f"wrote {path}")
        summary = f"{len(written)} file(s) in {self.folder}" if written else ""
        return Delivery(self.name, written, summary=summary)

    def plan(self, month: str | None, report: Report | None, state: SentLog) -> list[str]:
        names = (report_file_name(month or "YYYY-MM", fmt) for fmt in self.formats)
        return [f"  would write {self.folder / name}" for name in names]
