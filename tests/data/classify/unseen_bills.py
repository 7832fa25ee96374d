"""Labelled bills the classifier was never tuned on: three months of a fictional company's
AWS, Azure and Google Cloud spend, with the true class of every charge.

    from tests.data.classify import unseen_bills
    root = unseen_bills.write(tmp_path, seed=7)

writes, under ``root``:

* ``aws_cur2/``   the AWS usage as a CUR 2.0 (Data Exports) Parquet file per billing period
* ``aws_legacy/`` the same usage as a legacy CUR CSV (gzip) per billing period
* ``azure/``      an Azure FOCUS 1.2 cost export, one CSV per month (daily charge periods)
* ``gcp/``        a Google Cloud FOCUS export shaped like Google's FOCUS BigQuery view
* ``truth.csv``   provider, resource_id, sku, true_class, scenario, effective_cost, lines: one
  row per (resource, SKU) charged. ``sku`` is the AWS usage type, the Azure meter (SkuMeter)
  or the Google SKU id; ``resource_id`` is the bill's resource id ('' for charges without one).

Each folder is meant to be ingested into its own warehouse (the two AWS folders are the same
usage). What is generated, and the real workload each scenario imitates, is documented in
tests/data/classify/unseen/ (aws_scenarios.py, aws_services.py, azure.py, gcp.py). Scenario
counts, start days, durations and instance types are drawn per seed; the true class is how a
workload was generated, never a threshold.

Written from public material only (../shared/FORMATS.md, ../shared/ai_signals.md, the real bills
in ../shared/real_bills/, public price-list usage types and SKU descriptions), without reading
the classifier's SQL, documentation or labelled sets.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from pathlib import Path

from tests.data.classify.unseen import aws_scenarios, aws_services, azure, gcp
from tests.data.classify.unseen.aws_bill import AwsBill
from tests.data.classify.unseen.timeline import Ids, pacific_window, utc_window
from tests.data.classify.unseen.truth import Truth

FAMILIES = {
    # family -> (folder, provider in truth.csv, the warehouse column holding truth's sku)
    "AWS CUR 2.0": ("aws_cur2", "aws", "x_UsageType"),
    "AWS legacy CUR": ("aws_legacy", "aws", "x_UsageType"),
    "Azure FOCUS 1.2": ("azure", "azure", "SkuMeter"),
    "GCP FOCUS (BigQuery view)": ("gcp", "gcp", "SkuId"),
}


def write(folder: Path, seed: int, exclude: Collection[str] = ()) -> Path:
    """Write the bills and truth.csv for ``seed`` into ``folder``; return ``folder``.

    ``exclude`` names scenarios to leave out (e.g. ``train-large-fleet``, to see how the rest
    classifies while a large fleet still crashes an ingest); the rest is drawn exactly as
    without it."""
    folder = Path(folder)
    skip = frozenset(exclude)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    year, month = 2027, rng.randint(1, 10)
    truth = Truth()
    ids = Ids(random.Random(rng.random()))

    aws = AwsBill(utc_window(year, month), truth, seed, skip)
    world = aws_scenarios.AwsWorld(random.Random(rng.random()), aws.window, ids, aws)
    _aws(world)
    aws.write(folder / "aws_cur2", folder / "aws_legacy")

    az = azure.AzureBill(utc_window(year, month), truth, random.Random(rng.random()), ids, skip)
    azure.scenarios(az)
    az.write(folder / "azure")

    g = gcp.GcpBill(pacific_window(year, month), truth, random.Random(rng.random()), ids, skip)
    gcp.scenarios(g)
    g.write(folder / "gcp")

    truth.write(folder / "truth.csv")
    return folder


def _aws(w: aws_scenarios.AwsWorld) -> None:
    for _ in range(w.rng.randint(1, 2)):
        aws_scenarios.training_run(w)
    aws_scenarios.bursty_jobs(w)
    serve_type, serve_region = aws_scenarios.serving(w)
    aws_scenarios.burst_beside_serving(w, serve_type, serve_region)
    aws_scenarios.trainium(w)
    aws_scenarios.inferentia(w)
    aws_scenarios.capacity_block(w)
    aws_scenarios.large_fleet(w)
    aws_services.sagemaker(w)
    aws_services.bedrock(w)
    aws_services.ai_apis(w)
    aws_services.non_ai(w)
