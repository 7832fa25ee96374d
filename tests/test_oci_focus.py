"""OCI FOCUS reports: several files a day, each a slice of the month, that add up.

OCI writes its FOCUS cost reports to ``FOCUS Reports/YYYY/MM/DD/<sequence>-<part>.csv.gz``: each
file holds the charges that one report run added, never a restatement of the month. Whether a
cron job ingests each day's folder, or the whole folder as it grows, or all of it at once, the
warehouse holds the sum of the files, and a file read again is not counted twice. The files
here are the Oracle rows of the public FOCUS sample, split by the day of their charge.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import invoke, query, snapshot
from tests.test_restatement import ok, totals

SAMPLE = Path("focus-sample-data") / "focus_sample.csv"


def oracle_rows(real_bills: Path) -> tuple[list[str], list[dict[str, str]]]:
    with (real_bills / SAMPLE).open(newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if r["ProviderName"] == "Oracle"]
        assert reader.fieldnames is not None
        return list(reader.fieldnames), rows


def write_reports(root: Path, real_bills: Path) -> list[Path]:
    """The Oracle rows as OCI lays them out: one folder a day, one numbered part per row of a
    day with several (so some day has two parts). Returns the files, oldest day first."""
    header, rows = oracle_rows(real_bills)
    by_day: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_day[row["ChargePeriodStart"][:10]].append(row)
    assert len(by_day) >= 4 and max(len(r) for r in by_day.values()) >= 2
    files = []
    for number, (day, day_rows) in enumerate(sorted(by_day.items()), 1):
        folder = root / "FOCUS Reports" / day[:4] / day[5:7] / day[8:10]
        folder.mkdir(parents=True)
        for part, row in enumerate(day_rows, 1):
            text = io.StringIO()
            writer = csv.DictWriter(text, header, quoting=csv.QUOTE_ALL)
            writer.writeheader()
            writer.writerow(row)
            path = folder / f"{1000000000123456 + number:016d}-{part:05d}.csv.gz"
            path.write_bytes(gzip.compress(text.getvalue().encode()))
            files.append(path)
    return files


def raw(files: list[Path]) -> tuple[int, Decimal]:
    """Rows and billed total of the files, read with gzip and csv."""
    rows = [
        r
        for p in files
        for r in csv.DictReader(io.StringIO(gzip.decompress(p.read_bytes()).decode()))
    ]
    return len(rows), sum((Decimal(r["BilledCost"]) for r in rows), Decimal(0))


@pytest.fixture
def reports(tmp_path: Path, real_bills: Path) -> list[Path]:
    return write_reports(tmp_path / "bucket", real_bills)


def day_folders(files: list[Path]) -> list[Path]:
    return list(dict.fromkeys(p.parent for p in files))


def test_each_days_folder_ingested_on_its_own_run_adds_up(runner, warehouse, reports):
    for number, folder in enumerate(day_folders(reports), 1):
        ok(invoke(runner, warehouse, "ingest", str(folder)))
        so_far = [p for p in reports if p.parent in day_folders(reports)[:number]]
        assert totals(warehouse) == raw(so_far)
    assert totals(warehouse) == raw(reports)


def test_each_file_ingested_on_its_own_run_adds_up(runner, warehouse, reports):
    for path in reports:
        ok(invoke(runner, warehouse, "ingest", str(path)))
    assert totals(warehouse) == raw(reports)
    assert query(warehouse, "SELECT count(*) FROM load_files") == [(len(reports),)]


def test_the_reports_folder_ingested_every_day_as_it_grows_adds_up(
    runner, warehouse, reports, tmp_path
):
    growing = tmp_path / "mirror"
    bucket = reports[0].parents[4]
    for number, folder in enumerate(day_folders(reports), 1):
        target = growing / folder.relative_to(bucket)
        shutil.copytree(folder, target)
        result = invoke(runner, warehouse, "ingest", str(growing))
        ok(result)
        if number > 1:
            assert "already ingested" in result.stderr  # the earlier days: not read again
        present = sorted((growing / "FOCUS Reports").rglob("*.csv.gz"))
        assert totals(warehouse) == raw(present)
    assert totals(warehouse) == raw(reports)


def test_every_day_in_one_run_adds_up(runner, warehouse, reports):
    ok(invoke(runner, warehouse, "ingest", str(reports[0].parents[4])))
    assert totals(warehouse) == raw(reports)
    ok(invoke(runner, warehouse, "ingest", *map(str, reports)))  # again: nothing changes
    assert totals(warehouse) == raw(reports)


def test_one_file_again_is_not_counted_twice(runner, warehouse, reports, tmp_path):
    ok(invoke(runner, warehouse, "ingest", str(reports[0].parents[4])))
    before = totals(warehouse)
    again = invoke(runner, warehouse, "ingest", str(reports[2]))
    ok(again)
    assert "already ingested" in again.stderr
    assert totals(warehouse) == before == raw(reports)
    # The same bytes under another name, downloaded elsewhere: the same file.
    copy = tmp_path / "downloads" / reports[2].name
    copy.parent.mkdir()
    shutil.copy(reports[2], copy)
    ok(invoke(runner, warehouse, "ingest", str(copy)))
    assert totals(warehouse) == before


def test_a_loose_file_meeting_the_reports_month_is_still_refused(
    runner, warehouse, reports, tmp_path
):
    """The reports add up with each other only: a file outside their layout with rows of the same
    month may restate it or add to it, which nothing says, so it is refused as before."""
    ok(invoke(runner, warehouse, "ingest", str(reports[0].parents[4])))
    loose = tmp_path / "downloads" / "oracle-september.csv.gz"
    loose.parent.mkdir()
    text = gzip.decompress(reports[0].read_bytes()).decode().replace('"0.01200000000"', '"5.00"')
    loose.write_bytes(gzip.compress(text.encode()))
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "ingest", str(loose))
    assert result.exit_code == 1
    assert "--replace" in result.stderr and "--append" in result.stderr
    assert snapshot(warehouse) == before


def test_a_bill_of_another_provider_in_the_oci_layout_is_refused(
    runner, warehouse, tmp_path, real_bills
):
    """The layout alone does not make a file an OCI report: files of another provider there
    would add up where they may restate, so they are refused rather than guessed at."""
    with (real_bills / SAMPLE).open(newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if r["ProviderName"] == "Microsoft"][:3]
        header = reader.fieldnames
    folder = tmp_path / "FOCUS Reports" / "2024" / "09" / "01"
    folder.mkdir(parents=True)
    text = io.StringIO()
    writer = csv.DictWriter(text, header or [], quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    path = folder / "0001000000123456-00001.csv.gz"
    path.write_bytes(gzip.compress(text.getvalue().encode()))
    result = invoke(runner, warehouse, "ingest", str(path))
    assert result.exit_code == 1
    assert "OCI" in result.stderr and "Microsoft" in result.stderr
    assert not warehouse.exists() or totals(warehouse)[0] == 0


def test_reports_in_a_bucket_picked_up_day_by_day_add_up(runner, warehouse, reports, monkeypatch):
    """OCI's Object Storage speaks S3: the bucket's prefix ingested each day as files arrive."""
    import boto3
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = reports[0].parents[4]
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bling")
        for number, folder in enumerate(day_folders(reports), 1):
            for path in sorted(folder.iterdir()):
                key = str(path.relative_to(bucket))
                s3.put_object(Bucket="bling", Key=key, Body=path.read_bytes())
            ok(invoke(runner, warehouse, "ingest", "s3://bling/FOCUS Reports/"))
            so_far = [p for p in reports if p.parent in day_folders(reports)[:number]]
            assert totals(warehouse) == raw(so_far)
        again = invoke(runner, warehouse, "ingest", "s3://bling/FOCUS Reports/")
        ok(again)
        assert totals(warehouse) == raw(reports)
