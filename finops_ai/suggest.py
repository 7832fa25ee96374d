""" "Did you mean ...?" for a misspelt key or value, the same in every file finops-ai reads
(the config file, rules, budgets) and for FINOPS_AI_* variables."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely misspells, if one is close enough (difflib's 0.6)."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], listing: str | None = "choose from") -> str:
    """``"; did you mean 'smtp'?"`` when a choice is close; else ``" (choose from a, b)"``
    (``listing`` names the list), or ``""`` when ``listing`` is None. Appended to an error."""
    choices = list(choices)
    near = closest(word, choices)
    if near is not None:
        return f"; did you mean {near!r}?"
    return f" ({listing} {', '.join(choices)})" if listing is not None else ""
