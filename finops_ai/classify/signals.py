"""The built-in service and usage-type signals (queries/classify/signals.csv) as Python reads them:
to refuse a user rule id that is a built-in one, and to ship them to other engines."""

from __future__ import annotations

import csv

from finops_ai.resources import query_path


def built_in_signals() -> list[dict[str, str]]:
    """One dict per row of signals.csv, by column name, in file order."""
    with query_path("classify/signals.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
