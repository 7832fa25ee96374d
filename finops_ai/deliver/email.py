"""Compose the report email: an HTML body mail clients display, a plain-text alternative, and
the full HTML report attached.

The body is its own template (templates/email.html.j2), rendered from the same Report model as
every other format: inline styles only (clients drop <style> blocks and stylesheets), table
layout, and bars drawn as coloured table cells. It has no script, no SVG (Gmail strips it), no
image and no external URL, so nothing is blocked, fetched or tracked. The plain-text part is the
text report. The attachment is the full HTML report, the page `finops-ai report -o` writes.

Built with the standard library's ``email.message.EmailMessage``: multipart/mixed holding a
multipart/alternative (text/plain, text/html) and the text/html attachment.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from email.message import EmailMessage

from finops_ai import __version__
from finops_ai.deliver.files import report_file_name
from finops_ai.report.model import Report
from finops_ai.report.render import environment, money, month_name, pct, render

TEXT_WIDTH = 80  # plain-text mail: readable in any client without wrapping the tables
STALE_CODE = "stale_source"


def address_key(recipient: str) -> str:
    """``"Ann <Ann@Example.com>"`` -> ``"ann@example.com"``: who was sent to, not how named."""
    return email.utils.parseaddr(recipient)[1].lower() or recipient.lower()


def subject(report: Report) -> str:
    """The month and its headline: AI spend, its change, and the inference share."""
    s = report.primary
    current = s.current
    change = current.mom_change.get("ai_total") if current else None
    parts = [f"AI spend report {month_name(report.month)}: {money(s.ai_total, s.currency, False)}"]
    if change is not None:
        parts.append(f" ({pct(change, signed=True)} vs month before)")
    if s.inference_share_of_ai is not None:
        parts.append(f", inference {pct(s.inference_share_of_ai)} of AI")
    stale = [n for n in report.notes if n.code == STALE_CODE]
    prefix = f"[{len(stale)} stale source{'s' if len(stale) > 1 else ''}] " if stale else ""
    return prefix + "".join(parts)


def body_html(report: Report, attachment: str) -> str:
    template = environment().get_template("email.html.j2")
    return template.render(
        r=report,
        s=report.primary,
        attachment=attachment,
        stale=[n for n in report.notes if n.code == STALE_CODE],
        other_notes=[n for n in report.notes if n.code != STALE_CODE],
        fmt="html",
        color=False,
    )


def body_text(report: Report, attachment: str) -> str:
    text = render(report, "text", width=TEXT_WIDTH, color=False)
    template = environment().get_template("email.txt.j2")
    return template.render(r=report, report_text=text, attachment=attachment, fmt="text")


def compose(
    report: Report,
    *,
    sender: str,
    recipients: list[str],
    full_html: str | None = None,
    when: dt.datetime | None = None,
) -> EmailMessage:
    """The message for ``recipients``; ``full_html`` is the attached report (rendered if None)."""
    attachment = report_file_name(report.month, "html")
    message = EmailMessage()
    message["Subject"] = subject(report)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = email.utils.format_datetime(when or dt.datetime.now(dt.UTC))
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or "finops-ai.invalid"
    # A domain of our own: make_msgid's default asks DNS for this host's name, which can hang.
    message["Message-ID"] = email.utils.make_msgid("finops-ai", domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
    message["X-Mailer"] = f"finops-ai {__version__}"
    message.set_content(body_text(report, attachment))
    message.add_alternative(body_html(report, attachment), subtype="html")
    message.add_attachment(
        full_html if full_html is not None else render(report, "html"),
        subtype="html",
        filename=attachment,
    )
    return message
