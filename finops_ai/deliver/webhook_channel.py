"""The webhook channel of a scheduled run: the month's headline posted to Slack or any incoming
webhook that takes Slack's JSON, once per month, by the run state's record (as the email).

The message (templates/webhook.txt.j2) is the email's subject as its first line, with the same
stale-source marker (``[1 stale source] AI spend report October 2026: ...``), then the headline
figures, the first heads-ups and the stale sources. It always has a plain ``text``, so a generic
webhook and Slack both show it; ``webhook.format = "slack"`` (the default) adds Block Kit
``blocks`` and escapes ``&``, ``<`` and ``>`` as Slack requires (bill text such as
``<!channel>`` in an account name must not ping anybody); ``"plain"`` sends ``{"text": ...}``
exactly as written.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from finops_ai.deliver import webhook
from finops_ai.deliver.channel import Delivery, Rendered, SentLog
from finops_ai.deliver.email import STALE_CODE, subject
from finops_ai.report.model import Report
from finops_ai.report.render import _terminal_safe, environment

log = logging.getLogger("finops_ai.deliver")

KEY = "webhook"  # the run state's "recipient" for the webhook: a month is posted once
TOP_HEADS_UPS = 3
# Slack's limits: a header's plain text, a section's text, the top-level text.
HEADER_LIMIT, SECTION_LIMIT, TEXT_LIMIT = 150, 3000, 40_000
_SLACK_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def headline(report: Report) -> str:
    """The message as plain text: paragraphs separated by one blank line."""
    # Bill text (account names, models) is data: its control characters are shown, not obeyed.
    safe = _terminal_safe(report)
    text = (
        environment()
        .get_template("webhook.txt.j2")
        .render(
            r=safe,
            s=safe.primary,
            subject=subject(report),
            top=TOP_HEADS_UPS,
            stale=[n for n in safe.notes if n.code == STALE_CODE],
            fmt="text",
        )
    )
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def slack_escape(text: str) -> str:
    return text.translate(_SLACK_ESCAPES)


def payload(report: Report, fmt: str) -> dict[str, Any]:
    """The JSON body: ``{"text": ...}``, and for Slack ``blocks`` too (a header, then one
    section per paragraph)."""
    text = headline(report)
    if fmt == "plain":
        return {"text": _cut(text, TEXT_LIMIT)}
    first, _, rest = text.partition("\n\n")
    blocks: list[dict[str, Any]] = [
        # The first line carries no bill text (month, figures, the stale count): plain_text.
        {"type": "header", "text": {"type": "plain_text", "text": _cut(first, HEADER_LIMIT)}}
    ]
    for paragraph in rest.split("\n\n") if rest else []:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _cut(slack_escape(paragraph), SECTION_LIMIT)},
            }
        )
    return {"text": _cut(slack_escape(text), TEXT_LIMIT), "blocks": blocks}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class WebhookChannel:
    """Post the month's headline to ``url``, unless the run state says this month was posted
    (``resend`` posts it again). Posted is recorded only once the webhook answered 2xx, so a
    failed post is tried again by the next run."""

    url: str = field(repr=False)
    format: str = "slack"
    timeout: float = 30.0
    resend: bool = False
    name: str = "webhook"
    needs_data: bool = True

    @property
    def where(self) -> str:
        return webhook.where(self.url)

    def deliver(self, report: Rendered, state: SentLog) -> Delivery:
        month = report.month
        done = state.sent(month).get(KEY)
        if done and not self.resend:
            log.info(
                f"webhook for {month} already posted at {done['sent_at']}; "
                "not posted again (--resend posts it again)"
            )
            return Delivery(self.name, [], [self.where], "webhook already posted")
        body = payload(report.model, self.format)
        log.info(f"posting the {month} headline to {self.where}")
        webhook.post(self.url, body, self.timeout)
        state.record_sent(month, [KEY], subject=subject(report.model), webhook=self.where)
        state.save()
        log.info(f'posted "{subject(report.model)}" to {self.where}')
        return Delivery(self.name, [self.where], [], f"posted to {self.where}")

    def plan(self, month: str | None, report: Report | None, state: SentLog) -> list[str]:
        lines = [f"webhook       {self.where} ({self.format}, timeout {self.timeout:g}s)"]
        if report is not None:
            lines.append(f"  headline    {subject(report)} (from the warehouse as it is now)")
        done = state.sent(month).get(KEY) if month else None
        if done and not self.resend:
            lines.append(f"  already posted at {done['sent_at']}; would skip")
        else:
            lines.append("  would post" + (" again (--resend)" if done else ""))
        return lines
