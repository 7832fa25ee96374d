"""The documentation cannot rot: every column and command a user sees is documented."""

from __future__ import annotations

import re

import pytest

from finops_ai.cli import cli
from tests.conftest import REPO, invoke, query

README = (REPO / "README.md").read_text()
SCHEMA_DOC = (REPO / "docs" / "schema.md").read_text()


def test_every_line_items_column_is_documented(runner, warehouse, real_bills):
    invoke(runner, warehouse, "ingest", str(real_bills / "focus-sample-data" / "focus_sample.csv"))
    columns = [
        name
        for (name,) in query(
            warehouse,
            "SELECT column_name FROM "
            "information_schema.columns WHERE table_name = "
            "'line_items' ORDER BY ordinal_position",
        )
    ]
    documented = set(re.findall(r"^\| (\w+) \|", SCHEMA_DOC, flags=re.M))
    assert columns, "line_items has no columns"
    assert [c for c in columns if c not in documented] == []


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(runner, name):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"finops-ai {name}" in README


def test_readme_starts_with_the_two_commands_ci_runs():
    block = re.search(r"```sh\n(.*?)```", README, flags=re.S)[1].strip().splitlines()
    ci = (REPO / ".ci" / "run").read_text()
    assert block[0] == (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/finops-ai demo"
    )
    assert block[1] == ".venv/bin/pytest -q"
    assert ".venv/bin/pip install --quiet -e '.[test]'" in ci
    assert ci.strip().splitlines()[-1] == block[1]
