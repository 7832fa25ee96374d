"""What a fictional company (Larkspur Analytics) runs on AWS for three months, drawn at random
per seed. Every scenario says what real workload it imitates; its true class is how the
workload was generated, never a threshold a classifier might use.

Usage-type spellings: EC2 `BoxUsage:`/`SpotUsage:` (real CURs in ../shared/real_bills/),
SageMaker `<REGION>-Train:`/`Host:`/`Tsform:`/`Notebk:` (CID CUDOS definition, via
../shared/ai_signals.md 4.1), Bedrock `-input-tokens`/`-output-tokens`, `-Customization-Training`,
`-ProvisionedThroughput` and the Marketplace `MP:<REGION>_InputTokenCount-Units` (ai_signals.md
4.2), Polly `SynthesizeSpeechNeural-Characters` and Transcribe `TranscribeAudio` (public
price-list usage types seen in several cost tools), the Capacity Block fee
`<REGION>-CapacityBlockFee:<type>` (issue 15). Strings marked "unverified" were not found in a
public file.
"""

from __future__ import annotations

import random
from datetime import timedelta

from .aws_bill import ACCOUNTS, EC2_TYPES, REGIONS, AwsBill, hour_bounds
from .timeline import Ids, Span, Window, fleet, hourly, steady_desired, together, with_failures


class AwsWorld:
    def __init__(self, rng: random.Random, window: Window, ids: Ids, bill: AwsBill) -> None:
        self.rng, self.window, self.ids, self.bill = rng, window, ids, bill
        self.hours = window.hours
        self.azs = {r: [f"{r}{z}" for z in "abcd"] for r in REGIONS}

    # -- EC2 instances -----------------------------------------------------------------------

    def instance(
        self,
        spans: list[Span],
        itype: str,
        *,
        account: str,
        region: str,
        true_class: str,
        scenario: str,
        tags: dict[str, str] | None = None,
        spot: bool = False,
        sp_arn: str = "",
        capacity_block: str = "",
    ) -> str:
        """One EC2 instance: an hourly line for every hour it ran (a fraction of an hour at its
        start and stop, as per-second billing shows). Returns its id."""
        rate, family, gpu, gpu_mem, vcpu, mem = EC2_TYPES[itype]
        pfx = "" if region == "us-east-1" else REGIONS[region][0] + "-"
        iid = "i-0" + self.ids.hex(16)
        az = self.rng.choice(self.azs[region])
        product = {"gpu": gpu, "gpu_memory": gpu_mem, "vcpu": vcpu, "memory": mem}
        base = {
            "product_instance_type": itype,
            "product_instance_family": family,
            "product_product_family": "Compute Instance",
            "product_sku": _sku(itype, region, spot),
        }
        if spot:
            usage_type, term = f"{pfx}SpotUsage:{itype}", "Spot"
            price = round(rate * self.rng.uniform(0.3, 0.45), 4)
            desc = f"${price} per Linux {itype} Spot Instance-hour"
        elif capacity_block:
            # Instances inside a Capacity Block bill only a premium OS; Linux is free
            # (EC2 user guide, "Capacity Blocks pricing and billing"). The block's fee is the cost.
            usage_type, term, price = f"{pfx}BoxUsage:{itype}", "OnDemand", 0.0
            desc = f"$0.00 per Linux {itype} Instance Hour in a Capacity Block (unverified)"
            base["reservation_reservation_a_r_n"] = capacity_block
        else:
            usage_type, term, price = f"{pfx}BoxUsage:{itype}", "OnDemand", rate
            desc = f"${rate} per On Demand Linux {itype} Instance Hour"
        for hour, amount in sorted(hourly(spans).items()):
            start, end = hour_bounds(self.window, hour)
            extra = dict(base)
            common = dict(
                start=start,
                end=end,
                account=account,
                product_code="AmazonEC2",
                product_name="Amazon Elastic Compute Cloud",
                usage_type=usage_type,
                operation="RunInstances",
                resource=iid,
                amount=amount,
                unit="Hrs",
                region=region,
                az=az,
                tags=tags,
                product=product,
                term=term,
                true_class=true_class,
                scenario=scenario,
                list_rate=rate,
            )
            if sp_arn:
                od = round(amount * rate, 10)
                sp_rate = round(rate * 0.72, 6)
                covered = dict(extra)
                covered.update(
                    savings_plan_savings_plan_a_r_n=sp_arn,
                    savings_plan_savings_plan_rate=str(sp_rate),
                    savings_plan_savings_plan_effective_cost=round(amount * sp_rate, 10),
                )
                self.bill.line(
                    **common,
                    rate=rate,
                    cost=od,
                    effective=round(amount * sp_rate, 10),
                    line_type="SavingsPlanCoveredUsage",
                    extra=covered,
                    description=f"{desc} covered by a Compute Savings Plan",
                )
                negation = dict(extra)
                negation.update(savings_plan_savings_plan_a_r_n=sp_arn)
                self.bill.line(
                    **common,
                    rate=rate,
                    cost=-od,
                    effective=0.0,
                    line_type="SavingsPlanNegation",
                    extra=negation,
                    description=f"SavingsPlanNegation used by AccountId : {account} and "
                    f"UsageSku : {base['product_sku']}",
                )
            else:
                self.bill.line(**common, rate=price, description=desc, extra=extra)
        return iid

    def group(self, instance_spans: list[list[Span]], itype: str, **kw) -> list[str]:
        return [self.instance(spans, itype, **kw) for spans in instance_spans]

    def managed(
        self,
        hours: dict[int, float],
        *,
        product_code: str,
        product_name: str,
        usage_type: str,
        operation: str,
        resource: str,
        rate: float,
        unit: str,
        description: str,
        account: str,
        region: str,
        true_class: str,
        scenario: str,
        instance_type: str = "",
        **kw,
    ) -> None:
        """Hourly lines of a managed service (SageMaker, Bedrock, Polly...)."""
        extra = {"product_instance_type": instance_type} if instance_type else {}
        extra.update(kw.pop("extra", {}))
        for hour, amount in sorted(hours.items()):
            start, end = hour_bounds(self.window, hour)
            self.bill.line(
                start=start,
                end=end,
                account=account,
                product_code=product_code,
                product_name=product_name,
                usage_type=usage_type,
                operation=operation,
                resource=resource,
                amount=amount,
                rate=rate,
                unit=unit,
                region=region,
                description=description,
                true_class=true_class,
                scenario=scenario,
                extra=extra,
                **kw,
            )

    # -- helpers -------------------------------------------------------------------------------

    def day(self, lo: float, hi: float) -> int:
        """A random hour within days [lo, hi) of the window."""
        return int(self.rng.uniform(lo, hi) * 24)

    def arn(self, service: str, region: str, account: str, kind: str, name: str) -> str:
        return f"arn:aws:{service}:{region}:{account}:{kind}/{name}"


def _sku(itype: str, region: str, spot: bool) -> str:
    import hashlib

    digest = hashlib.sha256(f"{itype}{region}{spot}".encode()).hexdigest().upper()
    return "".join(c for c in digest if c.isalnum())[:16]


# ------------------------------------------------------------------------------------------------
# Scenarios. Each takes the world and adds its lines; `n` counts and days are drawn per seed.
# ------------------------------------------------------------------------------------------------


def training_run(w: AwsWorld, label: str = "train-multiweek") -> None:
    """A multi-week untagged training run: many identical GPU instances the job scheduler starts
    in the same hour, flat for two to four weeks, released together. Basis: large-model
    pretraining and long fine-tunes on EC2 clusters (P4d/P5 product pages: "train ... in
    weeks"; G5/G6e are sold for training too); public training logbooks (Meta OPT-175B,
    BigScience BLOOM) describe a fixed set of nodes running for weeks, failed nodes swapped for
    new ones mid-run, and whole-job restarts from a checkpoint after a crash (every node
    replaced after a gap of hours). A run may still be going when the window ends."""
    rng = w.rng
    itype = rng.choice(
        ["p4d.24xlarge", "p5.48xlarge", "p4de.24xlarge", "g5.48xlarge", "g6e.48xlarge"]
    )
    n = rng.randint(8, 40)
    start = w.day(0, w.hours / 24 - 12)
    length = rng.uniform(14, 28) * 24
    end = start + length
    if rng.random() < 0.4:
        # Crash and restart from the last checkpoint: all nodes go, new ones come back later.
        cut = start + length * rng.uniform(0.3, 0.7)
        resume = cut + rng.uniform(2, 10)
        spans = together(rng, n, start, cut, w.hours) + together(rng, n, resume, end, w.hours)
    else:
        spans = together(rng, n, start, end, w.hours)
    spans += with_failures(rng, spans, rng.choice([0, 0, 1, 2]))
    w.group(
        spans,
        itype,
        account=ACCOUNTS["ml-research"],
        region=rng.choice(["us-east-1", "us-west-2"]),
        true_class="training",
        scenario=label,
        tags={"user:team": "foundation-models", "user:project": rng.choice(["atlas", "heron"])},
    )


def bursty_jobs(w: AwsWorld) -> None:
    """Short experiment and fine-tuning jobs: 1-16 GPU instances for 2-40 hours, launched by a
    batch scheduler (AWS Batch, Kubeflow, Ray) whenever a researcher submits; about a third
    on Spot, as AWS recommends for fault-tolerant training."""
    rng = w.rng
    region = rng.choice(["us-east-1", "us-west-2"])
    for _ in range(rng.randint(6, 20)):
        itype = rng.choice(["g5.12xlarge", "g5.48xlarge", "p4d.24xlarge", "g6.12xlarge"])
        n = rng.choice([1, 1, 2, 4, 8, 16])
        start = w.day(0, w.hours / 24 - 2)
        length = rng.uniform(2, 40)
        w.group(
            together(rng, n, start, start + length, w.hours),
            itype,
            account=ACCOUNTS["ml-research"],
            region=region,
            true_class="training",
            scenario="train-bursty-jobs",
            spot=rng.random() < 0.35,
            tags={"user:team": "applied-ml"},
        )


def serving_fleet(
    w: AwsWorld,
    *,
    itype: str,
    region: str,
    label: str,
    start: int = 0,
    end: int | None = None,
    daily: bool = False,
    tagged: bool = True,
    sp_arn: str = "",
    base: tuple[int, int] = (2, 6),
) -> None:
    """A model-serving fleet behind a load balancer with target-tracking auto scaling: a floor
    that never goes to zero, instances added and removed as traffic drifts, some with the
    daily traffic cycle, and weekly rolling deployments that replace every instance (EC2 Auto
    Scaling user guide; EKS/SageMaker real-time inference guidance)."""
    rng = w.rng
    end = w.hours if end is None else end
    b = rng.randint(*base) if EC2_TYPES[itype][2] != "8" else rng.randint(1, 3)
    desired = steady_desired(
        rng, w.hours, b, max(1, b // 2), daily=rng.uniform(0.6, 1.5) if daily else 0
    )
    tags = {"user:team": "platform-ml"}
    if tagged:
        tags["aws:autoscaling:groupName"] = (
            f"{rng.choice(['recs', 'search', 'chat'])}-{w.ids.hex(4)}"
        )
    w.group(
        fleet(rng, desired, start, end, w.hours),
        itype,
        account=ACCOUNTS["ml-prod"],
        region=region,
        true_class="inference",
        scenario=label,
        tags=tags,
        sp_arn=sp_arn,
    )


def serving(w: AwsWorld) -> tuple[str, str]:
    """The steady fleets, one launched and one retired mid-window; returns the (type, region)
    of the first steady fleet, on which a training burst then runs too."""
    rng = w.rng
    types = ["g5.xlarge", "g5.2xlarge", "g6.xlarge", "g6e.2xlarge", "g4dn.xlarge"]
    rng.shuffle(types)
    if rng.random() < 0.5:
        # Large models are served on 8-GPU nodes too (an LLM behind a chat product).
        types.insert(rng.randint(0, 3), rng.choice(["p4d.24xlarge", "p5.48xlarge", "g6e.48xlarge"]))
    region = rng.choice(["us-east-1", "us-west-2"])
    sp = ""
    if rng.random() < 0.6:
        # A Compute Savings Plan bought for the serving fleet (the steady spend it suits).
        sp = w.arn(
            "savingsplans",
            "",
            ACCOUNTS["ml-prod"],
            "savingsplan",
            w.ids.hex(8) + "-" + w.ids.hex(4) + "-" + w.ids.hex(4) + "-" + w.ids.hex(12),
        )
    serving_fleet(
        w,
        itype=types[0],
        region=region,
        label="serve-steady",
        daily=False,
        tagged=rng.random() < 0.5,
        sp_arn=sp,
    )
    serving_fleet(
        w,
        itype=types[1],
        region=region,
        label="serve-daily-cycle",
        daily=True,
        tagged=rng.random() < 0.5,
    )
    # A new model launched mid-window: it serves from its first hour to the end.
    serving_fleet(
        w,
        itype=types[2],
        region=region,
        label="serve-launched-mid",
        start=w.day(32, 55),
        tagged=rng.random() < 0.5,
    )
    # A model retired mid-window: the fleet serves from before the window until it is removed.
    serving_fleet(
        w,
        itype=types[3],
        region=region,
        label="serve-retired-mid",
        end=w.day(25, 60),
        tagged=rng.random() < 0.5,
    )
    if sp:
        _savings_plan_fees(w, sp)
    return types[0], region


def _savings_plan_fees(w: AwsWorld, sp: str) -> None:
    """The plan's monthly recurring fee. The commitment was sized to what the fleet uses, so the
    unused part (the fee's effective cost) is zero."""
    used: dict[int, float] = {0: 0.0, 1: 0.0, 2: 0.0}
    for row in w.bill.rows:
        if row.get("savings_plan_savings_plan_effective_cost") is not None:
            used[w.window.month_of(row["start"])] += row["savings_plan_savings_plan_effective_cost"]
    for month, commitment in used.items():
        start, end = w.window.months[month], w.window.months[month + 1]
        w.bill.line(
            start=start,
            end=end,
            account=ACCOUNTS["ml-prod"],
            product_code="ComputeSavingsPlans",
            product_name="Savings Plans for AWS Compute usage",
            usage_type="ComputeSP:1yrNoUpfront",
            operation="",
            resource=sp,
            amount=1.0,
            rate=commitment,
            unit="Hrs",
            region="us-east-1",
            description="1 year No Upfront Compute Savings Plan",
            line_type="SavingsPlanRecurringFee",
            cost=round(commitment, 10),
            effective=0.0,
            true_class="inference",
            scenario="serve-steady",
            product={},
            extra={
                "savings_plan_savings_plan_a_r_n": sp,
                "savings_plan_total_commitment_to_date": round(commitment, 10),
                "savings_plan_used_commitment": round(commitment, 10),
                "savings_plan_offering_type": "ComputeSavingsPlans",
            },
        )


def burst_beside_serving(w: AwsWorld, itype: str, region: str) -> None:
    """A fine-tuning run on the serving fleet's own instance type, account and region, untagged:
    teams reuse the production account's quota and capacity reservations for a quick
    training job (common when GPU quota is scarce). 4-16 instances for one to five days."""
    rng = w.rng
    start = w.day(3, w.hours / 24 - 6)
    w.group(
        together(rng, rng.randint(4, 16), start, start + rng.uniform(24, 120), w.hours),
        itype,
        account=ACCOUNTS["ml-prod"],
        region=region,
        true_class="training",
        scenario="train-beside-serving",
    )


def trainium(w: AwsWorld) -> None:
    """Trainium training for weeks: trn1/trn1n/trn2 are built and sold for training (AWS
    Trainium product page; Neuron docs), e.g. 4-32 trn1.32xlarge in one cluster for 2-5
    weeks. Flat and steady: only the chip says it is training."""
    rng = w.rng
    itype = rng.choice(["trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge"])
    start = w.day(0, 40)
    spans = together(rng, rng.randint(4, 32), start, start + rng.uniform(14, 35) * 24, w.hours)
    w.group(
        spans,
        itype,
        account=ACCOUNTS["ml-research"],
        region="us-east-2",
        true_class="training",
        scenario="train-trainium",
    )


def inferentia(w: AwsWorld) -> None:
    """Inferentia serving: inf1/inf2 are built for inference (AWS Inferentia product page), here
    an autoscaled fleet serving all window."""
    rng = w.rng
    itype = rng.choice(["inf2.xlarge", "inf2.8xlarge", "inf2.24xlarge", "inf1.2xlarge"])
    serving_fleet(
        w,
        itype=itype,
        region="us-east-2",
        label="serve-inferentia",
        daily=rng.random() < 0.5,
        tagged=rng.random() < 0.5,
    )


def capacity_block(w: AwsWorld) -> None:
    """An EC2 Capacity Block for ML: 1-8 p5/p4d instances reserved for 1-14 days, paid up front
    as a Fee line (`<REGION>-CapacityBlockFee:<type>`); the instance hours inside the block
    cost nothing. Blocks start at 11:30 UTC (EC2 user guide, "Capacity Blocks for ML"); AWS
    sells them for "ML model training and fine-tuning"."""
    rng = w.rng
    itype = rng.choice(["p5.48xlarge", "p4d.24xlarge"])
    region = "us-east-2"
    pfx = REGIONS[region][0]
    n = rng.randint(1, 8)
    days = rng.randint(1, 14)
    start_day = rng.randint(1, int(w.hours / 24) - days - 1)
    start = start_day * 24 + 11.5
    end = start + days * 24
    account = ACCOUNTS["ml-research"]
    cr = w.arn("ec2", region, account, "capacity-reservation", "cr-0" + w.ids.hex(16))
    block_rate = round(EC2_TYPES[itype][0] * rng.uniform(0.55, 0.75), 4)
    fee_start, _ = hour_bounds(w.window, int(start))
    w.bill.line(
        start=fee_start,
        end=fee_start + timedelta(hours=1),
        account=account,
        product_code="AmazonEC2",
        product_name="Amazon Elastic Compute Cloud",
        usage_type=f"{pfx}-CapacityBlockFee:{itype}",
        operation="RunInstances",
        resource=cr,
        amount=n * days * 24.0,
        rate=block_rate,
        unit="Hrs",
        region=region,
        description=f"Capacity Block fee for {n} {itype} instances for {days} days (unverified)",
        line_type="Fee",
        true_class="training",
        scenario="train-capacity-block",
        extra={"reservation_reservation_a_r_n": cr, "product_instance_type": itype},
    )
    spans = together(rng, n, start, end - 0.5, w.hours)
    w.group(
        spans,
        itype,
        account=account,
        region=region,
        true_class="training",
        scenario="train-capacity-block",
        capacity_block=cr,
    )


def large_fleet(w: AwsWorld) -> None:
    """A 1,000+ instance burst: a hyperparameter sweep or data-parallel job as an AWS Batch array
    job (up to 10,000 children) on Spot GPU instances, all launched within the hour, for 4-10
    hours."""
    rng = w.rng
    start = w.day(2, w.hours / 24 - 2)
    spans = together(rng, rng.randint(1000, 1300), start, start + rng.uniform(4, 10), w.hours)
    w.group(
        spans,
        rng.choice(["g5.xlarge", "g6.xlarge"]),
        account=ACCOUNTS["ml-research"],
        region="us-west-2",
        true_class="training",
        scenario="train-large-fleet",
        spot=True,
        tags={"user:team": "applied-ml", "aws:batch:compute-environment": "ce-spot-01"},
    )
