"""No admin key (or other secret) is printed, logged, stored or sent, even when a provider
echoes it back (`Incorrect API key provided: sk-admin-...`).

One end-to-end `run` checks every sink a provider error reaches: stderr, the --log-file, the run
state, the report files and the email. The tests after it take each masking layer on its own
(the client's messages, the log handlers, the state writer, `finops-ai config`), since any one
of them would hide the others' gaps in the end-to-end run.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from finops_ai import pipeline
from finops_ai.cli import cli
from finops_ai.errors import CredentialError
from finops_ai.ingest import http
from finops_ai.masking import mask, mask_url
from finops_ai.schedule.run import stale_notes
from finops_ai.schedule.state import State
from tests.helpers.providers import ANTHROPIC_KEY, OPENAI_KEY, serve
from tests.helpers.smtp import smtp_server
from tests.test_run import provider_data, write_config

LONG_KEY = "sk-admin-" + "Zq7" * 16 + "LAST"  # as long as a real admin key
ECHO = {
    "type": "error",
    "error": {"type": "authentication_error", "message": f"invalid x-api-key: {ANTHROPIC_KEY}"},
}


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(http, "BASE_DELAY", 0.01)


def test_a_key_echoed_by_a_provider_reaches_no_sink_of_a_run(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    monkeypatch.setenv("ANTHROPIC_ADMIN_KEY", ANTHROPIC_KEY)
    monkeypatch.setenv("FINOPS_AI_TODAY", "2026-11-05")
    log_file = tmp_path / "run.log"
    with serve() as providers, smtp_server() as mailbox:
        provider_data(providers)
        providers.fail("/v1/organizations/me", 401, ECHO)
        config = write_config(tmp_path, providers, mailbox.port, sources=[])
        result = CliRunner().invoke(
            cli,
            ["--log-file", str(log_file), "run", "--config", str(config)],
            catch_exceptions=False,
        )
    assert result.exit_code == 4, result.stderr  # anthropic failed, openai refreshed
    state = (tmp_path / "data" / "finops.duckdb.state.json").read_text()
    reports = {p.name: p.read_text() for p in (tmp_path / "reports").iterdir()}
    assert len(reports) == 3  # html, md, json
    assert len(mailbox.received) == 1
    sinks = {
        "stderr": result.stderr,
        "log file": log_file.read_text(),
        "state": state,
        **reports,
        "email": mailbox.received[0].data.decode("utf-8", "replace"),
    }
    for name, text in sinks.items():
        assert ANTHROPIC_KEY not in text, name
        assert "test-0123456789" not in text, name
    # the message itself is kept, so the user still learns what went wrong
    error = json.loads(state)["sources"]["anthropic"]["error"]
    assert "HTTP 401, the key in ANTHROPIC_ADMIN_KEY was refused (invalid x-api-key: " in error
    assert "sk-ant-admin01-***" in error
    # (the Markdown report escapes the mask's asterisks, as it does every data field)
    assert r"invalid x-api-key: sk-ant-admin01-\*\*\*" in reports["finops-ai-report-2026-10.md"]


def test_the_client_masks_the_key_it_sent_whatever_its_shape(warehouse):
    odd_key = "org-admin-key-with-no-known-shape-7781"  # not in os.environ: only the client knows
    with serve() as api:
        message = f"Incorrect API key provided: {odd_key}; also seen: {LONG_KEY}"
        api.fail("/v1/organization/costs", 401, {"error": {"message": message}})
        with pytest.raises(CredentialError) as caught:
            pipeline.pull_provider(
                warehouse,
                "openai",
                base_url=api.url + "/v1",
                environ={"OPENAI_ADMIN_KEY": odd_key},
            )
    text = str(caught.value)
    assert odd_key not in text and LONG_KEY not in text
    assert "(Incorrect API key provided: ***; also seen: sk-admin-…LAST)" in text


def test_the_log_handlers_mask_any_line(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", LONG_KEY)

    def broken(*_args, **_kwargs):
        raise RuntimeError(f"urllib said: header Authorization: Bearer {LONG_KEY}")

    monkeypatch.setattr(pipeline, "pull_provider", broken)
    log_file = tmp_path / "pull.log"
    result = runner.invoke(
        cli,
        ["--warehouse", str(tmp_path / "w.duckdb"), "--log-file", str(log_file), "pull", "openai"],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    for text in (result.stderr, log_file.read_text()):
        assert LONG_KEY not in text and "Zq7Zq7" not in text
        assert "Internal error: RuntimeError: urllib said: header Authorization: Bearer ***" in text


def test_a_debug_traceback_is_masked_too(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", LONG_KEY)

    def broken(*_args, **_kwargs):
        raise RuntimeError(f"urllib said: header Authorization: Bearer {LONG_KEY}")

    monkeypatch.setattr(pipeline, "pull_provider", broken)
    result = runner.invoke(
        cli, ["--warehouse", str(tmp_path / "w.duckdb"), "--debug", "pull", "openai"]
    )
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert "in broken" in result.stderr  # the traceback itself, not only the error line
    assert LONG_KEY not in result.stderr and "Zq7Zq7" not in result.stderr


def test_the_run_state_masks_what_it_records_and_what_an_older_file_holds(tmp_path):
    path = tmp_path / "finops.duckdb.state.json"
    state = State(path)
    state.record_failure("openai", "2026-11-05T06:00:00Z", f"HTTP 401 (bad key {LONG_KEY})")
    state.save()
    assert LONG_KEY not in path.read_text()
    saved = json.loads(path.read_text())["sources"]["openai"]["error"]
    assert saved == "HTTP 401 (bad key sk-admin-…LAST)"

    older = {"version": 1, "sent": {}, "sources": {"anthropic": {"error": f"no: {ANTHROPIC_KEY}"}}}
    older["sources"]["anthropic"].update(last_success=None, failing_since="2026-11-04T06:00:00Z")
    path.write_text(json.dumps(older))
    notes = stale_notes(State.load(path), ["anthropic"])
    assert len(notes) == 1 and ANTHROPIC_KEY not in notes[0].message
    assert "(no: sk-ant-admin01-***)" in notes[0].message


def test_config_masks_credentials_in_urls(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "finops.toml").write_text(
        '[pull]\nopenai_base_url = "https://proxy.internal/v1?api_key=zzz-proxy-secret&region=eu"\n'
    )
    monkeypatch.setenv(
        "FINOPS_AI_INGEST_ENDPOINT_URL", "https://minio:s3cr3t-pass@minio.local:9000"
    )
    result = runner.invoke(cli, ["-v", "config"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    for text in (result.stdout, result.stderr):  # -v: the settings are logged as well
        assert "zzz-proxy-secret" not in text and "s3cr3t-pass" not in text
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "https://proxy.internal/v1?api_key=***&region=eu  [file " in rows["pull.openai_base_url"]
    assert "https://***@minio.local:9000  [env " in rows["ingest.endpoint_url"]


@pytest.mark.parametrize(
    "text, masked",
    [
        (f"Incorrect API key provided: {LONG_KEY}.", "Incorrect API key provided: sk-admin-…LAST."),
        ("key sk-ant-admin01-" + "x" * 40 + "9f3a", "key sk-ant-admin01-…9f3a"),
        ("sk-proj-short123", "sk-proj-***"),
        ("Authorization: Bearer abc.def.ghi", "Authorization: Bearer ***"),
        (
            "s3://bucket/cur/ and https://api.openai.com/v1",
            "s3://bucket/cur/ and https://api.openai.com/v1",
        ),
        ("masked already: sk-admin-…LAST", "masked already: sk-admin-…LAST"),
    ],
)
def test_mask(text, masked):
    assert mask(text) == masked
    assert mask(masked) == masked  # masking twice changes nothing


def test_mask_url_keeps_what_is_not_a_secret():
    assert (
        mask_url("https://u:p@h.example:8443/a?key=1&x=2")
        == "https://***@h.example:8443/a?key=***&x=2"
    )
    assert mask_url("https://h.example/a?x=2") == "https://h.example/a?x=2"
