"""The report email channel of a scheduled run: composed (deliver/email.py), sent over SMTP
(deliver/smtp.py), and sent once per month and recipient, by the run state's record."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from finops_ai.deliver import smtp
from finops_ai.deliver.channel import Delivery, Rendered, SentLog
from finops_ai.deliver.email import address_key, compose, subject
from finops_ai.errors import DeliveryError
from finops_ai.report.model import Report

log = logging.getLogger("finops_ai.deliver")


@dataclass
class EmailChannel:
    """Email the report to ``recipients``, but not again to one who has the month's email
    unless ``resend``; each accepted recipient is recorded, and refusals are a DeliveryError
    naming them (after the others were sent to)."""

    server: smtp.SmtpServer
    sender: str
    recipients: list[str]
    resend: bool = False
    name: str = "email"
    needs_data: bool = True

    def deliver(self, report: Rendered, state: SentLog) -> Delivery:
        month = report.month
        sent = state.sent(month)
        to_send = [r for r in self.recipients if self.resend or address_key(r) not in sent]
        skipped = [r for r in self.recipients if r not in to_send]
        for recipient in skipped:
            when = sent[address_key(recipient)]["sent_at"]
            log.info(
                f"email for {month} already sent to {recipient} at {when}; "
                "not sent again (--resend sends it again)"
            )
        accepted = self._send(report, to_send, state) if to_send else []
        summary = (
            f"emailed to {len(accepted)} recipient(s)"
            if accepted
            else "email already sent"
            if skipped
            else ""
        )
        return Delivery(self.name, accepted, skipped, summary)

    def plan(self, month: str | None, report: Report | None, state: SentLog) -> list[str]:
        server = self.server
        how = f"{server.host or '(not set)'}:{server.port} ({server.tls}"
        how += f", login {server.user})" if server.user else ", no login)"
        lines = [f"email         from {self.sender or '(not set)'} via {how}"]
        if report is not None:
            lines.append(f"  subject     {subject(report)} (from the warehouse as it is now)")
        sent = state.sent(month) if month else {}
        for recipient in self.recipients:
            done = sent.get(address_key(recipient))
            if done and not self.resend:
                lines.append(f"  {recipient}: already sent at {done['sent_at']}; would skip")
            else:
                lines.append(f"  {recipient}: would send" + (" again (--resend)" if done else ""))
        return lines

    def _send(self, report: Rendered, recipients: list[str], state: SentLog) -> list[str]:
        try:
            message = compose(
                report.model,
                sender=self.sender,
                recipients=recipients,
                full_html=report.text("html"),
            )
        except ValueError as exc:  # a header the settings check let through: say so, do not crash
            raise DeliveryError(
                f"cannot compose the report email: {exc}", "Check mail.from and mail.to (or --to)"
            ) from exc
        server = self.server
        log.info(f"emailing {report.month} to {', '.join(recipients)} via {server.where}")
        refused = smtp.send(message, server, recipients)
        refused_keys = {k.lower() for k in refused}
        accepted = [r for r in recipients if address_key(r) not in refused_keys]
        state.record_sent(
            report.month,
            accepted,
            subject=str(message["Subject"]),
            message_id=str(message["Message-ID"]),
        )
        state.save()
        log.info(f'sent "{message["Subject"]}" to {", ".join(accepted)}')
        if refused:
            raise DeliveryError(
                f"{server.where} refused "
                + "; ".join(f"{addr} ({why})" for addr, why in refused.items())
                + f"; sent to the others ({', '.join(accepted)})",
                "Check mail.to",
            )
        return accepted
