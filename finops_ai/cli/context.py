"""What every command is handed: the global options as given, wherever on the line they were."""

from __future__ import annotations

import os
from pathlib import Path

import click

from finops_ai.logs import LOG, Logs
from finops_ai.warehouse import db

ENV_DEBUG = "FINOPS_AI_DEBUG"
STORAGE_VERSION_ENV = "FINOPS_AI_STORAGE_VERSION"


class Context:
    """The global options. They may come before the subcommand (``finops-ai --quiet run``), after
    it (``finops-ai run --quiet``), or both: each place is applied as it is parsed, the one after
    the subcommand last, so it wins; flags add up."""

    def __init__(self, logs: Logs | None = None) -> None:
        self.explicit_warehouse: Path | None = None
        self.quiet = False
        self.verbose = False
        self.log_file: Path | None = None
        self.storage_version = os.environ.get(STORAGE_VERSION_ENV, db.DEFAULT_STORAGE_VERSION)
        self.memory_limit: str | None = None
        # Settings given on the command line, for config.resolve: name -> (value, flag).
        self.flags: dict[str, tuple[object, str]] = {}
        self.logs = logs

    @property
    def warehouse(self) -> Path:
        return self.explicit_warehouse or db.default_path()

    def apply(
        self,
        *,
        warehouse: Path | None,
        quiet: bool,
        verbose: bool,
        log_file: Path | None,
        storage_version: str | None,
        memory_limit: str | None,
        debug: bool,
    ) -> None:
        """Take the global options given at one place on the command line."""
        if debug:
            os.environ[ENV_DEBUG] = "1"
        self.quiet = self.quiet or quiet
        self.verbose = self.verbose or verbose
        self.log_file = log_file or self.log_file
        if self.logs is not None:
            self.logs.configure(self.quiet, self.verbose, self.log_file)
        if warehouse is not None:
            self.explicit_warehouse = warehouse
            self.flags["warehouse"] = (warehouse, "--warehouse")
        if storage_version is not None:
            self.storage_version = storage_version
            self.flags["storage_version"] = (storage_version, "--storage-version")
        if memory_limit:
            db.check_memory_limit(memory_limit, "--memory-limit")
            # Every connection reads it from there (warehouse/db.py), whichever command opens it.
            os.environ[db.MEMORY_LIMIT_ENV] = memory_limit
            self.memory_limit = memory_limit
            self.flags["memory_limit"] = (memory_limit, "--memory-limit")

    def note(self, message: str) -> None:
        """Progress and notes: stderr (not with --quiet) and the --log-file."""
        LOG.info(message)


pass_ctx = click.make_pass_decorator(Context)
