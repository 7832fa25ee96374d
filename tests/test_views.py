"""The analyst views: documented, commented, readable by DuckDB 1.4, and adding up to line_items.
The example queries under queries/examples/ run here against the sample warehouse, so they never
rot."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from finops_ai.engines.transpile import views
from finops_ai.resources import queries_dir
from tests.conftest import REPO, SAMPLE_BILLS, invoke, query

OLD_DUCKDB_CLI = Path(sys.executable).parent / "duckdb"
ANALYSTS_DOC = (REPO / "docs" / "analysts.md").read_text()
VIEWS = [v.name for v in views()]
EXAMPLES = sorted((queries_dir() / "examples").glob("*.sql"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample bills ingested and classified, once for this module."""
    from click.testing import CliRunner

    warehouse = tmp_path_factory.mktemp("views") / "sample.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    return warehouse


def test_the_views_are_the_documented_ones():
    assert VIEWS == [
        "ai_spend_daily",
        "ai_spend_monthly",
        "inference_by_model",
        "gpu_resource_profile",
        "token_line_items",
        "accelerated_usage_monthly",
        "commitment_utilization_monthly",
        "provisioned_capacity_monthly",
        "unit_economics_monthly",
        "cache_savings_monthly",
        "batch_share_monthly",
    ]


def _doc_columns(name: str) -> list[str]:
    section = re.search(rf"^### `{name}`\n(.*?)(?=^### |\Z)", ANALYSTS_DOC, flags=re.M | re.S)
    assert section, f"docs/analysts.md has no section for {name}"
    return re.findall(r"^\| (\w+) \|", section[1], flags=re.M)


@pytest.mark.parametrize("name", VIEWS + ["gpu_fleet_profile"])
def test_every_view_and_column_is_documented_and_commented(sample, name):
    columns = query(
        sample,
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = $name "
        "ORDER BY column_index",
        {"name": name},
    )
    assert columns
    assert [c for c, _ in columns] == [c for c in _doc_columns(name) if c != "column"]
    if name != "gpu_fleet_profile":
        assert [c for c, comment in columns if not comment] == []
    (comment,) = query(
        sample,
        "SELECT table_comment FROM information_schema.tables WHERE table_name = $n",
        {"n": name},
    )[0]
    assert comment and "Grain" in comment


@pytest.mark.parametrize("name", VIEWS)
def test_duckdb_14_cli_reads_every_view(sample, name):
    out = subprocess.run(
        [OLD_DUCKDB_CLI, "-readonly", "-csv", str(sample), "-c", f"SELECT * FROM {name} LIMIT 1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.strip().splitlines()) == 2  # header and one row


def test_ai_spend_views_add_up_to_the_ai_line_items(sample):
    ai = "WHERE x_WorkloadClass <> 'non_ai'"
    expected = query(
        sample, f"SELECT sum(EffectiveCost), sum(BilledCost), count(*) FROM line_items {ai}"
    )
    for view in ("ai_spend_daily", "ai_spend_monthly"):
        got = query(
            sample, f"SELECT sum(effective_cost), sum(billed_cost), sum(line_items) FROM {view}"
        )
        assert got == expected, view
    by_class = query(
        sample,
        "SELECT x_WorkloadClass, billing_month, sum(effective_cost) FROM ai_spend_monthly "
        "GROUP BY ALL ORDER BY ALL",
    )
    assert by_class == query(
        sample,
        "SELECT x_WorkloadClass, strftime(BillingPeriodStart, '%Y-%m'), sum(EffectiveCost) "
        f"FROM line_items {ai} GROUP BY ALL ORDER BY ALL",
    )


def test_inference_by_model_names_models_and_counts_tokens_once(sample):
    rows = dict(
        (model, (tokens, cost))
        for model, tokens, cost in query(
            sample,
            "SELECT model, tokens, cost_per_1m_tokens FROM inference_by_model "
            "WHERE billing_month = '2026-10'",
        )
    )
    # One model of each source: an AI provider, Bedrock, Bedrock Marketplace, Azure OpenAI.
    assert {"gpt-5-2025-08-07", "NovaPro", "Claude 3 Haiku", "gpt-4o-0806"} <= rows.keys()
    usage_tokens = query(
        sample,
        "SELECT sum(ConsumedQuantity) FROM line_items WHERE x_Model = 'gpt-5-2025-08-07' "
        "AND x_ProviderReport LIKE 'usage%' AND BillingPeriodStart = '2026-10-01'",
    )[0][0]
    assert rows["gpt-5-2025-08-07"][0] == pytest.approx(float(usage_tokens))
    # Bedrock bills per 1K tokens: NovaPro's list prices run from $0.0002 (cache reads) to
    # $0.0032 (output) per 1K, so its cost per 1M tokens lies between 0.2 and 3.2.
    assert 0.2 <= rows["NovaPro"][1] <= 3.2
    total = query(sample, "SELECT sum(effective_cost) FROM inference_by_model")[0][0]
    inference = query(
        sample, "SELECT sum(EffectiveCost) FROM line_items WHERE x_WorkloadClass = 'inference'"
    )[0][0]
    assert 0 < total <= inference


def test_gpu_resource_profile_finds_the_fleet_of_every_pattern_decision(sample):
    missing = query(
        sample,
        "SELECT ResourceId, BillingPeriodStart FROM gpu_resource_profile "
        "WHERE x_ClassRule LIKE 'gpu-pattern-%' AND fleet_id IS NULL",
    )
    assert missing == []
    decided = query(
        sample,
        "SELECT count(*) FROM gpu_resource_profile r JOIN gpu_fleet_profile p USING (fleet_id) "
        "WHERE r.x_ClassRule LIKE 'gpu-pattern-%' AND r.x_WorkloadClass <> p.workload_class",
    )
    assert decided == [(0,)]
    hours = query(sample, "SELECT sum(instance_hours) FROM gpu_resource_profile")[0][0]
    assert hours == pytest.approx(query(sample, "SELECT sum(hours) FROM gpu_usage")[0][0])
    # One EC2 instance runs at most the whole month; an Azure endpoint deployment runs several.
    assert query(
        sample,
        "SELECT max(mean_instances) <= 1.0 FROM gpu_resource_profile WHERE ResourceId LIKE 'i-%'",
    ) == [(True,)]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_query_runs_and_returns_rows(runner, sample, path):
    result = invoke(
        runner, sample, "sql", "-f", str(path), "--param", "month=2026-10", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().startswith("[\n"), result.stdout[:200]
    assert "{" in result.stdout, f"{path.name} returned no rows on the sample warehouse"


def test_example_headers_say_what_they_return(runner):
    for path in EXAMPLES:
        head = path.read_text().splitlines()[0]
        assert head.startswith("-- "), path
        assert path.stem in ANALYSTS_DOC, f"docs/analysts.md does not list {path.name}"


def test_sql_with_no_query_lists_the_views_first_with_their_columns(runner, sample):
    result = invoke(runner, sample, "sql", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "name,kind,columns,description"
    listed = [line.split(",")[0] for line in lines[1 : len(VIEWS) + 2]]
    assert listed == sorted(VIEWS + ["line_items"])
    assert "billing_month, BillingPeriodStart, x_WorkloadClass" in result.stdout


def test_read_only_python_session_sees_the_views(sample):
    con = duckdb.connect(str(sample), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM ai_spend_monthly").fetchall()[0][0] > 0
    finally:
        con.close()
