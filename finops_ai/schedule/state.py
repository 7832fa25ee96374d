"""What scheduled runs remember between them: each source's last refresh and the emails sent.

A small JSON file beside the warehouse (``<warehouse>.state.json``), not a table in it: recording
that a source *failed* must not need a write of the warehouse (each write copies the whole file),
and a run where nothing changed must leave the warehouse untouched. It is written atomically
(temporary file, fsync, rename) and only by the holder of the run lock, so runs never lose each
other's updates. Losing it costs little: sources count as never refreshed until their next
success, and a month's email may be sent once more.

    {"version": 1,
     "sources": {"s3://bucket/cur/": {"last_success": "2026-11-05T06:00:12Z",
                                     "last_attempt": "...", "failing_since": null, "error": null}},
     "sent": {"2026-10": {"cfo@example.com": {"sent_at": "...", "message_id": "<...>",
                                              "subject": "..."},
                          "webhook": {"sent_at": "...", "subject": "...",
                                      "webhook": "webhook https://hooks.slack.com/***"}}}}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finops_ai.deliver.email import address_key
from finops_ai.errors import WarehouseError
from finops_ai.masking import mask

VERSION = 1


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class SourceStatus:
    name: str
    last_success: str | None
    last_attempt: str | None
    failing_since: str | None
    error: str | None

    @property
    def stale(self) -> bool:
        return self.failing_since is not None


class State:
    """The state file's contents; ``save()`` writes them back atomically."""

    def __init__(self, path: Path, doc: dict[str, Any] | None = None) -> None:
        self.path = path
        self.doc = doc or {"version": VERSION, "sources": {}, "sent": {}}
        self.doc.setdefault("sources", {})
        self.doc.setdefault("sent", {})

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise WarehouseError(f"{path}: cannot read the run state ({exc.strerror})") from exc
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise WarehouseError(
                f"{path}: the run state is not valid JSON ({exc})",
                "Delete it: sources then count as never refreshed, and the month's email may "
                "be sent again",
            ) from exc
        if not isinstance(doc, dict) or doc.get("version") != VERSION:
            raise WarehouseError(f"{path}: not a finops-ai run state (version {VERSION})")
        return cls(path, doc)

    def save(self) -> None:
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.doc, handle, indent=2, sort_keys=True)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise WarehouseError(f"{self.path}: cannot write the run state ({exc})") from exc

    # -- sources ----------------------------------------------------------------------------
    def source(self, name: str) -> SourceStatus:
        entry = self.doc["sources"].get(name, {})
        return SourceStatus(
            name,
            entry.get("last_success"),
            entry.get("last_attempt"),
            entry.get("failing_since"),
            # masked on the way out too: a state file written before masking may hold a key
            mask(entry["error"]) if entry.get("error") else None,
        )

    def record_success(self, name: str, at: str) -> None:
        self.doc["sources"][name] = {
            "last_success": at,
            "last_attempt": at,
            "failing_since": None,
            "error": None,
        }

    def record_failure(self, name: str, at: str, error: str) -> None:
        entry = self.doc["sources"].setdefault(name, {"last_success": None})
        entry["last_attempt"] = at
        entry["failing_since"] = entry.get("failing_since") or at
        entry["error"] = mask(error)  # it reaches the report's notes and the email

    # -- emails -----------------------------------------------------------------------------
    def sent(self, month: str) -> dict[str, dict[str, str]]:
        """Recipient (lower-cased address) -> when and what was sent for ``month``."""
        return dict(self.doc["sent"].get(month, {}))

    def record_sent(self, month: str, recipients: list[str], **details: str) -> None:
        """Record that ``recipients`` were sent ``month``'s report now (deliver.channel.SentLog)."""
        entry = self.doc["sent"].setdefault(month, {})
        at = now()
        for recipient in recipients:
            entry[address_key(recipient)] = {"sent_at": at, **details}
