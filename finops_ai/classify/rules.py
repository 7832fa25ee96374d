"""The user's classification rules: read from a TOML file, validated, stored in the warehouse.

    [classify]
    rules = [
        "tag:workload=training -> training",
        "account:222222222222 -> inference",
        "resource:arn:aws:sagemaker:*:endpoint/* -> inference",
    ]

    [[classify.rule]]                 # the same, one table per rule, with an optional id
    id = "research-gpus"
    match = "account:333333333333"
    class = "training"

A rule is ``KIND[:KEY]=PATTERN -> CLASS`` (``KIND PATTERN`` also works for one-part kinds).
Patterns are case-insensitive globs (``*`` any text, ``?`` one character). Earlier rules win.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from finops_ai.classify.signals import built_in_signals
from finops_ai.errors import ConfigError
from finops_ai.suggest import did_you_mean

CLASSES = ("training", "inference", "ai_other", "non_ai")
KEYED_KINDS = ("tag", "cost_category")
PLAIN_KINDS = ("account", "resource", "service", "usage_type", "provider", "model")
KINDS = KEYED_KINDS + PLAIN_KINDS
_CLASSIFY_KEYS = ("rules", "rule")
_RULE_KEYS = ("id", "match", "class")
_ARROW = re.compile(r"\s*->\s*")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    kind: str
    key: str | None
    pattern: str  # an ILIKE pattern
    workload_class: str
    text: str


def glob_to_like(glob: str) -> str:
    escaped = glob.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%").replace("?", "_")


def parse_rule(text: str, where: str, rule_id: str | None = None) -> Rule:
    """Parse ``tag:workload=training -> training``; ``where`` names the rule in errors."""
    parts = _ARROW.split(text.strip())
    if len(parts) != 2 or not all(parts):
        raise ConfigError(f"{where}: {text!r} is not a rule", "Write it as 'KIND:VALUE -> CLASS'")
    match, workload_class = parts
    return _rule(match, workload_class.strip(), where, text, rule_id)


def _rule(match: str, workload_class: str, where: str, text: str, rule_id: str | None) -> Rule:
    if workload_class not in CLASSES:
        raise ConfigError(
            f"{where}: unknown class {workload_class!r}{did_you_mean(workload_class, CLASSES)}"
        )
    parsed = re.match(r"\s*([A-Za-z_]+)\s*[:= ]\s*(.*)$", match)
    if not parsed:
        raise ConfigError(f"{where}: {match!r} names no value", "Write e.g. 'account:123456789012'")
    kind, rest = parsed[1].lower(), parsed[2]
    if kind not in KINDS:
        raise ConfigError(f"{where}: unknown rule kind {kind!r}{did_you_mean(kind, KINDS)}")
    key = None
    value = rest.strip()
    if kind in KEYED_KINDS:
        key, eq, value = value.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key:
            raise ConfigError(f"{where}: {match!r} needs a key and a value, e.g. '{kind}:team=ml'")
    if not value:
        raise ConfigError(f"{where}: {match!r} has an empty pattern")
    if rule_id is not None and not rule_id:
        raise ConfigError(f"{where}: empty id", "Give the rule an id, or leave id out")
    if rule_id is not None and _is_built_in(rule_id):
        raise ConfigError(
            f"{where}: id {rule_id!r} is a built-in rule's id",
            "Choose another, so that --summary and explain tell your rule from the built-in one",
        )
    rid = rule_id or f"user-{kind}{'-' + key if key else ''}-{value}".replace(" ", "_")
    return Rule(rid, kind, key, glob_to_like(value), workload_class, text.strip())


def _is_built_in(rule_id: str) -> bool:
    """Whether ``rule_id`` is, or could be, the id of a built-in rule (signals.csv, a workload
    tag, a usage pattern or a default)."""
    if rule_id.startswith(("tag-", "gpu-pattern-", "default-")):
        return True
    return any(row["rule_id"] == rule_id for row in built_in_signals())


def load_rules(path: Path) -> list[Rule]:
    """Read and validate a rules file; raise ConfigError naming the file and the rule."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such rules file") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not a text file (not UTF-8 at byte {exc.start})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the rules file ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    section = data.get("classify")
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: no [classify] section", "Put the rules under [classify]")
    for key in section:
        if key not in _CLASSIFY_KEYS:
            raise ConfigError(
                f"{path}: unknown key {key!r} in [classify]{did_you_mean(key, _CLASSIFY_KEYS)}"
            )
    rules: list[Rule] = []
    listed = section.get("rules", [])
    if not isinstance(listed, list) or not all(isinstance(r, str) for r in listed):
        raise ConfigError(f"{path}: [classify] rules must be a list of strings")
    for i, text in enumerate(listed, 1):
        rules.append(parse_rule(text, f"{path}: rules[{i}]"))
    tables = section.get("rule", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(
            f"{path}: write each rule as a [[classify.rule]] table",
            "Or list rule strings as rules = [...]",
        )
    named: set[int] = set()  # indexes of the rules whose id the user gave
    for i, table in enumerate(tables, 1):
        where = f"{path}: [[classify.rule]] {i}"
        for key in table:
            if key not in _RULE_KEYS:
                raise ConfigError(f"{where}: unknown key {key!r}{did_you_mean(key, _RULE_KEYS)}")
        missing = [k for k in ("match", "class") if k not in table]
        if missing:
            raise ConfigError(f"{where}: missing {' and '.join(repr(k) for k in missing)}")
        text = f"{table['match']} -> {table['class']}"
        rule_id = str(table["id"]).strip() if "id" in table else None
        if rule_id is not None:
            named.add(len(rules))
        rules.append(_rule(str(table["match"]), str(table["class"]), where, text, rule_id))
    given = [rules[i].rule_id for i in sorted(named)]
    dupes = sorted({i for i in given if given.count(i) > 1})
    if dupes:
        raise ConfigError(f"{path}: rule id {dupes[0]!r} is used twice")
    return _unique_ids(rules, named)


def _unique_ids(rules: list[Rule], named: set[int]) -> list[Rule]:
    """The rules, with the made-up ids that collide (``tag:a-b=c`` and ``tag:a=b-c`` both make
    ``user-tag-a-b-c``) given the rule's position as a suffix; the ids the user gave (the rules
    at the indexes ``named``) are kept."""
    taken = {rules[i].rule_id for i in named}
    unique = []
    for index, rule in enumerate(rules):
        if index not in named:
            rule_id = rule.rule_id
            while rule_id in taken:
                rule_id = f"{rule_id}-{index + 1}"
            rule = dataclasses.replace(rule, rule_id=rule_id)
        taken.add(rule.rule_id)
        unique.append(rule)
    return unique
