"""The production install (`pip install .`, README "Installing on the cron host") needs nothing
from the test extras: every module the package imports, at the top of a file or inside a
function, is the standard library's, the package's own, or from a distribution that
[project.dependencies] names or that one of those requires (botocore, through boto3)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import REPO


def _name(requirement: str) -> str:
    return _canonical(re.split(r"[\s<>=!~;(\[]", requirement, maxsplit=1)[0])


def _installed_by_production() -> set[str]:
    """[project.dependencies] and what they require in turn, leaving out their extras."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [_name(dep) for dep in project["dependencies"]]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # a requirement whose marker leaves it out here (another Python)
        todo += [_name(req) for req in requires if "extra" not in req.partition(";")[2]]
    return seen


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported() -> dict[str, str]:
    """Top-level module -> the first file importing it."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "finops_ai").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def test_the_package_imports_only_what_a_production_install_brings():
    declared = _installed_by_production()
    owners = importlib.metadata.packages_distributions()
    third_party = {
        module: where
        for module, where in _imported().items()
        if module != "finops_ai" and module not in sys.stdlib_module_names
    }
    assert third_party, "the package imports duckdb, click, jinja2..."
    undeclared = {
        module: (where, owners.get(module))
        for module, where in third_party.items()
        if not {_canonical(d) for d in owners.get(module, [])} & declared
    }
    assert undeclared == {}, "imported but not in [project.dependencies]"
