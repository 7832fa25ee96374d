"""Locate the SQL in queries/ and the templates, in a source checkout or an installed wheel."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # A wheel carries them inside the package (see pyproject's force-include);
    # a source checkout or editable install has them at the repo root.
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"finops-ai is installed without its {name}/ folder")


def queries_dir() -> Path:
    return _find("queries")


def templates_dir() -> Path:
    return _find("templates")


def sample_bills_dir() -> Path:
    return _find("sample_bills")


# A query shares SQL with another by naming a fragment file (a run of CTEs) on a line of its
# own: {include:classify/usage_pattern}. Markers inside comments are left alone.
_INCLUDE = re.compile(r"\{include:([a-z0-9_/]+)\}")


@functools.cache
def load_query(name: str) -> str:
    """Return the SQL text of ``queries/<name>.sql`` (e.g. ``"ingest/cur_to_focus"``), with the
    fragments it includes expanded."""
    path = queries_dir() / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no query named {name!r} (looked for {path})")
    return expand_includes(path.read_text(encoding="utf-8"))


def expand_includes(sql: str) -> str:
    """``sql`` with each ``{include:NAME}`` replaced by queries/NAME.sql without its header
    comment."""
    lines = []
    for line in sql.splitlines(keepends=True):
        if not line.lstrip().startswith("--"):
            line = _INCLUDE.sub(lambda m: _fragment(m.group(1)), line)
        lines.append(line)
    return "".join(lines)


def _fragment(name: str) -> str:
    body = load_query(name).splitlines(keepends=True)
    while body and (body[0].lstrip().startswith("--") or not body[0].strip()):
        body.pop(0)
    return "".join(body).rstrip()


def query_path(name: str) -> Path:
    return queries_dir() / name


T = TypeVar("T")


def bind(sql: str, params: Mapping[str, T]) -> dict[str, T]:
    """The entries of ``params`` that ``sql`` names as ``$name`` (outside ``--`` comments, which
    describe parameters too): DuckDB refuses unused ones."""
    code = _COMMENT.sub("", sql)
    return {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", code)}


_COMMENT = re.compile(r"--[^\n]*")
