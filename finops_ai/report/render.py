"""Render a Report as text (terminal), Markdown, HTML or JSON, every one from the same model.

Text, Markdown and HTML come from Jinja templates (templates/report.*.j2, the HTML page from
one partial per section in templates/html/); JSON is the model itself (Report.to_dict).
Templates only format: every figure is in the model, computed by SQL. The one thing worked out
in Python is chart geometry (charts.py for the SVG charts; bar lengths as fractions of the
largest month here, for the text and email bars), which is layout, not a figure anybody reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from decimal import Decimal
from typing import Any

import jinja2

from finops_ai import escaping
from finops_ai.report import charts, render_levers
from finops_ai.report.model import CLASS_LABELS, CLASSES, CurrencySection, Report
from finops_ai.resources import templates_dir

FORMATS = ("text", "html", "md", "json")
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_ANSI = {
    "training": "33",  # yellow
    "inference": "34",  # blue
    "ai_other": "35",  # magenta
    "non_ai": "90",  # grey
    "title": "1",
    "dim": "2",
    "bad": "31",
    "good": "32",
    "warn": "33",
}
TEXT_GLYPHS = {"training": "█", "inference": "▓", "ai_other": "▒", "non_ai": "░"}


def money(value: Decimal | float | None, currency: str | None = None, cents: bool = True) -> str:
    """1234.5, USD -> "$1,234.50"; other codes go after the number: "1,234.50 CHF"."""
    if value is None:
        return "–"
    return _with_currency(value, f"{abs(value):,.2f}" if cents else f"{abs(value):,.0f}", currency)


def money_short(value: Decimal | float | None, currency: str | None = None) -> str:
    """Compact money for tight columns: 187109.0 -> "$187.1k", 1495840983 -> "$1.50B"."""
    if value is None:
        return "–"
    magnitude = -value if value < 0 else value  # abs(), keeping Decimal or float
    for limit, suffix, digits in ((10**9, "B", 2), (10**6, "M", 2), (10**3, "k", 1)):
        if magnitude >= limit:
            return _with_currency(value, f"{magnitude / limit:.{digits}f}{suffix}", currency)
    return money(value, currency, cents=False)


def money_rate(value: float | Decimal | None, currency: str | None = None) -> str:
    """A price per unit (cost per 1M tokens): cents, or 3 decimals under 1 ("$0.064")."""
    if value is None:
        return "–"
    digits = 3 if abs(float(value)) < 1 else 2
    return _with_currency(value, f"{abs(value):,.{digits}f}", currency)


def _with_currency(value: Decimal | float, number: str, currency: str | None) -> str:
    sign = "-" if value < 0 else ""
    if currency in _SYMBOLS:
        return f"{sign}{_SYMBOLS[currency]}{number}"
    return f"{sign}{number} {currency}" if currency else f"{sign}{number}"


def pct(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """0.2531 -> "25.3%" (signed: "+25.3%"); None -> "n/a"."""
    if value is None:
        return "n/a"
    return f"{value * 100:{'+' if signed else ''},.{digits}f}%"


def points(value: float | None) -> str:
    """A change of a share, 0.052 -> "+5.2 pts"."""
    return "n/a" if value is None else f"{value * 100:+.1f} pts"


def label(series: str) -> str:
    return CLASS_LABELS.get(series, series)


def month_name(month: str, short: bool = False) -> str:
    """'2026-10' -> 'October 2026' (short: 'Oct 2026')."""
    day = dt.date(int(month[:4]), int(month[5:7]), 1)
    return day.strftime("%b %Y" if short else "%B %Y")


def short_id(key: str | None, width: int = 36) -> str:
    """Long ids (ARNs, Azure resource paths) keep their distinctive end: "…/deployments/blue"."""
    if key is None:
        return "–"
    return key if len(key) <= width else "…" + key[-(width - 1) :]


def css_pct(fraction: float) -> str:
    """A chart fraction as a CSS length: 0.4523 -> "45.23%"."""
    return f"{fraction * 100:.2f}%"


def pc(percent: float) -> str:
    """An SVG x already in percent: 12.5 -> "12.500%"."""
    return f"{percent:.3f}%"


def px(value: float) -> str:
    """An SVG coordinate in pixels (or viewBox units): 2 decimals, no trailing noise."""
    return f"{value:.2f}"


def month_abbr(month: str) -> str:
    """'2026-10' -> 'Oct'."""
    return dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%b")


VOLATILE_WORDS = {
    "swings": "volatile: spend swings from month to month",
    "wide_range": "volatile: too few months to forecast this far ahead",
    "runaway": "volatile: the trend runs off the scale",
}


def volatile_words(reason: str | None) -> str:
    """Why a forecast range is volatile, in a few words ("" when it is steady)."""
    return VOLATILE_WORDS.get(reason, VOLATILE_WORDS["swings"]) if reason else ""


def forecast_range(
    low: Decimal | None, high: Decimal | None, currency: str, reason: str | None = None
) -> str:
    """An 80 % range as every format prints it, labelled volatile when it is:
    "80% range $187.1k–$206.7k", "volatile 80% range $70.4k–$1.32M"; a runaway trend has no
    range worth printing."""
    if reason == "runaway":
        return "no usable range (volatile: the trend runs off the scale)"
    if low is None or high is None:
        return ""
    span = f"{money_short(low, currency)}–{money_short(high, currency)}"
    return f"volatile 80% range {span}" if reason else f"80% range {span}"


def basis_label(basis: str) -> str:
    return {
        "effective": "Effective (amortised) cost",
        "billed": "Billed (invoice) cost",
    }.get(basis, basis)


def budget_status(status: str) -> str:
    return {
        "over": "over budget",
        "forecast_over": "will overrun",
        "ok": "within budget",
        "no_data": "no data",
    }.get(status, status)


def forecast_status(status: str | None, months: int, gap: str | None = None) -> str:
    """Why a series has no forecast; ``gap``: the latest month without data before it."""
    if status == "no_spend":
        return "no spend to forecast"
    if status == "too_little_history":
        since = f" after {month_name(gap, short=True)}, which has no data" if gap else ""
        return f"too little history to forecast ({months} month(s) with spend{since}; needs 3)"
    return status or "no forecast"


def no_forecast_reason(section: CurrencySection) -> str:
    """The sentence a report gives when no series of ``section`` has a forecast."""
    reason = "Too little history: a forecast needs at least 3 months with spend"
    fit = section.forecast_for("total")
    if fit and fit.history_gap:
        if fit.history_start is None:
            return f"{reason}, and {month_name(fit.history_gap)} has no data."
        return (
            f"{reason} in an unbroken run of months with data; {month_name(fit.history_gap)} "
            f"has none, and {_months_follow(fit.history_months)} it."
        )
    return f"{reason}."


def _months_follow(months: int) -> str:
    if months == 0:
        return "no month with spend follows"
    if months == 1:
        return "only 1 month with spend follows"
    return f"only {months} months with spend follow"


def cells(
    fractions: dict[str, float], order: tuple[str, ...], colours: dict[str, str]
) -> list[tuple[float, str]]:
    """Email bar cells, (fraction, colour) left to right, from fractions by class."""
    return [(fractions[c], colours[c]) for c in order]


def shade(parts: list[tuple[str, float]], palette: dict[str, str]) -> list[tuple[float, str]]:
    """Email bar cells from (role, fraction) parts (charts.RangeRow.parts) and a role palette."""
    return [(f, palette[role]) for role, f in parts]


def unbudgeted_covers(report: Report) -> str:
    """What "Unbudgeted AI opex" covers: one definition, with or without a budgets file."""
    covers = "AI spend (training, inference, other AI) that no budget line covers"
    return covers if report.budgets_file else f"{covers}; no budgets file, so all of it"


def cell(value: object, width: int, align: str = "<") -> str:
    """Pad or cut ``value`` to exactly ``width`` characters (text tables)."""
    text = "" if value is None else str(value)
    if len(text) > width:
        text = text[: max(width - 1, 0)] + "…"
    return f"{text:{align}{width}}"


@jinja2.pass_context
def style(ctx: jinja2.runtime.Context, text: str, role: str) -> str:
    """ANSI colour for a terminal; nothing when the output is not a TTY (ctx's ``color``)."""
    if not ctx.get("color") or role not in _ANSI:
        return text
    return f"\x1b[{_ANSI[role]}m{text}\x1b[0m"


def chart(section: CurrencySection) -> list[dict[str, Any]]:
    """Bar geometry for the monthly stacked chart: each class's fraction of the tallest month."""
    tallest = max(
        (sum(max(m.amounts[c] or 0, 0) for c in CLASSES) for m in section.trend), default=0
    )
    bars = []
    for month in section.trend:
        parts = {c: max(month.amounts[c] or 0, 0) for c in CLASSES}
        bars.append(
            {
                "month": month.month,
                "has_data": month.has_data,
                "total": month.amounts["total"],
                "fractions": {c: float(parts[c] / tallest) if tallest else 0.0 for c in CLASSES},
            }
        )
    return bars


def text_bar(fractions: dict[str, float], width: int, color: bool) -> str:
    """A stacked horizontal bar of ``width`` characters at most, one glyph (and colour) a class."""
    out = []
    for c in ("inference", "training", "ai_other", "non_ai"):  # inference first, as in HTML
        n = round(fractions[c] * width)
        if n:
            piece = TEXT_GLYPHS[c] * n
            out.append(f"\x1b[{_ANSI[c]}m{piece}\x1b[0m" if color else piece)
    return "".join(out)


class _Markdown(str):
    """Text that is Markdown already (a code span from ``md_code``): not escaped again."""


def md_code(value: str | None, table: bool = True) -> str:
    """An id as a Markdown code span (``table``: inside a table cell); None as a dash."""
    return "–" if value is None else _Markdown(escaping.markdown_code(str(value), table))


@jinja2.pass_context
def _finalize(ctx: jinja2.runtime.Context, value: object) -> object:
    # Like autoescape, for Markdown: every string a template prints is escaped, so no data
    # field can be missed; the few that are Markdown on purpose say so (_Markdown).
    if ctx.get("fmt") == "md" and isinstance(value, str) and not isinstance(value, _Markdown):
        return escaping.markdown(value)
    return value


def _terminal_safe(value: Any) -> Any:
    """The model with the control characters of every string in it escaped (escaping.controls),
    for the text format: done before rendering, the template's own colours stay and the columns
    are measured on what the terminal will show."""
    if isinstance(value, str):
        return escaping.controls(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value,
            **{f.name: _terminal_safe(getattr(value, f.name)) for f in dataclasses.fields(value)},
        )
    if isinstance(value, dict):
        return {k: _terminal_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_terminal_safe(v) for v in value)
    return value


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: autoescaped HTML, StrictUndefined, explicit filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        money=money,
        money_short=money_short,
        money_rate=money_rate,
        pct=pct,
        points=points,
        label=label,
        cell=cell,
        style=style,
        month_name=month_name,
        css_pct=css_pct,
        pc=pc,
        cells=cells,
        shade=shade,
        px=px,
        month_abbr=month_abbr,
        volatile_words=volatile_words,
        forecast_range=forecast_range,
        short_id=short_id,
        basis_label=basis_label,
        budget_status=budget_status,
        forecast_status=forecast_status,
        md_code=md_code,
    )
    env.filters.update(render_levers.filters())  # the capacity, savings and burn partials
    env.globals.update(
        chart=chart,
        class_chart=charts.class_chart,
        share_chart=charts.share_chart,
        fan_chart=charts.fan_chart,
        model_chart=charts.model_chart,
        budget_chart=charts.budget_chart,
        range_rows=charts.range_rows,
        usage_bars=charts.usage_bars,
        stack_order=charts.STACK_ORDER,
        text_bar=text_bar,
        classes=CLASSES,
        glyphs=TEXT_GLYPHS,
        no_forecast_reason=no_forecast_reason,
        unbudgeted_covers=unbudgeted_covers,
    )
    return env


def render(report: Report, fmt: str, *, width: int = 100, color: bool = False) -> str:
    """The report as ``fmt`` (text, html, md, json). ``width`` and ``color`` shape text only."""
    if fmt == "json":
        return to_json(report)
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    if fmt == "text":
        report = _terminal_safe(report)
    template = environment().get_template(f"report.{'txt' if fmt == 'text' else fmt}.j2")
    text = template.render(r=report, s=report.primary, width=width, color=color, fmt=fmt)
    if fmt == "html":
        return text
    # Padding cells leaves trailing blanks; editors and diffs flag them.
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, default=_json_number) + "\n"


def _json_number(value: object) -> object:
    # Amounts are Decimals already rounded to cents; a float prints them exactly (well below
    # 2**53 cents) as a JSON number, which every consumer reads.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")
