"""`finops-ai pull` against servers that misbehave: redirects elsewhere, trickles, silence.

The admin key must never reach another origin, and no server may keep a pull (or the warehouse's
write lock) for longer than the pull's deadline. Each test runs real HTTP servers on 127.0.0.1
and the real client; the deadlines are a second or two, so the tests stay fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import socketserver
import threading
from decimal import Decimal

import pytest
from click.testing import CliRunner

from finops_ai.cli import cli
from finops_ai.ingest import http, openai
from finops_ai.pipeline import pull_provider
from tests.conftest import invoke, query, snapshot
from tests.helpers.providers import ANTHROPIC_KEY, OPENAI_KEY, FakeProviders, serve
from tests.helpers.trickle import trickle_server
from tests.test_providers_api import openai_day

DAY = ("--since", "2026-10-01", "--until", "2026-10-01")
KEYS = {
    "openai": ("OPENAI_ADMIN_KEY", OPENAI_KEY),
    "anthropic": ("ANTHROPIC_ADMIN_KEY", ANTHROPIC_KEY),
}
FIRST_PATH = {"openai": "/v1/organization/costs", "anthropic": "/v1/organizations/me"}
# ...as the error names it: relative to the base URL
API_PATH = {"openai": "/organization/costs", "anthropic": "/v1/organizations/me"}


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(http, "BASE_DELAY", 0.01)


@pytest.fixture
def api():
    with serve() as fake:
        yield fake


def base_url(provider: str, url: str) -> str:
    return url + "/v1" if provider == "openai" else url


@pytest.fixture
def populated(runner, warehouse, api, monkeypatch):
    """A warehouse holding one OpenAI day, which failed pulls must leave byte for byte."""
    openai_day(api, dt.date(2026, 10, 1))
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    result = invoke(runner, warehouse, "pull", "openai", "--base-url", api.url + "/v1", *DAY)
    assert result.exit_code == 0, result.stderr
    return warehouse


# ------------------------------------------------------------------------------------------
# redirects


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_origin_is_refused_and_the_key_never_leaves(
    runner, warehouse, api, monkeypatch, provider, status
):
    env, key = KEYS[provider]
    monkeypatch.setenv(env, key)
    with serve(FakeProviders()) as elsewhere:  # the same host, another port: another origin
        api.fail(FIRST_PATH[provider], status, {}, Location=elsewhere.url + FIRST_PATH[provider])
        result = invoke(
            runner, warehouse, "pull", provider, "--base-url", base_url(provider, api.url), *DAY
        )
        assert elsewhere.requests == []  # not asked at all, so it never saw the key
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    name = "OpenAI" if provider == "openai" else "Anthropic"
    target = elsewhere.url.removeprefix("http://")
    assert lines[-1].startswith(
        f"Error: {name} API {API_PATH[provider]}: HTTP {status} redirects to another origin, "
        f"http://{target}; refused, so the key in {env} is not sent there."
    ), lines[-1]
    assert key not in result.stderr
    assert not warehouse.exists()


def test_a_redirect_from_https_to_http_on_the_same_host_is_another_origin():
    assert http.origin("https://api.example.com/v1") != http.origin("http://api.example.com/v1")
    assert http.origin("https://API.example.com/v1") == http.origin("https://api.example.com:443/")
    assert http.origin("http://127.0.0.1:80/a") == http.origin("http://127.0.0.1/b")
    assert http.origin("http://127.0.0.1:8080/") != http.origin("http://127.0.0.1:8081/")
    assert http.origin("http://localhost:8080/") != http.origin("http://127.0.0.1:8080/")


def test_a_redirect_within_the_origin_is_followed_with_the_key(runner, warehouse, api, monkeypatch):
    openai_day(api, dt.date(2026, 10, 1))
    api.moved_prefix = "/old"
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    result = invoke(runner, warehouse, "pull", "openai", "--base-url", api.url + "/old/v1", *DAY)
    assert result.exit_code == 0, result.stderr
    moved = [h for p, _, h in api.requests if p.startswith("/v1/")]
    assert len(moved) == 11 and all(h["authorization"] == f"Bearer {OPENAI_KEY}" for h in moved)
    assert query(warehouse, "SELECT sum(BilledCost) FROM line_items") == [
        (Decimal("15.6234567891"),)
    ]


# ------------------------------------------------------------------------------------------
# deadlines


@pytest.mark.parametrize("mode", ["body", "headers", "silent"])
def test_a_trickling_or_silent_server_cannot_keep_a_pull_past_its_deadline(
    runner, populated, monkeypatch, mode
):
    before = snapshot(populated)
    with trickle_server(mode) as slow:
        result = invoke(
            runner,
            populated,
            "pull",
            "openai",
            "--base-url",
            slow.url + "/v1",
            "--deadline",
            "1",
            *DAY,
            "--full",
        )
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(
        "Error: OpenAI pull stopped at its 1s deadline during /organization/costs; "
        "nothing was written. Raise the deadline (--deadline, pull.deadline or "
        "FINOPS_AI_PULL_DEADLINE)"
    ), error
    assert len(slow.requests) == 1  # the deadline ends the pull, not only the request
    assert snapshot(populated) == before


def test_an_endless_response_is_cut_at_its_size_cap_and_changes_nothing(
    runner, populated, monkeypatch
):
    """A proxy gone wrong that streams without end must not fill the cron host's memory."""
    monkeypatch.setattr(http, "MAX_RESPONSE_BYTES", 2**20)
    sent = []

    class Endless(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            while self.rfile.readline().strip():
                pass
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
            with contextlib.suppress(OSError):
                for _ in range(64):  # 4 MiB, then the server gives up so a failing test ends
                    self.wfile.write(b" " * 65536)
                    sent.append(65536)

    before = snapshot(populated)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Endless)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        result = invoke(runner, populated, "pull", "openai", "--base-url", url, *DAY, "--full")
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(
        "Error: OpenAI API /organization/costs: the response passed 1 MiB and was not read "
        "further; nothing was written"
    ), error
    assert snapshot(populated) == before


def test_the_deadline_comes_from_the_environment_too(runner, warehouse, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    monkeypatch.setenv("FINOPS_AI_PULL_DEADLINE", "1")
    with trickle_server("body") as slow:
        result = invoke(runner, warehouse, "pull", "openai", "--base-url", slow.url + "/v1", *DAY)
    assert result.exit_code == 1
    assert "OpenAI pull stopped at its 1s deadline" in result.stderr
    assert not warehouse.exists()


def test_a_retry_after_past_the_deadline_fails_at_once(runner, populated, api, monkeypatch):
    before = snapshot(populated)
    api.requests.clear()
    api.fail("/v1/organization/costs", 429, {"error": {"message": "slow down"}}, Retry_After="30")
    result = invoke(
        runner,
        populated,
        "pull",
        "openai",
        "--base-url",
        api.url + "/v1",
        "--deadline",
        "5",
        *DAY,
        "--full",
    )
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(
            "Error: OpenAI pull stopped at its 5s deadline during /organization/costs (after "
            "HTTP 429, a retry in 30.0s would pass it); nothing was written."
        )
    )
    assert len(api.calls("/v1/organization/costs")) == 1  # no pointless wait, no second try
    assert snapshot(populated) == before


def test_a_retry_after_within_the_deadline_is_honoured(populated, api, monkeypatch):
    slept: list[float] = []
    real_client = openai.client

    def client(*args, **kwargs):
        api = real_client(*args, **kwargs)
        api.sleep = slept.append
        return api

    monkeypatch.setattr(openai, "client", client)
    api.fail("/v1/organization/costs", 429, {}, Retry_After="90")
    result = pull_provider(
        populated,
        "openai",
        since=dt.date(2026, 10, 1),
        until=dt.date(2026, 10, 1),
        base_url=api.url + "/v1",
        full=True,
        environ={"OPENAI_ADMIN_KEY": OPENAI_KEY},
        deadline=200,
    )
    assert result.load_id is not None
    assert slept == [90.0]  # as asked: not capped, not cut short


def lock_is_free(warehouse) -> bool:
    with open(warehouse.with_name(warehouse.name + ".lock"), "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_a_pull_waiting_on_the_network_does_not_hold_the_write_lock(populated, api):
    api.requests.clear()
    api.arrived.clear()
    api.gate = threading.Event()  # the provider holds every request until released
    outcome: dict[str, object] = {}

    def pull() -> None:
        try:
            outcome["result"] = pull_provider(
                populated,
                "openai",
                since=dt.date(2026, 10, 1),
                until=dt.date(2026, 10, 1),
                base_url=api.url + "/v1",
                full=True,
                environ={"OPENAI_ADMIN_KEY": OPENAI_KEY},
            )
        except Exception as exc:  # noqa: BLE001 - reported by the assert below
            outcome["error"] = exc

    thread = threading.Thread(target=pull)
    thread.start()
    try:
        assert api.arrived.wait(10), "the pull never reached the provider"
        assert lock_is_free(populated)  # other ingests are not kept waiting on the provider
    finally:
        api.gate.set()
        thread.join(30)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["result"].load_id is not None


def test_run_gives_each_provider_pull_the_configured_deadline(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    config = tmp_path / "finops.toml"
    with trickle_server("body") as slow:
        config.write_text(
            f'warehouse = "finops.duckdb"\n[pull]\nproviders = ["openai"]\n'
            f'openai_base_url = "{slow.url}/v1"\ndeadline = 1\n[report]\nformats = ["md"]\n'
        )
        result = CliRunner().invoke(cli, ["run", "--config", str(config)], catch_exceptions=False)
    assert result.exit_code == 4, result.stderr
    errors = [line for line in result.stderr.splitlines() if "Error:" in line]
    assert len(errors) == 1
    assert "openai: OpenAI pull stopped at its 1s deadline during /organization/costs" in errors[0]
    assert not (tmp_path / "finops.duckdb").exists()  # nothing was written
