"""The budgets file (TOML): monthly budget lines, validated with errors that name the key.

    currency = "USD"                    # optional; default for every line: the report's currency

    [[budget]]
    name = "Inference"                  # optional; default: the scope ("class=inference")
    class = "inference"                 # training, inference, ai_other, non_ai, or ai (all 3 AI)
    monthly = 150000                    # the budget of every month
    months = { "2026-12" = 180000 }     # optional: months whose budget differs

    [[budget]]
    name = "Research GPUs"
    account = "222222222222"            # usage or billing account: id or name
    tag = "team=ml-research"            # KEY=VALUE
    monthly = 120000

A line covers the spend that matches every scope key it names (class, account, project,
provider, service, tag); values other than class are case-insensitive globs (``*``, ``?``).
Lines may overlap; spend under two lines counts against both. See docs/report.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from finops_ai.classify.rules import glob_to_like
from finops_ai.errors import ConfigError
from finops_ai.report.model import CLASSES
from finops_ai.suggest import did_you_mean

BUDGET_CLASSES = (*CLASSES, "ai")
SCOPE_KEYS = ("class", "account", "project", "provider", "service", "tag")
LINE_KEYS = ("name", *SCOPE_KEYS, "monthly", "months", "currency")
TOP_KEYS = ("currency", "budget")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")


@dataclass(frozen=True)
class BudgetSpec:
    """One [[budget]] line. Patterns (account ... tag_value) are ILIKE patterns."""

    name: str
    scope: str
    monthly: Decimal
    currency: str | None = None
    workload_class: str | None = None
    account: str | None = None
    project: str | None = None
    provider: str | None = None
    service: str | None = None
    tag_key: str | None = None
    tag_value: str | None = None
    months: dict[str, Decimal] = field(default_factory=dict)  # "YYYY-MM" -> amount


@dataclass(frozen=True)
class Budgets:
    path: str
    lines: list[BudgetSpec]

    @property
    def tag_keys(self) -> list[str]:
        """The distinct tag keys the lines name, in first-use order (report_cube's tag_values)."""
        return list(dict.fromkeys(b.tag_key for b in self.lines if b.tag_key))


def _amount(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ConfigError(f"{where} must be a number, not {value!r}")
    try:
        # str() first: a TOML float 1500.1 becomes exactly 1500.1, not its binary neighbour.
        amount = Decimal(str(value).replace("_", ""))
    except InvalidOperation as exc:
        raise ConfigError(f"{where} must be a number, not {value!r}") from exc
    if not amount.is_finite() or amount < 0:
        raise ConfigError(f"{where} must be a positive amount or 0, not {value!r}")
    return amount


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} must be a non-empty string, not {value!r}")
    return value.strip()


def _currency(value: object, where: str) -> str:
    text = _text(value, where)
    if not _CURRENCY.match(text):
        raise ConfigError(f"{where} must be a 3-letter ISO 4217 code like 'USD', not {value!r}")
    return text.upper()


def _line(table: object, where: str) -> BudgetSpec:
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table ([[budget]] with keys), not {table!r}")
    for key in table:
        if key not in LINE_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}{did_you_mean(key, LINE_KEYS)}")
    if "monthly" not in table:
        raise ConfigError(f"{where}: missing key 'monthly' (the budget of every month)")
    if not any(k in table for k in SCOPE_KEYS):
        raise ConfigError(
            f"{where}: names no scope; give at least one of {', '.join(SCOPE_KEYS)}",
            'Use class = "ai" for all AI spend',
        )
    values = {k: _text(table[k], f"{where}: {k}") for k in SCOPE_KEYS if k in table}
    workload_class = values.get("class")
    if workload_class is not None:
        workload_class = workload_class.lower()
        if workload_class not in BUDGET_CLASSES:
            near = did_you_mean(workload_class, BUDGET_CLASSES)
            raise ConfigError(f"{where}: class {values['class']!r} is unknown{near}")
    tag_key = tag_value = None
    if "tag" in values:
        tag_key, eq, tag_value = (p.strip() for p in values["tag"].partition("="))
        if not eq or not tag_key or not tag_value:
            raise ConfigError(f"{where}: tag {values['tag']!r} must be KEY=VALUE, e.g. 'team=ml'")
    months = table.get("months", {})
    if not isinstance(months, dict):
        raise ConfigError(f'{where}: months must be a table like {{ "2026-12" = 180000 }}')
    for month in months:
        if not _MONTH.match(month):
            raise ConfigError(f"{where}: months key {month!r} is not a month written YYYY-MM")
    scope = ", ".join(f"{k}={values[k]}" if k != "tag" else f"tag:{values[k]}" for k in values)
    return BudgetSpec(
        name=_text(table["name"], f"{where}: name") if "name" in table else scope,
        scope=scope,
        monthly=_amount(table["monthly"], f"{where}: monthly"),
        currency=_currency(table["currency"], f"{where}: currency")
        if "currency" in table
        else None,
        workload_class=workload_class,
        account=_like(values.get("account")),
        project=_like(values.get("project")),
        provider=_like(values.get("provider")),
        service=_like(values.get("service")),
        tag_key=tag_key,
        tag_value=_like(tag_value),
        months={m: _amount(v, f"{where}: months.{m}") for m, v in sorted(months.items())},
    )


def _like(glob: str | None) -> str | None:
    return None if glob is None else glob_to_like(glob)


def load_budgets(path: Path) -> Budgets:
    """Read and validate a budgets file; raise ConfigError naming the file, line and key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such budgets file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}{did_you_mean(key, TOP_KEYS)}")
    default_currency = (
        _currency(data["currency"], f"{path}: currency") if "currency" in data else None
    )
    tables = data.get("budget")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(
            f"{path}: no budget lines",
            'Add one [[budget]] table per line, e.g. class = "inference" and monthly = 10000',
        )
    lines = []
    for i, table in enumerate(tables, 1):
        label = f" ({table['name']!r})" if isinstance(table, dict) and "name" in table else ""
        line = _line(table, f"{path}: [[budget]] {i}{label}")
        if line.currency is None and default_currency:
            line = replace(line, currency=default_currency)
        lines.append(line)
    names = [b.name for b in lines]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(
            f"{path}: budget name {dupes[0]!r} is used twice", "Give each line a name"
        )
    return Budgets(str(path), lines)
