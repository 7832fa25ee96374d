"""Committed capacity, savings levers, per-model heads-ups and budget burn (docs/report.md).

Every figure comes from queries/report/*.sql; this module runs them in order, picks their rows
apart into the model, and words each savings lever's basis and assumptions from the figures
its query returned. A lever never appears without them.

Extension point: a lever is a ``Lever`` in ``LEVERS``: a name (the JSON ``lever``), a query
returning one row per currency with ``currency`` and ``amount`` (plus whatever its wording
quotes), and a function that words the row. The token levers (batch price, a cache hit target)
read the TEMP tables tokens.py leaves; the cache target is ``LeverSettings.cache_target``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from finops_ai.report.lever_settings import LeverSettings
from finops_ai.report.model import (
    BudgetBurn,
    CapacitySummary,
    Commitment,
    CommittedCapacity,
    Fleet,
    ModelHeadsUp,
    ProvisionedCapacity,
    Saving,
)

Row = dict[str, Any]
Run = Callable[[duckdb.DuckDBPyConnection, str, dict[str, Any]], list[Row]]
HEADS_UP_LIMIT = 10
PARTS_SHOWN = 5  # fleets or commitments a lever's assumptions name; the JSON fleets list has all


@dataclass(frozen=True)
class Lever:
    name: str
    query: str
    describe: Callable[[Row, str, LeverSettings], tuple[str, list[str]]]


def gather(
    con: duckdb.DuckDBPyConnection,
    run: Run,
    *,
    month: dt.date,
    basis: str,
    tag_keys: list[str],
    settings: LeverSettings,
    budgets: bool,
    stored_cells: bool = False,
) -> dict[str, Any]:
    """The Report fields of these sections. Needs report_cube, and for the budget burn the
    budget TEMP tables (build.py runs this after them). ``stored_cells``: the cells every
    load keeps are current (build.py), so the keys' attributes, daily spend and compute are read
    from them rather than from the keys and line items."""
    at = {"month": month}
    run(con, "key_macros", {})
    if stored_cells:
        run(con, "key_attributes_stored", at)
        run(con, "key_cells_stored", {**at, "tag_keys": tag_keys})
        run(con, "earlier_items_stored", at)
    else:
        run(con, "key_attributes", {**at, "tag_keys": tag_keys})
        run(con, "key_cells", {})
        run(con, "earlier_items", at)
    run(con, "days_stored" if stored_cells else "days", {**at, "basis": basis})
    run(con, "compute_stored" if stored_cells else "compute", at)
    run(con, "fleets", {**at, **settings.params()})
    capacity = CommittedCapacity(
        summary=[CapacitySummary(**r) for r in run(con, "capacity_summary", {})],
        provisioned=[ProvisionedCapacity(**r) for r in run(con, "provisioned", {})],
        fleets=[_fleet(r) for r in run(con, "fleet_rows", {})],
        commitments=[Commitment(**r) for r in run(con, "commitments", {})],
    )
    label = month.strftime("%B %Y")
    savings = []
    for lever in LEVERS:
        for row in run(con, lever.query, {}):
            basis_text, assumptions = lever.describe(row, label, settings)
            savings.append(
                Saving(lever.name, row["amount"], row["currency"], basis_text, assumptions)
            )
    savings.sort(key=lambda s: (s.currency, -s.amount, s.lever))
    heads_ups = run(
        con,
        "model_heads_ups",
        {
            **at,
            "limit": HEADS_UP_LIMIT,
            "jump_floor": float(settings.jump_floor),
            "jump_share": settings.jump_share,
        },
    )
    burn = run(con, "budget_burn", at) if budgets else []
    return {
        "committed_capacity": capacity,
        "savings": savings,
        "model_heads_ups": [_heads_up(r) for r in heads_ups],
        "budget_burn": [_burn(r) for r in burn],
        "lever_settings": settings,
    }


def _fleet(row: Row) -> Fleet:
    return Fleet(workload_class=row.pop("class"), **row)


def _heads_up(row: Row) -> ModelHeadsUp:
    return ModelHeadsUp(**{**row, "started": row["started"].isoformat()})


def _burn(row: Row) -> BudgetBurn:
    day = row["overrun_date"]
    return BudgetBurn(
        name=row["name"],
        currency=row["currency"],
        budget=row["budget"],
        actual=row["actual"],
        days_elapsed=row["days_elapsed"],
        month_days=row["month_days"],
        burn_rate=row["burn_rate"],
        projected=row["projected"],
        overrun_date=day.isoformat() if day else None,
        burn_status=row["burn_status"],
    )


# --- the levers' wording: only figures their query returned ---------------------------------


def _money(value: Decimal | float, currency: str) -> str:
    from finops_ai.report.render import money

    return money(value, currency)


def _rate(value: float | None, currency: str) -> str:
    """An hourly price to 4 decimals (GPU hours cost $0.7582): "$1.2120/h"."""
    from finops_ai.report.render import _with_currency

    return "–" if value is None else _with_currency(value, f"{abs(value):,.4f}", currency) + "/h"


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _where(part: Row) -> str:
    return f"{part['instance_type']} in {part['region'] or 'no region'} ({part['provider']})"


def _discount(part: Row, setting: str, kind: str) -> str:
    name = part["instance_type"]
    family = name.rsplit(".", 1)[0] if "." in name else name
    if part["source"] == "bill":
        return (
            f"{_pct(part['discount'])} off, the bill's own {kind} discount for {family} this "
            "month (EffectiveCost against ListCost)"
        )
    return (
        f"{_pct(part['discount'])} off, the {setting} setting (the bill shows no {kind} usage "
        f"of {family})"
    )


def _more(parts: list[Row], what: str, where: str = "committed_capacity.fleets") -> list[str]:
    rest = len(parts) - PARTS_SHOWN
    return [f"… and {rest} more {what} ({where} in the JSON lists them)"] if rest > 0 else []


def _commitment(row: Row, month: str, settings: LeverSettings) -> tuple[str, list[str]]:
    ccy = row["currency"]
    basis = (
        f"Accelerated (GPU, Trainium, Inferentia) inference compute of {month} that ran on "
        f"demand inside its fleet's steady base, the fewest instances running in every hour of "
        f"the month, less the hours a commitment or spot already covered: {row['hours']:,.2f} "
        f"instance-hours that cost {_money(row['on_demand_cost'], ccy)} on demand, times each "
        "fleet's commitment discount. Columns: ConsumedQuantity and ConsumedUnit (hours), "
        "ChargePeriodStart/End (every hour), EffectiveCost and ListCost, x_InstanceType or "
        "x_UsageType (the instance type), x_LineItemType, PricingCategory and "
        "CommitmentDiscountStatus (on demand or committed), x_WorkloadClass = inference."
    )
    assumptions = [
        "A 1-year Savings Plan or reservation for the instance family and region, sized to the "
        "steady base: it is paid every hour, used or not, so only hours that ran around the "
        "clock count.",
        "Next month runs at least the same steady base.",
    ]
    for part in row["parts"][:PARTS_SHOWN]:
        assumptions.append(
            f"{_where(part)}: {part['hours']:,.2f} h at {_rate(part['on_demand_rate'], ccy)}, "
            f"{_discount(part, 'levers.commitment_discount', 'commitment')}: "
            f"{_money(part['saving'], ccy)}."
        )
    return basis, assumptions + _more(row["parts"], "fleets")


def _spot(row: Row, month: str, settings: LeverSettings) -> tuple[str, list[str]]:
    ccy = row["currency"]
    basis = (
        f"Accelerated training compute of {month} that ran on demand: {row['hours']:,.2f} "
        f"instance-hours costing {_money(row['on_demand_cost'], ccy)} (EffectiveCost), times "
        "each fleet's spot discount. Columns: EffectiveCost, ListCost, ConsumedQuantity, "
        "PricingCategory (not Dynamic or Spot), x_UsageType (not SpotUsage or TrSpt), "
        "x_LineItemType (not covered by a commitment), x_WorkloadClass = training."
    )
    assumptions = [
        "The jobs tolerate interruption (they checkpoint and resume), and spot capacity of the "
        "instance type is there when they run (EC2 Spot, SageMaker managed spot training, Azure "
        "spot VMs, Google Spot VMs).",
        "Work lost to interruptions is not counted: the figure is before that overhead.",
    ]
    for part in row["parts"][:PARTS_SHOWN]:
        assumptions.append(
            f"{_where(part)}: {_money(part['on_demand_cost'], ccy)} on demand "
            f"({part['hours']:,.2f} h), {_discount(part, 'levers.spot_discount', 'spot')}: "
            f"{_money(part['saving'], ccy)}."
        )
    return basis, assumptions + _more(row["parts"], "fleets")


def _unused(row: Row, month: str, settings: LeverSettings) -> tuple[str, list[str]]:
    ccy = row["currency"]
    basis = (
        f"Commitments paid for and not used in {month}, over {row['commitments']} Savings "
        "Plan(s) and reservation(s): EffectiveCost of the SavingsPlanRecurringFee and RIFee "
        "rows (x_LineItemType; their EffectiveCost is the unused part, amortised) and of FOCUS "
        "rows with CommitmentDiscountStatus = 'Unused', by CommitmentDiscountId."
    )
    assumptions = [
        "Recovering it takes more eligible usage on the commitment (move on-demand usage of the "
        "services it covers onto it), or exchanging or selling a reservation; a Savings Plan "
        "cannot be cancelled, so the figure is what idle commitment costs a month, not cash "
        "to be had back at once.",
        "It overlaps the commitment lever: unused Savings Plan hours cover on-demand usage "
        "before a new commitment would.",
    ]
    for part in row["parts"][:PARTS_SHOWN]:
        assumptions.append(
            f"{part['type'] or 'Commitment'} {part['commitment_id'] or '(no id)'} "
            f"({part['provider']}): {_money(part['unused'], ccy)} unused."
        )
    return basis, assumptions + _more(row["parts"], "commitments")


def _per_million(value: float | None, currency: str) -> str:
    """A token price: "$0.4000 per 1M tokens"."""
    from finops_ai.report.render import _with_currency

    if value is None:
        return "–"
    return _with_currency(value, f"{abs(value):,.4f}", currency) + " per 1M tokens"


def _tokens(value: int) -> str:
    return f"{value:,} tokens"


def _batch(row: Row, month: str, settings: LeverSettings) -> tuple[str, list[str]]:
    ccy = row["currency"]
    basis = (
        f"Standard-tier input and output tokens of {month} of the models whose batch price the "
        f"bill shows, priced at it: {_money(row['eligible_cost'], ccy)} at the standard price, "
        f"{_money(row['at_batch_cost'], ccy)} at the batch price. A model's batch price of a "
        "token type is its batch cost / batch tokens of that type this month. Columns: "
        "x_TokenCount (tokens), x_TokenType (input, output), x_PricingTier (standard, batch), "
        "x_Model, EffectiveCost or BilledCost (the report's cost basis), x_WorkloadClass = "
        "inference (the view token_line_items)."
    )
    assumptions = [
        "The requests can wait for a batch job (OpenAI, Anthropic and Azure OpenAI batches "
        "finish within 24 hours; Bedrock batch inference runs as a job): interactive traffic is "
        "not batch-eligible, so the figure is the ceiling, all standard input and output moved.",
        "Only models the bill shows a batch price for, at this month's batch price; cached "
        "input, cache writes, embeddings and other tiers are not counted.",
        "It overlaps the cache lever: input moved to batch and input newly read from the cache "
        "are the same tokens, so do not add the two.",
    ]
    for part in row["parts"][:PARTS_SHOWN]:
        moved = part["input_tokens"] + part["output_tokens"]
        prices = ", ".join(
            f"{kind} at {_per_million(part[f'{kind}_per_million'], ccy)}"
            for kind in ("input", "output")
            if part[f"{kind}_per_million"] is not None
        )
        assumptions.append(
            f"{part['model'] or 'no model'} ({part['provider']}): {_tokens(moved)} costing "
            f"{_money(part['eligible_cost'], ccy)}, batch {prices}: "
            f"{_money(part['saving'], ccy)}."
        )
    return basis, assumptions + _more(row["parts"], "models", "batch")


def _cache(row: Row, month: str, settings: LeverSettings) -> tuple[str, list[str]]:
    ccy = row["currency"]
    target = _pct(settings.cache_target)
    basis = (
        f"Standard-tier prompt caching of {month} raised to a {target} hit ratio (cache reads "
        "/ (uncached input + cache writes + cache reads)) for the models below it: "
        f"{_tokens(row['extra_reads'])} more read from the cache instead of sent uncached, each "
        "saving what a cached token saved the model this month net of its cache writes "
        "(net_savings / cache_read_tokens in the cache section). Columns: x_TokenCount, "
        "x_TokenType (input, cache_read, cache_write_5m, cache_write_1h, cache_write), "
        "x_PricingTier = standard, x_Model, EffectiveCost or BilledCost (the report's cost "
        "basis)."
    )
    assumptions = [
        f"A {target} hit ratio is reachable: the levers.cache_target setting, not a provider "
        "figure. It takes prompts that repeat a long prefix (system prompt, documents, tools) "
        "within the cache's lifetime.",
        "The extra reads come out of the uncached input (at most all of it), and cost the cache "
        "writes that reads needed this month; the bill's own prices, so only models that "
        "already cache with a positive net saving are counted.",
    ]
    for part in row["parts"][:PARTS_SHOWN]:
        assumptions.append(
            f"{part['model'] or 'no model'} ({part['provider']}): hit ratio "
            f"{_pct(part['hit_ratio'])}, {_tokens(part['extra_reads'])} more cached at "
            f"{_per_million(part['per_million'], ccy)} saved: {_money(part['saving'], ccy)}."
        )
    return basis, assumptions + _more(row["parts"], "models", "cache")


LEVERS: list[Lever] = [
    Lever("commit_steady_serving", "savings_commitment", _commitment),
    Lever("training_to_spot", "savings_spot", _spot),
    Lever("unused_commitments", "savings_unused", _unused),
    # The token levers read report_cache and report_batch (tokens.py builds them first).
    Lever("batch_eligible_tokens", "savings_batch", _batch),
    Lever("cache_hit_target", "savings_cache", _cache),
]
