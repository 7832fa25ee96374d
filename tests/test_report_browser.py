"""The HTML report and the email in a real browser: headless Chromium (Debian's `chromium`;
.ci/run installs it).

Two ways in. The command line, as anyone can repeat it: `--screenshot` with Chromium's log on
stderr, where console messages appear as "CONSOLE" lines. And the DevTools protocol
(tests/helpers/devtools.py, no extra package), which sets the window's width as a desktop
(1280 px), a phone (390 px) or a printed A4 page, reports failed loads and console messages,
and lets a test ask the rendered page what it shows: where each bar and point of the charts
landed, how wide the page is, whether a label runs out of its chart. The figures read back are
compared with the report model the page was rendered from. Screenshots are saved in the test's
tmp dir. Without Chromium these tests fail in CI (CI=true, where .ci/run installs it); on a
developer's machine without it they skip and say how to install it.
"""

from __future__ import annotations

import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from finops_ai.deliver.email import body_html
from finops_ai.report import charts
from finops_ai.report.budgets import load_budgets
from finops_ai.report.build import build_report
from finops_ai.report.render import money, money_short, render
from tests.helpers.devtools import FLAGS, DevTools, find_chromium
from tests.test_report_fixtures import (  # noqa: F401
    BUDGETS,
    SAMPLE_TODAY,
    Row,
    growing,
    sample,
    synthetic_warehouse,
)

# Headless Chromium: seconds per page; `pytest -m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

DESKTOP, PHONE = 1280, 390
PRINT = 718  # an A4 page (794 CSS px) less Chromium's default print margins
VIEWS = [
    ("desktop", DESKTOP, False, ""),
    ("phone", PHONE, True, ""),
    ("print", PRINT, False, "print"),
]
CHARTS = ["chart-classes", "chart-share", "chart-fan-ai", "chart-fan-inference", "chart-models"]


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if not found:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "Chromium is not installed (no `chromium` on PATH or /usr/bin/chromium). The HTML "
            "report must be checked in a real browser: apt-get install chromium (.ci/run does)."
        )
    return found


@pytest.fixture(scope="module")
def report(sample):  # noqa: F811
    return build_report(sample, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS))


@pytest.fixture(scope="module")
def pages(sample, report, tmp_path_factory) -> dict[str, Path]:  # noqa: F811
    """The report and the email body, with the sample budgets file and without one."""
    folder = tmp_path_factory.mktemp("report-browser")
    plain = build_report(sample, today=SAMPLE_TODAY)
    out = {
        "report": render(report, "html"),
        "report-no-budgets": render(plain, "html"),
        "email": body_html(report, "finops-ai-report-2026-10.html"),
        "email-no-budgets": body_html(plain, "finops-ai-report-2026-10.html"),
    }
    for name, html in out.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return {name: folder / f"{name}.html" for name in out}


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chromium")
    devtools = DevTools(chromium, folder / "profile", folder / "chromium.log")
    yield devtools
    devtools.close()


def screenshot(chromium: str, url: str, out: Path, width: int = DESKTOP) -> str:
    """Chromium's own --screenshot; returns its stderr log."""
    done = subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={out.parent / (out.stem + '-profile')}",
            f"--screenshot={out}",
            f"--window-size={width},2000",
            "--enable-logging=stderr",
            "--v=0",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def test_screenshot_with_no_console_messages(chromium, pages):
    shot = pages["report"].with_name("report-cli.png")
    log = screenshot(chromium, pages["report"].as_uri(), shot)
    assert shot.stat().st_size > 20_000, "the screenshot is (nearly) blank"
    assert [line for line in log.splitlines() if "CONSOLE" in line] == []


def test_the_console_check_would_catch_an_error(chromium, tmp_path):
    canary = tmp_path / "canary.html"
    canary.write_text("<!doctype html><p>x</p><script>console.error('canary-42')</script>")
    log = screenshot(chromium, canary.as_uri(), tmp_path / "canary.png")
    assert any("CONSOLE" in line and "canary-42" in line for line in log.splitlines())


HEADLINE = """(() => {
  const q = (s) => document.querySelector(s);
  const num = [...document.querySelectorAll('td.num')];
  return {
    share: q('#headline-inference-share').textContent.trim(),
    unbudgeted: q('#headline-unbudgeted').textContent.trim(),
    yearEnd: q('#headline-year-end').textContent.trim(),
    title: document.title,
    numericCells: num.length,
    leftAligned: num.filter((td) => getComputedStyle(td).textAlign !== 'right').length,
  };
})()"""


def test_the_rendered_headline_is_the_model(browser, pages, report):
    session = browser.open(pages["report"].as_uri(), DESKTOP)
    seen = browser.evaluate(HEADLINE, session)
    assert browser.problems(session) == []
    s = report.primary
    assert seen["share"] == f"{s.inference_share_of_ai * 100:.1f}%"
    assert seen["unbudgeted"] == f"${s.unbudgeted_total:,.0f}"
    assert seen["yearEnd"] == f"${s.forecast_for('ai_total').year_end.amount:,.0f}"
    assert seen["title"] == "AI spend report, October 2026"
    assert seen["numericCells"] > 50 and seen["leftAligned"] == 0


# What the page shows, measured by the browser: the page's width against the window's, every
# chart's box, its accessible name, and any label that runs out of its chart or is too small.
LAYOUT = """(() => {
  const box = (e) => e.getBoundingClientRect();
  const shown = (e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
  const charts = [...document.querySelectorAll('svg.chart')].map((svg) => {
    const r = box(svg);
    const texts = [...svg.querySelectorAll('text')].filter(shown);
    const months = texts.filter((t) => t.classList.contains('month')).map(box);
    return {
      id: svg.id, chart: svg.dataset.chart, left: r.left, right: r.right,
      width: r.width, height: r.height, shown: shown(svg),
      role: svg.getAttribute('role'),
      named: (svg.getAttribute('aria-labelledby') || '').split(' ').map(
          (id) => (document.getElementById(id) || {}).textContent || ''),
      shapes: svg.querySelectorAll('rect, circle, path, polygon').length,
      outside: texts.filter((t) => { const b = box(t); return b.width > 0 &&
          (b.left < r.left - 1 || b.right > r.right + 1); }).map((t) => t.textContent),
      smallest: Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize))),
      overlaps: months.slice(1).filter((b, i) => b.left < months[i].right).length,
    };
  });
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    charts, title: document.title,
    volatileTags: [...document.querySelectorAll('.tag-volatile')].filter(shown).length,
    headsUpsTop: document.getElementById('heads-ups').getBoundingClientRect().top,
    firstChartTop: Math.min(...[...document.querySelectorAll('svg.chart')].map((s) => box(s).top)),
    webFonts: document.fonts.size, images: document.images.length,
    svgs: document.querySelectorAll('svg').length,
  };
})()"""


@pytest.mark.parametrize(("view", "width", "mobile", "media"), VIEWS, ids=[v[0] for v in VIEWS])
@pytest.mark.parametrize("page", ["report", "report-no-budgets"])
def test_report_charts_are_there_and_nothing_overflows(
    browser, pages, page, view, width, mobile, media
):
    session = browser.open(pages[page].as_uri(), width, mobile=mobile, media=media)
    seen = browser.evaluate(LAYOUT, session)
    shot = browser.screenshot(session, pages[page].with_name(f"{page}-{view}.png"))
    assert browser.problems(session) == []
    assert shot.stat().st_size > 50_000, "the screenshot is (nearly) blank"
    # A phone's layout widens to fit content that is too wide: innerWidth says so.
    assert seen["innerWidth"] == width and seen["scrollWidth"] <= width, seen["scrollWidth"]
    by_id = {c["id"]: c for c in seen["charts"]}
    budgets = 4 if page == "report" else 0
    assert [i for i in CHARTS if i not in by_id] == []
    assert len([c for c in seen["charts"] if c["chart"] == "budget"]) == budgets
    for c in seen["charts"]:
        assert c["shown"] and c["height"] >= 150 and c["shapes"] >= 4, c["id"]
        assert c["left"] >= 0 and c["right"] <= width, c["id"]  # within the page
        assert c["outside"] == [], (c["id"], c["outside"])  # no label cut off at the edge
        assert c["smallest"] >= 11, c["id"]  # px: text does not shrink with the page
        assert c["overlaps"] == 0, c["id"]  # month labels side by side, not on top
        assert c["role"] == "img" and len(c["named"]) == 2 and all(c["named"]), c["id"]
        assert len(c["named"][1]) > 40, c["id"]  # a description in words, not just a title
    # What needs action comes first: the heads-ups above every chart.
    assert 0 < seen["headsUpsTop"] < seen["firstChartTop"]
    # The sample's All AI forecast is volatile, and says so.
    assert seen["volatileTags"] >= 2
    assert "volatile" in by_id["chart-fan-ai"]["named"][0]
    assert seen["webFonts"] == 0 and seen["images"] == 0


GEOMETRY = """(() => {
  const box = (e) => e.getBoundingClientRect();
  const plot = (svg) => ({ top: box(svg).top, bottom: box(svg).top + +svg.dataset.plotBottom });
  const classes = document.getElementById('chart-classes');
  const share = document.getElementById('chart-share');
  const models = document.getElementById('chart-models');
  return {
    classes: {
      ...plot(classes), scaleTop: +classes.dataset.scaleTop,
      plotTop: box(classes).top + +classes.dataset.plotTop,
      ticks: [...classes.querySelectorAll('text.tick')].map((t) => t.textContent),
      segments: [...classes.querySelectorAll('rect.seg')].map((s) => ({
        month: s.closest('g').dataset.month, cls: s.dataset.class, top: box(s).top,
        bottom: box(s).bottom, title: s.querySelector('title').textContent })),
      totals: [...classes.querySelectorAll('text.val[data-total]')].map((t) => t.textContent),
    },
    share: {
      ...plot(share), plotTop: box(share).top + +share.dataset.plotTop,
      points: [...share.querySelectorAll('circle.pt')].map((c) => ({
        month: c.dataset.month, y: box(c).top + box(c).height / 2 })),
    },
    fans: [...document.querySelectorAll('svg[data-chart=forecast]')].map((svg) => ({
      series: svg.dataset.series, ...plot(svg), scaleTop: +svg.dataset.scaleTop,
      plotTop: box(svg).top + 22, volatile: svg.dataset.volatile === 'true',
      medians: [...svg.querySelectorAll('circle.median')].map((c) => ({
        month: c.dataset.month, y: box(c).top + box(c).height / 2 })),
      band: svg.querySelectorAll('polygon.band').length,
    })),
    models: {
      width: box(models).width, left: box(models).left,
      rows: [...models.querySelectorAll('g.model-row')].map((g) => {
        const price = g.querySelector('rect.bar-price');
        return { model: g.dataset.model, spend: box(g.querySelector('rect.bar-spend')).width,
                 price: price ? box(price).width : null };
      }),
    },
    budgets: [...document.querySelectorAll('svg[data-chart=budget]')].map((svg) => ({
      line: svg.dataset.line, ...plot(svg),
      months: [...svg.querySelectorAll('g.budget-month')].map((g) => {
        const bar = g.querySelector('rect');
        return { month: g.dataset.month, forecast: g.dataset.forecast === 'true',
                 top: bar ? box(bar).top : null, over: !!g.querySelector('.over-mark') };
      }),
    })),
  };
})()"""


def _plot_span(chart: dict) -> float:
    return chart["bottom"] - chart["plotTop"]


@pytest.mark.parametrize(
    ("view", "width", "mobile"), [("desktop", DESKTOP, False), ("phone", PHONE, True)]
)
def test_chart_figures_are_the_report_model(browser, pages, report, view, width, mobile):
    session = browser.open(pages["report"].as_uri(), width, mobile=mobile)
    g = browser.evaluate(GEOMETRY, session)
    s = report.primary
    px = 0.6  # a rendered edge may round to the nearest half pixel, twice

    # Spend by class: every bar's height is its class's amount on the chart's scale, the
    # tallest month reaches the scale's top within one tick step, and each bar names its figure.
    classes = g["classes"]
    span = _plot_span(classes)
    scale = Decimal(str(classes["scaleTop"]))
    stacks = {m.month: sum(max(m.amounts[c], 0) for c in charts.STACK_ORDER) for m in s.trend}
    assert max(stacks.values()) <= scale < max(stacks.values()) * 2
    assert classes["ticks"][-1] == money_short(scale, s.currency)
    seen = {(x["month"], x["cls"]): x for x in classes["segments"]}
    for m in s.trend:
        for c in charts.STACK_ORDER:
            amount = m.amounts[c]
            if amount <= 0:
                assert (m.month, c) not in seen or seen[m.month, c]["bottom"] - seen[m.month, c][
                    "top"
                ] < px
                continue
            seg = seen[m.month, c]
            height = seg["bottom"] - seg["top"]
            assert height == pytest.approx(float(amount / scale) * span, abs=2 * px), (m.month, c)
            assert money(amount, s.currency) in seg["title"]
        stack_top = min(x["top"] for (month, _), x in seen.items() if month == m.month)
        assert classes["bottom"] - stack_top == pytest.approx(
            float(stacks[m.month] / scale) * span, abs=2 * px
        )
    assert classes["totals"][-1] == money_short(s.trend[-1].amounts["total"], s.currency)

    # Inference share: each point's height on the 0-100 % scale is the month's share.
    share = g["share"]
    points = {p["month"]: p for p in share["points"]}
    for m in s.trend:
        y = points[m.month]["y"]
        assert (share["bottom"] - y) / _plot_span(share) == pytest.approx(
            m.inference_share_of_ai, abs=px / _plot_span(share)
        )

    # Forecast fans: every median where its amount is; volatile as the model says.
    for fan in g["fans"]:
        f = s.forecast_for(fan["series"])
        assert fan["volatile"] == f.volatile and fan["band"] == 1
        medians = {p["month"]: p["y"] for p in fan["medians"]}
        assert list(medians) == [m.month for m in f.months]
        for m in f.months:
            height = fan["bottom"] - medians[m.month]
            expected = min(float(m.amount) / fan["scaleTop"], 1.0) * _plot_span(fan)
            assert height == pytest.approx(expected, abs=px), (fan["series"], m.month)

    # Top models: spend bars proportional to spend, price bars to the cost per 1M tokens.
    rows = g["models"]["rows"]
    assert [r["model"] for r in rows] == [m.model for m in s.models]
    most = max(m.effective_cost for m in s.models)
    dearest = max(m.cost_per_1m_tokens or 0 for m in s.models)
    column = g["models"]["width"] * 0.46
    for row, m in zip(rows, s.models, strict=True):
        assert row["spend"] == pytest.approx(float(m.effective_cost / most) * column, abs=px)
        if m.cost_per_1m_tokens is None:
            assert row["price"] is None
        else:
            assert row["price"] == pytest.approx(m.cost_per_1m_tokens / dearest * column, abs=px)

    # Budget lines: a bar per month of the year, marked over exactly where the model is over.
    assert [b["line"] for b in g["budgets"]] == [b.name for b in report.budget_lines]
    for chart, line in zip(g["budgets"], report.budget_lines, strict=True):
        assert [x["month"] for x in chart["months"]] == [m.month for m in line.months]
        for shown, m in zip(chart["months"], line.months, strict=True):
            amount = m.actual if m.actual is not None else m.forecast
            assert shown["forecast"] == (m.actual is None)
            assert shown["over"] == (amount is not None and amount > m.budget), m.month


EMAIL = """(() => {
  const box = (e) => e.getBoundingClientRect();
  const cells = (row) => [...row.querySelectorAll('td[bgcolor]')].map((td) => ({
      colour: td.getAttribute('bgcolor'), width: box(td).width }));
  const barWidth = (row) => box(row.querySelector('td[bgcolor]').closest('table')).width;
  const rows = (id) => [...document.querySelectorAll('#' + id + ' > tbody > tr')];
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    svgs: document.querySelectorAll('svg').length,
    classes: rows('mail-class-bars').map((r) => ({ cells: cells(r), width: barWidth(r) })),
    share: rows('mail-share-bars').map((r) => ({ cells: cells(r), width: barWidth(r) })),
    sections: ['heads-ups', 'mail-class-bars', 'mail-share-bars', 'mail-forecast-inference',
               'mail-models'].filter((id) => document.getElementById(id)),
    headsUpsTop: document.getElementById('heads-ups').getBoundingClientRect().top,
    classesTop: document.getElementById('mail-class-bars').getBoundingClientRect().top,
    yearEnd: (document.getElementById('mail-year-end-ai_total') || {}).textContent,
  };
})()"""


@pytest.mark.parametrize(
    ("view", "width", "mobile"), [("desktop", DESKTOP, False), ("phone", PHONE, True)]
)
@pytest.mark.parametrize("page", ["email", "email-no-budgets"])
def test_email_bars_are_the_model_and_fit_a_phone(
    browser, pages, report, page, view, width, mobile
):
    session = browser.open(pages[page].as_uri(), width, mobile=mobile)
    seen = browser.evaluate(EMAIL, session)
    shot = browser.screenshot(session, pages[page].with_name(f"{page}-{view}.png"))
    assert browser.problems(session) == [] and shot.stat().st_size > 30_000
    assert seen["innerWidth"] == width and seen["scrollWidth"] <= width, seen["scrollWidth"]
    assert seen["svgs"] == 0  # mail clients strip SVG: the email's charts are table cells
    assert seen["sections"] == [
        "heads-ups",
        "mail-class-bars",
        "mail-share-bars",
        "mail-forecast-inference",
        "mail-models",
    ]
    assert seen["headsUpsTop"] < seen["classesTop"]  # what needs action first
    year = report.primary.forecast_for("ai_total").year_end
    assert seen["yearEnd"] == money(year.amount, "USD", cents=False)
    s = report.primary
    px = 1.0  # a table cell's width rounds to a whole pixel
    tallest = max(sum(max(m.amounts[c], 0) for c in charts.STACK_ORDER) for m in s.trend)
    for row, m in zip(seen["classes"], s.trend, strict=True):
        amounts = [m.amounts[c] for c in ("inference", "training", "ai_other", "non_ai")]
        widths = [c["width"] for c in row["cells"]]
        expected = [float(a / tallest) * row["width"] for a in amounts if a > 0]
        assert widths == pytest.approx(expected, abs=px), m.month
    for row, m in zip(seen["share"], s.trend, strict=True):
        assert row["cells"][0]["width"] == pytest.approx(
            m.inference_share_of_ai * row["width"], abs=px
        )


def test_a_long_gappy_history_still_fits_a_phone(browser, tmp_path):
    """Twelve months, one without any bill and one with a net credit: the class chart has its
    widest x axis, a missing month and a negative class; nothing overlaps or overflows, and
    the missing month is drawn as missing, not as zero."""
    months = [f"2025-{m:02d}" for m in range(11, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]
    gap = "2026-03"
    rows = [r for r in growing(months, 800, 0.08) if r.month != gap]
    rows += [r for r in growing(months, 300, 0.05, workload="training") if r.month != gap]
    rows += [Row(m, "120.00", workload=None, service="Storage") for m in months if m != gap]
    rows.append(Row("2026-06", "-500.00", workload="training"))  # a refund bigger than usage
    report = build_report(synthetic_warehouse(tmp_path, rows), today=SAMPLE_TODAY)
    assert [m.month for m in report.primary.trend if not m.has_data] == [gap]
    june = next(m for m in report.primary.trend if m.month == "2026-06")
    assert june.amounts["training"] < 0
    page = tmp_path / "gappy.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    for width, mobile in ((PHONE, True), (DESKTOP, False)):
        session = browser.open(page.as_uri(), width, mobile=mobile)
        seen = browser.evaluate(LAYOUT, session)
        assert browser.problems(session) == []
        assert seen["innerWidth"] == width and seen["scrollWidth"] <= width
        by_id = {c["id"]: c for c in seen["charts"]}
        for c in seen["charts"]:
            assert c["outside"] == [] and c["overlaps"] == 0, (width, c["id"], c["outside"])
        assert by_id["chart-classes"]["shown"]
        missing = browser.evaluate(
            "[...document.querySelectorAll('#chart-classes g.column')].filter("
            "(g) => g.dataset.hasData === 'false').map((g) => [g.dataset.month, "
            "g.querySelectorAll('rect.seg').length, g.querySelectorAll('rect.missing').length])",
            session,
        )
        assert missing == [[gap, 0, 1]]
    browser.screenshot(session, tmp_path / "gappy-desktop.png")
