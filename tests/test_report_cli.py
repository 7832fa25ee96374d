"""`finops-ai report` and `finops-ai demo` as a user runs them."""

from __future__ import annotations

import json

from finops_ai.cli import cli
from tests.conftest import invoke
from tests.test_report_fixtures import BUDGETS, sample  # noqa: F401

TODAY = ("--today", "2026-11-26")


def test_text_report_on_stdout(runner, sample):  # noqa: F811
    result = invoke(runner, sample, "report", *TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("AI spend report · October 2026\n")
    assert "Inference share of AI spend" in result.stdout and "62.0%" in result.stdout
    assert "\x1b[" not in result.stdout  # not a TTY: no colour
    assert result.stderr == ""


def test_json_on_stdout_is_the_model(runner, sample):  # noqa: F811
    result = invoke(runner, sample, "report", *TODAY, "--format", "json", "--month", "2026-09")
    data = json.loads(result.stdout)
    assert data["month"] == "2026-09" and data["schema_version"] == 1
    assert [m["month"] for m in data["trend"]] == ["2026-07", "2026-08", "2026-09"]


def test_output_file_format_from_its_suffix(runner, sample, tmp_path):  # noqa: F811
    for name, start in (
        ("r.html", "<!doctype html>"),
        ("r.md", "# AI spend report"),
        ("r.json", "{"),
        ("r.txt", "AI spend report"),
    ):
        out = tmp_path / name
        result = invoke(runner, sample, "report", *TODAY, "--budgets", str(BUDGETS), "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert out.read_text().startswith(start)
        assert f"wrote {out}" in result.stderr
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left nothing behind


def test_billed_cost(runner, sample):  # noqa: F811
    effective = json.loads(invoke(runner, sample, "report", *TODAY, "--format", "json").stdout)
    billed = json.loads(
        invoke(runner, sample, "report", *TODAY, "--format", "json", "--cost", "billed").stdout
    )
    assert billed["cost_basis"] == "billed"
    assert billed["by_class"]["non_ai"] < effective["by_class"]["non_ai"]  # amortised RI fees


def test_bad_month_and_output_folder(runner, sample, tmp_path):  # noqa: F811
    bad = invoke(runner, sample, "report", "--month", "2026-13")
    assert bad.exit_code == 2
    assert "'2026-13' is not a month written YYYY-MM" in bad.stderr
    missing = tmp_path / "no" / "such" / "r.html"
    result = invoke(runner, sample, "report", *TODAY, "-o", str(missing))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {missing}: folder {missing.parent} does not exist. "
        "Create it or pick another --output"
    ]


def test_demo_prints_the_report_and_writes_report_html(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["-q", "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Spend by billing month" in result.stdout
    assert "Inference share of AI spend" in result.stdout
    html = (tmp_path / "report.html").read_text()
    assert html.startswith("<!doctype html>") and "headline-inference-share" in html
    assert (tmp_path / "demo.duckdb").exists()
