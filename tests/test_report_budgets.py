"""The budgets file: a good one loads exactly; every mistake is one line naming file and key."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finops_ai.errors import ConfigError
from finops_ai.report.budgets import load_budgets
from tests.conftest import invoke
from tests.test_report_fixtures import BUDGETS, sample  # noqa: F401


def test_the_sample_budgets_file_loads_exactly():
    budgets = load_budgets(BUDGETS)
    assert [b.name for b in budgets.lines] == [
        "Production serving (AWS)",
        "OpenAI API",
        "Research training",
        "Search team",
    ]
    research = budgets.lines[2]
    assert research.monthly == Decimal("120000") and research.currency == "USD"
    assert research.months == {"2026-12": Decimal("60000")}
    assert research.account == "ml-research" and research.workload_class == "training"
    assert budgets.tag_keys == ["team"]


def test_amounts_are_exact_decimals_and_globs_become_like_patterns(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text(
        '[[budget]]\nservice = "Amazon *"\naccount = "acct_1?"\nmonthly = 1500.1\n'
        '[[budget]]\nclass = "AI"\nmonthly = "2_000.50"\ncurrency = "eur"\n'
    )
    first, second = load_budgets(path).lines
    assert first.monthly == Decimal("1500.1") and first.service == "Amazon %"
    assert first.account == "acct\\_1_" and first.name == "account=acct_1?, service=Amazon *"
    assert second.monthly == Decimal("2000.50") and second.workload_class == "ai"
    assert second.currency == "EUR"


BAD = [
    ("budgets = []\n", "unknown key 'budgets'; did you mean 'budget'?"),
    (
        "[[budget]]\nclas = 'inference'\nmonthly = 1\n",
        "[[budget]] 1: unknown key 'clas'; did you mean 'class'?",
    ),
    (
        "[[budget]]\nname = 'x'\nclass = 'inferense'\nmonthly = 1\n",
        "[[budget]] 1 ('x'): class 'inferense' is unknown; did you mean 'inference'?",
    ),
    ("[[budget]]\nclass = 'training'\n", "[[budget]] 1: missing key 'monthly'"),
    ("[[budget]]\nclass = 'training'\nmonthly = -5\n", "monthly must be a positive amount or 0"),
    ("[[budget]]\nclass = 'training'\nmonthly = 'lots'\n", "monthly must be a number, not 'lots'"),
    ("[[budget]]\nclass = 'training'\nmonthly = true\n", "monthly must be a number, not True"),
    ("[[budget]]\ntag = 'team'\nmonthly = 1\n", "tag 'team' must be KEY=VALUE"),
    (
        "[[budget]]\nclass = 'ai'\nmonthly = 1\nmonths = { '2026-13' = 5 }\n",
        "months key '2026-13' is not a month written YYYY-MM",
    ),
    ("[[budget]]\nmonthly = 1\n", "[[budget]] 1: names no scope"),
    ("currency = 'US'\n[[budget]]\nclass = 'ai'\nmonthly = 1\n", "currency must be a 3-letter"),
    (
        "[[budget]]\nclass = 'ai'\nmonthly = 1\n[[budget]]\nclass = 'ai'\nmonthly = 2\n",
        "budget name 'class=ai' is used twice",
    ),
    ("[[budget]\n", "not valid TOML"),
    ("currency = 'USD'\n", "no budget lines"),
    ("[[budget]]\naccount = ''\nmonthly = 1\n", "account must be a non-empty string"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[m[:40] for _, m in BAD])
def test_mistakes_are_named(tmp_path, text, message):
    path = tmp_path / "budgets.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_budgets(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cli_reports_a_bad_budgets_file_in_one_line_and_exit_1(runner, sample, tmp_path):  # noqa: F811
    path = tmp_path / "budgets.toml"
    path.write_text("[[budget]]\nclass = 'trainig'\nmonthly = 10\n")
    result = invoke(runner, sample, "report", "--budgets", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {path}: [[budget]] 1: class 'trainig' is unknown; did you mean 'training'?"
    ]
