"""The assumptions the savings levers and the per-model heads-ups rest on (docs/report.md).

Where the bill shows the discount it gets on a commitment or on spot for an instance family,
the levers use the bill's; these rates are for families it shows nothing of. Everything here is
printed in the report (``lever_settings`` in the JSON), so no figure hides its assumption.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class LeverSettings:
    """The assumptions the levers and heads-ups rest on where the bill says nothing.

    commitment_discount and spot_discount apply only to a family the bill shows no committed
    (or spot) usage of; otherwise the bill's own discount for the family is used. Fractions.
    The defaults are placeholders, deliberately below what providers advertise (docs/report.md):
    30 % for a 1-year commitment (AWS advertises up to 66 % for Compute Savings Plans, up to
    72 % for EC2 Instance Savings Plans and reservations), 60 % for spot (AWS: up to 90 %).
    cache_target is the prompt-cache hit ratio (cache reads / all standard-tier input tokens)
    the cache lever assumes a model can reach; 0.5 is a placeholder for prompts that share a
    long system prompt or context, not a provider figure. Set it from your own traffic.
    Set your own from your quotes: `[levers]` in the config file, or the report's flags.
    """

    commitment_discount: float = 0.30
    spot_discount: float = 0.60
    jump_floor: Decimal = Decimal(100)  # money per day, in the report's currency
    jump_share: float = 0.50  # 0.5: a day 50 % above its baseline
    cache_target: float = 0.50  # the cache lever's hit ratio

    def params(self) -> dict[str, Any]:
        """The rates as fleets.sql takes them."""
        return {
            "commitment_discount": self.commitment_discount,
            "spot_discount": self.spot_discount,
        }
