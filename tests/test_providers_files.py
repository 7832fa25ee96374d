"""`finops-ai ingest` of AI provider files: saved API responses (JSON, one or many pages) and
console CSV exports, their replacement rules, cost estimates, and bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_ai.resources import queries_dir
from finops_ai.warehouse.migrate import latest_version
from tests.conftest import REPO, SAMPLE_BILLS, invoke, query, snapshot

DATA = Path(__file__).parent / "data" / "providers"
sys.path.insert(0, str(REPO / "scripts"))
from sample_providers import write_provider_samples  # noqa: E402


def openai_page(days: dict[str, list[dict]], has_more: bool = False, cursor: str | None = None):
    data = []
    for day, results in days.items():
        start = int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())
        data.append(
            {"object": "bucket", "start_time": start, "end_time": start + 86400, "results": results}
        )
    return {"object": "page", "data": data, "has_more": has_more, "next_page": cursor}


def cost(value: object, line_item: str = "gpt-5-mini-2025-08-07, input") -> dict:
    return {
        "object": "organization.costs.result",
        "amount": {"value": value, "currency": "usd"},
        "line_item": line_item,
        "project_id": "proj_a",
    }


def completion(tokens: int, model: str = "gpt-5-mini-2025-08-07", batch: bool = False) -> dict:
    return {
        "object": "organization.usage.completions.result",
        "input_tokens": tokens,
        "input_cached_tokens": 0,
        "output_tokens": tokens // 10,
        "num_model_requests": 3,
        "project_id": "proj_a",
        "user_id": None,
        "api_key_id": "key_a",
        "model": model,
        "batch": batch,
        "service_tier": "default",
    }


def write(path: Path, doc: object) -> str:
    path.write_text(json.dumps(doc))
    return str(path)


def totals(warehouse: Path, where: str = "true") -> tuple:
    return query(warehouse, f"SELECT count(*), sum(BilledCost) FROM line_items WHERE {where}")[0]


# ------------------------------------------------------------------------------------------
# real spec examples


def test_openai_spec_examples_ingest_as_published(runner, warehouse, real_bills):
    spec = real_bills / "openai-openapi"
    files = [
        spec / "usage-costs.response.json",
        spec / "usage-costs.response.2024-12-04.json",
        spec / "usage-completions.response.2024-12-04.json",
    ]
    # the 2024 and 2026 costs examples are the same day: one replaces the other when apart
    result = invoke(runner, warehouse, "ingest", str(files[0]))
    assert result.exit_code == 0, result.stderr
    assert totals(warehouse) == (1, Decimal("0.06"))
    result = invoke(runner, warehouse, "ingest", str(files[1]), str(files[2]))
    assert result.exit_code == 0, result.stderr
    assert totals(warehouse, "x_ProviderReport = 'costs'") == (1, Decimal("0.06"))
    # the 2024 completions result has only input/output/cached tokens: input is derived
    rows = query(
        warehouse,
        "SELECT x_TokenType, ConsumedQuantity FROM line_items "
        "WHERE x_ProviderReport = 'usage/completions' ORDER BY 1",
    )
    raw = json.loads(files[2].read_text())["data"][0]["results"][0]
    assert rows == [
        ("cache_read", raw["input_cached_tokens"]),
        ("input", raw["input_tokens"] - raw["input_cached_tokens"]),
        ("output", raw["output_tokens"]),
    ]
    # the misspelt 2024 object name ("orgainzation") was recognised, the file is not a CUR
    assert query(warehouse, "SELECT DISTINCT x_SourceFormat FROM line_items") == [("openai-json",)]


def test_every_openai_spec_usage_example_is_read(runner, warehouse, real_bills):
    spec = real_bills / "openai-openapi"
    examples = sorted(spec.glob("usage-*.response.json"))
    result = invoke(runner, warehouse, "ingest", *map(str, examples))
    assert result.exit_code == 0, result.stderr
    got = dict(
        query(
            warehouse,
            "SELECT x_ProviderReport || ' ' || ConsumedUnit, "
            "sum(ConsumedQuantity) FROM line_items "
            "WHERE x_ProviderReport LIKE 'usage%' GROUP BY 1",
        )
    )
    assert got == {
        "usage/audio_speeches characters": 45,
        "usage/audio_transcriptions seconds": 20,
        "usage/code_interpreter_sessions sessions": 1,
        "usage/completions tokens": 1500,  # 500 uncached + 400 cached + 100 written + 500 out
        "usage/embeddings tokens": 16,
        "usage/file_search_calls requests": 2,
        "usage/images images": 2,
        "usage/moderations tokens": 16,
        "usage/vector_stores GB-days": Decimal("0.000001024"),
        "usage/web_search_calls requests": 2,
    }


# ------------------------------------------------------------------------------------------
# the sample bills


def test_sample_provider_bills_match_their_generator(runner, warehouse, tmp_path):
    summary = write_provider_samples(tmp_path / "bills")
    result = invoke(runner, warehouse, "ingest", str(tmp_path / "bills"))
    assert result.exit_code == 0, result.stderr
    monthly = query(
        warehouse,
        """
        SELECT lower(ProviderName) || '-' || strftime(BillingPeriodStart, '%Y-%m'),
               count(*) FILTER (WHERE x_ProviderReport IN ('costs', 'cost_report')),
               sum(BilledCost)
        FROM line_items GROUP BY 1 ORDER BY 1""",
    )
    assert monthly == [(k, v["rows"], Decimal(v["billed_usd"])) for k, v in sorted(summary.items())]
    assert query(warehouse, "SELECT count(*) FROM line_items WHERE x_CostEstimated") == [(0,)]
    # inference grows ~20% a month (the fine-tuning job and its model's serving aside)
    for provider in ("OpenAI", "Anthropic"):
        spend = [
            b
            for _, b in query(
                warehouse,
                "SELECT BillingPeriodStart, sum(BilledCost) FROM line_items "
                "WHERE ProviderName = $p AND coalesce(x_TokenType, '') <> 'training' "
                "AND coalesce(x_Model, '') NOT LIKE 'ft:%' GROUP BY 1 ORDER BY 1",
                {"p": provider},
            )
        ]
        growth = [b / a for a, b in zip(spend, spend[1:], strict=False)]
        assert all(Decimal("1.1") < g < Decimal("1.3") for g in growth), (provider, growth)
    # exactly one fine-tuning job, recognisable as training
    training = query(
        warehouse,
        """
        SELECT ProviderName, x_Model, ServiceSubcategory, min(ChargePeriodStart),
               max(ChargePeriodStart), sum(BilledCost), sum(ConsumedQuantity)
        FROM line_items WHERE x_TokenType = 'training' GROUP BY ALL""",
    )
    assert training == [
        (
            "OpenAI",
            "gpt-4.1-mini-2025-04-14",
            "Machine Learning",
            dt.datetime(2026, 9, 14),
            dt.datetime(2026, 9, 15),
            Decimal(600),
            Decimal(120_000_000),
        )
    ]
    # ... and classified as training by the provider fine-tuning signal
    assert query(
        warehouse,
        "SELECT DISTINCT x_WorkloadClass, x_ClassRule FROM line_items "
        "WHERE x_TokenType = 'training'",
    ) == [("training", "ai-provider-fine-tuning")]
    # the fine-tuned model serves inference afterwards
    assert query(
        warehouse, "SELECT min(ChargePeriodStart) FROM line_items WHERE x_Model LIKE 'ft:%'"
    ) == [(dt.datetime(2026, 9, 16),)]


def test_sample_provider_bills_are_deterministic_and_committed(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert write_provider_samples(first) == write_provider_samples(second)
    files = sorted(p.relative_to(first) for p in first.rglob("*.json.gz"))
    assert len(files) == 20
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes()
        committed = SAMPLE_BILLS / name
        assert committed.is_file(), (
            f"sample_bills/{name} is missing: run scripts/sample_providers.py"
        )
        assert json.loads(gzip.decompress(committed.read_bytes())) == json.loads(
            gzip.decompress((first / name).read_bytes())
        )


def test_usage_alone_is_estimated_from_list_prices_until_costs_arrive(runner, warehouse, tmp_path):
    bills = tmp_path / "bills"
    summary = write_provider_samples(bills)
    usage = [
        bills / "openai" / "usage-completions",
        bills / "openai" / "usage-embeddings",
        bills / "anthropic" / "usage-messages",
    ]
    result = invoke(runner, warehouse, "ingest", *map(str, usage))
    assert result.exit_code == 0, result.stderr
    assert query(
        warehouse,
        "SELECT bool_and(x_CostEstimated), bool_and(BilledCost > 0), "
        "bool_and(ListUnitPrice > 0) FROM line_items",
    ) == [(True, True, True)]
    # the samples bill list prices, so the estimate equals the bill (training is not usage)
    estimated = dict(
        query(
            warehouse,
            "SELECT lower(ProviderName) || '-' || "
            "strftime(BillingPeriodStart, '%Y-%m'), sum(BilledCost) "
            "FROM line_items GROUP BY 1",
        )
    )
    for key, month in summary.items():
        expected = Decimal(month["billed_usd"]) - (600 if key == "openai-2026-09" else 0)
        assert abs(estimated[key] - expected) < Decimal("0.01"), key

    # the cost reports arrive: estimates give way to the bill, nothing counts twice
    result = invoke(
        runner,
        warehouse,
        "ingest",
        str(bills / "openai" / "costs"),
        str(bills / "anthropic" / "cost-report"),
    )
    assert result.exit_code == 0, result.stderr
    assert query(warehouse, "SELECT count(*) FROM line_items WHERE x_CostEstimated") == [(0,)]
    assert query(
        warehouse, "SELECT sum(BilledCost) FROM line_items WHERE x_ProviderReport LIKE 'usage%'"
    ) == [(0,)]
    assert totals(warehouse)[1] == sum(Decimal(m["billed_usd"]) for m in summary.values())


def test_usage_without_a_price_is_left_at_zero_with_a_note(runner, warehouse, tmp_path):
    page = openai_page({"2026-10-01": [completion(1000, model="gpt-9-preview")]})
    result = invoke(runner, warehouse, "ingest", write(tmp_path / "u.json", page))
    assert result.exit_code == 0, result.stderr
    assert "no list price (gpt-9-preview input, gpt-9-preview output)" in result.stderr
    assert query(warehouse, "SELECT sum(BilledCost), bool_or(x_CostEstimated) FROM line_items") == [
        (0, False)
    ]


def test_batch_usage_is_estimated_at_half_price(runner, warehouse, tmp_path):
    page = openai_page({"2026-10-01": [completion(1_000_000, batch=True)]})
    assert invoke(runner, warehouse, "ingest", write(tmp_path / "u.json", page)).exit_code == 0
    # gpt-5-mini: $0.25 input, $2.00 output per 1M tokens; batch 50%
    assert query(warehouse, "SELECT x_ServiceTier, sum(BilledCost) FROM line_items GROUP BY 1") == [
        ("batch", Decimal("0.225"))
    ]


# ------------------------------------------------------------------------------------------
# replacement


def test_the_same_file_twice_changes_nothing(runner, warehouse):
    bill = str(SAMPLE_BILLS / "anthropic" / "cost-report" / "2026-08.json.gz")
    assert invoke(runner, warehouse, "ingest", bill).exit_code == 0
    before = warehouse.read_bytes()
    again = invoke(runner, warehouse, "ingest", bill)
    assert again.exit_code == 0
    assert "already ingested" in again.stderr
    assert warehouse.read_bytes() == before


def test_a_revised_day_replaces_only_that_day(runner, warehouse, tmp_path):
    month = {f"2026-10-{d:02d}": [cost(10)] for d in range(1, 11)}
    assert (
        invoke(
            runner, warehouse, "ingest", write(tmp_path / "oct.json", openai_page(month))
        ).exit_code
        == 0
    )
    revised = openai_page({"2026-10-05": [cost(12), cost(1, "gpt-5-mini-2025-08-07, output")]})
    result = invoke(runner, warehouse, "ingest", write(tmp_path / "oct05.json", revised))
    assert result.exit_code == 0, result.stderr
    assert totals(warehouse) == (11, Decimal(103))
    # a revised day that is now empty (a bucket with no results) removes that day's rows
    empty = openai_page({"2026-10-06": [], "2026-10-07": [cost(10)]})
    assert invoke(runner, warehouse, "ingest", write(tmp_path / "oct06.json", empty)).exit_code == 0
    assert totals(warehouse) == (10, Decimal(93))
    # the first file no longer owns all its days: ingesting it again restores them
    result = invoke(runner, warehouse, "ingest", str(tmp_path / "oct.json"))
    assert "already ingested" not in result.stderr
    assert totals(warehouse) == (10, Decimal(100))


def test_costs_and_usage_of_the_same_days_do_not_replace_each_other(runner, warehouse, tmp_path):
    days = {"2026-10-01": [cost("4.5")]}
    usage = {"2026-10-01": [completion(100)]}
    result = invoke(
        runner,
        warehouse,
        "ingest",
        write(tmp_path / "c.json", openai_page(days)),
        write(tmp_path / "u.json", openai_page(usage)),
    )
    assert result.exit_code == 0, result.stderr
    assert query(
        warehouse,
        "SELECT x_ProviderReport, count(*), sum(BilledCost) FROM line_items GROUP BY 1 ORDER BY 1",
    ) == [("costs", 1, Decimal("4.5")), ("usage/completions", 2, 0)]


def test_two_files_of_the_same_days_in_one_command_are_refused(runner, warehouse, tmp_path):
    a = write(tmp_path / "a.json", openai_page({"2026-10-01": [cost(1)], "2026-10-02": []}))
    b = write(tmp_path / "b.json", openai_page({"2026-10-02": [cost(2)]}))
    result = invoke(runner, warehouse, "ingest", a, b)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {b}: OpenAI costs for 2026-10-02 also comes from {a}; together they would "
        "count those days twice. Ingest only the newer of the two files"
    )
    assert not warehouse.exists()


def test_pages_in_an_array_back_to_back_or_gzipped_are_one_response(runner, warehouse, tmp_path):
    p1 = openai_page({"2026-10-01": [cost(1)], "2026-10-02": [cost(2)]}, True, "page_x")
    p2 = openai_page({"2026-10-03": [], "2026-10-04": [cost(4)]})
    (tmp_path / "lines.json").write_text(json.dumps(p1) + "\n" + json.dumps(p2) + "\n")
    (tmp_path / "array.json.gz").write_bytes(gzip.compress(json.dumps([p1, p2]).encode()))
    assert invoke(runner, warehouse, "ingest", str(tmp_path / "lines.json")).exit_code == 0
    assert totals(warehouse) == (3, Decimal(7))
    result = invoke(runner, warehouse, "ingest", str(tmp_path / "array.json.gz"))
    assert result.exit_code == 0, result.stderr
    assert totals(warehouse) == (3, Decimal(7))
    assert query(warehouse, "SELECT DISTINCT x_SourceFile FROM line_items") == [
        (str(tmp_path / "array.json.gz"),)
    ]


def test_a_last_page_with_has_more_is_ingested_with_a_warning(runner, warehouse, tmp_path):
    page = openai_page({"2026-10-01": [cost(1)]}, has_more=True, cursor="page_2")
    result = invoke(runner, warehouse, "ingest", write(tmp_path / "p1.json", page))
    assert result.exit_code == 0
    assert "has_more=true; the file may miss later pages" in result.stderr


def test_a_response_of_only_empty_buckets_is_a_note_not_an_error(runner, warehouse, tmp_path):
    page = openai_page({"2026-10-01": [], "2026-10-02": []})
    result = invoke(runner, warehouse, "ingest", write(tmp_path / "empty.json", page))
    assert result.exit_code == 0
    assert "no usage or cost results in any bucket" in result.stderr
    assert totals(warehouse) == (0, None)


# ------------------------------------------------------------------------------------------
# console CSV exports


def test_openai_console_csv_exports(runner, warehouse):
    result = invoke(
        runner,
        warehouse,
        "ingest",
        str(DATA / "openai_costs_export.csv"),
        str(DATA / "openai_completions_export.csv"),
    )
    assert result.exit_code == 0, result.stderr
    assert query(
        warehouse, "SELECT DISTINCT x_SourceFormat, BillingAccountId FROM line_items ORDER BY 1"
    ) == [("openai-csv", "org-AcmeVisionCsv0000000001")]
    assert totals(warehouse, "x_ProviderReport = 'costs'") == (3, Decimal("20.31177125"))
    assert query(
        warehouse,
        "SELECT DISTINCT BillingAccountName FROM line_items WHERE x_ProviderReport = 'costs'",
    ) == [("Acme Vision",)]
    usage = query(
        warehouse,
        """
        SELECT ChargePeriodStart::DATE, x_TokenType, x_ServiceTier, ConsumedQuantity
        FROM line_items WHERE x_ProviderReport = 'usage/completions' ORDER BY ALL""",
    )
    assert usage == [
        (dt.date(2026, 10, 1), "cache_read", "default", 5760),
        (dt.date(2026, 10, 1), "input", "default", 53440),
        (dt.date(2026, 10, 1), "output", "default", 10646),
        (dt.date(2026, 10, 3), "input", "batch", 22688),
        (dt.date(2026, 10, 3), "output", "batch", 33191),
    ]


def test_anthropic_csv_exports_are_in_dollars(runner, warehouse):
    result = invoke(
        runner,
        warehouse,
        "ingest",
        str(DATA / "anthropic_cost_export.csv"),
        str(DATA / "anthropic_usage_export.csv"),
    )
    assert result.exit_code == 0, result.stderr
    assert totals(warehouse, "x_ProviderReport = 'cost_report'") == (4, Decimal("8.5"))
    assert query(
        warehouse,
        "SELECT x_TokenType, sum(BilledCost) FROM line_items "
        "WHERE x_ProviderReport = 'cost_report' GROUP BY 1 ORDER BY 1",
    ) == [("input", Decimal("5.5")), ("output", Decimal(3))]
    assert query(
        warehouse,
        "SELECT x_TokenType, sum(ConsumedQuantity) FROM line_items "
        "WHERE x_ProviderReport = 'usage_report/messages' "
        "GROUP BY 1 ORDER BY 1 NULLS LAST",
    ) == [
        ("cache_read", 4000000),
        ("cache_write", 50000),
        ("input", 3500000),
        ("output", 400000),
        (None, 12),
    ]


# ------------------------------------------------------------------------------------------
# bad input: a clear error naming the file, and an unchanged warehouse


@pytest.fixture
def populated(runner, warehouse):
    bill = str(SAMPLE_BILLS / "openai" / "costs" / "2026-07.json.gz")
    assert invoke(runner, warehouse, "ingest", bill).exit_code == 0
    return warehouse


BAD = {
    "malformed.json": ('{"object": "page", "data": [', "not valid JSON: Expecting value"),
    "no-data.json": (
        '{"object": "page", "has_more": false}',
        "the page has no 'data' list; expected a page of the OpenAI or Anthropic",
    ),
    "second-page-no-data.json": (
        json.dumps([openai_page({"2026-10-01": [cost(1)]}, True, "p2"), {"object": "page"}]),
        "page 2 has no 'data' list",
    ),
    "no-results.json": (
        '{"data": [{"start_time": 1790812800, "end_time": 1790899200}]}',
        "bucket 1 has no 'results' list",
    ),
    "amount-not-a-number.json": (
        json.dumps(openai_page({"2026-10-01": [cost(1), cost("12,5")]})),
        "bucket 2026-10-01 00:00, result 2: amount.value is not a number: '12,5'",
    ),
    "anthropic-cents-not-a-number.json": (
        json.dumps(
            {
                "data": [
                    {
                        "starting_at": "2026-10-01T00:00:00Z",
                        "ending_at": "2026-10-02T00:00:00Z",
                        "results": [{"amount": "n/a", "currency": "USD"}],
                    }
                ],
                "has_more": False,
                "next_page": None,
            }
        ),
        "bucket 2026-10-01 00:00, result 1: amount is not a number: 'n/a'",
    ),
    "tokens-not-a-number.json": (
        json.dumps(openai_page({"2026-10-01": [{**completion(5), "output_tokens": "many"}]})),
        "output_tokens is not a number: 'many'",
    ),
    "page-saved-twice.json": (
        (json.dumps(openai_page({"2026-10-01": [cost(1)]})) + "\n") * 2,
        "bucket 2026-10-01 00:00 appears twice with the same results",
    ),
    "not-a-provider.json": (
        '{"data": [{"day": "2026-10-01", "results": []}]}',
        "neither start_time (OpenAI) nor starting_at (Anthropic)",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_provider_file_is_a_clear_error_and_changes_nothing(runner, populated, tmp_path, name):
    content, problem = BAD[name]
    bad = tmp_path / name
    bad.write_text(content)
    good = str(SAMPLE_BILLS / "anthropic" / "cost-report" / "2026-07.json.gz")
    before = snapshot(populated)
    result = invoke(runner, populated, "ingest", good, str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: {bad}: ")
    assert problem in last
    assert snapshot(populated) == before


def test_bad_csv_date_is_a_clear_error(runner, warehouse, tmp_path):
    bad = tmp_path / "anthropic.csv"
    bad.write_text(
        "date,workspace_id,description,currency,amount_usd\n"
        "10/01/2026,,Claude Sonnet 4.5 Usage - Input Tokens,USD,3.0\n"
    )
    result = invoke(runner, warehouse, "ingest", str(bad))
    assert result.exit_code == 1
    assert f"Error: {bad}: line 2: date '10/01/2026' is not YYYY-MM-DD" in result.stderr
    assert not warehouse.exists()


# ------------------------------------------------------------------------------------------
# the schema


def test_migration_3_upgrades_an_existing_warehouse_readable_by_duckdb_1_4(runner, warehouse):
    # a warehouse at schema version 2, as the first release wrote it
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS wh (STORAGE_VERSION 'v1.4.0')", [str(warehouse)])
    con.execute("USE wh")
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
        "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    for number in (1, 2):
        path = next((queries_dir() / "schema").glob(f"{number:03d}_*.sql"))
        con.execute(path.read_text())
        con.execute(
            "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)", [number, path.stem[4:]]
        )
    con.close()
    bill = str(SAMPLE_BILLS / "anthropic" / "cost-report" / "2026-10.json.gz")
    result = invoke(runner, warehouse, "ingest", bill)
    assert result.exit_code == 0, result.stderr
    assert query(warehouse, "SELECT max(version) FROM schema_migrations") == [(latest_version(),)]
    assert query(warehouse, "SELECT count(*) FROM line_items WHERE x_ProviderReport IS NULL") == [
        (0,)
    ]
    cli = Path(sys.executable).parent / "duckdb"
    if not cli.exists():
        pytest.skip("the DuckDB 1.4 CLI (duckdb-cli, test extra) is not installed")
    out = subprocess.run(
        [
            str(cli),
            "-readonly",
            str(warehouse),
            "-csv",
            "-c",
            "SELECT x_Model, x_TokenType, x_CostEstimated, x_ProviderReport FROM line_items "
            "WHERE x_TokenType = 'output' LIMIT 1",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines()[1].split(",")[1:] == ["output", "false", "cost_report"]
