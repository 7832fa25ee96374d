"""Send a message over SMTP: plain, STARTTLS or implicit TLS, with an optional login.

TLS always verifies the server's certificate against the system's CAs (or ``ca_file`` for a
private or self-signed CA); there is no switch to turn verification off. smtplib's and ssl's
exceptions are translated here, and nowhere else, into one DeliveryError line that names the
server and says what to check. The password never appears in a message.
"""

from __future__ import annotations

import email.utils
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from finops_ai.errors import DeliveryError

TLS_MODES = ("none", "starttls", "ssl")


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    tls: str = "starttls"  # none, starttls, ssl
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    timeout: float = 60.0

    @property
    def where(self) -> str:
        return f"SMTP server {self.host}:{self.port}"


def send(message: EmailMessage, server: SmtpServer, recipients: list[str]) -> dict[str, str]:
    """Send ``message`` to ``recipients``; return those the server refused (address -> why).

    Raises DeliveryError when nothing could be sent.
    """
    if server.tls not in TLS_MODES:
        raise DeliveryError(f"smtp.tls {server.tls!r} is not one of {', '.join(TLS_MODES)}")
    envelope = [email.utils.parseaddr(r)[1] or r for r in recipients]
    sender = email.utils.parseaddr(str(message["From"]))[1]
    try:
        with _connect(server) as client:
            refused = client.send_message(message, from_addr=sender, to_addrs=envelope)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(
            f"{server.where} refused every recipient: {_refusals(exc.recipients)}",
            "Check mail.to (or --to)",
        ) from None
    except smtplib.SMTPSenderRefused as exc:
        raise DeliveryError(
            f"{server.where} refused the sender {sender} ({_reply(exc.smtp_code, exc.smtp_error)})",
            "Check mail.from: many servers only accept their own users' addresses",
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(
            f"{server.where} refused the message ({_reply(exc.smtp_code, exc.smtp_error)})"
        ) from None
    except DeliveryError:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        raise _connection_error(server, exc) from None
    return {addr: _reply(*why) for addr, why in refused.items()}


def _connect(server: SmtpServer) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=str(server.ca_file) if server.ca_file else None)
    if server.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=server.timeout, context=context
        )
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    try:
        client.ehlo()
        if server.tls == "starttls":
            if not client.has_extn("starttls"):
                raise DeliveryError(
                    f"{server.where} does not offer STARTTLS",
                    "Use smtp.tls = 'ssl' for a TLS port (465), or 'none' only for a relay on "
                    "this machine",
                )
            client.starttls(context=context)
            client.ehlo()
        if server.user:
            try:
                client.login(server.user, server.password or "")
            except smtplib.SMTPAuthenticationError as exc:
                raise DeliveryError(
                    f"{server.where} refused the login for {server.user!r} "
                    f"({_reply(exc.smtp_code, exc.smtp_error)})",
                    "Check smtp.user and FINOPS_AI_SMTP_PASSWORD",
                ) from None
            except smtplib.SMTPNotSupportedError:
                raise DeliveryError(
                    f"{server.where} offers no login (AUTH)"
                    + (" without TLS" if server.tls == "none" else ""),
                    "Unset smtp.user, or use smtp.tls = 'starttls' or 'ssl'",
                ) from None
    except BaseException:
        client.close()
        raise
    return client


def _connection_error(server: SmtpServer, exc: BaseException) -> DeliveryError:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(
            f"{server.where}: its TLS certificate is not trusted ({exc.verify_message})",
            "If it is signed by a private CA, point smtp.ca_file at that CA's certificate",
        )
    if isinstance(exc, ssl.SSLError):
        return DeliveryError(
            f"{server.where}: TLS failed ({exc.reason or exc})",
            "smtp.tls = 'ssl' needs a port that speaks TLS at once (465); 'starttls' a plain "
            "one (587)",
        )
    if isinstance(exc, ConnectionRefusedError):
        return DeliveryError(
            f"cannot connect to {server.where}: connection refused",
            "Check smtp.host and smtp.port, and that the server is running",
        )
    if isinstance(exc, socket.gaierror):
        return DeliveryError(f"cannot connect to {server.where}: unknown host", "Check smtp.host")
    if isinstance(exc, TimeoutError):
        return DeliveryError(
            f"{server.where} did not answer within {server.timeout:g}s",
            "Check smtp.host, smtp.port and the firewall, or raise smtp.timeout",
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return DeliveryError(
            f"{server.where} closed the connection ({exc or 'no reason given'})",
            "Is smtp.tls right for this port (465: ssl, 587: starttls)?",
        )
    return DeliveryError(f"cannot send through {server.where}: {type(exc).__name__}: {exc}")


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{addr} ({_reply(*why)})" for addr, why in recipients.items())
