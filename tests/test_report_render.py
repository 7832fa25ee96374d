"""Every format from one model: JSON against a golden file value by value, the others checked for
the headline numbers, width, colour, escaping and self-containment.

Regenerate the golden file after an intended change with
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_report_render.py
and review its diff.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
from decimal import Decimal

import pytest

from finops_ai.deliver.email import body_html
from finops_ai.report.budgets import load_budgets
from finops_ai.report.build import build_report
from finops_ai.report.model import CLASSES, SCHEMA_VERSION
from finops_ai.report.render import money, money_short, render
from tests.test_report_fixtures import BUDGETS, REPORT_DATA, SAMPLE_TODAY, sample  # noqa: F401

GOLDEN = REPORT_DATA / "sample-2026-10.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def report(sample):  # noqa: F811
    return build_report(sample, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS))


def _portable(data: dict) -> dict:
    # The budgets path depends on the checkout; the version on the release.
    data = json.loads(json.dumps(data))
    data["budgets"]["file"] = os.path.basename(data["budgets"]["file"])
    data.pop("finops_ai_version")
    return data


def _compare(got: object, want: object, path: str, problems: list[str]) -> None:
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got)):
            if key not in got or key not in want:
                problems.append(f"{path}.{key}: {'missing' if key not in got else 'unexpected'}")
            else:
                _compare(got[key], want[key], f"{path}.{key}", problems)
    elif isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            problems.append(f"{path}: {len(got)} items, want {len(want)}")
        for i, (g, w) in enumerate(zip(got, want, strict=False)):
            _compare(g, w, f"{path}[{i}]", problems)
    elif isinstance(want, float) and isinstance(got, int | float) and not isinstance(got, bool):
        # Forecasts go through exp/ln: allow a cent of platform float noise there, none elsewhere.
        tolerance = 0.011 if ("forecast" in path or "year" in path) else 1e-9
        if not math.isclose(got, want, rel_tol=1e-9, abs_tol=tolerance):
            problems.append(f"{path}: {got!r}, want {want!r}")
    elif got != want:
        problems.append(f"{path}: {got!r}, want {want!r}")


def test_json_matches_the_golden_file_value_by_value(report):
    got = _portable(json.loads(render(report, "json")))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=2) + "\n")
    want = json.loads(GOLDEN.read_text())
    problems: list[str] = []
    _compare(got, want, "$", problems)
    assert problems == []


def _fractions(node: object, path: str = "$") -> list[tuple[str, float]]:
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            shares = key.startswith(("inference_share", "share_of")) or key == "used"
            if shares and key != "share_of_ai_change":
                if isinstance(value, dict):
                    out += [(f"{path}.{key}.{k}", v) for k, v in value.items() if v is not None]
                elif value is not None:
                    out.append((f"{path}.{key}", value))
            else:
                out += _fractions(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _fractions(value, f"{path}[{i}]")
    return out


def test_json_schema(report):
    data = json.loads(render(report, "json"))
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["month"] == "2026-10" and re.fullmatch(r"\d{4}-\d{2}", data["month"])
    assert data["currency"] == "USD" and data["cost_basis"] == "effective"
    assert list(data["by_class"]) == list(CLASSES)
    assert all(isinstance(v, float) for v in data["by_class"].values())
    for key in ("trend", "forecast", "unbudgeted", "heads_ups", "notes", "other_currencies"):
        assert isinstance(data[key], list), key
    months = [m["month"] for m in data["trend"]]
    assert months == sorted(months) and months[-1] == data["month"]
    assert all(set(CLASSES) <= set(m) for m in data["trend"])
    assert data["trend"][-1]["inference"] == data["by_class"]["inference"]
    assert {f["series"] for f in data["forecast"]} == {*CLASSES, "ai_total", "total"}
    # Amounts are rounded to cents; shares are fractions.
    for value in data["by_class"].values():
        assert round(value, 2) == value
    for path, value in _fractions(data):
        if "budgets" not in path:  # a budget line may be more than 100 % used
            assert 0 <= value <= 1, path
    assert 0 < data["inference_share_of_total"] < data["inference_share_of_ai"] < 1


def test_html_has_the_headline_numbers(report):
    html = render(report, "html")
    section = report.primary
    assert html.startswith("<!doctype html>")
    assert 'id="headline-inference-share">62.0%<' in html
    assert f"{section.inference_share_of_ai * 100:.1f}%" == "62.0%"
    assert f'id="headline-ai-total">${section.ai_total:,.0f}<' in html
    assert f'id="headline-unbudgeted">${section.unbudgeted_total:,.0f}<' in html
    assert f"${section.by_class['training']:,.2f}" in html  # the class table, with cents
    assert '<td class="num">' in html  # numbers right-aligned


def test_html_is_self_contained(report):
    html = render(report, "html")
    for banned in ("<script", "<link", "@import", "http://", "https://", "<img", "<image"):
        assert banned not in html, banned
    # url() only names the page's own SVG patterns (fill: url(#pat-training)), nothing to fetch.
    assert re.findall(r"url\(([^)]*)\)", html) and all(
        ref.startswith("#pat-") for ref in re.findall(r"url\(([^)]*)\)", html)
    )
    for ref in set(re.findall(r"url\(#([\w-]+)\)", html)):
        assert f'<pattern id="{ref}"' in html, ref


def test_html_escapes_names(report):
    evil = "<img src=x onerror=alert(1)>"
    top = report.primary.top
    item = dataclasses.replace(top["inference"]["services"][0], key=evil)
    services = [item, *top["inference"]["services"][1:]]
    primary = dataclasses.replace(
        report.primary, top={**top, "inference": {**top["inference"], "services": services}}
    )
    html = render(dataclasses.replace(report, primary=primary), "html")
    assert evil not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_templates_show_the_model_and_compute_nothing(report):
    # An inconsistent model on purpose: the page must print the model's numbers, not sums.
    odd = dataclasses.replace(report.primary, ai_total=Decimal("12345.67"))
    html = render(dataclasses.replace(report, primary=odd), "html")
    assert "$12,346" in html and "$12,345.67" in html


@pytest.mark.parametrize("width", [72, 100, 160])
def test_text_fits_the_terminal_width(report, width):
    text = render(report, "text", width=width)
    too_long = [line for line in text.splitlines() if len(line) > width]
    assert too_long == []
    assert "Inference share of AI spend" in text and "62.0%" in text
    assert f"${report.primary.ai_total:,.2f}" in text
    assert "Spend by billing month" in text


def test_text_colour_only_when_asked(report):
    plain = render(report, "text", width=100, color=False)
    coloured = render(report, "text", width=100, color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain


def test_markdown(report):
    md = render(report, "md")
    assert md.startswith("# AI spend report: October 2026\n")
    assert "| **Inference share of AI spend** | **62.0%**" in md
    assert "|---|---:|---:|---:|---:|---:|" in md  # numbers right-aligned
    assert f"${report.primary.unbudgeted_total:,.2f}" in md


def test_markdown_escapes_pipes_in_names(report):
    top = report.primary.top
    item = dataclasses.replace(top["inference"]["services"][0], key="a|b")
    primary = dataclasses.replace(
        report.primary,
        top={**top, "inference": {**top["inference"], "services": [item]}},
    )
    md = render(dataclasses.replace(report, primary=primary), "md")
    assert "`a\\|b`" in md


@pytest.fixture(scope="module")
def plain(sample):  # noqa: F811
    return build_report(sample, today=SAMPLE_TODAY)  # no budgets file


def _flat(text: str) -> str:
    """One line, Markdown's escapes and the text report's wrapping undone."""
    return " ".join(text.replace("\\", "").split())


@pytest.mark.parametrize("fmt", ["text", "md", "html", "email"])
def test_unbudgeted_ai_opex_is_one_definition_with_or_without_a_budgets_file(report, plain, fmt):
    covers = "AI spend (training, inference, other AI) that no budget line covers"
    for r, all_of_it in ((report, False), (plain, True)):
        out = _flat(body_html(r, "r.html") if fmt == "email" else render(r, fmt, width=100))
        assert "Unbudgeted AI opex" in out and covers in out, fmt
        assert ("no budgets file, so all of it" in out) == all_of_it, fmt
        assert "all inference spend" not in out
        cents = fmt in ("text", "md")
        assert money(r.primary.unbudgeted_total, "USD", cents=cents) in out
    assert plain.primary.unbudgeted_total == plain.primary.ai_total
    assert report.primary.unbudgeted_total < report.primary.ai_total


@pytest.mark.parametrize("fmt", ["text", "md", "html", "email"])
def test_what_needs_action_comes_first(report, fmt):
    out = body_html(report, "r.html") if fmt == "email" else render(report, fmt, width=100)
    heads = out.index("Heads-ups")
    assert heads < out.index("Spend by") and heads < out.index("Where the AI money went")
    # ... and before the notes on the data.
    first_note = report.notes[0].message[:30]
    assert heads < out.replace("\\", "").index(first_note.replace("(", "").replace(")", "")[:20])
    over = [b for b in report.budget_lines if b.status in ("over", "forecast_over")]
    assert over, "the sample budgets file has lines over and heading over"
    section = _flat(out[heads : out.index("Spend by")])
    for b in over:
        assert f"Budget {b.name}" in section.replace("&#39;", "'"), (fmt, b.name)
    # The year-end forecast of AI spend is in the headline, before the heads-ups.
    year = report.primary.forecast_for("ai_total").year_end
    assert money(year.amount, "USD", cents=fmt == "text") in out[:heads]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "email"])
def test_a_volatile_range_is_labelled_volatile_wherever_it_is_shown(report, fmt):
    out = body_html(report, "r.html") if fmt == "email" else render(report, fmt, width=100)
    flat = _flat(out)
    volatile = [f for f in report.primary.forecast if f.volatile]
    assert volatile, "the sample has volatile forecasts"
    shown = 0
    for f in volatile:
        spans = [(m.low, m.high) for m in f.months]
        if f.year_end and f.year_end.months_forecast:
            spans.append((f.year_end.low, f.year_end.high))
        for low, high in spans:
            span = f"{money_short(low, 'USD')}–{money_short(high, 'USD')}"
            for hit in re.finditer(re.escape(span), flat):
                shown += 1
                # in its phrase, "volatile 80% range $70.4k–$1.32M"; in the text report's
                # forecast table, on the row that starts "volatile  range:" before its months
                before = flat[max(hit.start() - (110 if fmt == "text" else 40), 0) : hit.start()]
                assert "volatile" in before.lower(), (fmt, span, before)
            # The raw form the HTML tooltip used to show, unlabelled.
            assert (
                f"{money(low, 'USD', cents=False)} – {money(high, 'USD', cents=False)}" not in out
            )
    assert shown >= (1 if fmt == "email" else 3)
