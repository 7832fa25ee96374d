"""sqlglot transpiles the project's portable SQL to Athena, Trino and Spark; what is not portable
is named, not emitted; the distributed classification equals the warehouse's (in DuckDB here;
tests/test_spark.py runs it on Spark)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from click.testing import CliRunner

from finops_ai.engines import distributed, transpile
from finops_ai.resources import query_path
from tests.conftest import SAMPLE_BILLS, distributed_classification_differences, invoke

TARGETS = ("trino", "athena", "spark")
PORTABLE = [
    "ai_spend_daily",
    "ai_spend_monthly",
    "inference_by_model",
    "token_line_items",
    "accelerated_usage_monthly",
    "commitment_utilization_monthly",
    "provisioned_capacity_monthly",
    "unit_economics_monthly",
    "cache_savings_monthly",
    "batch_share_monthly",
    "distributed/classify",
    "distributed/monthly_summary",
    "examples/cost_per_million_tokens",
    "examples/inference_growth_by_model",
    "examples/uncertain_ai_spend",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("transpile") / "sample.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    return warehouse


@pytest.mark.parametrize("dialect", TARGETS)
def test_the_portable_set_is_emitted_and_parses_back(dialect):
    statements, skipped = distributed.statements(dialect, {"month": "2026-10"})
    names = [s.name for s in statements]
    assert [n for n in PORTABLE if n not in names] == []
    assert names[:1] == ["line_items"] and "class_signals" in names
    skipped_names = {name for name, _ in skipped}
    assert {"gpu_resource_profile", "examples/gpu_hours_by_class_weekly"} <= skipped_names
    read = "trino" if dialect == "athena" else dialect
    for stmt in statements:
        if stmt.name in PORTABLE:
            sqlglot.parse_one(stmt.sql, read=read)  # valid in the target's own grammar


def test_non_portable_sql_is_named_with_a_reason():
    assert transpile.problems("SELECT a FROM line_items GROUP BY ALL") == [
        "GROUP BY ALL (Trino reads ALL as a set quantifier)"
    ]
    assert "reads gpu_usage" in transpile.problems("SELECT * FROM gpu_usage")[0]
    lambdas = transpile.problems("SELECT list_transform([1], lambda x: x + 1) FROM line_items")
    assert "a lambda" in lambdas
    assert transpile.problems("SELECT * EXCLUDE (Tags) FROM line_items") == [
        "SELECT * EXCLUDE/REPLACE"
    ]
    assert transpile.problems("CREATE TEMP TABLE t AS SELECT 1")[0].startswith("not a query")
    assert transpile.problems("SELECT x FROM line_items, unnest(map_keys(Tags)) AS u(x)") == []


def test_map_lookups_become_element_at_for_trino_and_athena():
    sql = "SELECT Tags['team'], x_CostCategories[k] FROM line_items"
    for dialect in ("trino", "athena"):
        out = transpile.transpile(sql, dialect)
        assert "ELEMENT_AT(Tags, 'team')" in out and "ELEMENT_AT(x_CostCategories, k)" in out
    assert "Tags['team']" in transpile.transpile(sql, "spark")


def test_parameters_bind_as_quoted_literals():
    out = transpile.transpile(
        "SELECT * FROM t WHERE m = $month AND n < $n",
        "trino",
        {"month": "2026-10' OR 1=1 --", "n": "5"},
    )
    assert "'2026-10'' OR 1=1 --'" in out and "n < 5" in out
    assert ":month" in transpile.transpile("SELECT $month", "spark")


def test_distributed_classification_equals_the_warehouse_in_duckdb(sample):
    keys, different = distributed_classification_differences(sample)
    assert keys > 1000 and different == []


def test_signals_view_carries_every_signal():
    rows = distributed.signal_rows()
    csv_lines = query_path("classify/signals.csv").read_text().strip().splitlines()
    assert len(rows) == len(csv_lines) - 1
    assert "VALUES" in distributed.values_view(distributed.SIGNAL_COLUMNS, rows)
    empty = distributed.values_view(distributed.RULE_COLUMNS, [])
    assert "WHERE FALSE" in empty.upper()


@pytest.mark.parametrize("dialect", TARGETS)
def test_table_ddl_has_every_exported_column(dialect):
    ddl = "\n".join(s.sql for s in distributed.table_ddl(dialect, "s3://b/p/", "finops"))
    assert "'s3://b/p/'" in ddl
    if dialect == "spark":
        assert "USING parquet" in ddl
        return
    names = [name for name, _ in distributed.export_columns()]
    assert [n for n in names if n not in ddl] == []
    assert ("DECIMAL(20, 0)" in ddl) and ("billing_period" in ddl)


def test_emit_cli_prints_the_script_and_single_queries(runner, sample):
    result = invoke(
        runner,
        sample,
        "sql",
        "--dialect",
        "athena",
        "--emit",
        "--param",
        "location=s3://acme/finops/",
    )
    assert result.exit_code == 0, result.stderr
    assert "CREATE EXTERNAL TABLE IF NOT EXISTS line_items" in result.stdout
    assert "LOCATION 's3://acme/finops/'" in result.stdout
    assert "CREATE OR REPLACE VIEW inference_by_model AS" in result.stdout
    assert "-- Not emitted" in result.stdout
    one = invoke(
        runner,
        sample,
        "sql",
        "SELECT Tags['team'] FROM line_items GROUP BY ALL",
        "--dialect",
        "trino",
        "--emit",
    )
    assert one.exit_code == 0
    assert "ELEMENT_AT(Tags, 'team')" in one.stdout and "GROUP BY ALL" in one.stderr
    refused = invoke(runner, sample, "sql", "SELECT 1", "--dialect", "spark")
    assert refused.exit_code == 2 and "--emit" in refused.stderr
