"""The ways a scheduled run delivers the month's report, behind one small interface.

A channel is handed the report (rendered at most once per format, whatever the channels ask)
and the run state's record of who has had which month; it delivers, and says what it did, or
raises a FinopsError (DeliveryError) saying what failed. The run tries every channel whatever
the others did, and a failure of any makes it exit 5 (schedule/run.py).

Channels today: the report files (deliver/files.py), the email (deliver/email_channel.py) and
the webhook (deliver/webhook_channel.py). A new one is one module with a class like theirs,
listed in schedule/run.py's ``channels``, and its settings in config.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from finops_ai.report.model import Report


class SentLog(Protocol):
    """Who has had which month's report: the run state (schedule/state.py) keeps it between
    runs, so each recipient gets a month once."""

    def sent(self, month: str) -> dict[str, dict[str, str]]:
        """Recipient key -> when and what was sent for ``month``."""
        ...

    def record_sent(self, month: str, recipients: list[str], **details: str) -> None: ...

    def save(self) -> None: ...


class Rendered:
    """A month's report and its renderings, each made once however many channels use it."""

    def __init__(self, model: Report) -> None:
        self.model = model
        self._texts: dict[str, str] = {}

    @property
    def month(self) -> str:
        return self.model.month

    def text(self, fmt: str) -> str:
        """The report rendered as ``fmt`` (html, md, json, text), as `finops-ai report` does."""
        if fmt not in self._texts:
            from finops_ai.report.render import render

            self._texts[fmt] = render(self.model, fmt)
        return self._texts[fmt]


@dataclass
class Delivery:
    """What one channel did with a month's report."""

    channel: str
    delivered: list[str] = field(default_factory=list)  # files written, recipients sent to
    skipped: list[str] = field(default_factory=list)  # recipients who had this month already
    summary: str = ""  # for the run's last line, e.g. "emailed to 2 recipient(s)"; "" if none


class Channel(Protocol):
    """One way to deliver the report."""

    name: str  # how errors and notes name it: "report files", "email"
    # True: a month without line items yet is not delivered (a later run delivers it once
    # there is data); a message to people waits, the files are written regardless.
    needs_data: bool

    def deliver(self, report: Rendered, state: SentLog) -> Delivery: ...

    def plan(self, month: str | None, report: Report | None, state: SentLog) -> list[str]:
        """What ``deliver`` would do, as `run --dry-run` prints it; nothing is done. ``month``
        and ``report`` are None when the warehouse cannot say yet (no data, no warehouse)."""
        ...
