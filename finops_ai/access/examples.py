"""The example queries shipped with finops-ai (queries/examples/, inside the wheel too): listed
by name, run with their $parameters filled, or printed as a script the DuckDB CLI runs as is.

An example's first comment line is its one-line description. Its parameters are the ``$name``
markers in its SQL (outside strings and comments). The DuckDB CLI cannot bind ``$name``, so its
form sets each one as a session variable (``SET VARIABLE month = '2026-10';``, DuckDB 1.1 and
newer) and reads it with ``getvariable('month')``, which a read-only connection allows.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from finops_ai.engines.transpile import literal
from finops_ai.errors import FinopsError, WarehouseError
from finops_ai.resources import load_query, queries_dir
from finops_ai.warehouse.db import connect_read_only

FOLDER = "examples"

# What may hold a `$`-word that is not a parameter: strings, quoted names, comments. A match
# with group 1 is a parameter; any other match is kept as it is.
_TOKEN = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|\$([A-Za-z_][A-Za-z0-9_]*)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Example:
    name: str
    description: str
    sql: str

    @property
    def params(self) -> tuple[str, ...]:
        """The ``$name`` parameters, in the order they first appear."""
        found: dict[str, None] = {}

        def note(name: str) -> str:
            found[name] = None
            return ""

        _substitute(self.sql, note)
        return tuple(found)


def _substitute(sql: str, replace: Callable[[str], str]) -> str:
    return _TOKEN.sub(lambda m: replace(m[1]) if m[1] else m[0], sql)


def examples() -> list[Example]:
    """Every example, by name."""
    found = []
    for path in sorted((queries_dir() / FOLDER).glob("*.sql")):
        sql = load_query(f"{FOLDER}/{path.stem}")
        first = sql.splitlines()[0] if sql else ""
        description = first.removeprefix("--").strip() if first.startswith("--") else ""
        found.append(Example(path.stem, description, sql))
    return found


def example(name: str) -> Example:
    """The example called ``name``; an unknown name is an error listing the known ones."""
    known = examples()
    for candidate in known:
        if candidate.name == name:
            return candidate
    raise FinopsError(
        f"no example query named {name!r}; the examples are: " + ", ".join(e.name for e in known),
        "See finops-ai sql --list-examples",
    )


def listing() -> str:
    """The names and descriptions, one example a line."""
    known = examples()
    width = max(len(e.name) for e in known)
    return "\n".join(f"{e.name:<{width}}  {e.description}" for e in known)


def default_month(warehouse: Path, today: dt.date) -> str:
    """The latest billing month in the warehouse that has ended by ``today``, else its latest."""
    con = connect_read_only(warehouse)
    try:
        rows = con.execute(load_query("warehouse/default_month"), {"today": today}).fetchall()
    finally:
        con.close()
    month: str | None = rows[0][0]
    if month is None:
        raise WarehouseError(
            f"{warehouse}: no line items, so no month to fill $month with",
            "Ingest bills first, or give --month YYYY-MM",
        )
    return month


def parameters(
    chosen: Example,
    given: Mapping[str, str],
    defaults: Mapping[str, Callable[[], str]],
) -> dict[str, str]:
    """A value for each of the example's parameters: given, else its default (computed only if
    needed). A parameter with neither, or a value for one the example lacks, is an error."""
    unused = sorted(set(given) - set(chosen.params))
    if unused:
        takes = ", ".join(f"${p}" for p in chosen.params) or "no parameters"
        raise FinopsError(
            f"example {chosen.name} has no ${unused[0]} (it takes {takes})",
        )
    values = {}
    for name in chosen.params:
        if name in given:
            values[name] = given[name]
        elif name in defaults:
            values[name] = defaults[name]()
        else:
            raise FinopsError(f"example {chosen.name} needs ${name}", f"Pass --param {name}=VALUE")
    return values


def duckdb_script(chosen: Example, values: Mapping[str, str], warehouse: Path) -> str:
    """The example as a script for the DuckDB CLI: each parameter set as a variable up front
    (edit it there), read in the query with getvariable()."""
    lines = chosen.sql.splitlines()
    head = []
    while lines and lines[0].startswith("--"):
        head.append(lines.pop(0))
    body = "\n".join(lines).strip().rstrip(";").rstrip()
    body = _substitute(body, lambda name: f"getvariable('{name}')")
    settings = [
        f"SET VARIABLE {name} = {literal(values[name]).sql(dialect='duckdb')};"
        for name in chosen.params
    ]
    run = (
        "-- Runs as is in the DuckDB CLI (1.1 or newer): "
        f"duckdb -readonly {shlex.quote(str(warehouse))} < {chosen.name}.sql"
    )
    if settings:
        run += "\n-- Set the parameters here:"
    return "\n".join([*head, run, *settings, body + ";"]) + "\n"
