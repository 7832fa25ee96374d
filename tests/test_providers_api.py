"""`finops-ai pull openai|anthropic` against a real HTTP server on 127.0.0.1.

The server (tests/helpers/providers.py) implements the two admin APIs' paging the way the
providers document it, over a small fixed dataset, and tests script failures in front of it
(429 then success, 500 then success, 401, 403). The client under test is the real one; only its
base URL points here.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from finops_ai.ingest import http
from finops_ai.pipeline import pull_provider
from tests.conftest import invoke, query, snapshot
from tests.helpers.providers import (
    ANTHROPIC_KEY,
    OPENAI_KEY,
    ORG_ID,
    FakeProviders,
    day_start,
    serve,
)


@pytest.fixture
def api():
    with serve() as fake:
        yield fake


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(http, "BASE_DELAY", 0.01)


def openai_day(fake: FakeProviders, day: dt.date, scale: int = 1) -> Decimal:
    """One day of OpenAI data; returns its billed total."""
    fake.openai[day]["costs"] = [
        {
            "object": "organization.costs.result",
            "amount": {"value": 12.5 * scale, "currency": "usd"},
            "line_item": "gpt-4.1-mini-2025-04-14, input",
            "project_id": "proj_vision",
            "api_key_id": "key_vision",
            "quantity": 31250000 * scale,
            "quantity_unit": "tokens",
        },
        {
            "object": "organization.costs.result",
            # an amount as a string, and no api_key_id/quantity (older shape)
            "amount": {"value": "3.1234567891", "currency": "usd"},
            "line_item": "gpt-4.1-mini-2025-04-14, output",
            "project_id": "proj_vision",
        },
    ]
    fake.openai[day]["completions"] = [
        {
            "object": "organization.usage.completions.result",
            "input_tokens": 41250000 * scale,
            "input_cached_tokens": 10000000 * scale,
            "output_tokens": 1952160 * scale,
            "num_model_requests": 900,
            "project_id": "proj_vision",
            "user_id": None,
            "api_key_id": "key_vision",
            "model": "gpt-4.1-mini-2025-04-14",
            "batch": False,
            "service_tier": "default",
        },
    ]
    return Decimal("12.5") * scale + Decimal("3.1234567891")


def test_pull_openai_reads_every_page_and_keeps_every_cent(runner, warehouse, api, monkeypatch):
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(8)]
    total = sum(openai_day(api, d) for d in days if d.day != 4)  # 2026-10-04: empty bucket
    api.openai[dt.date(2026, 9, 14)]["costs"] = [
        {
            "object": "organization.costs.result",
            "amount": {"value": 300, "currency": "usd"},
            "line_item": "gpt-4.1-mini-2025-04-14, training",
            "project_id": "proj_research",
            "api_key_id": None,
            "quantity": 60000000,
            "quantity_unit": "tokens",
        }
    ]
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", api.url + "/v1")
    result = invoke(
        runner, warehouse, "pull", "openai", "--since", "2026-09-14", "--until", "2026-10-08"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert OPENAI_KEY not in result.stderr

    costs = api.calls("/v1/organization/costs")
    assert len(costs) == 9  # 25 days, 3 buckets a page
    first = costs[0]
    assert first["group_by"] == ["project_id", "line_item", "api_key_id"]
    assert first["bucket_width"] == ["1d"] and first["limit"] == ["180"]
    assert first["start_time"] == [str(day_start(dt.date(2026, 9, 14)))]
    assert first["end_time"] == [str(day_start(dt.date(2026, 10, 9)))]
    assert [q.get("page") for q in costs[1:3]] == [["page_3"], ["page_6"]]
    # every usage endpoint was read
    paths = {p for p, _, _ in api.requests}
    assert {
        f"/v1/organization/usage/{e}"
        for e in (
            "completions",
            "embeddings",
            "moderations",
            "images",
            "audio_speeches",
            "audio_transcriptions",
            "vector_stores",
            "code_interpreter_sessions",
            "file_search_calls",
            "web_search_calls",
        )
    } <= paths

    got = query(
        warehouse,
        "SELECT count(*), sum(BilledCost) FROM line_items WHERE x_ProviderReport = 'costs'",
    )[0]
    assert got == (15, total + 300)
    row = query(
        warehouse,
        """
        SELECT ProviderName, ServiceCategory, SubAccountId, x_Model, x_TokenType, x_ApiKeyId,
               BillingCurrency, ConsumedQuantity, ConsumedUnit, BillingPeriodStart,
               ChargePeriodStart, ChargePeriodEnd, x_SourceFormat, x_CostEstimated
        FROM line_items WHERE x_ProviderReport = 'costs' AND ChargePeriodStart = '2026-10-02'
          AND x_TokenType = 'input'""",
    )
    assert row == [
        (
            "OpenAI",
            "AI and Machine Learning",
            "proj_vision",
            "gpt-4.1-mini-2025-04-14",
            "input",
            "key_vision",
            "USD",
            Decimal(31250000),
            "tokens",
            dt.datetime(2026, 10, 1),
            dt.datetime(2026, 10, 2),
            dt.datetime(2026, 10, 3),
            "openai-api",
            False,
        )
    ]
    training = query(
        warehouse,
        "SELECT sum(BilledCost), min(ChargePeriodStart) FROM line_items "
        "WHERE x_TokenType = 'training'",
    )
    assert training == [(Decimal(300), dt.datetime(2026, 9, 14))]
    # usage rows carry tokens, not money (the costs cover every day)
    usage = query(
        warehouse,
        """
        SELECT x_TokenType, sum(ConsumedQuantity), sum(BilledCost), bool_or(x_CostEstimated)
        FROM line_items WHERE x_ProviderReport = 'usage/completions' GROUP BY 1 ORDER BY 1""",
    )
    assert usage == [
        ("cache_read", Decimal(70_000_000), 0, False),
        ("input", Decimal(218_750_000), 0, False),
        ("output", Decimal(13_665_120), 0, False),
    ]


def test_pull_twice_asks_only_for_incomplete_days_and_never_double_counts(warehouse, api):
    today = dt.datetime.now(dt.UTC).date()
    days = [today - dt.timedelta(days=i) for i in range(6)]
    for d in days:
        openai_day(api, d)
    args = dict(
        base_url=api.url + "/v1",
        environ={"OPENAI_ADMIN_KEY": OPENAI_KEY},
        since=today - dt.timedelta(days=5),
        today=today,
    )
    first = pull_provider(warehouse, "openai", **args)
    assert first.start == today - dt.timedelta(days=5)
    before = query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items")[0]

    api.requests.clear()
    revised = openai_day(api, today - dt.timedelta(days=1), scale=2)  # the provider revises
    second = pull_provider(warehouse, "openai", **args)
    # days that ended less than two days ago are read again; older ones are complete
    assert second.start == today - dt.timedelta(days=2)
    starts = {q["start_time"][0] for q in api.calls("/v1/organization/costs")}
    assert starts == {str(day_start(today - dt.timedelta(days=2)))}
    after = query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items")[0]
    assert after[0] == before[0]
    assert after[1] == before[1] - Decimal("15.6234567891") + revised
    per_day = query(
        warehouse,
        "SELECT count(*) FROM line_items WHERE x_ProviderReport = 'costs' "
        "GROUP BY ChargePeriodStart HAVING count(*) <> 2",
    )
    assert per_day == []


def test_429_then_success_waits_and_retries(runner, warehouse, api, monkeypatch):
    openai_day(api, dt.date(2026, 10, 1))
    api.fail(
        "/v1/organization/costs", 429, {"error": {"message": "Rate limit reached"}}, Retry_After="0"
    )
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    result = invoke(
        runner,
        warehouse,
        "pull",
        "openai",
        "--base-url",
        api.url + "/v1",
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-01",
    )
    assert result.exit_code == 0, result.stderr
    assert "HTTP 429; retrying in 0.0s" in result.stderr
    assert len(api.calls("/v1/organization/costs")) == 2
    assert query(warehouse, "SELECT sum(BilledCost) FROM line_items") == [
        (Decimal("15.6234567891"),)
    ]


def test_500_then_success_backs_off_and_retries(runner, warehouse, api, monkeypatch):
    openai_day(api, dt.date(2026, 10, 1))
    api.fail("/v1/organization/usage/completions", 500)
    api.fail("/v1/organization/usage/completions", 502)
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    result = invoke(
        runner,
        warehouse,
        "pull",
        "openai",
        "--base-url",
        api.url + "/v1",
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-01",
    )
    assert result.exit_code == 0, result.stderr
    assert "HTTP 500; retrying" in result.stderr and "HTTP 502; retrying" in result.stderr
    assert len(api.calls("/v1/organization/usage/completions")) == 3
    assert query(
        warehouse, "SELECT count(*) FROM line_items WHERE x_ProviderReport = 'usage/completions'"
    ) == [(3,)]


@pytest.fixture
def populated(runner, warehouse, api, monkeypatch):
    """A warehouse that already holds a pull, so that failures must leave it as it was."""
    openai_day(api, dt.date(2026, 10, 1))
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    result = invoke(
        runner,
        warehouse,
        "pull",
        "openai",
        "--base-url",
        api.url + "/v1",
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-01",
    )
    assert result.exit_code == 0, result.stderr
    api.requests.clear()
    return warehouse


def test_401_is_one_clear_line_and_changes_nothing(runner, populated, api, monkeypatch):
    before = snapshot(populated)
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-revoked")
    result = invoke(
        runner,
        populated,
        "pull",
        "openai",
        "--base-url",
        api.url + "/v1",
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-02",
        "--full",
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("OpenAI (OpenAI): pulling")
    assert lines[1] == (
        "Error: OpenAI API /organization/costs: HTTP 401, the key in OPENAI_ADMIN_KEY was "
        "refused (Incorrect API key provided). Create an admin key at "
        "https://platform.openai.com/settings/organization/admin-keys (an organisation owner "
        "can) and export OPENAI_ADMIN_KEY"
    )
    assert "sk-admin-revoked" not in result.stderr
    assert len(api.calls("/v1/organization/costs")) == 1  # a refused key is not retried
    assert snapshot(populated) == before


def test_403_names_the_key_and_changes_nothing(runner, warehouse, api, monkeypatch):
    api.fail(
        "/v1/organizations/me",
        403,
        {
            "type": "error",
            "error": {"type": "permission_error", "message": "This key cannot read usage reports"},
        },
    )
    monkeypatch.setenv("ANTHROPIC_ADMIN_KEY", ANTHROPIC_KEY)
    result = invoke(runner, warehouse, "pull", "anthropic", "--base-url", api.url)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: Anthropic API /v1/organizations/me: HTTP 403, the key in ANTHROPIC_ADMIN_KEY "
        "lacks permission (This key cannot read usage reports). Create an Admin API key"
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert not warehouse.exists()


def test_a_missing_key_says_which_variable_to_set(runner, warehouse):
    result = invoke(runner, warehouse, "pull", "openai")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: OPENAI_ADMIN_KEY is not set. Create an admin key")
    assert not warehouse.exists()


def test_a_persistent_outage_gives_up_and_changes_nothing(runner, populated, api, monkeypatch):
    before = snapshot(populated)
    for _ in range(http.MAX_ATTEMPTS):
        api.fail("/v1/organization/costs", 503)
    result = invoke(
        runner,
        populated,
        "pull",
        "openai",
        "--base-url",
        api.url + "/v1",
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-01",
        "--full",
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: OpenAI API /organization/costs: still failing after {http.MAX_ATTEMPTS} "
        "attempts (HTTP 503). The provider may be having an outage; try again later"
    )
    assert snapshot(populated) == before


def test_an_unreachable_base_url_is_a_clear_error(runner, warehouse, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    monkeypatch.setattr(http, "MAX_ATTEMPTS", 2)
    result = invoke(
        runner,
        warehouse,
        "pull",
        "openai",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-01",
    )
    assert result.exit_code == 1
    assert "cannot connect" in result.stderr and "--base-url" in result.stderr
    assert not warehouse.exists()


def anthropic_day(fake: FakeProviders, day: dt.date) -> Decimal:
    fake.anthropic[day]["cost_report"] = [
        {
            "currency": "USD",
            "amount": "12345.678",
            "workspace_id": "wrkspc_01support",
            "description": "Claude Haiku 4.5 Usage - Input Tokens",
            "cost_type": "tokens",
            "context_window": "0-200k",
            "model": "claude-haiku-4-5-20251001",
            "service_tier": "standard",
            "token_type": "uncached_input_tokens",
            "inference_geo": None,
        },
        {
            "currency": "USD",
            "amount": "99.5",
            "workspace_id": None,
            "description": "Web Search Usage",
            "cost_type": "web_search",
            "context_window": None,
            "model": None,
            "service_tier": None,
            "token_type": None,
            "inference_geo": None,
        },
    ]
    fake.anthropic[day]["messages"] = [
        {
            "uncached_input_tokens": 123456780,
            "cache_creation": {"ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 1000},
            "cache_read_input_tokens": 5000,
            "output_tokens": 777,
            "server_tool_use": {"web_search_requests": 995},
            "api_key_id": "apikey_01x",
            "workspace_id": "wrkspc_01support",
            "model": "claude-haiku-4-5-20251001",
            "service_tier": "standard",
            "context_window": None,
            "inference_geo": None,
        },
        # a result with the optional objects missing altogether
        {
            "uncached_input_tokens": 10,
            "output_tokens": 5,
            "api_key_id": None,
            "workspace_id": None,
            "model": "claude-opus-4-5-20251101",
            "service_tier": "batch",
        },
    ]
    return Decimal("123.45678") + Decimal("0.995")


def test_pull_anthropic_converts_cents_and_names_the_organisation(
    runner, warehouse, api, monkeypatch
):
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(4)]
    total = sum(anthropic_day(api, d) for d in days)
    monkeypatch.setenv("ANTHROPIC_ADMIN_KEY", ANTHROPIC_KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
    result = invoke(
        runner, warehouse, "pull", "anthropic", "--since", "2026-10-01", "--until", "2026-10-04"
    )
    assert result.exit_code == 0, result.stderr
    assert ANTHROPIC_KEY not in result.stderr
    cost_calls = api.calls("/v1/organizations/cost_report")
    assert len(cost_calls) == 2
    assert cost_calls[0]["group_by[]"] == ["workspace_id", "description"]
    assert cost_calls[0]["starting_at"] == ["2026-10-01T00:00:00Z"]
    assert cost_calls[0]["ending_at"] == ["2026-10-05T00:00:00Z"]
    assert cost_calls[1]["page"] == ["cursor-3"]
    usage_calls = api.calls("/v1/organizations/usage_report/messages")
    assert usage_calls[0]["group_by[]"] == ["workspace_id", "api_key_id", "model", "service_tier"]

    assert query(
        warehouse, "SELECT DISTINCT BillingAccountId, BillingAccountName FROM line_items"
    ) == [(ORG_ID, "Acme Vision")]
    assert query(warehouse, "SELECT sum(BilledCost) FROM line_items") == [(total,)]
    assert query(
        warehouse,
        """
        SELECT x_TokenType, x_Model, x_ServiceTier, SubAccountId, BilledCost
        FROM line_items WHERE x_ProviderReport = 'cost_report' AND ChargePeriodStart = '2026-10-02'
        ORDER BY BilledCost DESC""",
    ) == [
        (
            "input",
            "claude-haiku-4-5-20251001",
            "standard",
            "wrkspc_01support",
            Decimal("123.45678"),
        ),
        (None, None, None, None, Decimal("0.995")),
    ]
    usage = query(
        warehouse,
        """
        SELECT x_TokenType, x_UsageType, ConsumedUnit, sum(ConsumedQuantity)
        FROM line_items WHERE x_ProviderReport = 'usage_report/messages'
        GROUP BY ALL ORDER BY ALL""",
    )
    assert usage == [
        ("cache_read", "cache_read_input_tokens", "tokens", 20000),
        ("cache_write_5m", "cache_creation.ephemeral_5m_input_tokens", "tokens", 4000),
        ("input", "uncached_input_tokens", "tokens", 493827160),
        ("output", "output_tokens", "tokens", 3128),
        (None, "server_tool_use.web_search_requests", "requests", 3980),
    ]


def test_a_pull_replaces_a_saved_response_of_the_same_days(
    runner, warehouse, api, monkeypatch, tmp_path
):
    """A file names no organisation; the pull does. Together they must not count twice."""
    anthropic_day(api, dt.date(2026, 10, 1))
    saved = tmp_path / "cost.json"
    saved.write_text(
        json.dumps(
            json.loads(
                api.anthropic_page(
                    "cost_report",
                    {
                        "starting_at": ["2026-10-01T00:00:00Z"],
                        "ending_at": ["2026-10-02T00:00:00Z"],
                    },
                )[2]
            )
        )
    )
    assert invoke(runner, warehouse, "ingest", str(saved)).exit_code == 0
    assert query(warehouse, "SELECT DISTINCT BillingAccountId FROM line_items") == [("Anthropic",)]
    monkeypatch.setenv("ANTHROPIC_ADMIN_KEY", ANTHROPIC_KEY)
    result = invoke(
        runner,
        warehouse,
        "pull",
        "anthropic",
        "--base-url",
        api.url,
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-01",
    )
    assert result.exit_code == 0, result.stderr
    assert query(
        warehouse,
        "SELECT BillingAccountId, sum(BilledCost) FROM line_items "
        "WHERE x_ProviderReport = 'cost_report' GROUP BY 1",
    ) == [(ORG_ID, Decimal("124.45178"))]
    # and a saved file ingested after the pull is filed under the one organisation known
    saved.write_text(saved.read_text().replace("12345.678", "12345.679"))
    assert invoke(runner, warehouse, "ingest", str(saved)).exit_code == 0
    assert query(
        warehouse,
        "SELECT BillingAccountId, sum(BilledCost) FROM line_items "
        "WHERE x_ProviderReport = 'cost_report' GROUP BY 1",
    ) == [(ORG_ID, Decimal("124.45179"))]


def test_a_second_pull_of_complete_days_asks_nothing_and_changes_nothing(runner, populated, api):
    before = populated.read_bytes()
    result = invoke(
        runner,
        populated,
        "pull",
        "openai",
        "--base-url",
        api.url + "/v1",
        "--since",
        "2026-10-01",
        "--until",
        "2026-10-01",
    )
    assert result.exit_code == 0, result.stderr
    assert "is already complete" in result.stderr
    assert api.requests == []
    assert populated.read_bytes() == before


def test_since_after_until_is_a_clear_error(runner, warehouse, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", OPENAI_KEY)
    result = invoke(
        runner, warehouse, "pull", "openai", "--since", "2026-10-05", "--until", "2026-10-01"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --since 2026-10-05 is not before --until 2026-10-01")
    assert not warehouse.exists()


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a date in the past
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_forms(headers, seconds):
    assert http._retry_after(headers) == seconds
