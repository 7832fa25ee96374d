"""`finops-ai run` end to end: S3 from moto, the AI providers from a local HTTP server, the email
through a real SMTP server on 127.0.0.1, the sample bills as the data.

The config file names four sources: the sample CUR 2.0 export in S3, the sample Azure FOCUS
folder, OpenAI and Anthropic. A run is checked as a user would: exit code, the report files,
the email received, the warehouse's totals against independent sums of the sources; then
again (nothing new, nothing sent), with a source failing, with the mail server down, and with
a second run started while the first holds the lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import boto3
import duckdb
import pytest
from click.testing import CliRunner
from moto import mock_aws

from finops_ai.cli import cli
from finops_ai.ingest import http
from tests.conftest import REPO, SAMPLE_BILLS, query
from tests.helpers.providers import ANTHROPIC_KEY, OPENAI_KEY, FakeProviders, serve
from tests.helpers.smtp import free_port, smtp_server

pytestmark = pytest.mark.slow

BUCKET = "acme-billing-exports"  # the bucket the sample manifests name
CUR2 = f"s3://{BUCKET}/aws/cur2/acme-cur2/"
AZURE = SAMPLE_BILLS / "azure" / "focus"
TODAY = "2026-11-05"  # the run reports on the month before: 2026-10
OCTOBER = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(31)]
OPENAI_DAY, ANTHROPIC_DAY = Decimal("100.25"), Decimal("50.25")
TO = ["cfo@example.com", "ml-leads@example.com"]
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ finops-ai\[\d+\] ")


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    monkeypatch.setenv("ANTHROPIC_ADMIN_KEY", ANTHROPIC_KEY)
    monkeypatch.setenv("FINOPS_AI_TODAY", TODAY)
    monkeypatch.setattr(http, "BASE_DELAY", 0.01)


@pytest.fixture
def s3():
    """The sample AWS bills in S3, keyed as their manifests expect."""
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        for path in sorted((SAMPLE_BILLS / "aws").rglob("*")):
            if path.is_file():
                key = path.relative_to(SAMPLE_BILLS).as_posix()
                client.put_object(Bucket=BUCKET, Key=key, Body=path.read_bytes())
        yield client


def provider_data(fake: FakeProviders) -> None:
    for day in OCTOBER:
        fake.openai[day]["costs"] = [
            {
                "object": "organization.costs.result",
                "amount": {"value": str(OPENAI_DAY), "currency": "usd"},
                "line_item": "gpt-4.1-mini-2025-04-14, input",
                "project_id": "proj_vision",
                "api_key_id": "key_vision",
                "quantity": 8000000,
                "quantity_unit": "tokens",
            }
        ]
        fake.anthropic[day]["cost_report"] = [
            {
                "currency": "USD",
                "amount": str(ANTHROPIC_DAY * 100),  # cents
                "workspace_id": "wrkspc_01support",
                "description": "Claude Haiku 4.5 Usage - Input Tokens",
                "cost_type": "tokens",
                "context_window": "0-200k",
                "model": "claude-haiku-4-5-20251001",
                "service_tier": "standard",
                "token_type": "uncached_input_tokens",
                "inference_geo": None,
            }
        ]


@pytest.fixture
def providers():
    with serve() as fake:
        provider_data(fake)
        yield fake


@pytest.fixture
def mailbox():
    with smtp_server() as server:
        yield server


def write_config(
    folder: Path,
    providers: FakeProviders,
    smtp_port: int | None,
    *,
    sources: list[str] | None = None,
    pull: list[str] | None = None,
    extra: str = "",
) -> Path:
    sources = [CUR2, str(AZURE)] if sources is None else sources
    pull = ["openai", "anthropic"] if pull is None else pull
    mail = (
        f"""
[mail]
to = {json.dumps(TO)}
from = "FinOps AI <finops-ai@example.com>"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
tls = "none"
"""
        if smtp_port
        else ""
    )
    path = folder / "finops.toml"
    path.write_text(
        f"""# written by tests/test_run.py
warehouse = "data/finops.duckdb"

[ingest]
sources = {json.dumps(sources)}

[pull]
providers = {json.dumps(pull)}
openai_base_url = "{providers.url}/v1"
anthropic_base_url = "{providers.url}"

[report]
month = "previous"
output_dir = "reports"
{mail}{extra}"""
    )
    (folder / "data").mkdir(exist_ok=True)
    return path


def run(config: Path, *args: str):
    return CliRunner().invoke(cli, ["run", "--config", str(config), *args], catch_exceptions=False)


def totals(warehouse: Path) -> dict[str, Decimal]:
    return dict(query(warehouse, "SELECT ProviderName, sum(BilledCost) FROM line_items GROUP BY 1"))


def independent_totals() -> dict[str, Decimal]:
    """Straight from the source files and the providers' data, with plain DuckDB."""
    aws = duckdb.sql(
        "SELECT sum(CAST(line_item_unblended_cost AS DECIMAL(38,12))) FROM read_parquet($p)",
        params={"p": str(SAMPLE_BILLS / "aws" / "cur2" / "**" / "*.parquet")},
    ).fetchall()[0][0]
    azure = duckdb.sql(
        "SELECT sum(CAST(BilledCost AS DECIMAL(38,12))) FROM read_csv($p, all_varchar=true)",
        params={"p": str(AZURE / "*.csv.gz")},
    ).fetchall()[0][0]
    return {
        "AWS": aws,
        "Microsoft": azure,
        "OpenAI": OPENAI_DAY * len(OCTOBER),
        "Anthropic": ANTHROPIC_DAY * len(OCTOBER),
    }


def report_json(folder: Path) -> dict:
    return json.loads((folder / "reports" / "finops-ai-report-2026-10.json").read_text())


def spend_requests(fake: FakeProviders) -> list[str]:
    """Requests for usage or cost data (not the organisation lookup)."""
    return [p for p, _, _ in fake.requests if "/usage" in p or "cost" in p]


def test_run_pulls_ingests_reports_and_emails_then_a_second_run_does_nothing(
    tmp_path, s3, providers, mailbox
):
    rules = (
        '[classify]\nrules = ["tag:workload=training -> training", "model:gpt-* -> inference"]\n'
    )
    config = write_config(tmp_path, providers, mailbox.port, extra=rules)
    warehouse = tmp_path / "data" / "finops.duckdb"
    log_file = tmp_path / "finops-ai.log"

    first = CliRunner().invoke(
        cli, ["--log-file", str(log_file), "run", "--config", str(config)], catch_exceptions=False
    )
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    # cron-friendly log: every stderr line stamped; the same lines in the log file
    lines = first.stderr.splitlines()
    assert lines and all(STAMP.match(line) for line in lines), lines[:3]
    assert any(line.endswith(f"[1/4] {CUR2}") for line in lines)
    assert "run finished: 4 of 4 source(s) refreshed; report 2026-10" in first.stderr
    assert len(log_file.read_text().splitlines()) == len(lines)

    expected = independent_totals()
    assert totals(warehouse) == expected
    assert query(warehouse, "SELECT count(*) FROM classification_rules") == [(2,)]
    assert f"stored 2 classification rule(s) from {config}" in first.stderr
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert names == [f"finops-ai-report-2026-10.{ext}" for ext in ("html", "json", "md")]
    assert report_json(tmp_path)["month"] == "2026-10"
    assert not [n for n in report_json(tmp_path)["notes"] if n["code"] == "stale_source"]

    assert len(mailbox.received) == 1
    message = mailbox.received[0].message
    assert mailbox.received[0].rcpt_tos == TO
    assert message["Subject"].startswith("AI spend report October 2026: $")
    state = json.loads((tmp_path / "data" / "finops.duckdb.state.json").read_text())
    assert set(state["sources"]) == {CUR2, str(AZURE), "openai", "anthropic"}
    assert set(state["sent"]["2026-10"]) == set(TO)

    # Again: nothing new anywhere (rules unchanged too). Nothing is downloaded, pulled, written
    # or sent.
    before = warehouse.read_bytes()
    requests = len(spend_requests(providers))
    second = run(config, "--quiet")
    assert second.exit_code == 0, second.stderr
    assert second.stderr == ""  # --quiet: a run that went well says nothing (no cron mail)
    assert warehouse.read_bytes() == before
    assert totals(warehouse) == expected
    assert len(spend_requests(providers)) == requests
    assert len(mailbox.received) == 1

    # --resend sends the month again; still nothing ingested twice.
    third = run(config, "--resend")
    assert third.exit_code == 0, third.stderr
    assert f"skipped s3://{BUCKET}/aws/cur2/acme-cur2/data/BILLING_PERIOD=2026-10" in third.stderr
    assert len(mailbox.received) == 2
    assert totals(warehouse) == expected


@pytest.mark.parametrize("failing", ["openai", "s3"])
def test_one_failing_source_leaves_the_others_refreshed_and_the_report_says_so(
    tmp_path, s3, providers, mailbox, failing
):
    sources = [CUR2, str(AZURE)]
    if failing == "openai":
        for _ in range(http.MAX_ATTEMPTS):
            providers.fail("/v1/organization/costs", 500)
        bad, why = "openai", "still failing after 6 attempts (HTTP 500)"
    else:
        sources.append("s3://acme-no-such-bucket/cur/")
        bad, why = "s3://acme-no-such-bucket/cur/", "bucket 'acme-no-such-bucket' does not exist"
    config = write_config(tmp_path, providers, mailbox.port, sources=sources)
    warehouse = tmp_path / "data" / "finops.duckdb"

    result = run(config)
    assert result.exit_code == 4, result.stderr
    error = [line for line in result.stderr.splitlines() if "Error:" in line]
    assert len(error) == 1 and f"source(s) failed: {bad}: " in error[0] and why in error[0]
    got = totals(warehouse)
    expected = independent_totals()
    if failing == "openai":
        assert "OpenAI" not in got
        expected.pop("OpenAI")
    assert got == expected  # everything else refreshed

    stale = [n for n in report_json(tmp_path)["notes"] if n["code"] == "stale_source"]
    assert len(stale) == 1
    assert stale[0]["message"].startswith(f"Stale source {bad}: failing since ")
    assert "it has never been refreshed" in stale[0]["message"] and why in stale[0]["message"]
    assert "Stale source" in (tmp_path / "reports" / "finops-ai-report-2026-10.md").read_text()
    message = mailbox.received[0].message
    assert message["Subject"].startswith("[1 stale source] AI spend report October 2026")
    assert f"Stale source {bad}" in message.get_body(("html",)).get_content()

    if failing == "openai":  # the provider is back: it catches up; the email is not re-sent
        again = run(config)
        assert again.exit_code == 0, again.stderr
        assert totals(warehouse) == independent_totals()
        assert not [n for n in report_json(tmp_path)["notes"] if n["code"] == "stale_source"]
        assert len(mailbox.received) == 1


def test_a_failed_email_keeps_the_files_and_send_resends_without_pulling(
    tmp_path, s3, providers, monkeypatch
):
    down = free_port()  # no mail server there yet
    config = write_config(tmp_path, providers, down)
    result = run(config)
    assert result.exit_code == 5, result.stderr
    assert f"cannot connect to SMTP server 127.0.0.1:{down}: connection refused" in result.stderr
    assert "finops-ai send --month 2026-10" in result.stderr
    assert (tmp_path / "reports" / "finops-ai-report-2026-10.html").is_file()
    state = json.loads((tmp_path / "data" / "finops.duckdb.state.json").read_text())
    assert state["sent"] == {}

    requests = len(providers.requests)
    with smtp_server() as mailbox:
        monkeypatch.setenv("FINOPS_AI_SMTP_PORT", str(mailbox.port))  # env beats the file
        sent = CliRunner().invoke(
            cli, ["send", "--config", str(config), "--month", "2026-10"], catch_exceptions=False
        )
        assert sent.exit_code == 0, sent.stderr
        assert len(providers.requests) == requests  # nothing pulled
        assert [r.rcpt_tos for r in mailbox.received] == [TO]

        again = run(config)  # the month is sent: the next run does not send it again
        assert again.exit_code == 0, again.stderr
        assert "email for 2026-10 already sent to cfo@example.com" in again.stderr
        assert len(mailbox.received) == 1


def test_dry_run_shows_the_plan_and_does_nothing(tmp_path, s3, providers, mailbox):
    config = write_config(tmp_path, providers, mailbox.port)
    result = run(config, "--dry-run")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "nothing is pulled, written or sent" in out
    assert "(would be created)" in out
    assert f"{CUR2}: would fetch each billing period's current delivery" in out
    assert "openai: would pull 2026-10-01 to 2026-11-05; OPENAI_ADMIN_KEY set (never run)" in out
    assert "would write " + str(tmp_path / "reports" / "finops-ai-report-2026-10.html") in out
    assert "cfo@example.com: would send" in out
    assert providers.requests == [] and mailbox.received == []
    assert not (tmp_path / "data" / "finops.duckdb").exists()
    assert not (tmp_path / "reports").exists()

    assert run(config, "--quiet").exit_code == 0
    after = run(config, "--dry-run").stdout
    assert "openai: every day is already complete: would pull nothing" in after
    assert "cfo@example.com: already sent at " in after and "would skip" in after
    assert "subject     AI spend report October 2026: $" in after


def test_a_second_run_while_the_first_holds_the_lock_exits_at_once(tmp_path, providers):
    providers.gate = __import__("threading").Event()  # hold the first run in its pull
    config = write_config(tmp_path, providers, None, sources=[], pull=["openai"])
    warehouse = tmp_path / "data" / "finops.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    first = subprocess.Popen(
        [sys.executable, "-m", "finops_ai", "run", "--config", str(config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert providers.arrived.wait(60), "the first run never reached the provider"
        second = run(config)
        lock = tmp_path / "data" / "finops.duckdb.run.lock"
        assert second.exit_code == 6, second.stderr
        assert f"another finops-ai run (pid {first.pid}, started at 20" in second.stderr
        assert f"holds {lock}; this one did nothing" in second.stderr
        assert not warehouse.exists()  # the second touched nothing
    finally:
        providers.gate.set()
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert totals(warehouse) == {"OpenAI": OPENAI_DAY * len(OCTOBER)}
    assert lock.read_text() == ""  # released cleanly


def test_a_lock_left_by_a_dead_run_is_taken_over(tmp_path, providers):
    config = write_config(tmp_path, providers, None, sources=[str(AZURE)], pull=[])
    lock = tmp_path / "data" / "finops.duckdb.run.lock"
    # What a run killed with -9 leaves: its note in the file, but no flock (the kernel dropped it).
    lock.write_text(json.dumps({"pid": 999999, "started_at": "2026-11-04T06:00:00Z"}) + "\n")
    result = run(config)
    assert result.exit_code == 0, result.stderr
    assert "(pid 999999, started at 2026-11-04T06:00:00Z) did not finish cleanly" in result.stderr
    assert lock.read_text() == ""


def test_a_config_error_exits_3_and_touches_nothing(tmp_path, providers):
    config = write_config(tmp_path, providers, None, extra='[smtp]\nhots = "mail"\n')
    result = run(config)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "unknown key 'hots' in [smtp]; did you mean 'host'?" in result.stderr
    assert providers.requests == []
    assert not (tmp_path / "data" / "finops.duckdb").exists()


def test_a_provider_without_its_key_is_a_config_error(tmp_path, providers, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_ADMIN_KEY")
    config = write_config(tmp_path, providers, None, sources=[])
    result = run(config)
    assert result.exit_code == 3
    assert "pull.providers names anthropic but ANTHROPIC_ADMIN_KEY is not set" in result.stderr
    assert providers.requests == []


def test_a_run_adds_loose_files_as_they_arrive_and_refuses_a_guess(tmp_path, providers, mailbox):
    """Cron picks files up as they arrive: a new loose part of the month is added, never
    refused; a loose file replacing one that is gone is refused (the source fails, exit 4)
    with the choice spelt out, and the rest of the run still delivers."""
    from tests.test_restatement import FOCUS

    month = FOCUS.replace("2024-04", "2026-11").replace("2024-03", "2026-10")
    header, first, second = month.splitlines(keepends=True)
    folder = tmp_path / "focus"
    folder.mkdir()
    (folder / "part-1.csv").write_text(header + first)
    config = write_config(tmp_path, providers, mailbox.port, sources=[str(folder)], pull=[])
    warehouse = tmp_path / "data" / "finops.duckdb"
    assert run(config).exit_code == 0
    (folder / "part-2.csv").write_text(header + second)
    added = run(config)
    assert added.exit_code == 0, added.stderr
    assert "added to Acme Cloud account acct-9 2026-10" in added.stderr
    assert query(warehouse, "SELECT sum(BilledCost) FROM line_items") == [(Decimal("10.34"),)]

    (folder / "part-1.csv").rename(tmp_path / "gone.csv")
    (folder / "part-3.csv").write_text(header + first.replace("12.34,10.00", "20.00,18.00"))
    refused = run(config)
    assert refused.exit_code == 4, refused.stderr
    assert "part-1.csv" in refused.stderr and "--replace" in refused.stderr
    assert query(warehouse, "SELECT sum(BilledCost) FROM line_items") == [(Decimal("10.34"),)]
