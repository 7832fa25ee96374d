"""Chart geometry for the HTML report's inline SVG charts (templates/html/charts.html.j2).

Layout only: every figure a chart shows is a field of the report model, passed through as it
is (the templates format it with the same filters as the tables). What is worked out here is
where things go: a bar's height, a point's position, the axis ticks.

Why hand-made SVG and not a charting library: the charts must be self-contained (no script,
no external font or stylesheet), print from a browser, and stay readable from a 390 px phone to
a 1280 px desktop; their numbers must be checkable against the model. Libraries that write SVG
either embed scripts for tooltips (pygal), or draw a fixed-size picture in which text shrinks
with the page (matplotlib, ~40 MB), and neither writes the title/desc and data attributes that
make a chart accessible and testable. The geometry below is a few hundred lines.

How a chart stays readable at every width: the outer <svg> is as wide as its column and a
fixed number of pixels high, with no viewBox. Everything horizontal is a percentage of the
width (``x`` of bars, points and labels), everything vertical is in pixels, so text keeps its
size however wide the page is. Lines and areas, which SVG cannot place in percentages, are
drawn in a nested <svg viewBox="0 0 1000 H" preserveAspectRatio="none"> spanning the width:
x in thousandths of the width, y in the same pixels, strokes kept thin by
``vector-effect: non-scaling-stroke``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from finops_ai.report.model import BudgetLine, CurrencySection, Forecast

STACK_ORDER = ("inference", "training", "ai_other", "non_ai")  # bottom to top, as the legend
PLOT_TOP = 22  # px above the plot: room for the value labels over the tallest bar
AXIS = 34  # px below the plot: month labels (two lines)
LINE_WIDTH = 1000  # nested viewBox width for lines and areas: x in thousandths
VOLATILE_CLIP = 2.0  # a volatile range is drawn up to this many times the largest other figure


@dataclass(frozen=True)
class Tick:
    value: float
    y: float  # px from the top of the chart


@dataclass(frozen=True)
class Slot:
    """One month across the chart: its centre and bar width as percentages of the width."""

    month: str
    centre: float
    width: float  # the bar's width, %

    @property
    def left(self) -> float:
        return self.centre - self.width / 2

    @property
    def x(self) -> float:
        """The centre in the nested viewBox (thousandths of the width)."""
        return self.centre * LINE_WIDTH / 100


@dataclass(frozen=True)
class Scale:
    """Money or shares to pixels: ``top`` is the value at the plot's top edge."""

    top: float
    height: int  # the whole chart, px
    ticks: list[Tick]

    @property
    def bottom(self) -> float:
        return self.height - AXIS

    def y(self, value: float | Decimal | None) -> float:
        """The pixel row of ``value`` (clamped to the plot)."""
        v = max(float(value or 0), 0.0)
        span = self.bottom - PLOT_TOP
        return round(self.bottom - min(v / self.top, 1.0) * span, 2) if self.top else self.bottom

    def h(self, value: float | Decimal | None) -> float:
        """The height in pixels of a bar of ``value``, from the baseline."""
        return round(self.bottom - self.y(value), 2)


def nice_ticks(largest: float, height: int, count: int = 4) -> Scale:
    """A scale from 0 to a round number at or above ``largest``, with ``count`` or so steps."""
    if largest <= 0:
        largest = 1.0
    raw = largest / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    steps = math.ceil(largest / step - 1e-9)
    top = step * steps
    scale = Scale(top=top, height=height, ticks=[])
    scale.ticks.extend(Tick(step * i, scale.y(step * i)) for i in range(steps + 1))
    return scale


def slots(months: list[str], bar: float = 0.62) -> list[Slot]:
    n = max(len(months), 1)
    return [
        Slot(m, round((i + 0.5) * 100 / n, 4), round(100 / n * bar, 4))
        for i, m in enumerate(months)
    ]


def _positive(value: Decimal | None) -> float:
    return max(float(value or 0), 0.0)


# -- Spend by class, month by month ---------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    workload_class: str
    amount: Decimal | None  # the model's figure (may be negative: a net credit, drawn as 0)
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    slot: Slot
    has_data: bool
    total: Decimal | None
    segments: list[Segment]
    top: float  # px: the top of the stack, where the total's label sits


@dataclass(frozen=True)
class ClassChart:
    height: int
    scale: Scale
    columns: list[Column]


def class_chart(section: CurrencySection, height: int = 280) -> ClassChart:
    """Stacked columns of the four classes for each trend month (net credits count as 0)."""
    stacks = [sum(_positive(m.amounts[c]) for c in STACK_ORDER) for m in section.trend]
    scale = nice_ticks(max(stacks, default=0), height)
    columns = []
    for month, slot in zip(section.trend, slots([m.month for m in section.trend]), strict=True):
        base, segments = scale.bottom, []
        running = 0.0
        for c in STACK_ORDER:
            value = _positive(month.amounts[c])
            top = scale.y(running + value)
            segments.append(Segment(c, month.amounts[c], top, round(base - top, 2)))
            running += value
            base = top
        columns.append(Column(slot, month.has_data, month.amounts["total"], segments, base))
    return ClassChart(height, scale, columns)


# -- A share, month by month ----------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    slot: Slot
    value: float | Decimal | None
    y: float


@dataclass(frozen=True)
class ShareChart:
    height: int
    scale: Scale
    points: list[Point]  # every trend month; value None where the share is undefined
    path: str  # the line through the defined points, broken where one is undefined


def share_chart(section: CurrencySection, height: int = 220) -> ShareChart:
    """The inference share of AI spend for each trend month, on a fixed 0-100 % scale."""
    scale = Scale(top=1.0, height=height, ticks=[])
    scale.ticks.extend(Tick(v, scale.y(v)) for v in (0, 0.25, 0.5, 0.75, 1.0))
    points = [
        Point(slot, m.inference_share_of_ai, scale.y(m.inference_share_of_ai))
        for m, slot in zip(section.trend, slots([m.month for m in section.trend]), strict=True)
    ]
    return ShareChart(height, scale, points, _path(points))


def _path(points: list[Point]) -> str:
    parts, pen_down = [], False
    for p in points:
        if p.value is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{p.slot.x:.1f},{p.y:.2f}")
        pen_down = True
    return " ".join(parts)


# -- The forecast as a fan ------------------------------------------------------------------


@dataclass(frozen=True)
class FanChart:
    series: str
    forecast: Forecast | None
    height: int
    scale: Scale
    actual: list[Point]  # the trend months (value None: no data)
    ahead: list[Point]  # forecast medians
    highs: list[float]  # px, per forecast month (clipped to the plot when volatile)
    lows: list[float]
    actual_path: str
    median_path: str  # from the report month's actual through the medians
    band: str  # the 80 % range as one closed polygon
    clipped: bool  # a volatile range reaches above the plot
    divider: float  # % of the width between the report month and the first forecast month
    drawn: bool  # False: no usable forecast (too little history, runaway): actuals only

    @property
    def volatile(self) -> bool:
        return bool(self.forecast and self.forecast.volatile)


def fan_chart(section: CurrencySection, series: str, height: int = 240) -> FanChart:
    """Actual monthly spend of ``series``, then the forecast median with its 80 % range."""
    forecast = section.forecast_for(series)
    drawn = bool(
        forecast
        and forecast.status == "ok"
        and forecast.months
        and forecast.volatile_reason != "runaway"
    )
    ahead_months = forecast.months if drawn and forecast else []
    months = [m.month for m in section.trend] + [m.month for m in ahead_months]
    all_slots = slots(months)
    history = [(m.month, m.amounts[series] if m.has_data else None) for m in section.trend]
    steady = [_positive(v) for _, v in history] + [_positive(m.amount) for m in ahead_months]
    highs = [_positive(m.high) for m in ahead_months]
    largest = max(steady + highs, default=0)
    clipped = False
    if forecast and forecast.volatile and highs and max(highs) > VOLATILE_CLIP * max(steady):
        largest, clipped = VOLATILE_CLIP * max(steady), True
    scale = nice_ticks(largest, height)
    n_hist = len(history)
    actual = [Point(s, v, scale.y(v)) for (_, v), s in zip(history, all_slots, strict=False)]
    ahead = [
        Point(s, m.amount, scale.y(m.amount))
        for m, s in zip(ahead_months, all_slots[n_hist:], strict=True)
    ]
    high_px = [scale.y(m.high) for m in ahead_months]
    low_px = [scale.y(m.low) for m in ahead_months]
    median_path = band = ""
    last = actual[-1] if actual and actual[-1].value is not None else None
    if ahead:
        start = [last] if last else []
        median_path = _path(start + ahead)
        top = [(p.slot.x, y) for p, y in zip(ahead, high_px, strict=True)]
        bottom = [(p.slot.x, y) for p, y in zip(ahead, low_px, strict=True)]
        if last:
            top.insert(0, (last.slot.x, last.y))
            bottom.insert(0, (last.slot.x, last.y))
        band = " ".join(f"{x:.1f},{y:.2f}" for x, y in top + bottom[::-1])
    divider = round(n_hist * 100 / max(len(months), 1), 4)
    return FanChart(
        series=series,
        forecast=forecast,
        height=height,
        scale=scale,
        actual=actual,
        ahead=ahead,
        highs=high_px,
        lows=low_px,
        actual_path=_path(actual),
        median_path=median_path,
        band=band,
        clipped=clipped,
        divider=divider,
        drawn=drawn,
    )


# -- Top models: spend and cost per million tokens ------------------------------------------


@dataclass(frozen=True)
class ModelRow:
    provider: str
    model: str
    y: float  # px: the row's top
    spend: Decimal
    spend_fraction: float  # of the largest spend
    price: float | None  # cost per 1M tokens
    price_fraction: float  # of the highest price shown
    previous_price: float | None


@dataclass(frozen=True)
class ModelChart:
    height: int
    rows: list[ModelRow]
    row_height: int = 44
    header: int = 24


def model_chart(section: CurrencySection) -> ModelChart:
    """One row per top model: a spend bar and a cost-per-1M-tokens bar, each scaled to its max."""
    models = section.models
    most = max((_positive(m.effective_cost) for m in models), default=0) or 1.0
    dearest = max((m.cost_per_1m_tokens or 0 for m in models), default=0) or 1.0
    chart = ModelChart(height=0, rows=[])
    rows = [
        ModelRow(
            provider=m.provider,
            model=m.model,
            y=chart.header + i * chart.row_height,
            spend=m.effective_cost,
            spend_fraction=_positive(m.effective_cost) / most,
            price=m.cost_per_1m_tokens,
            price_fraction=(m.cost_per_1m_tokens or 0) / dearest,
            previous_price=m.previous_cost_per_1m_tokens,
        )
        for i, m in enumerate(models)
    ]
    return ModelChart(height=chart.header + len(rows) * chart.row_height + 4, rows=rows)


# -- Budget lines against actual and forecast -----------------------------------------------


@dataclass(frozen=True)
class BudgetBar:
    slot: Slot
    month: str
    budget: Decimal
    budget_y: float
    amount: Decimal | None  # the actual, or ahead of the report month the forecast median
    is_forecast: bool
    y: float
    height: float
    over: bool  # the amount exceeds the month's budget
    low_y: float | None  # the 80 % range, forecast months only
    high_y: float | None


@dataclass(frozen=True)
class BudgetChart:
    line: BudgetLine
    height: int
    scale: Scale
    bars: list[BudgetBar]
    clipped: bool
    budget_path: str = field(default="")  # a step line along the months' budgets


def budget_chart(line: BudgetLine, height: int = 200) -> BudgetChart:
    """The line's year month by month: actual bars, then forecast bars with their 80 % range,
    against the month's budget (a step line)."""
    amounts = [_positive(m.actual if m.actual is not None else m.forecast) for m in line.months] + [
        _positive(m.budget) for m in line.months
    ]
    highs = [_positive(m.high) for m in line.months if m.high is not None]
    largest = max(amounts + highs, default=0)
    clipped = False
    if line.forecast_volatile and highs and max(highs) > VOLATILE_CLIP * max(amounts):
        largest, clipped = VOLATILE_CLIP * max(amounts), True
    scale = nice_ticks(largest, height)
    bars = []
    for m, slot in zip(line.months, slots([m.month for m in line.months], 0.56), strict=True):
        is_forecast = m.actual is None and m.forecast is not None
        amount = m.actual if m.actual is not None else m.forecast
        bars.append(
            BudgetBar(
                slot=slot,
                month=m.month,
                budget=m.budget,
                budget_y=scale.y(m.budget),
                amount=amount,
                is_forecast=is_forecast,
                y=scale.y(amount),
                height=scale.h(amount),
                over=amount is not None and amount > m.budget,
                low_y=scale.y(m.low) if is_forecast and m.low is not None else None,
                high_y=scale.y(m.high) if is_forecast and m.high is not None else None,
            )
        )
    step = []
    n = max(len(bars), 1)
    for i, b in enumerate(bars):
        left, right = i * LINE_WIDTH / n, (i + 1) * LINE_WIDTH / n
        step.append(
            f"{'M' if i == 0 else 'L'}{left:.1f},{b.budget_y:.2f} L{right:.1f},{b.budget_y:.2f}"
        )
    return BudgetChart(line, height, scale, bars, clipped, " ".join(step))


# -- Email equivalents: fractions of a column's width for table-cell bars -------------------


@dataclass(frozen=True)
class RangeRow:
    """One month of a forecast as an email bar: the 80 % range as a band, the median marked."""

    month: str
    amount: Decimal | None
    low: Decimal | None  # None: the report month's actual spend, no range
    high: Decimal | None
    actual: bool
    low_fraction: float
    mid_fraction: float
    high_fraction: float
    clipped: bool  # a volatile range runs past the column's end

    @property
    def parts(self) -> list[tuple[str, float]]:
        """Cells left to right, (role, fraction): the actual as one bar; a forecast as a gap up
        to its low, the band to the median, a thin mark, the band to its high."""
        if self.actual:
            return [("actual", self.mid_fraction)]
        mark = MEDIAN_MARK
        below = max(self.mid_fraction - self.low_fraction - mark / 2, 0.0)
        above = max(self.high_fraction - self.mid_fraction - mark / 2, 0.0)
        cells = [("gap", self.low_fraction), ("band", below), ("mark", mark), ("band", above)]
        return [(role, round(f, 4)) for role, f in cells if f > 0]


MEDIAN_MARK = 0.012  # the median's mark in an email range bar, as a fraction of the width


def range_rows(section: CurrencySection, series: str, months: int = 3) -> list[RangeRow]:
    """The report month's actual, then the first ``months`` forecast months of ``series``,
    each as fractions of the largest figure shown (a volatile range cut at VOLATILE_CLIP times
    the largest median, as in the fan chart). Empty without a usable forecast."""
    forecast = section.forecast_for(series)
    current = section.current
    if not (forecast and forecast.status == "ok" and forecast.months and current):
        return []
    if forecast.volatile_reason == "runaway" or current.amounts[series] is None:
        return []
    ahead = forecast.months[:months]
    steady = [_positive(current.amounts[series])] + [_positive(m.amount) for m in ahead]
    top = max(steady + [_positive(m.high) for m in ahead]) or 1.0
    if forecast.volatile and top > VOLATILE_CLIP * max(steady):
        top = VOLATILE_CLIP * max(steady) or 1.0

    def frac(value: Decimal | None) -> float:
        return round(min(_positive(value) / top, 1.0), 4)

    now = current.amounts[series]
    rows = [RangeRow(current.month, now, None, None, True, frac(now), frac(now), frac(now), False)]
    rows += [
        RangeRow(
            m.month,
            m.amount,
            m.low,
            m.high,
            False,
            frac(m.low),
            frac(m.amount),
            frac(m.high),
            _positive(m.high) > top,
        )
        for m in ahead
    ]
    return rows


@dataclass(frozen=True)
class UsageBar:
    """A budget line's month as an email bar: actual against budget, on a common scale."""

    line: BudgetLine
    actual_fraction: float  # of max(budget, actual)
    budget_fraction: float


def usage_bars(lines: list[BudgetLine]) -> list[UsageBar]:
    out = []
    for line in lines:
        top = max(_positive(line.actual), _positive(line.budget)) or 1.0
        out.append(
            UsageBar(
                line,
                round(_positive(line.actual) / top, 4),
                round(_positive(line.budget) / top, 4),
            )
        )
    return out
