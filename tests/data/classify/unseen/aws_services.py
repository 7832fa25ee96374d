"""Managed AI services and the non-AI rest of the AWS bill."""

from __future__ import annotations

from .aws_bill import ACCOUNTS, PAYER, REGIONS
from .aws_scenarios import AwsWorld
from .timeline import fleet, hourly, steady_desired, together


def sagemaker(w: AwsWorld) -> None:
    """SageMaker: training jobs (`Train:`, and `TrSpt:` for managed Spot training) as hours per
    job, a real-time endpoint (`Host:`) that bills every hour it is deployed, batch transform
    jobs (`Tsform:`, batch inference) and notebook instances (`Notebk:`, development: neither
    training nor serving). Per-hour usage is instance-hours (a 2-instance endpoint bills 2.0)."""
    rng = w.rng
    region = "us-east-1"
    pfx = REGIONS[region][0]
    account = ACCOUNTS["ml-research"]
    rates = {
        "ml.p4d.24xlarge": 37.688,
        "ml.g5.12xlarge": 7.09,
        "ml.g5.2xlarge": 1.515,
        "ml.g4dn.xlarge": 0.736,
        "ml.t3.medium": 0.05,
        "ml.m5.xlarge": 0.23,
    }
    for _ in range(rng.randint(3, 8)):
        itype = rng.choice(["ml.p4d.24xlarge", "ml.g5.12xlarge"])
        count = rng.choice([1, 2, 4, 8])
        start = w.day(0, w.hours / 24 - 3)
        hours = {
            h: a * count for h, a in hourly([(start + 0.2, start + rng.uniform(3, 60))]).items()
        }
        kind = "TrSpt" if rng.random() < 0.3 else "Train"
        rate = rates[itype] * (0.35 if kind == "TrSpt" else 1.0)
        w.managed(
            hours,
            product_code="AmazonSageMaker",
            product_name="Amazon SageMaker",
            usage_type=f"{pfx}-{kind}:{itype}",
            operation="RunInstance",
            resource=w.arn("sagemaker", region, account, "training-job", f"job-{w.ids.token(10)}"),
            rate=round(rate, 4),
            unit="Hrs",
            account=account,
            region=region,
            description=f"${rate:.4f} per {itype} hour in {REGIONS[region][1]} for training",
            true_class="training",
            scenario="sagemaker-training-job",
            instance_type=itype,
        )
    for _ in range(rng.randint(1, 2)):
        itype = rng.choice(["ml.g5.2xlarge", "ml.g4dn.xlarge"])
        count = rng.randint(1, 4)
        start = 0 if rng.random() < 0.7 else w.day(10, 50)
        hours = {h: a * count for h, a in hourly([(start, w.hours)]).items()}
        w.managed(
            hours,
            product_code="AmazonSageMaker",
            product_name="Amazon SageMaker",
            usage_type=f"{pfx}-Host:{itype}",
            operation="RunInstance",
            resource=w.arn(
                "sagemaker", region, ACCOUNTS["ml-prod"], "endpoint", f"ep-{w.ids.token(8)}"
            ),
            rate=rates[itype],
            unit="Hrs",
            account=ACCOUNTS["ml-prod"],
            region=region,
            description=f"${rates[itype]} per Hosting {itype} hour in {REGIONS[region][1]}",
            true_class="inference",
            scenario="sagemaker-endpoint",
            instance_type=itype,
        )
    for _ in range(rng.randint(1, 4)):
        start = w.day(0, w.hours / 24 - 2)
        hours = hourly([(start + 0.1, start + rng.uniform(1, 8))])
        w.managed(
            {h: a * 4 for h, a in hours.items()},
            product_code="AmazonSageMaker",
            product_name="Amazon SageMaker",
            usage_type=f"{pfx}-Tsform:ml.g4dn.xlarge",
            operation="RunInstance",
            resource=w.arn("sagemaker", region, account, "transform-job", f"job-{w.ids.token(10)}"),
            rate=rates["ml.g4dn.xlarge"],
            unit="Hrs",
            account=account,
            region=region,
            description="Batch transform ml.g4dn.xlarge hour",
            true_class="inference",
            scenario="sagemaker-batch-transform",
            instance_type="ml.g4dn.xlarge",
        )
    for _ in range(rng.randint(2, 5)):
        spans = [
            (d * 24 + 13 + rng.random(), d * 24 + 22 + rng.random())
            for d in range(int(w.hours / 24) - 1)
            if d % 7 < 5 and rng.random() < 0.8
        ]
        w.managed(
            hourly(spans),
            product_code="AmazonSageMaker",
            product_name="Amazon SageMaker",
            usage_type=f"{pfx}-Notebk:ml.t3.medium",
            operation="RunInstance",
            resource=w.arn(
                "sagemaker", region, account, "notebook-instance", f"nb-{w.ids.token(6)}"
            ),
            rate=rates["ml.t3.medium"],
            unit="Hrs",
            account=account,
            region=region,
            description="ml.t3.medium notebook instance hour",
            true_class="ai_other",
            scenario="sagemaker-notebook",
            instance_type="ml.t3.medium",
        )


def bedrock(w: AwsWorld) -> None:
    """Bedrock: on-demand tokens (1K-token units) through an application inference profile, a
    third-party model sold through AWS Marketplace (billing entity "AWS Marketplace", usage in
    "Units"), a model customization (fine-tuning) job, and provisioned throughput for the
    customised model (model units per hour)."""
    rng = w.rng
    account = ACCOUNTS["ml-prod"]
    region = "us-east-1"
    pfx = REGIONS[region][0]
    profile = w.arn("bedrock", region, account, "application-inference-profile", w.ids.token(12))
    for direction, rate in (("input", 0.0008), ("output", 0.0032)):
        hours = {
            h: round(rng.uniform(200, 4000) * (1 + (h % 24 > 13)), 3)
            for h in range(w.hours)
            if rng.random() < 0.9
        }
        w.managed(
            hours,
            product_code="AmazonBedrock",
            product_name="Amazon Bedrock",
            usage_type=f"{pfx}-NovaPro-{direction}-tokens",
            operation="InvokeModelInference",
            resource=profile,
            rate=rate,
            unit="1K tokens",
            account=account,
            region=region,
            description=f"${rate} per 1K {direction} tokens for Nova Pro in {REGIONS[region][1]}",
            true_class="inference",
            scenario="bedrock-tokens",
        )
    model = f"arn:aws:bedrock:{region}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"
    for kind, rate in (("InputTokenCount", 0.003), ("OutputTokenCount", 0.015)):
        hours = {h: round(rng.uniform(100, 2500), 3) for h in range(w.hours) if rng.random() < 0.8}
        w.managed(
            hours,
            product_code="cd6hq4yq8vmy7ap2b6ygmjw3r",
            product_name="Claude 3.5 Sonnet (Amazon Bedrock Edition)",
            usage_type=f"{pfx}-MP:{pfx}_{kind}-Units",
            operation="Usage",
            resource=model,
            rate=rate,
            unit="Units",
            account=account,
            region=region,
            description=f"Claude 3.5 Sonnet (Amazon Bedrock Edition) | {kind} | 1K tokens",
            true_class="inference",
            scenario="bedrock-marketplace-tokens",
            extra={
                "bill_billing_entity": "AWS Marketplace",
                "line_item_legal_entity": "Anthropic, PBC",
            },
        )
    region2 = "us-west-2"
    p2 = REGIONS[region2][0]
    job = w.arn(
        "bedrock",
        region2,
        ACCOUNTS["ml-research"],
        "model-customization-job",
        f"llama3-3-70b/{w.ids.token(12)}",
    )
    start = w.day(3, 50)
    w.managed(
        {h: round(rng.uniform(5000, 20000), 3) for h in range(start, start + rng.randint(6, 30))},
        product_code="AmazonBedrock",
        product_name="Amazon Bedrock",
        usage_type=f"{p2}-Llama3-3-70B-Customization-Training",
        operation="Usage",
        resource=job,
        rate=0.0079,
        unit="1K tokens",
        account=ACCOUNTS["ml-research"],
        region=region2,
        description="Llama 3.3 70B model customization training, per 1K tokens",
        true_class="training",
        scenario="bedrock-customization",
    )
    provisioned = w.arn("bedrock", region2, account, "provisioned-model", w.ids.token(12))
    pt_start = start + rng.randint(40, 200)
    w.managed(
        {h: 1.0 for h in range(pt_start, w.hours)},
        product_code="AmazonBedrock",
        product_name="Amazon Bedrock",
        usage_type=f"{p2}-Llama3-3-70B-ProvisionedThroughput",
        operation="Usage",
        resource=provisioned,
        rate=23.5,
        unit="Hrs",
        account=account,
        region=region2,
        description="Provisioned throughput, per model unit hour",
        true_class="inference",
        scenario="bedrock-provisioned-throughput",
    )


def ai_apis(w: AwsWorld) -> None:
    """Pre-trained AI APIs are inference (calling a trained model): Polly neural voices and
    Transcribe, billed per character or second with no resource id. Rekognition Custom Labels
    bills training hours (training) and inference hours of the trained model (inference) on
    the same project version (usage types unverified)."""
    rng = w.rng
    account = ACCOUNTS["ml-prod"]
    region = "us-east-1"
    pfx = REGIONS[region][0]
    busy = [h for h in range(w.hours) if 12 <= h % 24 <= 23 and rng.random() < 0.9]
    w.managed(
        {h: float(rng.randint(20_000, 400_000)) for h in busy},
        product_code="AmazonPolly",
        product_name="Amazon Polly",
        usage_type=f"{pfx}-SynthesizeSpeechNeural-Characters",
        operation="SynthesizeSpeech",
        resource="",
        rate=0.000016,
        unit="Characters",
        account=account,
        region=region,
        description="$16 per 1 million characters (neural)",
        true_class="inference",
        scenario="ai-api-polly",
    )
    w.managed(
        {h: float(rng.randint(3_000, 90_000)) for h in busy},
        product_code="transcribe",
        product_name="Amazon Transcribe",
        usage_type=f"{pfx}-TranscribeAudio",
        operation="Transcribe",
        resource="",
        rate=0.0004,
        unit="Seconds",
        account=account,
        region=region,
        description="$0.0004 per second of audio transcribed",
        true_class="inference",
        scenario="ai-api-transcribe",
    )
    version = w.arn(
        "rekognition",
        region,
        account,
        "project",
        f"defects/version/defects.{w.ids.digits(13)}/{w.ids.digits(13)}",
    )
    start = w.day(2, 30)
    train_hours = {h: 1.0 for h in range(start, start + rng.randint(2, 9))}
    w.managed(
        train_hours,
        product_code="AmazonRekognition",
        product_name="Amazon Rekognition",
        usage_type=f"{pfx}-CustomLabels-TrainingHours",
        operation="CreateProjectVersion",
        resource=version,
        rate=1.0,
        unit="Hours",
        account=account,
        region=region,
        description="Custom Labels training hour (unverified)",
        true_class="training",
        scenario="ai-api-custom-labels-training",
    )
    serve_from = max(train_hours) + 5
    w.managed(
        {h: 1.0 for h in range(serve_from, w.hours) if 13 <= h % 24 <= 21},
        product_code="AmazonRekognition",
        product_name="Amazon Rekognition",
        usage_type=f"{pfx}-CustomLabels-InferenceHours",
        operation="StartProjectVersion",
        resource=version,
        rate=4.0,
        unit="Hours",
        account=account,
        region=region,
        description="Custom Labels inference hour (unverified)",
        true_class="inference",
        scenario="ai-api-custom-labels-inference",
    )


def non_ai(w: AwsWorld) -> None:
    """The rest of the company: a web tier (autoscaled, daily cycle), a nightly ETL fleet of
    CPU instances that start together and stop together (the shape of a training job, but no
    accelerator), analytics boxes, EBS volumes, S3 buckets, an RDS database, a NAT gateway,
    Business Support and sales tax."""
    rng = w.rng
    platform, data = ACCOUNTS["platform"], ACCOUNTS["data"]
    web = steady_desired(rng, w.hours, rng.randint(2, 5), 2, daily=1.0)
    w.group(
        fleet(rng, web, 0, w.hours, w.hours),
        "m6i.large",
        account=platform,
        region="us-east-1",
        true_class="non_ai",
        scenario="nonai-web-tier",
        tags={"user:team": "web", "aws:autoscaling:groupName": "web-asg"},
    )
    n = rng.randint(8, 30)
    for d in range(int(w.hours / 24)):
        if rng.random() < 0.9:
            s = d * 24 + 1
            w.group(
                together(rng, n, s, s + rng.uniform(2, 4), w.hours),
                "c6i.4xlarge",
                account=data,
                region="us-east-1",
                true_class="non_ai",
                scenario="nonai-nightly-etl",
                tags={"user:team": "data-eng"},
            )
    for _ in range(rng.randint(2, 4)):
        w.instance(
            [(0.0, float(w.hours))],
            rng.choice(["r6i.2xlarge", "t3.medium", "m6i.xlarge"]),
            account=data,
            region="us-east-1",
            true_class="non_ai",
            scenario="nonai-analytics",
        )
    for _ in range(rng.randint(2, 4)):
        size = rng.choice([100, 500, 1000, 2000])
        vol = "vol-0" + w.ids.hex(16)
        w.managed(
            {h: size / 730.0 for h in range(w.hours)},
            product_code="AmazonEC2",
            product_name="Amazon Elastic Compute Cloud",
            usage_type="EBS:VolumeUsage.gp3",
            operation="CreateVolume-Gp3",
            resource=vol,
            rate=0.08,
            unit="GB-Mo",
            account=platform,
            region="us-east-1",
            description="$0.08 per GB-month of General Purpose (gp3) provisioned storage - "
            "US East (Northern Virginia)",
            true_class="non_ai",
            scenario="nonai-ebs",
        )
    for name in (
        "larkspur-datalake",
        "larkspur-logs",
        f"larkspur-model-artifacts-{w.ids.token(4)}",
    ):
        tb = rng.uniform(5, 400)
        days = range(int(w.hours / 24))
        w.managed(
            {d * 24: tb * 1024 / 30.4 for d in days},
            product_code="AmazonS3",
            product_name="Amazon Simple Storage Service",
            usage_type="TimedStorage-ByteHrs",
            operation="StandardStorage",
            resource=name,
            rate=0.023,
            unit="GB-Mo",
            account=data,
            region="us-east-1",
            description="$0.023 per GB - first 50 TB / month of storage used",
            true_class="non_ai",
            scenario="nonai-s3",
        )
        w.managed(
            {d * 24 + 1: float(rng.randint(10_000, 900_000)) for d in days},
            product_code="AmazonS3",
            product_name="Amazon Simple Storage Service",
            usage_type="Requests-Tier1",
            operation="PutObject",
            resource=name,
            rate=0.000005,
            unit="Requests",
            account=data,
            region="us-east-1",
            description="$0.005 per 1,000 PUT, COPY, POST, or LIST requests",
            true_class="non_ai",
            scenario="nonai-s3",
        )
    db = f"arn:aws:rds:us-east-1:{platform}:db:orders-prod"
    w.managed(
        {h: 1.0 for h in range(w.hours)},
        product_code="AmazonRDS",
        product_name="Amazon Relational Database Service",
        usage_type="InstanceUsage:db.r6g.xlarge",
        operation="CreateDBInstance:0016",
        resource=db,
        rate=0.519,
        unit="Hrs",
        account=platform,
        region="us-east-1",
        description="$0.519 per RDS db.r6g.xlarge instance hour (or partial hour) running "
        "Amazon Aurora PostgreSQL",
        true_class="non_ai",
        scenario="nonai-rds",
        instance_type="db.r6g.xlarge",
    )
    nat = f"arn:aws:ec2:us-east-1:{platform}:natgateway/nat-0{w.ids.hex(16)}"
    w.managed(
        {h: 1.0 for h in range(w.hours)},
        product_code="AmazonEC2",
        product_name="Amazon Elastic Compute Cloud",
        usage_type="NatGateway-Hours",
        operation="NatGateway",
        resource=nat,
        rate=0.045,
        unit="Hrs",
        account=platform,
        region="us-east-1",
        description="$0.045 per NAT Gateway Hour",
        true_class="non_ai",
        scenario="nonai-nat",
    )
    for month in range(3):
        start, end = w.window.months[month], w.window.months[month + 1]
        w.bill.line(
            start=start,
            end=end,
            account=PAYER,
            product_code="AWSSupportBusiness",
            product_name="AWS Support (Business)",
            usage_type="",
            operation="",
            resource="",
            amount=1.0,
            rate=0.0,
            cost=round(rng.uniform(4000, 15000), 2),
            unit="",
            region="",
            line_type="Fee",
            true_class="non_ai",
            scenario="nonai-support",
            description="AWS Support (Business)",
        )
        for code, name in (
            ("AmazonS3", "Amazon Simple Storage Service"),
            ("AmazonRDS", "Amazon Relational Database Service"),
        ):
            w.bill.line(
                start=start,
                end=end,
                account=data,
                product_code=code,
                product_name=name,
                usage_type="",
                operation="",
                resource="",
                amount=1.0,
                rate=0.0,
                cost=round(rng.uniform(20, 400), 2),
                unit="",
                region="",
                line_type="Tax",
                true_class="non_ai",
                scenario="nonai-tax",
                description=f"Tax for product code {code}",
                extra={"line_item_tax_type": "Sales Tax"},
            )
