"""The answer key: every (provider, resource, SKU) the bills charge, with the class of the
workload that generated it and the effective (amortised) cost written for it."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

CLASSES = ("training", "inference", "ai_other", "non_ai")
FIELDS = ("provider", "resource_id", "sku", "true_class", "scenario", "effective_cost", "lines")


@dataclass
class Truth:
    """``sku`` is what the bill names the charge by: the AWS usage type, the Azure meter
    (SkuMeter / x_SkuMeterName) or the Google SKU id. Resources are labelled per SKU because one
    resource can carry charges of two classes (an Azure OpenAI account bills fine-tuning hours
    and tokens; a Rekognition Custom Labels project bills training and inference hours)."""

    rows: dict[tuple[str, str, str], list] = field(default_factory=dict)

    def add(
        self,
        provider: str,
        resource_id: str,
        sku: str,
        true_class: str,
        scenario: str,
        effective_cost: float,
    ) -> None:
        assert true_class in CLASSES, true_class
        key = (provider, resource_id, sku)
        row = self.rows.get(key)
        if row is None:
            self.rows[key] = [true_class, scenario, effective_cost, 1]
            return
        if row[0] != true_class:
            raise ValueError(f"{key} generated as both {row[0]} and {true_class}")
        row[2] += effective_cost
        row[3] += 1

    def write(self, path: Path) -> None:
        with open(path, "w", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(FIELDS)
            for (provider, resource, sku), (cls, scenario, cost, lines) in sorted(
                self.rows.items()
            ):
                out.writerow([provider, resource, sku, cls, scenario, f"{cost:.6f}", lines])
