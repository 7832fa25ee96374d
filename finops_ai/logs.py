"""Where progress, notes and errors go: stderr, and with --log-file a file too.

Every module logs under the ``finops_ai`` logger; the command line attaches the handlers here
for one command and removes them after it (Logs.close), so a test that runs many commands in
one process never sees one command's handlers in the next.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from finops_ai.errors import FinopsError
from finops_ai.escaping import controls
from finops_ai.masking import MaskingFilter

LOG = logging.getLogger("finops_ai")


class _Formatter(logging.Formatter):
    """Notes and errors name files, resources and accounts: their control characters become
    visible escapes, a newline too, so a name can neither drive the terminal nor fake a log
    line. A traceback (exc_info) is added after, as Python writes it."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        return controls(super().formatMessage(record), keep="\t")


class _UtcFormatter(_Formatter):
    converter = time.gmtime  # type: ignore[assignment]  # typeshed types it with an argument


def _stamped() -> logging.Formatter:
    return _UtcFormatter("%(asctime)s finops-ai[%(process)d] %(message)s", "%Y-%m-%dT%H:%M:%SZ")


class Logs:
    """stderr: notes (only problems with --quiet; debug detail with --verbose), timestamped for
    the scheduled commands; --log-file: everything, always timestamped, appended."""

    def __init__(self, stamped: bool = False) -> None:
        self.stderr = logging.StreamHandler(sys.stderr)
        self.stderr.setLevel(logging.INFO)
        self.stderr.setFormatter(_stamped() if stamped else _Formatter("%(message)s"))
        self.stderr.addFilter(MaskingFilter())  # secrets never reach stderr or the log file
        self.to_file: logging.FileHandler | None = None
        self.log_file: Path | None = None
        LOG.setLevel(logging.DEBUG)
        LOG.propagate = False
        LOG.addHandler(self.stderr)

    def configure(self, quiet: bool, verbose: bool, log_file: Path | None) -> None:
        """Set the levels and the log file. Called again when a command's own options add to
        those given before it (``finops-ai --verbose run --log-file F``): it sets what they
        say together, and a log file already open for the same path is kept, not opened twice."""
        if quiet or verbose:
            self.stderr.setLevel(logging.WARNING if quiet else logging.DEBUG)
        if log_file is not None and log_file != self.log_file:
            try:
                to_file = logging.FileHandler(log_file, encoding="utf-8")
            except OSError as exc:
                raise FinopsError(f"{log_file}: cannot open the log file ({exc.strerror})") from exc
            to_file.setFormatter(_stamped())
            to_file.addFilter(MaskingFilter())
            self._drop_file()
            self.to_file, self.log_file = to_file, log_file
            LOG.addHandler(to_file)
        if self.to_file is not None:
            self.to_file.setLevel(logging.DEBUG if verbose else logging.INFO)

    def _drop_file(self) -> None:
        if self.to_file is not None:
            LOG.removeHandler(self.to_file)
            self.to_file.close()
            self.to_file = self.log_file = None

    def close(self) -> None:
        LOG.removeHandler(self.stderr)
        self.stderr.close()
        self._drop_file()
