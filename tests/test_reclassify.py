"""Your rules applied by `finops-ai classify --rules` and by a scheduled `run` with [classify]
rules in its config are one re-classification (classify.run.reclassify): the same rules give
the same classes either way, and a run whose rules the warehouse already holds writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from finops_ai.cli import cli
from tests.conftest import SAMPLE_BILLS, query

CLASSES = "SELECT x_WorkloadClass, count(*) FROM line_items GROUP BY 1 ORDER BY 1"
RULE = "tag:team=search -> training"  # the sample's Azure OpenAI tokens are tagged team=search


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def config(folder: Path, rules: list[str]) -> Path:
    path = folder / "finops.toml"
    listed = ", ".join(f'"{r}"' for r in rules)
    path.write_text(
        'warehouse = "finops.duckdb"\n[report]\nformats = ["json"]\noutput_dir = "out"\n'
        f"[classify]\nrules = [{listed}]\n"
    )
    return path


def test_classify_and_run_store_the_same_rules_with_the_same_result(tmp_path):
    by_cli, by_run = tmp_path / "cli", tmp_path / "run"
    by_cli.mkdir()
    ingested = run(
        "ingest", str(SAMPLE_BILLS / "azure"), "--warehouse", str(by_cli / "finops.duckdb")
    )
    assert ingested.exit_code == 0
    by_run.mkdir()
    shutil.copy(by_cli / "finops.duckdb", by_run / "finops.duckdb")
    before = query(by_cli / "finops.duckdb", CLASSES)

    rules_file = config(by_cli, [RULE])
    stored = run(
        "classify", "--rules", str(rules_file), "--warehouse", str(by_cli / "finops.duckdb")
    )
    ran = run("run", "--config", str(config(by_run, [RULE])), "--today", "2026-11-05")

    assert stored.exit_code == 0, stored.stderr
    assert ran.exit_code == 0, ran.stderr
    assert f"stored 1 classification rule(s) from {by_run / 'finops.toml'}" in ran.stderr
    after = query(by_cli / "finops.duckdb", CLASSES)
    assert after != before  # the rule moved line items to training
    assert query(by_run / "finops.duckdb", CLASSES) == after


def test_a_run_whose_rules_are_stored_already_writes_nothing(tmp_path):
    warehouse = tmp_path / "finops.duckdb"
    assert run("ingest", str(SAMPLE_BILLS / "azure"), "--warehouse", str(warehouse)).exit_code == 0
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(f'[classify]\nrules = ["{RULE}"]\n')
    assert run("classify", "--rules", str(rules_file), "--warehouse", str(warehouse)).exit_code == 0
    written = warehouse.read_bytes()

    ran = run("run", "--config", str(config(tmp_path, [RULE])), "--today", "2026-11-05")

    assert ran.exit_code == 0, ran.stderr
    assert "classification rule(s)" not in ran.stderr
    assert warehouse.read_bytes() == written
