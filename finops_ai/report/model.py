"""The monthly report model: what every format renders, and, serialised, the JSON format.

The JSON is a stable, versioned contract (docs/report.md): a field is only ever added within a
``SCHEMA_VERSION``; renaming, removing or changing the meaning of one bumps it. Amounts are
``Decimal`` rounded to cents by the SQL that computed them (JSON numbers); rates and shares are
fractions (0.25 = 25 %) rounded to 6 decimals. ``None`` (JSON null) means undefined: a share of
zero spend, growth from a missing month, a forecast without enough history.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from finops_ai.report.lever_settings import LeverSettings

SCHEMA_VERSION = 1
CLASSES = ("training", "inference", "ai_other", "non_ai")
SERIES = (*CLASSES, "ai_total", "total")
CLASS_LABELS = {
    "training": "Training",
    "inference": "Inference",
    "ai_other": "Other AI",
    "non_ai": "Non-AI",
    "ai_total": "All AI",
    "total": "Total",
}
TOP_DIMENSIONS = ("services", "models", "accounts", "resources")
# effective: amortised cost (EffectiveCost); billed: the invoice (BilledCost). `report --cost`
# and the config's report.cost offer these.
COST_BASES = ("effective", "billed")


@dataclass(frozen=True)
class TrendMonth:
    """One month of the trend: amounts per series (the classes, ai_total, total)."""

    month: str
    has_data: bool
    amounts: dict[str, Decimal | None]
    inference_share_of_ai: float | None
    inference_share_of_total: float | None
    share_of_ai_change: float | None  # fraction points against the month before
    share_of_ai: dict[str, float | None]  # each series against the month's AI spend
    share_of_total: dict[str, float | None]  # ... and against all spend
    mom_change: dict[str, float | None]
    cagr_3m: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "has_data": self.has_data,
            **{s: self.amounts.get(s) for s in SERIES},
            "inference_share_of_ai": self.inference_share_of_ai,
            "inference_share_of_total": self.inference_share_of_total,
            "share_of_ai_change": self.share_of_ai_change,
            "share_of_ai": dict(self.share_of_ai),
            "share_of_total": dict(self.share_of_total),
            "mom_change": dict(self.mom_change),
            "cagr_3m": dict(self.cagr_3m),
        }


@dataclass(frozen=True)
class TopItem:
    dimension: str  # service, model, account, resource
    key: str | None
    label: str | None
    provider: str | None
    amount: Decimal
    share_of_class: float | None
    previous: Decimal | None
    change: float | None


@dataclass(frozen=True)
class ModelCost:
    """One inference model's month, from the view inference_by_model (always EffectiveCost)."""

    provider: str
    model: str
    effective_cost: Decimal
    token_cost: Decimal  # the part charged per token
    estimated_cost: Decimal  # the part estimated from list prices
    tokens: int | None  # None: no token counts (provisioned throughput, cost report only)
    cost_per_1m_tokens: float | None  # token_cost per million tokens, 4 decimals
    previous_cost_per_1m_tokens: float | None  # the month before's


@dataclass(frozen=True)
class UnitEconomics:
    """Token-priced inference of one provider, model, token type and tier in the report month
    (JSON ``unit_economics``: exactly these keys), in the report's currency and cost basis."""

    provider: str | None
    model: str | None
    token_type: str
    tier: str | None
    tokens: int | None  # None: a cost report loaded without its usage report
    cost: Decimal
    cost_per_million: float | None  # cost / tokens x 1e6, 6 decimals; None without tokens


@dataclass(frozen=True)
class UnitEconomicsMonth:
    month: str  # YYYY-MM
    tokens: int | None
    cost: Decimal | None
    cost_per_million: float | None


@dataclass(frozen=True)
class UnitEconomicsTrend:
    """The cost per million tokens of a unit_economics row, the month before and 3 months on."""

    provider: str | None
    model: str | None
    token_type: str
    tier: str | None
    cost_per_million: float | None
    previous_cost_per_million: float | None
    change: float | None  # against the month before: 0.1 = 10 % dearer
    change_3m: float | None  # against the first of the three months
    months: list[UnitEconomicsMonth]  # the two months before and the report month


@dataclass(frozen=True)
class CacheSavings:
    """Prompt caching of one model over its standard tier (JSON ``cache``: exactly these keys).
    hit_ratio = read / (input + write + read); net_savings = read x (input price - read
    price) - write x (write price - input price), the model's month prices per token."""

    provider: str | None
    model: str | None
    input_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    hit_ratio: float | None
    net_savings: Decimal | None


@dataclass(frozen=True)
class BatchShare:
    """A model's token spend at the batch tier, and the batch-eligible rest at its batch price."""

    provider: str | None
    model: str | None
    token_cost: Decimal  # every tier
    batch_cost: Decimal
    batch_share: float | None
    standard_input_tokens: int
    standard_output_tokens: int
    batch_input_per_million: float | None  # None: the bill shows no batch input price
    batch_output_per_million: float | None
    eligible_cost: Decimal  # standard input/output cost of the types with a batch price
    eligible_at_batch_cost: Decimal | None
    batch_saving: Decimal | None


@dataclass(frozen=True)
class ForecastMonth:
    month: str
    amount: Decimal
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class YearEnd:
    year: int
    months_actual: int
    months_forecast: int
    actual_to_date: Decimal | None
    amount: Decimal | None
    low: Decimal | None
    high: Decimal | None


@dataclass(frozen=True)
class Forecast:
    series: str
    status: str  # ok, too_little_history, no_spend
    history_months: int  # months with spend the fit used
    history_start: str | None  # first month the fit could use (after the latest gap)
    history_gap: str | None  # the latest month without data in the fit window
    monthly_growth: float | None
    residual_se: float | None
    volatile: bool
    volatile_reason: str | None  # swings, runaway, wide_range (docs/report.md); None if steady
    months: list[ForecastMonth]
    year_end: YearEnd | None
    method: str = "log-linear least squares, 80% prediction interval"


@dataclass(frozen=True)
class CurrencySection:
    """Everything that is a sum of money, for one currency: currencies are never added up."""

    currency: str
    by_class: dict[str, Decimal]
    ai_total: Decimal
    total: Decimal
    inference_share_of_ai: float | None
    inference_share_of_total: float | None
    trend: list[TrendMonth]
    forecast: list[Forecast]
    top: dict[str, dict[str, list[TopItem]]]  # class -> dimension -> items
    unbudgeted_total: Decimal
    models: list[ModelCost] = dataclasses.field(default_factory=list)  # largest spend first
    unit_economics: list[UnitEconomics] = dataclasses.field(default_factory=list)
    unit_economics_trend: list[UnitEconomicsTrend] = dataclasses.field(default_factory=list)
    cache: list[CacheSavings] = dataclasses.field(default_factory=list)
    batch: list[BatchShare] = dataclasses.field(default_factory=list)

    @property
    def current(self) -> TrendMonth | None:
        return self.trend[-1] if self.trend else None

    def forecast_for(self, series: str) -> Forecast | None:
        return next((f for f in self.forecast if f.series == series), None)

    @property
    def previous(self) -> TrendMonth | None:
        return self.trend[-2] if len(self.trend) > 1 else None

    @property
    def forecast_months(self) -> list[str]:
        """The months the forecasts cover (the same for every series that has one)."""
        return next(([m.month for m in f.months] for f in self.forecast if f.months), [])

    @property
    def forecast_year(self) -> int | None:
        return next((f.year_end.year for f in self.forecast if f.year_end), None)


@dataclass(frozen=True)
class BudgetMonth:
    """One month of a budget line's year: budget, actual (None ahead), forecast (None behind)."""

    month: str
    budget: Decimal
    actual: Decimal | None
    forecast: Decimal | None
    low: Decimal | None
    high: Decimal | None


@dataclass(frozen=True)
class BudgetLine:
    name: str
    scope: str
    currency: str
    budget: Decimal | None
    actual: Decimal | None
    variance: Decimal | None  # actual - budget: positive is an overrun
    used: float | None
    status: str  # over, forecast_over, ok, no_data
    forecast_status: str | None
    forecast_history_months: int | None
    forecast_overrun_month: str | None
    forecast_overrun_amount: Decimal | None
    year_budget: Decimal | None
    year_forecast: Decimal | None
    forecast_volatile_reason: str | None = None  # as Forecast.volatile_reason
    months: list[BudgetMonth] = dataclasses.field(default_factory=list)  # the year's, in order

    @property
    def forecast_volatile(self) -> bool:
        return self.forecast_volatile_reason is not None


@dataclass(frozen=True)
class Unbudgeted:
    currency: str
    workload_class: str
    provider: str | None
    service: str | None
    account: str | None
    account_name: str | None
    amount: Decimal
    share_of_ai: float | None


@dataclass(frozen=True)
class HeadsUp:
    kind: str  # new, growth_spike
    currency: str
    workload_class: str
    dimension: str
    key: str | None
    label: str | None
    provider: str | None
    amount: Decimal
    previous: Decimal | None = None
    growth: float | None = None
    trend_growth: float | None = None


@dataclass(frozen=True)
class Note:
    code: str  # no_data, missing_source, partial_source, month_to_date, no_ai_spend, ...
    message: str


# Committed capacity, savings levers, per-model heads-ups and budget burn (docs/report.md).
# Hours are floats rounded to 2 decimals; money Decimal cents; shares and rates fractions.


@dataclass(frozen=True)
class ProvisionedCapacity:
    """Model capacity bought by the hour: Bedrock provisioned throughput, Azure OpenAI PTU."""

    currency: str
    provider: str | None
    service: str | None
    kind: str  # bedrock_provisioned_throughput, azure_openai_ptu, vertex_provisioned_throughput
    model: str | None
    region: str | None
    hours: float  # units x hours billed: model-unit hours, PTU hours
    cost: Decimal
    committed_hours: float  # of them, covered by a reservation
    hourly_rate: float | None  # cost / hours


@dataclass(frozen=True)
class Fleet:
    """Accelerated training or inference compute of one instance type in one region."""

    currency: str
    provider: str | None
    workload_class: str
    region: str | None
    instance_type: str
    family: str | None
    hours: float
    committed_hours: float
    spot_hours: float
    on_demand_hours: float
    coverage: float | None  # committed hours / hours
    spot_share: float | None
    on_demand_share: float | None
    cost: Decimal
    on_demand_cost: Decimal
    on_demand_rate: float | None  # on-demand cost per hour
    steady_instances: float | None  # the fewest instances in every hour of the month
    steady: bool
    commitable_hours: float  # steady hours that ran on demand
    commitment_discount: float
    commitment_discount_source: str  # bill or setting
    spot_discount: float
    spot_discount_source: str
    commit_saving: Decimal
    spot_saving: Decimal


@dataclass(frozen=True)
class Commitment:
    """A Savings Plan or reservation: what it covered this month and what went unused."""

    currency: str
    provider: str | None
    commitment_id: str | None
    commitment_type: str | None
    covered_cost: Decimal
    ai_covered_cost: Decimal
    accelerated_covered_cost: Decimal
    unused_cost: Decimal
    used_share: float | None


@dataclass(frozen=True)
class CapacitySummary:
    currency: str
    inference_hours: float
    inference_coverage: float | None
    steady_inference_hours: float
    steady_on_demand_share: float | None
    training_hours: float
    training_spot_share: float | None
    unused_commitment: Decimal
    provisioned_hours: float
    provisioned_cost: Decimal


@dataclass(frozen=True)
class CommittedCapacity:
    summary: list[CapacitySummary] = field(default_factory=list)
    provisioned: list[ProvisionedCapacity] = field(default_factory=list)
    fleets: list[Fleet] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)


@dataclass(frozen=True)
class Saving:
    """A savings lever: a monthly figure with what it rests on (JSON: exactly these keys)."""

    lever: str
    amount: Decimal
    currency: str
    basis: str  # the columns and the formula
    assumptions: list[str]


@dataclass(frozen=True)
class ModelHeadsUp:
    kind: str  # new_model, new_provider, new_region, daily_jump
    currency: str
    dimension: str  # model, provider, region
    key: str | None
    provider: str | None
    started: str  # YYYY-MM-DD
    amount: Decimal  # the item's spend in the month (a jump: from its first day on)
    day_amount: Decimal | None = None
    baseline: Decimal | None = None
    growth: float | None = None


@dataclass(frozen=True)
class BudgetBurn:
    name: str
    currency: str
    budget: Decimal | None
    actual: Decimal | None
    days_elapsed: float
    month_days: float
    burn_rate: Decimal | None  # per day
    projected: Decimal | None  # the month at that rate
    overrun_date: str | None  # YYYY-MM-DD; None: not this month
    burn_status: str  # over, will_overrun, not_this_month, no_data


@dataclass(frozen=True)
class Report:
    month: str
    cost_basis: str  # effective or billed
    primary: CurrencySection
    other_currencies: list[CurrencySection]
    budgets_file: str | None
    budget_lines: list[BudgetLine]
    unbudgeted: list[Unbudgeted]
    heads_ups: list[HeadsUp]
    notes: list[Note]
    data_months: list[str]  # every month in the warehouse with data, oldest first
    finops_ai_version: str
    schema_version: int = SCHEMA_VERSION
    committed_capacity: CommittedCapacity = field(default_factory=CommittedCapacity)
    savings: list[Saving] = field(default_factory=list)
    model_heads_ups: list[ModelHeadsUp] = field(default_factory=list)
    budget_burn: list[BudgetBurn] = field(default_factory=list)
    lever_settings: LeverSettings = field(default_factory=LeverSettings)

    @property
    def currency(self) -> str:
        return self.primary.currency

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: the primary currency's figures at the top level."""
        primary = _plain(self.primary)
        return {
            "schema_version": self.schema_version,
            "month": self.month,
            "currency": self.primary.currency,
            "cost_basis": self.cost_basis,
            **{k: v for k, v in primary.items() if k != "currency"},
            "other_currencies": [_plain(s) for s in self.other_currencies],
            "budgets": {
                "file": self.budgets_file,
                "lines": [_plain(b) for b in self.budget_lines],
                "burn": [_plain(b) for b in self.budget_burn],
            },
            "unbudgeted": [_plain(u) for u in self.unbudgeted],
            "heads_ups": [_plain(h) for h in self.heads_ups],
            "model_heads_ups": [_plain(h) for h in self.model_heads_ups],
            "committed_capacity": _plain(self.committed_capacity),
            "savings": [_plain(s) for s in self.savings],
            "lever_settings": _plain(self.lever_settings),
            "notes": [_plain(n) for n in self.notes],
            "data_months": list(self.data_months),
            "finops_ai_version": self.finops_ai_version,
        }


def _plain(value: Any) -> Any:
    """Dataclasses to dicts (``workload_class`` as ``class``), keeping Decimal for the encoder."""
    if isinstance(value, TrendMonth):
        return _plain(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            ("class" if f.name == "workload_class" else f.name): _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
