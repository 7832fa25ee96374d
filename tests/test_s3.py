"""`finops-ai ingest s3://...`: real boto3 and our real code, with moto's S3 behind them.

The buckets are built from the real anonymised CUR in tests/data/real_bills, laid out the way AWS
delivers it (legacy CUR with several assemblies per period; CUR 2.0 data/metadata folders).
Every total is checked against an independent DuckDB sum over only the files that should count.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
import os
import socket
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import boto3
import duckdb
import pytest
from botocore.exceptions import ClientError, UnauthorizedSSOTokenError
from moto import mock_aws
from moto.core import enable_iam_authentication
from moto.server import ThreadedMotoServer

from finops_ai.errors import CredentialError
from finops_ai.ingest import s3 as s3_module
from tests.conftest import REPO, invoke, query, snapshot

BUCKET = "acme-billing"
REPORT = "acme-hourly"
CUR_PREFIX = f"cur/{REPORT}"
NOV, OCT = "20231101-20231201", "20231001-20231101"
# Assembly ids as AWS writes them; OLD and CURRENT are two deliveries of November.
OLD = "0d2b8a5e-3f4c-4e1a-9b7d-2c6e8f1a0b01"
CURRENT = "7f3e9c1d-8a2b-4c5d-9e6f-1a2b3c4d5e02"
RESTATED = "c4a1e2f3-5b6c-4d7e-8f9a-0b1c2d3e4f03"
OCTOBER = "a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c04"
EXPORT = "exports/acme-cur2"


@dataclass
class Bucket:
    """What was put in S3, with local copies of the raw files for independent sums."""

    client: object
    tmp: Path
    header: str = ""
    rows: list[str] = field(default_factory=list)
    raw: dict[str, list[Path]] = field(default_factory=dict)  # assembly id -> raw files


def raw_totals(paths: list[Path]) -> tuple[int, Decimal]:
    """Rows and sum of lineItem/UnblendedCost over raw CUR CSV files, read with plain DuckDB."""
    return duckdb.sql(
        'SELECT count(*), sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,12))) '
        "FROM read_csv($p, all_varchar=true)",
        params={"p": [str(p) for p in paths]},
    ).fetchall()[0]


def warehouse_totals(warehouse: Path, period: str | None = None) -> tuple[int, Decimal]:
    where = "WHERE strftime(BillingPeriodStart, '%Y-%m') = $period" if period else ""
    sql = f"SELECT count(*), sum(BilledCost) FROM line_items {where}"
    return query(warehouse, sql, {"period": period} if period else None)[0]


def manifest(header: str, period: str, assembly: str, keys: list[str], bucket: str) -> dict:
    """A legacy CUR manifest shaped like the real ice-cur-manifests/manifestTest.json."""
    start, end = period.split("-")
    columns = [
        {"category": h.split("/", 1)[0], "name": h.split("/", 1)[1]}
        for h in header.strip().split(",")
    ]
    return {
        "assemblyId": assembly,
        "account": "123456789012",
        "columns": columns,
        "charset": "UTF-8",
        "compression": "GZIP",
        "contentType": "text/csv",
        "reportId": "16040782d03abcdefgh144edc39a0c0011bb0760f3c9dc00432f4c450045c9c",
        "reportName": REPORT,
        "billingPeriod": {"start": f"{start}T000000.000Z", "end": f"{end}T000000.000Z"},
        "bucket": bucket,
        "reportKeys": keys,
        "additionalArtifactKeys": [],
    }


def put_json(client, key: str, doc: object, bucket: str = BUCKET) -> None:
    client.put_object(Bucket=bucket, Key=key, Body=json.dumps(doc, indent=2).encode())


def put_assembly(
    b: Bucket,
    period: str,
    assembly: str,
    parts: list[list[str]],
    *,
    current: bool = True,
    koku_style: bool = False,
) -> list[str]:
    """Upload one CUR assembly (its .csv.gz files and manifest); point the period at it."""
    keys = []
    for n, rows in enumerate(parts, 1):
        key = f"{CUR_PREFIX}/{period}/{assembly}/{REPORT}-{n}.csv.gz"
        local = b.tmp / "raw" / period / assembly / f"{REPORT}-{n}.csv.gz"
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(gzip.compress((b.header + "".join(rows)).encode(), mtime=0))
        b.client.put_object(Bucket=BUCKET, Key=key, Body=local.read_bytes())
        b.raw.setdefault(assembly, []).append(local)
        keys.append(key)
    # Koku's sample manifests have an empty bucket and keys with a leading slash.
    listed = ["/" + k for k in keys] if koku_style else keys
    doc = manifest(b.header, period, assembly, listed, "" if koku_style else BUCKET)
    put_json(b.client, f"{CUR_PREFIX}/{period}/{assembly}/{REPORT}-Manifest.json", doc)
    if current:
        put_json(b.client, f"{CUR_PREFIX}/{period}/{REPORT}-Manifest.json", doc)
    return keys


def build_legacy(client, real_bills: Path, tmp: Path) -> Bucket:
    """November delivered twice (OLD: a month-to-date partial; CURRENT: the whole month in two
    files), October once in koku's manifest style, plus AWS's side files."""
    text = real_bills / "focus-converters-aws-cur" / "sample-anonymous-aws-export-dataset.csv"
    header, *rows = text.read_text().splitlines(keepends=True)
    b = Bucket(client, tmp, header, rows)
    put_assembly(b, NOV, OLD, [rows[:600]], current=False)
    put_assembly(b, NOV, CURRENT, [rows[:700], rows[700:]])
    october = [r.replace("2023-11-", "2023-10-").replace("2023-12-01", "2023-11-01") for r in rows]
    put_assembly(b, OCT, OCTOBER, [october], koku_style=True)
    for period in (NOV, OCT):
        client.put_object(Bucket=BUCKET, Key=f"{CUR_PREFIX}/{period}/cost_and_usage_data_status")
        client.put_object(Bucket=BUCKET, Key=f"{CUR_PREFIX}/{period}/crawler-cfn.yml", Body=b"x")
    return b


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def s3(aws_env):
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def legacy(s3, real_bills, tmp_path) -> Bucket:
    return build_legacy(s3, real_bills, tmp_path)


def uri(key: str = "") -> str:
    return f"s3://{BUCKET}/{key}"


def ingest(runner, warehouse: Path, source: str, *args: str):
    return invoke(runner, warehouse, "ingest", source, *args)


# --- legacy CUR ----------------------------------------------------------------------------


def test_legacy_ingests_only_the_current_assembly(runner, warehouse, legacy):
    result = ingest(runner, warehouse, uri("cur/"))
    assert result.exit_code == 0, result.stderr

    current, old = raw_totals(legacy.raw[CURRENT]), raw_totals(legacy.raw[OLD])
    assert current[0] == 1281 and old[0] == 600 and current[1] > Decimal("1.6")
    assert warehouse_totals(warehouse, "2023-11") == current
    assert warehouse_totals(warehouse, "2023-10") == raw_totals(legacy.raw[OCTOBER])
    nov_files = query(
        warehouse,
        "SELECT DISTINCT x_SourceFile FROM line_items "
        "WHERE strftime(BillingPeriodStart, '%Y-%m') = '2023-11' ORDER BY 1",
    )
    assert [f for (f,) in nov_files] == [
        uri(f"{CUR_PREFIX}/{NOV}/{CURRENT}/{REPORT}-{n}.csv.gz") for n in (1, 2)
    ]
    versions = query(warehouse, "SELECT DISTINCT source_version FROM load_files ORDER BY 1")
    assert versions == [
        (uri(f"{CUR_PREFIX}/{OCT}@{OCTOBER}"),),
        (uri(f"{CUR_PREFIX}/{NOV}@{CURRENT}"),),
    ]
    assert (
        f"fetching {uri(f'{CUR_PREFIX}/{NOV}')}: billing period 2023-11, assembly {CURRENT}, "
        "2 file(s)"
    ) in result.stderr
    assert OLD not in result.stderr


def test_rerun_downloads_nothing_and_changes_nothing(runner, warehouse, legacy):
    assert ingest(runner, warehouse, uri("cur/")).exit_code == 0
    before = warehouse.read_bytes()
    # With the data files gone, any attempt to fetch them would fail the run.
    for path in legacy.raw[CURRENT] + legacy.raw[OCTOBER]:
        key = path.relative_to(legacy.tmp / "raw").as_posix()
        legacy.client.delete_object(Bucket=BUCKET, Key=f"{CUR_PREFIX}/{key}")

    again = ingest(runner, warehouse, uri("cur/"))
    assert again.exit_code == 0, again.stderr
    assert (
        f"skipped {uri(f'{CUR_PREFIX}/{NOV}')}: billing period 2023-11 already ingested at "
        f"assembly {CURRENT}"
    ) in again.stderr
    assert f"billing period 2023-10 already ingested at assembly {OCTOBER}" in again.stderr
    assert "fetching" not in again.stderr
    assert warehouse.read_bytes() == before


def test_newer_assembly_restates_its_period_only(runner, warehouse, legacy):
    assert ingest(runner, warehouse, uri("cur/")).exit_code == 0
    october_sql = (
        "SELECT x_LoadId, count(*), sum(BilledCost) FROM line_items "
        "WHERE strftime(BillingPeriodStart, '%Y-%m') = '2023-10' GROUP BY 1"
    )
    october_before = query(warehouse, october_sql)

    # AWS restates November: the tax lines are gone from the new delivery.
    kind = legacy.header.split(",").index("lineItem/LineItemType")
    restated = [r for r in legacy.rows if next(csv.reader([r]))[kind] != "Tax"]
    put_assembly(legacy, NOV, RESTATED, [restated])

    result = ingest(runner, warehouse, uri(f"{CUR_PREFIX}/"))
    assert result.exit_code == 0, result.stderr
    assert f"assembly {RESTATED}, 1 file(s)" in result.stderr
    assert "billing period 2023-10 already ingested" in result.stderr
    assert warehouse_totals(warehouse, "2023-11") == raw_totals(legacy.raw[RESTATED])
    assert raw_totals(legacy.raw[RESTATED])[0] == 1269
    assert query(warehouse, october_sql) == october_before


def test_a_manifest_uri_ingests_that_delivery(runner, warehouse, legacy):
    period_manifest = uri(f"{CUR_PREFIX}/{NOV}/{REPORT}-Manifest.json")
    result = ingest(runner, warehouse, period_manifest)
    assert result.exit_code == 0, result.stderr
    assert warehouse_totals(warehouse) == raw_totals(legacy.raw[CURRENT])

    # The same assembly named through its own copy of the manifest is the same delivery.
    copy = uri(f"{CUR_PREFIX}/{NOV}/{CURRENT}/{REPORT}-Manifest.json")
    again = ingest(runner, warehouse, copy)
    assert again.exit_code == 0, again.stderr
    assert f"already ingested at assembly {CURRENT}" in again.stderr


def test_athena_parquet_and_loose_files(runner, warehouse, s3, real_bills):
    parquet = real_bills / "aws-wa-labs-workshop-cur" / "Oct2018-WorkshopCUR-00001.snappy.parquet"
    key = f"athena/{REPORT}/{REPORT}/year=2018/month=10/{REPORT}-00001.snappy.parquet"
    s3.put_object(Bucket=BUCKET, Key=key, Body=parquet.read_bytes())
    s3.put_object(Bucket=BUCKET, Key=f"athena/{REPORT}/{REPORT}-create-table.sql", Body=b"--")
    loose = real_bills / "focus-sample-data" / "focus_sample.csv"
    s3.put_object(Bucket=BUCKET, Key="athena/focus/focus_sample.csv", Body=loose.read_bytes())

    result = ingest(runner, warehouse, uri("athena"))
    assert result.exit_code == 0, result.stderr
    raw = duckdb.sql(
        "SELECT count(*), sum(CAST(line_item_unblended_cost AS DECIMAL(38,12))) "
        "FROM read_parquet($p)",
        params={"p": str(parquet)},
    ).fetchall()[0]
    by_source = dict(
        (source, (rows, cost))
        for source, rows, cost in query(
            warehouse, "SELECT x_SourceFile, count(*), sum(BilledCost) FROM line_items GROUP BY 1"
        )
    )
    assert by_source[uri(key)] == raw
    assert by_source[uri("athena/focus/focus_sample.csv")][0] == 1000
    assert "billing period 2018-10" in result.stderr


# --- CUR 2.0 / Data Exports ----------------------------------------------------------------


def _snake(header: str) -> str:
    out: list[str] = []
    for ch in header.replace("/", "_"):
        if ch.isupper() and out and out[-1] != "_":
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def cur2_parquet(csv_path: Path, out: Path, where: str = "true") -> Path:
    """A CUR 2.0-shaped Parquet file from a legacy CSV: snake_case names, costs as DOUBLE,
    dates as TIMESTAMP, product attributes in the `product` map (as CUR 2.0 has them)."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    reader = f"read_csv('{csv_path}', all_varchar = true)"
    select = []
    described = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    for column, *_ in described:
        name, ref = _snake(column), f'"{column}"'
        if column.startswith("product/") and name not in ("product_servicecode", "product_sku"):
            continue
        if name.endswith(("_cost", "_amount", "_factor")):
            select.append(f"CAST({ref} AS DOUBLE) AS {name}")
        elif name.endswith("_date"):
            select.append(f"CAST(CAST({ref} AS TIMESTAMPTZ) AS TIMESTAMP) AS {name}")
        else:
            select.append(f"{ref} AS {name}")
    select.append(
        "MAP {'product_name': \"product/ProductName\", 'region': \"product/region\"} AS product"
    )
    select.append("CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) AS resource_tags")
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(
        f"COPY (SELECT {', '.join(select)} FROM {reader} WHERE {where}) TO '{out}' "
        "(FORMAT parquet, COMPRESSION snappy)"
    )
    return out


def parquet_totals(path: Path) -> tuple[int, Decimal]:
    return duckdb.sql(
        "SELECT count(*), sum(CAST(line_item_unblended_cost AS DECIMAL(38,12))) "
        "FROM read_parquet($p)",
        params={"p": str(path)},
    ).fetchall()[0]


@pytest.fixture
def cur2(s3, real_bills, tmp_path) -> dict[str, Path]:
    """Two CREATE_NEW_REPORT deliveries of 2023-11: an early partial one and the current one."""
    source = real_bills / "focus-converters-aws-cur" / "sample-anonymous-aws-export-dataset.csv"
    early = cur2_parquet(
        source, tmp_path / "early.parquet", "\"lineItem/UsageStartDate\" < '2023-11-08'"
    )
    full = cur2_parquet(source, tmp_path / "full.parquet")
    deliveries = {
        "20231107T031500Z-6b1f0c2e": early,
        "20231116T031500Z-9d4e7a1b": full,
    }
    # Uploaded newest first: the choice must come from the folder names, not the upload order.
    for stamp, path in reversed(deliveries.items()):
        key = f"{EXPORT}/data/BILLING_PERIOD=2023-11/{stamp}/acme-cur2-00001.snappy.parquet"
        s3.put_object(Bucket=BUCKET, Key=key, Body=path.read_bytes())
    return deliveries


@pytest.mark.parametrize("style", ["dataFiles", "reportKeys"])
def test_cur2_manifest_picks_its_execution(runner, warehouse, s3, cur2, style):
    stamp = "20231116T031500Z-9d4e7a1b"
    key = f"{EXPORT}/data/BILLING_PERIOD=2023-11/{stamp}/acme-cur2-00001.snappy.parquet"
    files = [uri(key)] if style == "dataFiles" else [key]
    doc = {
        "executionId": "9d4e7a1b",
        "billingPeriod": {"start": "2023-11-01T00:00:00.000Z", "end": "2023-12-01T00:00:00.000Z"},
        style: files,
    }
    put_json(s3, f"{EXPORT}/metadata/BILLING_PERIOD=2023-11/acme-cur2-Manifest.json", doc)

    result = ingest(runner, warehouse, uri("exports/"))
    assert result.exit_code == 0, result.stderr
    assert warehouse_totals(warehouse) == parquet_totals(cur2[stamp])
    assert query(warehouse, "SELECT DISTINCT format FROM load_files") == [("aws-cur2",)]
    again = ingest(runner, warehouse, uri("exports/"))
    assert "billing period 2023-11 already ingested at execution 9d4e7a1b" in again.stderr


def test_cur2_without_manifest_takes_the_newest_delivery(runner, warehouse, s3, cur2):
    result = ingest(runner, warehouse, uri(f"{EXPORT}/"))
    assert result.exit_code == 0, result.stderr
    assert warehouse_totals(warehouse) == parquet_totals(cur2["20231116T031500Z-9d4e7a1b"])
    assert "taking the newest, 20231116T031500Z-9d4e7a1b" in result.stderr
    assert parquet_totals(cur2["20231107T031500Z-6b1f0c2e"])[0] < 1281


# --- endpoint and profile ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_endpoint_url_reaches_a_moto_server(runner, warehouse, aws_env, real_bills, tmp_path):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        legacy = build_legacy(client, real_bills, tmp_path)
        result = ingest(runner, warehouse, f"s3://{BUCKET}", "--endpoint-url", endpoint)
        assert result.exit_code == 0, result.stderr
        assert warehouse_totals(warehouse, "2023-11") == raw_totals(legacy.raw[CURRENT])
    finally:
        server.stop()


def _iam_keys(actions: list[str]) -> tuple[str, str]:
    """A moto IAM user allowed only ``actions`` on S3; returns its access key."""
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="billing-reader")
    if actions:
        policy = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
        }
        iam.put_user_policy(
            UserName="billing-reader", PolicyName="cur", PolicyDocument=json.dumps(policy)
        )
    key = iam.create_access_key(UserName="billing-reader")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def _no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)


def test_profile_from_aws_config(runner, warehouse, legacy, monkeypatch):
    key_id, secret = _iam_keys(["s3:ListBucket", "s3:GetObject"])
    Path(os.environ["AWS_CONFIG_FILE"]).write_text("[profile billing]\nregion = us-east-1\n")
    Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"]).write_text(
        f"[billing]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"
    )
    _no_env_credentials(monkeypatch)
    # Moto now checks signatures and policies, so only the profile's keys can succeed.
    with enable_iam_authentication():
        assert ingest(runner, warehouse, uri("cur/")).exit_code == 1
        result = ingest(runner, warehouse, uri("cur/"), "--profile", "billing")
    assert result.exit_code == 0, result.stderr
    assert warehouse_totals(warehouse, "2023-11") == raw_totals(legacy.raw[CURRENT])


def _documented_policy() -> dict:
    """The IAM policy docs/scheduling.md gives for s3://acme-billing/cur/acme-hourly/."""
    text = (REPO / "docs" / "scheduling.md").read_text(encoding="utf-8")
    section = text.split("\n## AWS permissions\n", 1)[1].split("\n## ", 1)[0]
    return json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])


def test_the_documented_iam_policy_is_enough_to_ingest(runner, warehouse, legacy, monkeypatch):
    policy = _documented_policy()
    s3_statements = [st for st in policy["Statement"] if st["Action"].startswith("s3:")]
    assert {st["Action"] for st in s3_statements} == {"s3:ListBucket", "s3:GetObject"}
    prefix = f"{BUCKET}/{CUR_PREFIX}/*"
    assert {st["Resource"] for st in s3_statements} == {
        f"arn:aws:s3:::{BUCKET}",
        f"arn:aws:s3:::{prefix}",
    }
    # moto checks actions and resource ARNs but gives a request no s3:prefix condition key, so
    # the ListBucket statement's prefix condition is left to AWS.
    for st in s3_statements:
        st.pop("Condition", None)
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="billing-reader")
    iam.put_user_policy(
        UserName="billing-reader",
        PolicyName="documented",
        PolicyDocument=json.dumps({**policy, "Statement": s3_statements}),
    )
    key = iam.create_access_key(UserName="billing-reader")["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    with enable_iam_authentication():
        result = ingest(runner, warehouse, uri(f"{CUR_PREFIX}/"))
    assert result.exit_code == 0, result.stderr
    assert warehouse_totals(warehouse, "2023-11") == raw_totals(legacy.raw[CURRENT])


# --- bad input: one line, exit 1, warehouse untouched ---------------------------------------


def _missing_object(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    keys = put_assembly(legacy, NOV, RESTATED, [legacy.rows[:10], legacy.rows[10:20]])
    legacy.client.delete_object(Bucket=BUCKET, Key=keys[1])
    manifest_uri = uri(f"{CUR_PREFIX}/{NOV}/{REPORT}-Manifest.json")
    return [uri("cur/")], [manifest_uri, f"lists {uri(keys[1])}, which does not exist"]


def _invalid_manifest(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    key = f"{CUR_PREFIX}/{NOV}/{REPORT}-Manifest.json"
    legacy.client.put_object(Bucket=BUCKET, Key=key, Body=b'{"assemblyId": "x", "reportKeys": [')
    return [uri("cur/")], [uri(key), "manifest is not valid JSON"]


def _denied_get(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    key_id, secret = _iam_keys(["s3:ListBucket"])
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    # Manifests are read in key order, October's first.
    manifest_uri = uri(f"{CUR_PREFIX}/{OCT}/{REPORT}-Manifest.json")
    return [uri("cur/")], [f"{manifest_uri}: access denied", f"s3:GetObject on {manifest_uri}"]


def _denied_list(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    key_id, secret = _iam_keys([])
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    return [uri("cur/")], [f"{uri('cur/')}: access denied", f"s3:ListBucket on bucket {BUCKET}"]


def _no_credentials(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    _no_env_credentials(monkeypatch)
    return [uri("cur/")], [f"{uri('cur/')}: no AWS credentials found", "--profile"]


def _unknown_profile(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    return [uri("cur/"), "--profile", "nope"], [f"{uri('cur/')}: AWS profile 'nope' is not defined"]


def _no_such_bucket(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    return ["s3://acme-no-such-bucket/cur/"], [
        "s3://acme-no-such-bucket/cur/: bucket 'acme-no-such-bucket' does not exist"
    ]


def _unreachable(legacy: Bucket, monkeypatch) -> tuple[list[str], list[str]]:
    endpoint = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    return [uri("cur/"), "--endpoint-url", endpoint], [f"{uri('cur/')}: cannot reach {endpoint}"]


@pytest.mark.parametrize(
    "case",
    [
        _missing_object,
        _invalid_manifest,
        _denied_get,
        _denied_list,
        _no_credentials,
        _unknown_profile,
        _no_such_bucket,
        _unreachable,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_bad_input_fails_cleanly(runner, warehouse, legacy, monkeypatch, case):
    # Something is already in the warehouse, and must stay exactly as it is.
    assert ingest(runner, warehouse, uri(f"{CUR_PREFIX}/{OCT}/")).exit_code == 0
    before = snapshot(warehouse)

    args, expected = case(legacy, monkeypatch)
    iam = case in (_denied_get, _denied_list)
    with enable_iam_authentication() if iam else contextlib.nullcontext():
        result = ingest(runner, warehouse, *args)

    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.rstrip("\n").endswith(errors[0])
    for text in expected:
        assert text in errors[0]
    assert snapshot(warehouse) == before


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            ClientError({"Error": {"Code": "ExpiredToken", "Message": "expired"}}, "GetObject"),
            "s3://b/k: AWS credentials expired. Run `aws sso login --profile billing`",
        ),
        (
            ClientError({"Error": {"Code": "ExpiredTokenException"}}, "ListObjectsV2"),
            "s3://b/k: AWS credentials expired",
        ),
        (UnauthorizedSSOTokenError(), "s3://b/k: the AWS SSO session has expired"),
        (
            ClientError({"Error": {"Code": "InvalidAccessKeyId"}}, "ListObjectsV2"),
            "s3://b/k: AWS rejected the credentials (InvalidAccessKeyId)",
        ),
    ],
    ids=["expired-token", "expired-token-exception", "sso-expired", "unknown-key"],
)
def test_credential_errors_say_what_to_do(exc, expected):
    # Moto cannot make credentials expire, so the translation of AWS's own exceptions is
    # checked directly, without faking any of our code.
    error = s3_module._translate(exc, "s3://b/k", "s3:GetObject", "billing", None)
    assert isinstance(error, CredentialError)
    assert str(error).startswith(expected)
