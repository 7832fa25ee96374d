"""The settings of `run`/`send`/`config`: precedence, validation that names the key, secrets.

Precedence is flag > FINOPS_AI_<KEY> > config file > default (finops_ai/config.py). Every
invalid file or variable is one line, exit 3, naming the key and, where one is close, the key
that was probably meant. The documented example config and docs/scheduling.md cover every key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from finops_ai.config import KEYS, require, resolve
from finops_ai.errors import SettingsError
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "finops.toml"
SCHEDULING_DOC = (REPO / "docs" / "scheduling.md").read_text()


def write(folder: Path, text: str) -> Path:
    path = folder / "finops.toml"
    path.write_text(text)
    return path


def config_cmd(runner, *args: str, env: dict | None = None):
    from finops_ai.cli import cli

    return runner.invoke(cli, [*args], env=env, catch_exceptions=False)


def test_flag_beats_environment_beats_file_beats_default(tmp_path):
    path = write(
        tmp_path,
        """
warehouse = "data/w.duckdb"
[smtp]
host = "file.example.com"
port = 2525
[mail]
to = ["file@example.com"]
from = "finops@example.com"
[report]
month = "last-complete"
""",
    )
    environ = {
        "FINOPS_AI_SMTP_HOST": "env.example.com",
        "FINOPS_AI_MAIL_TO": "a@example.com, b@example.com",
        "FINOPS_AI_REPORT_FORMATS": "html json",
    }
    flags = {"mail_to": (("flag@example.com",), "--to")}
    s = resolve(config=path, flags=flags, environ=environ, cwd=tmp_path)
    assert s.mail_to == ("flag@example.com",)  # flag > env > file
    assert s.smtp_host == "env.example.com"  # env > file
    assert s.smtp_port == 2525  # file > default
    assert s.report_month == "last-complete"
    assert s.report_formats == ("html", "json")  # an environment list: commas or spaces
    assert s.smtp_tls == "starttls" and s.smtp_timeout == 60  # defaults
    assert s.warehouse == tmp_path / "data" / "w.duckdb"  # relative to the file's folder
    assert s.report_output_dir == tmp_path / "data" / "reports"  # beside the warehouse
    assert s.origins["mail_to"] == "flag --to"
    assert s.origins["smtp_host"] == "env FINOPS_AI_SMTP_HOST"
    assert s.origins["smtp_port"] == f"file {path}"
    assert s.origins["smtp_tls"] == "default"
    assert s.lock_path == tmp_path / "data" / "w.duckdb.run.lock"


def test_smtp_port_follows_tls_unless_set(tmp_path):
    for tls, port in (("none", 25), ("starttls", 587), ("ssl", 465)):
        s = resolve(environ={"FINOPS_AI_SMTP_TLS": tls}, cwd=tmp_path)
        assert s.smtp_port == port


def test_paths_from_the_environment_are_relative_to_the_current_folder(tmp_path):
    folder = tmp_path / "etc"
    folder.mkdir()
    path = write(folder, '[ingest]\nsources = ["bills/", "s3://b/cur/"]\n')
    s = resolve(
        config=path, environ={"FINOPS_AI_REPORT_OUTPUT_DIR": "out"}, cwd=tmp_path / "elsewhere"
    )
    assert s.ingest_sources == (str(folder / "bills"), "s3://b/cur/")
    assert s.report_output_dir == tmp_path / "elsewhere" / "out"


def test_config_file_lookup(tmp_path, monkeypatch):
    assert resolve(environ={}, cwd=tmp_path).config_file is None
    default = write(tmp_path, 'warehouse = "x.duckdb"\n')
    assert resolve(environ={}, cwd=tmp_path).config_file == default
    other = tmp_path / "other.toml"
    other.write_text("")
    assert resolve(environ={"FINOPS_AI_CONFIG": str(other)}, cwd=tmp_path).config_file == other
    with pytest.raises(SettingsError, match="no such config file"):
        resolve(environ={"FINOPS_AI_CONFIG": str(tmp_path / "nope.toml")}, cwd=tmp_path)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[smtp]\nhots = "mail"\n', "unknown key 'hots' in [smtp]; did you mean 'host'?"),
        ('[smpt]\nhost = "mail"\n', "unknown key 'smpt'; did you mean 'smtp'?"),
        ("[clasify]\nrules = []\n", "unknown key 'clasify'; did you mean 'classify'?"),
        ('smtp_host = "mail"\n', "unknown key 'smtp_host'; write it as host in [smtp]"),
        ('ingest = ["bills/"]\n', "ingest must be a table ([ingest] with keys)"),
        ('[smtp]\nport = "25"\n', "smtp.port must be a whole number from 1 to 65535, not '25'"),
        ("[smtp]\nport = 70000\n", "smtp.port must be a whole number from 1 to 65535"),
        (
            '[smtp]\ntls = "tsl"\n',
            "smtp.tls must be one of none, starttls, ssl, not 'tsl'; did you mean 'ssl'?",
        ),
        ('[mail]\nto = "cfo@example.com"\n', "mail.to must be a list of strings"),
        ('[mail]\nto = ["cfo"]\n', "mail.to: 'cfo' is not an email address"),
        ('[report]\nmonth = "october"\n', "report.month must be 'previous', 'last-complete'"),
        ('[report]\nformats = ["pdf"]\n', "report.formats must be one of html, md, json, text"),
        ('[pull]\nproviders = ["openia"]\n', "did you mean 'openai'?"),
        ('[pull]\nsince = "last week"\n', "pull.since must be a day YYYY-MM-DD"),
        ('memory_limit = "lots"\n', "memory_limit must be a memory size such as 4GB, not 'lots'"),
        ('[pull]\nopenai_base_url = "api.openai.com"\n', "must be an http(s):// URL"),
        ('[ingest]\nsources = ["s3:///cur/"]\n', "not an S3 location"),
        ('[smtp]\npassword = "hunter2"\n', "smtp.password: secrets never go in the config file"),
        ('[pull]\nopenai_admin_key = "sk-admin"\n', "looks like a secret"),
        ('[report]\nbudgets = "nope.toml"\n', "report.budgets: "),
        ('[classify]\nrules = ["tag:workload=training -> trainig"]\n', "unknown class 'trainig'"),
        ("[smtp\n", "not valid TOML"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_the_key(runner, tmp_path, text, message):
    path = write(tmp_path, text)
    result = config_cmd(runner, "config", "--config", str(path))
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"Error: {path}") or "report.budgets" in result.stderr
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "hunter2" not in result.output and "sk-admin" not in result.output


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("FINOPS_AI_SMTP_PORT", "abc", "FINOPS_AI_SMTP_PORT must be a whole number"),
        ("FINOPS_AI_SMTP_TLS", "STARTTLS", "FINOPS_AI_SMTP_TLS must be one of none, starttls"),
        ("FINOPS_AI_MAIL_FROM", "nobody", "FINOPS_AI_MAIL_FROM: 'nobody' is not an email"),
        ("FINOPS_AI_PULL_PROVIDERS", "openai,azure", "FINOPS_AI_PULL_PROVIDERS must be one of"),
    ],
)
def test_a_bad_environment_variable_is_named(runner, tmp_path, monkeypatch, name, value, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    result = config_cmd(runner, "config")
    assert result.exit_code == 3
    assert message in result.stderr


def test_missing_fields_a_run_needs_are_named(tmp_path):
    s = resolve(environ={"FINOPS_AI_MAIL_TO": "cfo@example.com"}, cwd=tmp_path)
    with pytest.raises(SettingsError, match=r"mail.from is required to send email \(mail.to"):
        require(s, mail=True, environ={})
    s = resolve(
        environ={
            "FINOPS_AI_MAIL_FROM": "f@example.com",
            "FINOPS_AI_SMTP_HOST": "mail",
            "FINOPS_AI_SMTP_USER": "finops",
        },
        cwd=tmp_path,
    )
    with pytest.raises(SettingsError, match="smtp.user is set but FINOPS_AI_SMTP_PASSWORD is not"):
        require(s, mail=True, environ={})
    s = resolve(environ={"FINOPS_AI_PULL_PROVIDERS": "openai"}, cwd=tmp_path)
    with pytest.raises(SettingsError, match="OPENAI_ADMIN_KEY is not set"):
        require(s, mail=False, environ={})


def test_config_prints_the_resolved_settings_with_secrets_masked(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, '[smtp]\nhost = "file.example.com"\nuser = "finops"\n')
    monkeypatch.setenv("FINOPS_AI_SMTP_PASSWORD", "hunter2")
    monkeypatch.setenv("FINOPS_AI_SMTP_PORT", "2525")
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-secret")
    monkeypatch.setenv("FINOPS_AI_SMTP_HSOT", "typo.example.com")
    result = config_cmd(runner, "--warehouse", "flag.duckdb", "config")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "hunter2" not in result.output and "sk-admin-secret" not in result.output
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert re.match(r"smtp.password +\*{8} \(set\)  ", rows["smtp.password"])
    assert "[env FINOPS_AI_SMTP_PASSWORD]" in rows["smtp.password"]
    assert "file.example.com" in rows["smtp.host"] and "[file " in rows["smtp.host"]
    assert "2525  [env FINOPS_AI_SMTP_PORT]" in rows["smtp.port"]
    assert "flag.duckdb  [flag --warehouse]" in rows["warehouse"]
    assert "******** (set)" in rows["OPENAI_ADMIN_KEY"]
    assert "(not set)" in rows["ANTHROPIC_ADMIN_KEY"]
    assert "FINOPS_AI_SMTP_HSOT is not a finops-ai setting" in result.stderr
    assert "did you mean FINOPS_AI_SMTP_HOST?" in result.stderr


def test_config_json_gives_each_value_and_its_source_with_secrets_masked(
    runner, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    path = write(
        tmp_path,
        '[smtp]\nhost = "file.example.com"\nuser = "finops"\n'
        '[report]\nformats = ["html", "json"]\n',
    )
    monkeypatch.setenv("FINOPS_AI_SMTP_PASSWORD", "hunter2-long-password")
    monkeypatch.setenv("FINOPS_AI_SMTP_PORT", "2525")
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-0123456789abcdef")
    # A URL may carry a credential: it is masked in the JSON as in the listing.
    monkeypatch.setenv(
        "FINOPS_AI_INGEST_ENDPOINT_URL", "https://minio:s3cr3t-pass@minio.local:9000"
    )
    result = config_cmd(runner, "--warehouse", "flag.duckdb", "config", "--json")
    assert result.exit_code == 0, result.stderr
    for secret in ("hunter2-long-password", "sk-admin-0123456789abcdef", "s3cr3t-pass"):
        assert secret not in result.output
    data = json.loads(result.stdout)
    settings = data["settings"]
    assert data["config_file"] == {"value": str(path), "source": "default: ./finops.toml"}
    assert settings["smtp.host"]["value"] == "file.example.com"
    assert settings["smtp.host"]["source"] == f"file {path}"
    assert settings["report.formats"]["value"] == ["html", "json"]
    assert settings["smtp.port"] == {
        "value": 2525,
        "source": "env FINOPS_AI_SMTP_PORT",
        "env": "FINOPS_AI_SMTP_PORT",
    }
    assert settings["warehouse"]["value"] == "flag.duckdb"
    assert settings["warehouse"]["source"] == "flag --warehouse"
    assert settings["smtp.tls"] == {
        "value": "starttls",
        "source": "default",
        "env": "FINOPS_AI_SMTP_TLS",
    }
    assert settings["mail.from"]["value"] is None
    assert settings["ingest.endpoint_url"]["value"] == "https://***@minio.local:9000"
    assert data["provider_keys"]["ANTHROPIC_ADMIN_KEY"]["value"] is None
    assert data["problem"] is None
    # Every setting, and the secrets masked exactly as the text listing masks them.
    text = config_cmd(runner, "--warehouse", "flag.duckdb", "config").stdout
    rows = {line.split()[0]: line for line in text.splitlines()}
    assert set(settings) == {k.dotted for k in KEYS}
    for shown in (
        settings["smtp.password"]["value"],
        data["provider_keys"]["OPENAI_ADMIN_KEY"]["value"],
    ):
        assert shown == "******** (set)"
    assert "  ******** (set)  [env FINOPS_AI_SMTP_PASSWORD]" in rows["smtp.password"]
    assert "  https://***@minio.local:9000  [env " in rows["ingest.endpoint_url"]


def test_config_json_names_the_problem_and_exits_3(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FINOPS_AI_MAIL_TO", "cfo@example.com")
    result = config_cmd(runner, "config", "--json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["settings"]["mail.to"]["value"] == ["cfo@example.com"]
    assert data["problem"].startswith("mail.from is required to send email")
    assert result.stderr.startswith("Error: mail.from is required")
    assert result.stderr.count("\n") == 1


def test_config_json_prints_nothing_when_the_file_cannot_be_read(runner, tmp_path):
    path = write(tmp_path, '[smtp]\nhots = "mail"\n')
    result = config_cmd(runner, "config", "--config", str(path), "--json")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: unknown key 'hots' in [smtp]")


def test_the_example_config_is_valid_and_every_key_is_documented(tmp_path, monkeypatch):
    text = EXAMPLE.read_text()
    # The example names a budgets file beside it and a CA file: give it both to read.
    (tmp_path / "budgets.toml").write_text('[[budget]]\nclass = "inference"\nmonthly = 1000\n')
    (tmp_path / "ca.pem").write_text("")
    environ = {
        "FINOPS_AI_SMTP_PASSWORD": "x",
        "OPENAI_ADMIN_KEY": "x",
        "ANTHROPIC_ADMIN_KEY": "x",
        "FINOPS_AI_SMTP_CA_FILE": str(tmp_path / "ca.pem"),
    }
    path = write(tmp_path, text)
    settings = resolve(config=path, environ=environ, cwd=tmp_path)
    require(settings, mail=True, environ=environ)
    assert settings.rules, "the example shows [classify] rules"
    assert settings.pull_since == dt.date(2026, 1, 1)
    for key in KEYS:
        assert key.env in SCHEDULING_DOC, f"{key.env} is not in docs/scheduling.md"
        assert f"`{key.dotted}`" in SCHEDULING_DOC, f"{key.dotted} is not in docs/scheduling.md"
        assert f"{key.key} =" in text or key.secret, f"{key.dotted} is not in the example"
