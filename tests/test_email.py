"""The report email, received by a real SMTP server on 127.0.0.1 (aiosmtpd) and parsed back.

`finops-ai send` renders the month from the sample warehouse and sends it through
deliver/smtp.py; the tests read what the server received as a mail client would: envelope,
headers, the multipart/alternative body, the attachment. TLS is verified against a throwaway CA
(smtp.ca_file); failures (bad login, untrusted certificate, refused connection) are one clear
line, exit 5, and never show the password.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from finops_ai.deliver import smtp
from finops_ai.deliver.email import compose
from finops_ai.errors import DeliveryError
from finops_ai.report.build import build_report
from finops_ai.report.model import Note
from finops_ai.report.render import render
from tests.conftest import SAMPLE_BILLS, invoke
from tests.helpers.smtp import PASSWORD, USER, free_port, make_certs, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # aiosmtpd: AUTH without TLS

TODAY = "2026-11-26"
TO = ["cfo@example.com", "ML Leads <ml-leads@example.com>"]
SENDER = "FinOps AI <finops-ai@example.com>"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("email") / "finops.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    return warehouse


@pytest.fixture
def sample(built: Path, tmp_path: Path) -> Path:
    """A private copy: send writes its run state beside the warehouse."""
    warehouse = tmp_path / "finops.duckdb"
    shutil.copyfile(built, warehouse)
    return warehouse


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory):
    return make_certs(tmp_path_factory.mktemp("certs"))


def mail_env(monkeypatch, server, tls: str = "none", **extra: str) -> None:
    monkeypatch.setenv("FINOPS_AI_SMTP_HOST", server.host)
    monkeypatch.setenv("FINOPS_AI_SMTP_PORT", str(server.port))
    monkeypatch.setenv("FINOPS_AI_SMTP_TLS", tls)
    monkeypatch.setenv("FINOPS_AI_MAIL_FROM", SENDER)
    monkeypatch.setenv("FINOPS_AI_TODAY", TODAY)
    for name, value in extra.items():
        monkeypatch.setenv(f"FINOPS_AI_{name.upper()}", value)


def send(runner, warehouse: Path, *args: str):
    to = [a for r in TO for a in ("--to", r)]
    return invoke(runner, warehouse, "send", "--month", "2026-10", *to, *args)


def assert_mail_safe(html: str) -> None:
    """What mail clients strip or block: scripts, SVG, external resources, style sheets."""
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert "<svg" not in lowered
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]", lowered), "an external URL"
    assert "<link" not in lowered and "<img" not in lowered and "url(" not in lowered
    assert "<style" not in lowered  # Gmail and Outlook keep inline styles only, reliably
    assert " on" not in re.sub(r">[^<]*<", "><", lowered).replace(" one", "")  # no onload= etc.


def test_the_received_email(runner, sample, monkeypatch):
    with smtp_server() as server:
        mail_env(monkeypatch, server)
        result = send(runner, sample)
    assert result.exit_code == 0, result.stderr
    assert len(server.received) == 1
    got = server.received[0]
    assert got.mail_from == "finops-ai@example.com"
    assert got.rcpt_tos == ["cfo@example.com", "ml-leads@example.com"]
    message = got.message
    assert message["To"] == "cfo@example.com, ML Leads <ml-leads@example.com>"
    assert message["From"] == SENDER
    assert message["Auto-Submitted"] == "auto-generated"
    # the month and the headline figure, exactly as the report has them
    assert message["Subject"] == (
        "AI spend report October 2026: $293,266 (+97.9% vs month before), inference 62.0% of AI"
    )

    assert message.get_content_type() == "multipart/mixed"
    body, attachment = message.get_payload()
    assert body.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in body.get_payload()] == ["text/plain", "text/html"]
    plain = body.get_payload()[0].get_content()
    assert plain.startswith("AI spend report · October 2026")
    assert "$293,265.66" in plain and "finops-ai-report-2026-10.html" in plain
    html = body.get_payload()[1].get_content()
    assert_mail_safe(html)
    assert "$293,266" in html and "62.0%" in html and "October 2026" in html
    assert 'bgcolor="#2563eb"' in html  # the bars are table cells

    assert attachment.get_content_type() == "text/html"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "finops-ai-report-2026-10.html"
    model = build_report(sample, month="2026-10", today=dt.date(2026, 11, 26))
    # SMTP carries CRLF line ends; the report is the same text.
    assert attachment.get_content().replace("\r\n", "\n") == render(model, "html")


def test_stale_sources_are_flagged_in_subject_and_body(sample):
    model = build_report(sample, month="2026-10", today=dt.date(2026, 11, 26))
    stale = Note("stale_source", "Stale source openai: failing since 2026-11-05 06:00 UTC.")
    message = compose(replace(model, notes=[stale, *model.notes]), sender=SENDER, recipients=TO)
    assert message["Subject"].startswith("[1 stale source] AI spend report October 2026")
    html = message.get_body(("html",)).get_content()
    assert 'id="stale-sources"' in html and "Stale source openai" in html
    assert "Stale source openai" in message.get_body(("plain",)).get_content()
    assert_mail_safe(html)


def test_starttls_with_a_private_ca_and_a_login(runner, sample, monkeypatch, certs):
    with smtp_server(tls="starttls", certs=certs, login=True) as server:
        mail_env(
            monkeypatch,
            server,
            "starttls",
            smtp_user=USER,
            smtp_password=PASSWORD,
            smtp_ca_file=str(certs.ca),
        )
        result = send(runner, sample)
    assert result.exit_code == 0, result.stderr
    assert server.logins == [USER]
    assert [r.rcpt_tos for r in server.received] == [["cfo@example.com", "ml-leads@example.com"]]


def test_implicit_tls(runner, sample, monkeypatch, certs):
    with smtp_server(tls="ssl", certs=certs) as server:
        mail_env(monkeypatch, server, "ssl", smtp_ca_file=str(certs.ca))
        result = send(runner, sample)
    assert result.exit_code == 0, result.stderr
    assert len(server.received) == 1


def test_an_untrusted_certificate_is_refused_not_ignored(runner, sample, monkeypatch, certs):
    with smtp_server(tls="starttls", certs=certs) as server:
        mail_env(monkeypatch, server, "starttls")  # no smtp.ca_file: the system CAs only
        result = send(runner, sample)
    assert result.exit_code == 5
    assert "its TLS certificate is not trusted" in result.stderr
    assert "smtp.ca_file" in result.stderr
    assert server.received == []


def test_a_refused_login_is_one_clear_line(runner, sample, monkeypatch, certs):
    with smtp_server(tls="starttls", certs=certs, login=True) as server:
        mail_env(
            monkeypatch,
            server,
            "starttls",
            smtp_user=USER,
            smtp_password="wrong-password",
            smtp_ca_file=str(certs.ca),
        )
        result = send(runner, sample)
    assert result.exit_code == 5
    assert f"refused the login for '{USER}' (535" in result.stderr
    assert "FINOPS_AI_SMTP_PASSWORD" in result.stderr
    assert "wrong-password" not in result.output
    assert server.received == []
    assert len([line for line in result.stderr.splitlines() if "Error:" in line]) == 1


def test_a_refused_connection_is_a_delivery_error(runner, sample, monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setenv("FINOPS_AI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FINOPS_AI_SMTP_PORT", str(port))
    monkeypatch.setenv("FINOPS_AI_SMTP_TLS", "none")
    monkeypatch.setenv("FINOPS_AI_MAIL_FROM", SENDER)
    result = send(runner, sample)
    assert result.exit_code == 5
    assert f"cannot connect to SMTP server 127.0.0.1:{port}: connection refused" in result.stderr
    assert "Check smtp.host and smtp.port" in result.stderr


def test_a_refused_recipient_is_named_and_the_others_still_get_it(runner, sample, monkeypatch):
    with smtp_server() as server:
        server.refuse.add("ml-leads@example.com")
        mail_env(monkeypatch, server)
        result = send(runner, sample)
    assert result.exit_code == 5
    assert "refused ml-leads@example.com (550" in result.stderr
    assert [r.rcpt_tos for r in server.received] == [["cfo@example.com"]]


def test_starttls_not_offered_is_not_silently_skipped(sample):
    model = build_report(sample, month="2026-10", today=dt.date(2026, 11, 26))
    message = compose(model, sender=SENDER, recipients=TO)
    with (
        smtp_server() as server,  # plain SMTP: no STARTTLS
        pytest.raises(DeliveryError, match="does not offer STARTTLS"),
    ):
        smtp.send(message, smtp.SmtpServer(server.host, server.port, "starttls"), TO)
    assert server.received == []
