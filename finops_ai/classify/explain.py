"""`finops-ai explain`: why a line item got its class."""

from __future__ import annotations

from pathlib import Path

import jinja2

from finops_ai.errors import FinopsError
from finops_ai.escaping import controls
from finops_ai.resources import load_query, templates_dir
from finops_ai.warehouse.db import connect_read_only

TIERS = {1: "user rule", 2: "workload tag", 3: "service signal", 4: "usage pattern", 5: "default"}
SHOWN = 20  # class keys, the largest first; explain_item.sql returns one more


def explain(warehouse: Path, item_id: str) -> str:
    con = connect_read_only(warehouse)
    try:
        cursor = con.execute(load_query("classify/explain_item"), {"id": item_id})
        names = [d[0] for d in cursor.description]
        items = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if not items:
            raise FinopsError(
                f"no line item with id, resource id or class key {item_id!r}",
                "Use a value of x_SourceLineId, ResourceId or x_ClassKey from line_items",
            )
        more, items = len(items) > SHOWN, items[:SHOWN]
        for item in items:
            # As a rule names a tag (tag:KEY=VALUE), and escaped like every other string.
            tags = item["tags"] or {}
            item["tags"] = ", ".join(f"{k}={v}" for k, v in sorted(tags.items()))
            cursor = con.execute(
                load_query("classify/explain_matches"), {"key": item["x_ClassKey"]}
            )
            names = [d[0] for d in cursor.description]
            item["matches"] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()), undefined=jinja2.StrictUndefined
    )
    template = env.get_template("explain.txt.j2")
    return template.render(
        item_id=controls(item_id), items=_terminal_safe(items), more=more, tiers=TIERS
    ).rstrip()


def _terminal_safe(value: object) -> object:
    """Every string of the rows (tags, names, ids from the bill) with its control characters
    escaped: the explanation goes to a terminal."""
    if isinstance(value, str):
        return controls(value)
    if isinstance(value, dict):
        return {k: _terminal_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_terminal_safe(v) for v in value]
    return value
