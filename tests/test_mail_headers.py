"""A line break in a setting that ends up in a mail header (or the SMTP dialogue) is refused by
the settings check, named, before `run` or `send` touches anything: a CR/LF in mail.from would
otherwise start a header of its own (`Bcc: ...`), and Python's email package refuses it only at
send time, which used to crash `run` and `send` with exit 2.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from finops_ai.cli import cli

MAIL = {
    "mail.to": ("mail", "to", '["cfo@example.com"]'),
    "mail.from": ("mail", "from", '"finops@example.com"'),
    "smtp.host": ("smtp", "host", '"127.0.0.1"'),
    "smtp.user": ("smtp", "user", '"finops"'),
}
INJECTED = {
    "mail.to": '["cfo@example.com\\r\\nBcc: eve@example.net"]',
    "mail.from": '"finops@example.com\\nBcc: eve@example.net"',
    "smtp.host": '"127.0.0.1\\r\\nRCPT TO:<eve@example.net>"',
    "smtp.user": '"finops\\r\\nAUTH PLAIN"',
}


def config_file(folder, bad: str | None = None):
    tables: dict[str, list[str]] = {"mail": [], "smtp": [], "report": ['formats = ["md"]']}
    for name, (table, key, value) in MAIL.items():
        tables[table].append(f"{key} = {INJECTED[name] if name == bad else value}")
    text = f'warehouse = "{folder}/finops.duckdb"\n' + "".join(
        f"[{table}]\n" + "\n".join(lines) + "\n" for table, lines in tables.items()
    )
    path = folder / "finops.toml"
    path.write_text(text)
    return path


def cli_run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def assert_refused(result, setting: str) -> None:
    assert result.exit_code == 3, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert f"{setting} must be one line, but " in lines[0]
    assert "holds a line break" in lines[0]
    assert "Internal error" not in result.stderr


@pytest.mark.parametrize("setting", sorted(MAIL))
@pytest.mark.parametrize("command", ["config", "run", "send"])
def test_a_line_break_in_a_mail_setting_is_refused_by_name(tmp_path, setting, command):
    path = config_file(tmp_path, bad=setting)
    args = ["--month", "2026-10"] if command == "send" else []
    result = cli_run(command, "--config", str(path), *args, env={"FINOPS_AI_SMTP_PASSWORD": "pw"})
    assert_refused(result, f"{path}: {setting}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["finops.toml"]  # nothing touched


def test_a_line_break_in_a_mail_variable_is_refused_by_name(tmp_path):
    path = config_file(tmp_path)
    env = {"FINOPS_AI_MAIL_FROM": "finops@example.com\r\nBcc: eve@example.net"}
    for command in ("config", "run"):
        assert_refused(cli_run(command, "--config", str(path), env=env), "FINOPS_AI_MAIL_FROM")


@pytest.mark.parametrize("command", ["run", "send"])
def test_a_line_break_in_to_is_refused_by_name(tmp_path, command):
    path = config_file(tmp_path)
    result = cli_run(
        command, "--config", str(path), "--month", "2026-10", "--to", "a@example.com\nBcc: e@x.y"
    )
    assert_refused(result, "flag --to")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["finops.toml"]


def test_a_trailing_newline_from_a_variable_is_only_whitespace(tmp_path):
    path = config_file(tmp_path)
    env = {"FINOPS_AI_MAIL_FROM": "finops@example.com\n", "FINOPS_AI_SMTP_PASSWORD": "pw"}
    result = cli_run("config", "--config", str(path), env=env)
    assert result.exit_code == 0, result.stderr
    # The names are padded to the longest setting's: any run of blanks before the value.
    shown = r"^mail\.from +finops@example\.com  \[env FINOPS_AI_MAIL_FROM\]$"
    assert re.search(shown, result.stdout, re.M)
