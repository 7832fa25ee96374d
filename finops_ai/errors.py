"""One error hierarchy; the CLI turns each into a single line on stderr."""

from __future__ import annotations


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


class WarehouseError(FinopsError):
    """The warehouse file is missing, locked, or a query against it failed."""


class SourceError(FinopsError):
    """A remote source (S3, a provider API) failed or refused us."""


class CredentialError(SourceError):
    """Credentials are missing, expired or lack permission."""


class ConfigError(FinopsError):
    """A setting or option is invalid."""
