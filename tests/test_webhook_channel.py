"""`finops-ai run` posting the month's headline to an incoming webhook: a real HTTP server on
127.0.0.1 (tests/helpers/webhook.py) receives the POST, and the tests read its JSON body as
Slack would.

The warehouse is the sample bills'; every figure the message must carry is computed here from
the JSON report the same run wrote (report.formats = ["json"]), not copied from the code's
output. Also: once per month (a second run does not post), a failed post (500) retried by the
next run, Slack's error answers (404 no_team...) quoted in one line, timeouts, refused
connections and redirects, the URL refused in the config file, and the URL's secret path in no
output, log, state or report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from finops_ai.cli import cli
from finops_ai.report.model import HeadsUp
from tests.conftest import REPO, SAMPLE_BILLS, invoke
from tests.helpers.smtp import free_port
from tests.helpers.webhook import Answer, Hook, webhook_server

TODAY = "2026-11-26"
MONTH = "2026-10"
SECRET = "Zq7WebhookSecretToken4f9a"  # the part of a Slack webhook URL that is its credential
PATH = f"/services/T0FINOPS/B0WEBHOOK/{SECRET}"
URL_ENV = "FINOPS_AI_WEBHOOK_URL"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("webhook") / "finops.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    return warehouse


@pytest.fixture
def folder(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the sample warehouse (a run writes its state beside it) and a config
    file naming it: no sources to refresh, the JSON report written, no email."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(built, tmp_path / "data" / "finops.duckdb")
    write_config(tmp_path)
    monkeypatch.setenv("FINOPS_AI_TODAY", TODAY)
    return tmp_path


@pytest.fixture
def hook() -> Hook:
    with webhook_server() as server:
        yield server


def write_config(folder: Path, extra: str = "", sources: list[str] | None = None) -> Path:
    path = folder / "finops.toml"
    path.write_text(
        f"""# written by tests/test_webhook_channel.py
warehouse = "data/finops.duckdb"

[ingest]
sources = {json.dumps(sources or [])}

[report]
month = "{MONTH}"
formats = ["json"]
output_dir = "reports"
{extra}"""
    )
    return path


def run(folder: Path, *args: str):
    return CliRunner().invoke(
        cli, ["run", "--config", str(folder / "finops.toml"), *args], catch_exceptions=False
    )


def report_json(folder: Path) -> dict:
    return json.loads((folder / "reports" / f"finops-ai-report-{MONTH}.json").read_text())


def state(folder: Path) -> dict:
    """The run state; a run with no source to refresh and nothing delivered writes none."""
    path = folder / "data" / "finops.duckdb.state.json"
    return json.loads(path.read_text()) if path.exists() else {"sent": {}}


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "Error:" in line]


def share(value: float) -> str:
    return f"{value * 100:.1f}%"


def expected_headline(report: dict) -> dict[str, str]:
    """The figures the message must show, formatted from the report's JSON contract
    (docs/report.md) the way the report prints them: $, thousands separators, 1 decimal %."""
    change = report["trend"][-1]["mom_change"]["ai_total"]
    alerts = [b for b in report["budgets"]["lines"] if b["status"] in ("over", "forecast_over")]
    return {
        "subject": (
            f"AI spend report October 2026: ${report['ai_total']:,.0f} "
            f"({change * 100:+.1f}% vs month before), "
            f"inference {share(report['inference_share_of_ai'])} of AI"
        ),
        "share": f"Inference share of AI spend: {share(report['inference_share_of_ai'])} "
        f"({share(report['inference_share_of_total'])} of all spend",
        "ai": f"AI spend: ${report['ai_total']:,.2f} ({change * 100:+.1f}% vs month before",
        "unbudgeted": f"Unbudgeted AI opex: ${report['unbudgeted_total']:,.2f}",
        "heads_ups": str(len(alerts) + len(report["heads_ups"]) + len(report["model_heads_ups"])),
    }


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text


def test_a_run_posts_the_headline_once_per_month(folder, hook, monkeypatch):
    monkeypatch.setenv(URL_ENV, hook.url(PATH))
    log_file = folder / "run.log"
    first = CliRunner().invoke(
        cli,
        ["--log-file", str(log_file), "run", "--config", str(folder / "finops.toml")],
        catch_exceptions=False,
    )
    assert first.exit_code == 0, first.stderr
    assert len(hook.requests) == 1
    request = hook.requests[0]
    assert request.path == PATH
    assert request.headers["Content-Type"].startswith("application/json")
    body = request.json
    report = report_json(folder)
    want = expected_headline(report)
    text = body["text"]
    lines = text.splitlines()
    assert lines[0] == want["subject"]
    for key in ("share", "ai", "unbudgeted"):
        assert any(line.startswith(want[key]) for line in lines), (want[key], text)
    # The top heads-ups, in the report's order (no budgets file: heads_ups, then the models').
    total = int(want["heads_ups"])
    assert total > 3, "the sample bills have more heads-ups than the message lists"
    first_up = report["heads_ups"][0]
    assert f"Heads-ups (3 of {total}):" in lines
    assert any(
        line.startswith("• ") and (first_up["label"] or first_up["key"]) in line for line in lines
    )
    assert sum(line.startswith("• ") for line in lines) == 3
    assert f"… and {total - 3} more in the report." in lines
    # Slack: a header with the headline, then a section per paragraph, all carrying the text.
    assert body["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": want["subject"]},
    }
    sections = [b["text"]["text"] for b in body["blocks"][1:]]
    assert all(b["type"] == "section" for b in body["blocks"][1:])
    assert "\n\n".join(sections) == "\n\n".join(text.split("\n\n")[1:])

    port = hook.port
    assert f"posted to webhook http://127.0.0.1:{port}/***" in first.stderr
    assert state(folder)["sent"][MONTH]["webhook"]["subject"] == want["subject"]
    assert_no_secret(
        first.stdout,
        first.stderr,
        log_file.read_text(),
        (folder / "data" / "finops.duckdb.state.json").read_text(),
    )

    again = run(folder)
    assert again.exit_code == 0, again.stderr
    assert len(hook.requests) == 1  # the month was posted: not again
    assert f"webhook for {MONTH} already posted at " in again.stderr

    resent = run(folder, "--resend")
    assert resent.exit_code == 0, resent.stderr
    assert len(hook.requests) == 2
    assert hook.requests[1].json == body


def test_a_failed_post_is_retried_by_the_next_run(folder, hook, monkeypatch):
    monkeypatch.setenv(URL_ENV, hook.url(PATH))
    hook.answers.append(Answer(500, "internal_error\n<html>trace</html>"))
    failed = run(folder)
    assert failed.exit_code == 5, failed.stderr
    [line] = error_lines(failed)
    where = f"webhook http://127.0.0.1:{hook.port}/***"
    assert f"webhook: {where} answered HTTP 500: internal_error" in line
    assert "The next run posts the headline again" in line
    assert "<html>" not in line  # only the body's first line
    assert (folder / "reports" / f"finops-ai-report-{MONTH}.json").is_file()  # files regardless
    assert "webhook" not in state(folder)["sent"].get(MONTH, {})
    assert_no_secret(failed.stdout, failed.stderr)

    retried = run(folder)
    assert retried.exit_code == 0, retried.stderr
    assert len(hook.requests) == 2
    assert hook.requests[1].json == hook.requests[0].json
    assert "webhook" in state(folder)["sent"][MONTH]
    assert len(hook.requests) == 2 and run(folder).exit_code == 0 and len(hook.requests) == 2


@pytest.mark.parametrize(
    ("status", "body"),
    [(404, "no_team"), (403, "invalid_token"), (410, "channel_is_archived")],
)
def test_slacks_refusals_are_one_line_quoting_the_body(folder, hook, monkeypatch, status, body):
    monkeypatch.setenv(URL_ENV, hook.url(PATH))
    hook.answers.append(Answer(status, body + "\n"))
    result = run(folder)
    assert result.exit_code == 5, result.stderr
    [line] = error_lines(result)
    assert f"webhook http://127.0.0.1:{hook.port}/*** answered HTTP {status}: {body}" in line
    assert "Check FINOPS_AI_WEBHOOK_URL" in line
    assert "webhook" not in state(folder)["sent"].get(MONTH, {})
    assert_no_secret(result.stdout, result.stderr)


def test_connection_refused_timeout_and_redirect_are_one_line_each(folder, hook, monkeypatch):
    down = free_port()
    monkeypatch.setenv(URL_ENV, f"http://127.0.0.1:{down}{PATH}")
    refused = run(folder)
    assert refused.exit_code == 5
    [line] = error_lines(refused)
    assert f"cannot connect to webhook http://127.0.0.1:{down}/***: connection refused" in line

    monkeypatch.setenv(URL_ENV, hook.url(PATH))
    monkeypatch.setenv("FINOPS_AI_WEBHOOK_TIMEOUT", "1")
    hook.answers.append(Answer(delay=3))
    slow = run(folder)
    assert slow.exit_code == 5
    [line] = error_lines(slow)
    assert f"webhook http://127.0.0.1:{hook.port}/*** did not answer within 1s" in line

    # A redirect would take the message, and the URL's secret, elsewhere: never followed.
    hook.answers.append(Answer(302, "", {"Location": f"http://attacker.example{PATH}"}))
    moved = run(folder)
    assert moved.exit_code == 5
    [line] = error_lines(moved)
    assert "answered HTTP 302, a redirect to attacker.example; not followed" in line
    assert len(hook.requests) == 2  # the slow one and the redirected one; nothing followed
    assert "webhook" not in state(folder)["sent"].get(MONTH, {})
    assert_no_secret(
        refused.stderr, slow.stderr, moved.stderr, refused.stdout, slow.stdout, moved.stdout
    )


@pytest.mark.parametrize(
    "text",
    [
        f'[webhook]\nurl = "https://hooks.slack.com{PATH}"\n',
        f'webhook_url = "https://hooks.slack.com{PATH}"\n',
    ],
)
def test_a_webhook_url_in_the_config_file_is_refused(folder, hook, text):
    write_config(folder, extra=text)
    result = run(folder)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1, result.stderr
    assert "secrets never go in the config file" in result.stderr
    assert "Set FINOPS_AI_WEBHOOK_URL in the environment" in result.stderr
    assert hook.requests == []
    assert not (folder / "reports").exists()
    assert_no_secret(result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            f"http://hooks.example.com{PATH}",
            "FINOPS_AI_WEBHOOK_URL must be an https:// URL: over http:// to hooks.example.com",
        ),
        (f"hooks.slack.com{PATH}", "FINOPS_AI_WEBHOOK_URL must be an https:// URL"),
    ],
)
def test_a_webhook_url_that_would_leak_is_refused_without_showing_it(
    folder, monkeypatch, url, message
):
    monkeypatch.setenv(URL_ENV, url)
    result = run(folder)
    assert result.exit_code == 3
    assert message in result.stderr
    assert_no_secret(result.stdout, result.stderr)


def test_a_stale_source_marks_the_headline_as_the_email_subject_does(folder, hook, monkeypatch):
    monkeypatch.setenv(URL_ENV, hook.url(PATH))
    missing = folder / "no-such-bills"
    write_config(folder, sources=[str(missing)])
    result = run(folder)
    assert result.exit_code == 4, result.stderr  # the source failed; the rest was delivered
    [posted] = hook.requests
    text = posted.json["text"]
    report = report_json(folder)
    [stale] = [n for n in report["notes"] if n["code"] == "stale_source"]
    assert text.splitlines()[0] == "[1 stale source] " + expected_headline(report)["subject"]
    assert posted.json["blocks"][0]["text"]["text"] == text.splitlines()[0]
    assert stale["message"].startswith(f"Stale source {missing}: failing since ")
    assert stale["message"] in text

    again = run(folder)  # still failing: the month was posted, not again
    assert again.exit_code == 4
    assert len(hook.requests) == 1


def test_slack_escapes_bill_text_and_plain_sends_it_as_written(folder, hook, monkeypatch):
    """An account name is whoever named the account's: in Slack, ``<!channel>`` would ping the
    whole channel. The message is composed from the warehouse's report with such a name."""
    from finops_ai.deliver.channel import Rendered
    from finops_ai.deliver.webhook_channel import WebhookChannel
    from finops_ai.report.build import build_report
    from finops_ai.schedule.state import State

    model = build_report(folder / "data" / "finops.duckdb", month=MONTH)
    evil = "<!channel> R&D"
    up = HeadsUp("new", "USD", "inference", "account", "123", evil, "AWS", model.primary.ai_total)
    model = replace(model, heads_ups=[up], model_heads_ups=[])
    for fmt in ("slack", "plain"):
        channel = WebhookChannel(hook.url(PATH), fmt, 10, resend=True)
        channel.deliver(Rendered(model), State(folder / f"{fmt}.state.json"))
    slack, plain = (r.json for r in hook.requests)
    assert "&lt;!channel&gt; R&amp;D" in slack["text"]
    assert "<!channel>" not in json.dumps(slack)
    assert any("&lt;!channel&gt; R&amp;D" in b["text"]["text"] for b in slack["blocks"][1:])
    assert set(plain) == {"text"}
    assert f"• New account: {evil} (AWS)" in plain["text"]


def test_dry_run_and_config_show_the_webhook_by_its_host_only(folder, hook, monkeypatch):
    monkeypatch.setenv(URL_ENV, hook.url(PATH))
    plan = run(folder, "--dry-run")
    assert plan.exit_code == 0, plan.stderr
    assert f"webhook       webhook http://127.0.0.1:{hook.port}/*** (slack, timeout 30s)" in (
        plan.stdout
    )
    assert "  would post" in plan.stdout
    assert "headline    AI spend report October 2026: $" in plan.stdout
    assert hook.requests == []

    shown = CliRunner().invoke(
        cli, ["config", "--config", str(folder / "finops.toml")], catch_exceptions=False
    )
    assert shown.exit_code == 0, shown.stderr
    row = next(line for line in shown.stdout.splitlines() if line.startswith("webhook.url "))
    assert "******** (set)" in row and f"[env {URL_ENV}]" in row
    assert_no_secret(plan.stdout, plan.stderr, shown.stdout, shown.stderr)

    assert run(folder, "--quiet").exit_code == 0
    after = run(folder, "--dry-run")
    assert "  already posted at " in after.stdout and "would skip" in after.stdout


def test_a_real_scheduled_run_posts_through_the_installed_command(folder, hook):
    """The way cron runs it: a subprocess, the URL only in its environment."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        URL_ENV: hook.url(PATH),
        "FINOPS_AI_TODAY": TODAY,
    }
    log_file = folder / "cron.log"
    command = [sys.executable, "-m", "finops_ai", "--log-file", str(log_file), "run"]
    done = subprocess.run(
        [*command, "--config", str(folder / "finops.toml")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [posted] = hook.requests
    assert posted.json["text"].splitlines()[0] == expected_headline(report_json(folder))["subject"]
    assert f"posted to webhook http://127.0.0.1:{hook.port}/***" in done.stderr
    assert_no_secret(done.stdout, done.stderr, log_file.read_text())
