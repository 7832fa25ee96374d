"""Settings for the scheduled commands (`run`, `send`, `config`), resolved once into `Settings`.

Every setting is resolved in this order, the first that sets it wins:

1. a command-line flag (`--warehouse`, `--storage-version`, `run --month/--to/--output-dir`);
2. the environment variable ``FINOPS_AI_<KEY>``: the key upper-cased with its table, e.g.
   ``smtp.host`` -> ``FINOPS_AI_SMTP_HOST``, ``mail.from`` -> ``FINOPS_AI_MAIL_FROM``;
3. the config file: ``--config FILE``, else ``$FINOPS_AI_CONFIG``, else ``./finops.toml`` if it
   exists (a TOML file; see examples/finops.toml and docs/scheduling.md);
4. the default in Settings below (KEYS lists the settings, read off its fields).

Secrets never come from the config file: the SMTP password only from ``FINOPS_AI_SMTP_PASSWORD``,
the webhook's URL (which is its credential) only from ``FINOPS_AI_WEBHOOK_URL``,
the providers' admin keys from ``OPENAI_ADMIN_KEY`` / ``ANTHROPIC_ADMIN_KEY``, AWS credentials
from boto3's own chain (environment, ``~/.aws``, SSO, instance role). A file that names one is
refused. The file is validated as it is read: an unknown key, a wrong type or a missing field
is a SettingsError naming the key (and the near key it probably meant).

Paths in the file are relative to the file's folder, so cron can run from any directory; paths
from flags and the environment are relative to the current directory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import os
import re
import tomllib
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from finops_ai.classify.rules import Rule, load_rules
from finops_ai.deliver import smtp
from finops_ai.deliver.files import SUFFIXES
from finops_ai.deliver.webhook import FORMATS as WEBHOOK_FORMATS
from finops_ai.errors import ConfigError, SettingsError
from finops_ai.ingest.formats import CHOICES as BILL_FORMATS
from finops_ai.ingest.http import DEFAULT_DEADLINE
from finops_ai.masking import mask
from finops_ai.report.budgets import Budgets, load_budgets
from finops_ai.report.lever_settings import LeverSettings
from finops_ai.report.model import COST_BASES
from finops_ai.suggest import closest, did_you_mean
from finops_ai.warehouse import db

ENV_PREFIX = "FINOPS_AI_"
CONFIG_ENV = "FINOPS_AI_CONFIG"
DEFAULT_CONFIG = Path("finops.toml")
# FINOPS_AI_* variables that are not settings: no warning for them.
OTHER_ENV = {"FINOPS_AI_CONFIG", "FINOPS_AI_DEBUG", "FINOPS_AI_TODAY", "FINOPS_AI_SHARED"}
PROVIDER_KEYS = {"openai": "OPENAI_ADMIN_KEY", "anthropic": "ANTHROPIC_ADMIN_KEY"}
PROVIDER_URL_ENV = {"openai": "OPENAI_BASE_URL", "anthropic": "ANTHROPIC_BASE_URL"}
SMTP_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")  # line breaks, tabs, NUL...
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_SECRETISH = re.compile(r"password|secret|token|api_?key|admin_?key|access_?key", re.I)


@dataclass(frozen=True)
class Key:
    """One setting: its TOML table and name, type, default and what it is for."""

    section: str | None
    key: str
    kind: str  # text, url, int, path, list, choice, choices, date, month, address(es), memory
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()
    secret: bool = False  # environment only, masked when printed

    @property
    def name(self) -> str:
        """The Settings field: ``smtp_host``."""
        return f"{self.section}_{self.key}" if self.section else self.key

    @property
    def dotted(self) -> str:
        """How the file spells it: ``smtp.host`` (``host`` in the ``[smtp]`` table)."""
        return f"{self.section}.{self.key}" if self.section else self.key

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


def setting(
    section: str | None,
    kind: str,
    default: Any = None,
    help: str = "",  # noqa: A002 - as Key names it
    choices: tuple[str, ...] = (),
    secret: bool = False,
) -> Any:
    """A Settings field that is a setting: its table, type, default and help, listed once.
    The key is the field's name without the table: ``smtp_host`` is ``host`` in ``[smtp]``."""
    spec = Key(section, "", kind, default, help, choices, secret)  # key: from the field's name
    return field(repr=not secret, metadata={_SETTING: spec})


_SETTING = "finops_ai.setting"


@dataclass(frozen=True)
class Settings:
    """Resolved settings. ``origins`` says where each came from: flag, env, file or default.
    The fields made with setting() are the settings (KEYS), in the order `config` lists them."""

    warehouse: Path = setting(None, "path", Path("finops.duckdb"), "the DuckDB warehouse file")
    storage_version: str = setting(
        None, "text", db.DEFAULT_STORAGE_VERSION, "DuckDB storage version of a new warehouse"
    )
    memory_limit: str | None = setting(
        None, "memory", None, "most memory DuckDB may use, e.g. 4GB (80% of RAM)"
    )
    ingest_sources: tuple[str, ...] = setting(
        "ingest", "list", (), "bills to ingest: s3:// prefixes, folders, globs"
    )
    ingest_format: str = setting("ingest", "choice", "auto", "bill format", BILL_FORMATS)
    ingest_profile: str | None = setting(
        "ingest", "text", None, "AWS profile for s3:// sources (else boto3's chain)"
    )
    ingest_endpoint_url: str | None = setting(
        "ingest", "url", None, "S3 endpoint (MinIO, a VPC endpoint)"
    )
    pull_providers: tuple[str, ...] = setting(
        "pull", "choices", (), "AI providers to pull", ("openai", "anthropic")
    )
    pull_since: dt.date | None = setting(
        "pull", "date", None, "first day to pull (default: first of last month)"
    )
    pull_openai_base_url: str | None = setting(
        "pull", "url", None, "OpenAI API base URL ($OPENAI_BASE_URL)"
    )
    pull_openai_org_id: str | None = setting(
        "pull", "text", None, "file OpenAI rows under this organisation id"
    )
    pull_anthropic_base_url: str | None = setting("pull", "url", None, "Anthropic API base URL")
    pull_anthropic_org_id: str | None = setting(
        "pull", "text", None, "Anthropic organisation id (skips a call)"
    )
    pull_deadline: int = setting(
        "pull", "int", DEFAULT_DEADLINE, "seconds one provider pull may take in all"
    )
    report_month: str = setting("report", "month", "previous", "previous, last-complete or YYYY-MM")
    report_cost: str = setting("report", "choice", "effective", "cost basis", COST_BASES)
    report_budgets: Path | None = setting(
        "report", "path", None, "budgets TOML file (docs/report.md)"
    )
    report_formats: tuple[str, ...] = setting(
        "report", "choices", ("html", "md", "json"), "report files to write", tuple(SUFFIXES)
    )
    report_output_dir: Path = setting(
        "report", "path", None, "folder for the report files (default: reports/)"
    )
    # The savings levers' and model heads-ups' assumptions (docs/report.md, LeverSettings).
    levers_commitment_discount: float = setting(
        "levers",
        "percent",
        round(LeverSettings.commitment_discount * 100, 6),
        "% off on demand a commitment gets where the bill shows none for the instance family",
    )
    levers_spot_discount: float = setting(
        "levers",
        "percent",
        round(LeverSettings.spot_discount * 100, 6),
        "% off on demand spot gets where the bill shows none for the instance family",
    )
    levers_jump_floor: float = setting(
        "levers",
        "amount",
        float(LeverSettings.jump_floor),
        "a model's daily spend rise (money) that is a heads-up, at least",
    )
    levers_jump_percent: float = setting(
        "levers",
        "amount",
        round(LeverSettings.jump_share * 100, 6),
        "... and at least this % above its 7-day baseline",
    )
    levers_cache_target: float = setting(
        "levers",
        "percent",
        round(LeverSettings.cache_target * 100, 6),
        "prompt-cache hit ratio % the cache lever assumes a model can reach",
    )
    mail_to: tuple[str, ...] = setting("mail", "addresses", (), "recipients of the report email")
    mail_from: str | None = setting("mail", "address", None, "sender address of the report email")
    smtp_host: str | None = setting("smtp", "text", None, "SMTP server")
    smtp_port: int = setting(
        "smtp", "int", None, "SMTP port (default: 587 starttls, 465 ssl, 25 none)"
    )
    smtp_tls: str = setting("smtp", "choice", "starttls", "SMTP security", smtp.TLS_MODES)
    smtp_user: str | None = setting("smtp", "text", None, "SMTP login (no login when unset)")
    smtp_password: str | None = setting(
        "smtp", "text", None, "SMTP password: FINOPS_AI_SMTP_PASSWORD only", (), True
    )
    smtp_ca_file: Path | None = setting(
        "smtp", "path", None, "CA bundle to trust for the SMTP server's certificate"
    )
    smtp_timeout: int = setting("smtp", "int", 60, "SMTP timeout in seconds")
    # The URL of an incoming webhook is its own secret (anyone holding it can post), so like
    # the SMTP password it is environment only; setting it turns the channel on.
    webhook_url: str | None = setting(
        "webhook",
        "url",
        None,
        "Slack or other incoming webhook: FINOPS_AI_WEBHOOK_URL only",
        (),
        True,
    )
    webhook_format: str = setting(
        "webhook",
        "choice",
        "slack",
        "slack (text and blocks) or plain (text only)",
        WEBHOOK_FORMATS,
    )
    webhook_timeout: int = setting("webhook", "int", 30, "webhook timeout in seconds")
    config_file: Path | None = None
    origins: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[Rule, ...] | None = None  # the config file's [classify] rules, if it has any
    budgets: Budgets | None = None
    warnings: tuple[str, ...] = ()

    @property
    def lock_path(self) -> Path:
        """The run lock: one `run` or `send` at a time per warehouse (schedule/lock.py)."""
        return self.warehouse.with_name(self.warehouse.name + ".run.lock")

    @property
    def state_path(self) -> Path:
        """Source status and the emails sent (schedule/state.py)."""
        return self.warehouse.with_name(self.warehouse.name + ".state.json")

    @property
    def lever_settings(self) -> LeverSettings:
        """The [levers] percentages as the report takes them (fractions)."""
        return LeverSettings(
            commitment_discount=self.levers_commitment_discount / 100,
            spot_discount=self.levers_spot_discount / 100,
            jump_floor=Decimal(str(self.levers_jump_floor)),
            jump_share=self.levers_jump_percent / 100,
            cache_target=self.levers_cache_target / 100,
        )

    def base_url(self, provider: str) -> str | None:
        value: str | None = getattr(self, f"pull_{provider}_base_url")
        return value

    def org_id(self, provider: str) -> str | None:
        value: str | None = getattr(self, f"pull_{provider}_org_id")
        return value


def _keys() -> tuple[Key, ...]:
    keys = []
    for item in fields(Settings):
        spec = item.metadata.get(_SETTING)
        if spec is None:
            continue
        prefix = f"{spec.section}_" if spec.section else ""
        if not item.name.startswith(prefix):
            raise AssertionError(f"Settings.{item.name} must start with its table, {prefix}")
        keys.append(replace(spec, key=item.name.removeprefix(prefix)))
    return tuple(keys)


KEYS: tuple[Key, ...] = _keys()
KEYS_BY_NAME = {k.name: k for k in KEYS}
SECTIONS = tuple(dict.fromkeys(k.section for k in KEYS if k.section))
RULES_SECTION = "classify"  # [classify] rules, as `finops-ai classify --rules` reads them


def resolve(
    *,
    config: Path | None = None,
    flags: Mapping[str, tuple[Any, str]] | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Resolve every setting: ``flags`` maps a setting to (value, flag name) for flags given."""
    environ = os.environ if environ is None else environ
    flags = flags or {}
    cwd = cwd or Path.cwd()
    path, origin = find_config(config, environ, cwd)
    data = read_file(path) if path else {}
    values: dict[str, Any] = {}
    origins: dict[str, str] = {"config_file": origin}
    for key in KEYS:
        if key.name in flags:
            value, flag = flags[key.name]
            if key.kind == "addresses":  # run --to: checked as mail.to is
                value = parse(key, list(value), f"flag {flag}", cwd, from_text=False)
            values[key.name], origins[key.name] = value, f"flag {flag}"
        elif environ.get(key.env, "").strip():
            values[key.name] = parse(key, environ[key.env].strip(), key.env, cwd, from_text=True)
            origins[key.name] = f"env {key.env}"
        elif key.name in data:
            values[key.name], origins[key.name] = data[key.name], f"file {path}"
        else:
            values[key.name], origins[key.name] = key.default, "default"
    _derived(values, origins, environ)
    rules = _rules(path) if path and RULES_SECTION in _raw_tables(path) else None
    budgets = _budgets(values["report_budgets"])
    return Settings(
        **values,
        config_file=path,
        origins=MappingProxyType(origins),
        rules=tuple(rules) if rules is not None else None,
        budgets=budgets,
        warnings=tuple(_env_warnings(environ)),
    )


def find_config(
    explicit: Path | None, environ: Mapping[str, str], cwd: Path
) -> tuple[Path | None, str]:
    """--config, else $FINOPS_AI_CONFIG, else ./finops.toml if it exists, else no file."""
    named = explicit or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    where = "flag --config" if explicit else f"env {CONFIG_ENV}"
    if named is not None:
        named = named.expanduser()
        named = named if named.is_absolute() else cwd / named
        if not named.is_file():
            raise SettingsError(f"{named}: no such config file ({where})")
        return named, where
    default = cwd / DEFAULT_CONFIG
    if default.is_file():
        return default, "default: ./finops.toml"
    return None, "none: no --config, no $FINOPS_AI_CONFIG, no ./finops.toml"


def read_file(path: Path) -> dict[str, Any]:
    """The file's settings by name (``smtp_host``), typed and checked; SettingsError if not."""
    data = _load_toml(path)
    found: dict[str, Any] = {}
    for top, value in data.items():
        if top == RULES_SECTION:
            continue  # rules: validated by classify.rules.load_rules
        if top in SECTIONS:
            if not isinstance(value, dict):
                raise SettingsError(f"{path}: {top} must be a table ([{top}] with keys)")
            for name, item in value.items():
                key = KEYS_BY_NAME.get(f"{top}_{name}")
                if key is None or key.section != top:
                    choices = [k.key for k in KEYS if k.section == top]
                    raise _unknown(path, name, choices, f" in [{top}]")
                found[key.name] = _from_file(key, item, path)
            continue
        key = KEYS_BY_NAME.get(top)
        if key is None or key.section is not None:
            choices = [k.key for k in KEYS if not k.section] + [*SECTIONS, RULES_SECTION]
            raise _unknown(path, top, choices, "")
        found[key.name] = _from_file(key, value, path)
    return found


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the config file ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc


def _raw_tables(path: Path) -> set[str]:
    return set(_load_toml(path))


def _unknown(path: Path, name: str, choices: list[str], where: str) -> SettingsError:
    if _SECRETISH.search(name):
        return SettingsError(
            f"{path}: {name!r}{where} looks like a secret; secrets never go in the config file",
            "Set FINOPS_AI_SMTP_PASSWORD, OPENAI_ADMIN_KEY or ANTHROPIC_ADMIN_KEY in the "
            "environment; AWS credentials come from boto3's chain (--profile, ~/.aws, SSO)",
        )
    flat = KEYS_BY_NAME.get(name)
    if flat is not None and flat.secret:
        return SettingsError(
            f"{path}: {name!r}{where}: secrets never go in the config file",
            f"Set {flat.env} in the environment instead (e.g. a systemd EnvironmentFile)",
        )
    if flat is not None and flat.section:
        return SettingsError(
            f"{path}: unknown key {name!r}{where}; write it as {flat.key} in [{flat.section}]"
        )
    hint = did_you_mean(name, choices, listing="known:")
    return SettingsError(f"{path}: unknown key {name!r}{where}{hint}")


def _from_file(key: Key, value: Any, path: Path) -> Any:
    where = f"{path}: {key.dotted}"
    if key.secret:
        raise SettingsError(
            f"{where}: secrets never go in the config file",
            f"Set {key.env} in the environment instead (e.g. a systemd EnvironmentFile)",
        )
    return parse(key, value, where, path.parent, from_text=False)


def parse(key: Key, value: Any, where: str, base: Path, *, from_text: bool) -> Any:
    """Check and convert one value. ``from_text``: an environment variable's string."""
    kind = key.kind
    if kind in ("list", "choices", "addresses"):
        items = _split(value) if from_text and isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            raise SettingsError(f"{where} must be a list of strings, not {value!r}")
        items = [_one_line(i.strip(), where) for i in items if i.strip()]
        if kind == "choices":
            return tuple(dict.fromkeys(_choice(key, i, where) for i in items))
        if kind == "addresses":
            return tuple(_address(i, where) for i in items)
        return tuple(_source(i, base, where) for i in items)
    if kind == "int":
        return _int(key, value, where, from_text)
    if kind in ("percent", "amount"):
        return _number(key, value, where, from_text)
    if kind == "date":
        return _date(value, where)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where} must be a non-empty string, not {value!r}")
    value = _one_line(value.strip(), where, shown=not key.secret)
    if kind == "path":
        path = Path(value).expanduser()
        return path if path.is_absolute() else base / path
    if kind == "choice":
        return _choice(key, value, where)
    if kind == "month":
        if value not in ("previous", "last-complete") and not _MONTH.match(value):
            raise SettingsError(
                f"{where} must be 'previous', 'last-complete' or a month YYYY-MM, not {value!r}"
            )
        return value
    if kind == "url" and key.secret:
        return _secret_url(value, where)
    if kind == "url" and not re.match(r"^https?://[^/\s]+", value):
        raise SettingsError(f"{where} must be an http(s):// URL, not {value!r}")
    if kind == "address":
        return _address(value, where)
    if kind == "memory":
        db.check_memory_limit(value, where, SettingsError)
    return value


def _secret_url(value: str, where: str) -> str:
    """A URL that is a credential (the webhook's): https, or http only to this machine, since
    over plain HTTP anyone on the path reads the secret. The value is never echoed back."""
    try:
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname
    except ValueError:
        host = None
    if host is None or parts.scheme not in ("http", "https"):
        raise SettingsError(f"{where} must be an https:// URL (its value is not shown: a secret)")
    if parts.scheme == "http" and host not in _LOOPBACK:
        raise SettingsError(
            f"{where} must be an https:// URL: over http:// to {host} the URL, which is the "
            "webhook's secret, would cross the network in clear"
        )
    return value


def _one_line(value: str, where: str, *, shown: bool = True) -> str:
    """No setting holds a line break: in a mail header (From, To) one would start a header of
    its own, and Python's email package refuses it at send time; refuse it here, named.
    ``shown``: False for a secret, which the message must not repeat."""
    bad = _CONTROL.search(value)
    if bad:
        what = "line break" if bad[0] in "\r\n\x85\u2028\u2029" else "control character"
        but = f"{value!r} holds" if shown else "its value (not shown: a secret) holds"
        raise SettingsError(f"{where} must be one line, but {but} a {what}")
    return value


def check_recipients(recipients: list[str], where: str) -> tuple[str, ...]:
    """Addresses given on the command line (--to), checked as mail.to is."""
    checked: tuple[str, ...] = parse(
        KEYS_BY_NAME["mail_to"], list(recipients), where, Path.cwd(), from_text=False
    )
    return checked


def _split(text: str) -> list[str]:
    """An environment list: comma- or whitespace-separated."""
    return [p for p in re.split(r"[,\s]+", text) if p]


def _choice(key: Key, value: str, where: str) -> str:
    if value not in key.choices:
        hint = did_you_mean(value, key.choices, listing=None)
        raise SettingsError(f"{where} must be one of {', '.join(key.choices)}, not {value!r}{hint}")
    return value


def _int(key: Key, value: Any, where: str, from_text: bool) -> int:
    if from_text and isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    high = 65535 if key.key == "port" else 86400
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise SettingsError(f"{where} must be a whole number from 1 to {high}, not {value!r}")
    return value


def _number(key: Key, value: Any, where: str, from_text: bool) -> float:
    """A discount percentage (0 to under 100: no discount takes everything) or an amount (any
    number of 0 or more: money, or a rise in percent), as a TOML number or an environment
    variable's text."""
    if from_text and isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value.strip())
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    if key.kind == "percent":
        if not ok or not 0 <= value < 100:
            raise SettingsError(f"{where} must be a percentage from 0 to under 100, not {value!r}")
    elif not ok or not 0 <= value < float("inf"):
        raise SettingsError(f"{where} must be a number of 0 or more, not {value!r}")
    return float(value)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SettingsError(f"{where} must be a day YYYY-MM-DD, not {value!r}")


def _address(value: str, where: str) -> str:
    _, addr = email.utils.parseaddr(value)
    if "@" not in addr or addr.startswith("@") or addr.endswith("@") or " " in addr:
        raise SettingsError(f"{where}: {value!r} is not an email address")
    return value


def _source(value: str, base: Path, where: str) -> str:
    if value.startswith("s3://"):
        if not value.removeprefix("s3://").split("/", 1)[0]:
            raise SettingsError(
                f"{where}: {value!r} is not an S3 location; expected s3://bucket/prefix/"
            )
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else base / path)


def _derived(values: dict[str, Any], origins: dict[str, str], environ: Mapping[str, str]) -> None:
    """Defaults that depend on other settings or on the providers' own variables."""
    if values["smtp_port"] is None:
        values["smtp_port"] = SMTP_PORTS[values["smtp_tls"]]
        origins["smtp_port"] = f"default for smtp.tls = {values['smtp_tls']}"
    if values["report_output_dir"] is None:
        values["report_output_dir"] = values["warehouse"].parent / "reports"
        origins["report_output_dir"] = "default: reports/ beside the warehouse"
    for provider, env in PROVIDER_URL_ENV.items():
        name = f"pull_{provider}_base_url"
        if values[name] is None and environ.get(env, "").strip():
            values[name], origins[name] = environ[env].strip(), f"env {env}"
    values["warehouse"] = Path(values["warehouse"])


def _rules(path: Path) -> list[Rule]:
    try:
        return load_rules(path)
    except SettingsError:
        raise
    except ConfigError as exc:
        raise SettingsError(exc.message, exc.hint) from exc


def _budgets(path: Path | None) -> Budgets | None:
    if path is None:
        return None
    try:
        return load_budgets(path)
    except ConfigError as exc:
        raise SettingsError(f"report.budgets: {exc.message}", exc.hint) from exc


def _env_warnings(environ: Mapping[str, str]) -> list[str]:
    """FINOPS_AI_* variables that set nothing: most likely a typo."""
    names = [k.env for k in KEYS]
    found = []
    for var in sorted(environ):
        if var.startswith(ENV_PREFIX) and var not in names and var not in OTHER_ENV:
            near = closest(var, names)
            hint = f"; did you mean {near}?" if near else ""
            found.append(f"{var} is not a finops-ai setting and is ignored{hint}")
    return found


def require(settings: Settings, *, mail: bool, environ: Mapping[str, str] | None = None) -> None:
    """The fields a run needs together: a sender and server to email, keys to pull with."""
    environ = os.environ if environ is None else environ
    if mail:
        for name in ("mail_from", "smtp_host"):
            if not getattr(settings, name):
                key = KEYS_BY_NAME[name]
                raise SettingsError(
                    f"{key.dotted} is required to send email"
                    + (" (mail.to is set)" if settings.mail_to else ""),
                    f"Set it in the config file's [{key.section}] table or as {key.env}",
                )
        if settings.smtp_user and not settings.smtp_password:
            raise SettingsError(
                "smtp.user is set but FINOPS_AI_SMTP_PASSWORD is not",
                "Set FINOPS_AI_SMTP_PASSWORD in the environment, or unset smtp.user",
            )
        if settings.smtp_ca_file and not settings.smtp_ca_file.is_file():
            raise SettingsError(f"smtp.ca_file: {settings.smtp_ca_file} is not a file")
    for provider in settings.pull_providers:
        if not environ.get(PROVIDER_KEYS[provider], "").strip():
            raise SettingsError(
                f"pull.providers names {provider} but {PROVIDER_KEYS[provider]} is not set",
                f"Export {PROVIDER_KEYS[provider]} (an organisation admin key) for the run",
            )


SECRET_SHOWN = "******** (set)"  # how `config` shows a secret that is set, text and JSON alike
AWS_SOURCE = "boto3 (environment, ~/.aws, SSO, instance role)"


def describe(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """(setting, value, origin) rows for `finops-ai config`, secrets masked."""
    environ = os.environ if environ is None else environ
    rows: list[tuple[str, str, str]] = [
        ("config file", str(settings.config_file or "(none)"), settings.origins["config_file"])
    ]
    for key in KEYS:
        value = getattr(settings, key.name)
        if key.secret:
            shown = SECRET_SHOWN if value else "(not set)"
        elif isinstance(value, tuple):
            shown = ", ".join(value) if value else "(none)"
        else:
            shown = "(not set)" if value is None else str(value)
        # URLs may carry credentials (user:password@host, ?key=...); any text may hold a key.
        rows.append((key.dotted, mask(shown), settings.origins.get(key.name, "default")))
    rows.append(
        (
            "classify rules",
            f"{len(settings.rules)} rule(s)" if settings.rules is not None else "(none)",
            f"file {settings.config_file} [classify]" if settings.rules is not None else "-",
        )
    )
    for env in PROVIDER_KEYS.values():
        rows.append((env, SECRET_SHOWN if environ.get(env) else "(not set)", f"env {env}"))
    rows.append(("AWS credentials", _aws(settings), AWS_SOURCE))
    rows.append(("run lock", str(settings.lock_path), "beside the warehouse"))
    rows.append(("run state", str(settings.state_path), "beside the warehouse"))
    return rows


def _aws(settings: Settings) -> str:
    return "profile " + settings.ingest_profile if settings.ingest_profile else "boto3's chain"


def describe_json(settings: Settings, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What describe() lists, as `finops-ai config --json` prints it: typed values (null for
    not set, lists, numbers), each with its source; secrets masked as the listing masks them.
    The shape is a contract for scripts (docs/scheduling.md): keys are only ever added."""
    environ = os.environ if environ is None else environ

    def entry(value: Any, source: str | None, **extra: Any) -> dict[str, Any]:
        return {"value": value, "source": source, **extra}

    settings_out: dict[str, Any] = {}
    for key in KEYS:
        value = getattr(settings, key.name)
        if key.secret:
            value = SECRET_SHOWN if value else None
        source = settings.origins.get(key.name, "default")
        settings_out[key.dotted] = entry(_json_value(value), source, env=key.env)
    rules = settings.rules
    return {
        "config_file": entry(
            str(settings.config_file) if settings.config_file else None,
            settings.origins["config_file"],
        ),
        "settings": settings_out,
        "classify_rules": entry(
            len(rules) if rules is not None else None,
            f"file {settings.config_file} [classify]" if rules is not None else None,
        ),
        "provider_keys": {
            env: entry(SECRET_SHOWN if environ.get(env) else None, f"env {env}")
            for env in PROVIDER_KEYS.values()
        },
        "aws_credentials": entry(_aws(settings), AWS_SOURCE),
        "run_lock": entry(str(settings.lock_path), "beside the warehouse"),
        "run_state": entry(str(settings.state_path), "beside the warehouse"),
        "warnings": list(settings.warnings),
    }


def _json_value(value: Any) -> Any:
    """A setting's value for JSON, text masked as the listing masks it (URLs may carry
    credentials, any text may hold a key)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return mask(str(value))
