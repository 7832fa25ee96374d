"""One error hierarchy; the CLI turns each into a single line on stderr.

Exit codes (README "Exit codes"): every error carries the code the CLI exits with. The codes
above 2 belong to the scheduled commands (`run`, `send`, `config`), so that cron, systemd or a
monitoring wrapper can tell what went wrong without reading the log.
"""

from __future__ import annotations

import contextlib
import json

EXIT_OK = 0
EXIT_ERROR = 1  # bad input or option: a FinopsError
EXIT_INTERNAL = 2  # unexpected failure (click's own usage errors also exit 2)
EXIT_CONFIG = 3  # run/send/config: the config file, a FINOPS_AI_* variable, or a file they name
EXIT_SOURCE = 4  # run: a source failed; the others refreshed and the report was still delivered
EXIT_DELIVERY = 5  # run/send: report files or email could not be delivered
EXIT_LOCKED = 6  # run/send: another run holds the run lock; nothing was done
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report a command it stopped


def first_line(exc: Exception) -> str:
    """The first line of a driver's error message: what a one-line error quotes from it."""
    text = str(exc).strip()
    with contextlib.suppress(ValueError, AttributeError):  # DuckDB sometimes sends JSON
        text = json.loads(text).get("exception_message", text)
    return text.splitlines()[0] if text else type(exc).__name__


class FinopsError(Exception):
    """An error a user can act on. ``str()`` is the one line the CLI prints."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}. {self.hint}" if self.hint else self.message


class IngestError(FinopsError):
    """A bill that cannot be read: names the file and, where known, the row and column."""

    def __init__(self, path: str, problem: str, hint: str | None = None) -> None:
        super().__init__(f"{path}: {problem}", hint)
        self.path = path
        self.problem = problem


class UnknownFormatError(IngestError):
    """A file in no bill format we know: ingest can list all of them, or skip them."""


class WarehouseError(FinopsError):
    """The warehouse file is missing, locked, or a query against it failed."""


class SourceError(FinopsError):
    """A remote source (S3, a provider API) failed or refused us."""


class CredentialError(SourceError):
    """Credentials are missing, expired or lack permission."""


class ConfigError(FinopsError):
    """A setting or option is invalid."""


class SettingsError(ConfigError):
    """The settings of a scheduled run are invalid: unknown key, wrong type, missing field."""

    exit_code = EXIT_CONFIG


class SourcesFailedError(FinopsError):
    """A run finished, but one or more of its sources could not be refreshed."""

    exit_code = EXIT_SOURCE


class DeliveryError(FinopsError):
    """The report could not be written to its folder or sent by email."""

    exit_code = EXIT_DELIVERY


class RunLockedError(FinopsError):
    """Another `finops-ai run` (or `send`) holds the run lock."""

    exit_code = EXIT_LOCKED


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT), with the line saying what it left changed. A KeyboardInterrupt, not an
    Exception, so that no ``except Exception`` on the way (a `run` going on to its next source)
    swallows it."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, message: str = "interrupted: nothing was changed") -> None:
        super().__init__(message)
        self.message = message
