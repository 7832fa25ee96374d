"""`run --dry-run` plans a pull with the functions the pull itself uses, so the plan and the
run agree, down to a pull that cannot be: pull.since after today."""

from __future__ import annotations

from click.testing import CliRunner

from finops_ai.cli import cli

SINCE_ERROR = "--since 2026-12-01 is not before --until 2026-11-05"


def test_the_plan_says_the_pull_would_fail_as_the_run_then_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-test")
    config = tmp_path / "finops.toml"
    config.write_text(
        'warehouse = "finops.duckdb"\n[pull]\nproviders = ["openai"]\nsince = 2026-12-01\n'
        '[report]\nformats = ["json"]\n'
    )
    runner = CliRunner()

    planned = runner.invoke(
        cli, ["run", "--config", str(config), "--dry-run", "--today", "2026-11-05"]
    )
    ran = runner.invoke(cli, ["run", "--config", str(config), "--today", "2026-11-05"])

    assert planned.exit_code == 0, planned.stderr
    assert f"  openai: would fail: {SINCE_ERROR}" in planned.stdout
    assert ran.exit_code == 4
    assert f"openai: FAILED: {SINCE_ERROR}" in ran.stderr
    assert not (tmp_path / "finops.duckdb").exists()
