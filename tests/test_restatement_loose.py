"""Loose files (no manifest, so no delivery identity): never replaced or added up by guess.

A loose file that would replace rows another file brought to its (provider, account, month) is
refused with one line naming that file, its rows and cost, and the two ways on: --replace (a
restatement) or --append (another part). The same file again changes nothing; files given in
one command add up; a folder or S3 prefix picked up again as new files arrive (what cron does)
adds them, since the files already there are still there.
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import boto3
import duckdb
import pytest
from moto import mock_aws

from tests.conftest import SAMPLE_BILLS, invoke, query, snapshot
from tests.test_restatement import FOCUS, ok, totals

AI = "focus-spec-ai-examples"
FIRST, SECOND = "multi_model_usage.csv", "per_token_ai_model_api.csv"


def raw(*paths: Path) -> tuple[int, Decimal]:
    """Rows and billed total of FOCUS CSVs, read with the csv module."""
    rows = [r for p in paths for r in csv.DictReader(io.StringIO(p.read_text()))]
    return len(rows), sum(Decimal(r["BilledCost"]) for r in rows)


@pytest.fixture
def examples(real_bills: Path) -> tuple[Path, Path]:
    first, second = (real_bills / AI / name for name in (FIRST, SECOND))
    # Both bill the same account and month: the second file meets the first one's rows.
    months = {
        (r["BillingAccountId"], r["BillingPeriodStart"])
        for p in (first, second)
        for r in csv.DictReader(io.StringIO(p.read_text()))
    }
    assert months == {("acct-1001", "2025-05-01T00:00:00Z")}
    return first, second


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_a_loose_file_that_would_replace_another_is_refused(runner, warehouse, examples):
    first, second = examples
    ok(invoke(runner, warehouse, "ingest", str(first)))
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "ingest", str(second))
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = errors(result)
    rows, cost = raw(first)
    assert line.startswith(f"Error: {second}: ")
    for text in (
        str(first),
        f"{rows} rows",
        f"{cost:,.2f} USD",
        "acct-1001",
        "2025-05",
        "--replace",
        "--append",
    ):
        assert text in line, text
    assert snapshot(warehouse) == before
    assert totals(warehouse) == raw(first)


def test_append_keeps_both(runner, warehouse, examples):
    first, second = examples
    ok(invoke(runner, warehouse, "ingest", str(first)))
    result = invoke(runner, warehouse, "ingest", str(second), "--append")
    ok(result)
    assert totals(warehouse) == raw(first, second)
    assert query(warehouse, "SELECT row_count, billed_cost FROM bill_partitions") == [
        raw(first, second)
    ]
    # What it did, before and after, with the files.
    (line,) = [s for s in result.stderr.splitlines() if s.startswith("added to")]
    assert f"was {raw(first)[0]} rows, {raw(first)[1]:,.2f} USD from {first}" in line
    assert f"now {raw(first, second)[0]} rows, {raw(first, second)[1]:,.2f} USD" in line
    assert str(second) in line
    # Re-running it is safe.
    before = snapshot(warehouse)
    ok(invoke(runner, warehouse, "ingest", str(second), "--append"))
    ok(invoke(runner, warehouse, "ingest", str(first)))
    assert snapshot(warehouse) == before


def test_replace_keeps_only_the_second(runner, warehouse, examples):
    first, second = examples
    ok(invoke(runner, warehouse, "ingest", str(first)))
    result = invoke(runner, warehouse, "ingest", str(second), "--replace")
    ok(result)
    assert totals(warehouse) == raw(second)
    assert query(warehouse, "SELECT DISTINCT x_SourceFile FROM line_items") == [(str(second),)]
    (line,) = [s for s in result.stderr.splitlines() if s.startswith("replaced")]
    assert f"was {raw(first)[0]} rows, {raw(first)[1]:,.2f} USD from {first}" in line
    assert f"now {raw(second)[0]} rows, {raw(second)[1]:,.2f} USD from {second}" in line


def test_the_same_file_twice_stays_the_same(runner, warehouse, examples, tmp_path):
    first, _ = examples
    ok(invoke(runner, warehouse, "ingest", str(first)))
    before = snapshot(warehouse)
    again = invoke(runner, warehouse, "ingest", str(first))
    ok(again)
    assert "already ingested" in again.stderr
    # ... and under another name: still the same bytes.
    copy = shutil.copy(first, tmp_path / "copy.csv")
    ok(invoke(runner, warehouse, "ingest", str(copy)))
    assert snapshot(warehouse) == before
    assert totals(warehouse) == raw(first)


def test_files_in_one_command_add_up(runner, warehouse, examples):
    ok(invoke(runner, warehouse, "ingest", *map(str, examples)))
    assert totals(warehouse) == raw(*examples)


def test_replace_and_append_together_are_refused(runner, warehouse, examples):
    result = invoke(runner, warehouse, "ingest", str(examples[0]), "--replace", "--append")
    assert result.exit_code == 2
    assert "--replace and --append contradict each other" in result.stderr
    assert not warehouse.exists()


def test_a_new_version_of_the_same_file_replaces_its_rows_only(runner, warehouse, tmp_path):
    """An export rewritten in place (same path, new content) replaces its own earlier rows;
    with --append the month's other files stay."""
    header, one, two = FOCUS.splitlines(keepends=True)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(header + one)
    b.write_text(header + two)
    ok(invoke(runner, warehouse, "ingest", str(a)))
    ok(invoke(runner, warehouse, "ingest", str(b), "--append"))
    a.write_text(header + one.replace("12.34,10.00", "20.00,18.00"))
    # On its own, it still meets b's rows: is it the whole month now, or a's new version?
    assert invoke(runner, warehouse, "ingest", str(a)).exit_code == 1
    result = invoke(runner, warehouse, "ingest", str(a), "--append")
    ok(result)
    assert totals(warehouse) == raw(a, b)
    assert "replaced Acme Cloud account acct-9 2024-03" in result.stderr


def test_a_cur2_file_without_manifest_does_not_replace_a_delivered_month(
    runner, warehouse, tmp_path
):
    """The issue's case: a CUR 2.0 file given on its own used to replace the demo's October."""
    cur2 = SAMPLE_BILLS / "aws" / "cur2"
    ok(invoke(runner, warehouse, "ingest", str(cur2)))
    october = (
        cur2 / "acme-cur2" / "data" / "BILLING_PERIOD=2026-10" / "acme-cur2-00001.snappy.parquet"
    )
    loose = tmp_path / "cur2-october.parquet"
    duckdb.execute(
        f"COPY (FROM read_parquet($src) WHERE line_item_line_item_type <> 'Tax') TO '{loose}' "
        "(FORMAT parquet)",
        {"src": str(october)},
    )
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "ingest", str(loose))
    assert result.exit_code == 1
    (line,) = errors(result)
    assert str(october) in line and "execution 0b4abce8" in line and "2026-10" in line
    assert snapshot(warehouse) == before


# --- what cron does: the same folder or prefix again, with new files in it ---------------------

MONTH = FOCUS.replace("2024-04", "2026-11").replace("2024-03", "2026-10")
HEADER, ROW_1, ROW_2 = MONTH.splitlines(keepends=True)


def test_a_watched_folder_adds_files_as_they_arrive(runner, warehouse, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "part-1.csv").write_text(HEADER + ROW_1)
    ok(invoke(runner, warehouse, "ingest", str(folder)))
    (folder / "part-2.csv").write_text(HEADER + ROW_2)
    ok(invoke(runner, warehouse, "ingest", str(folder)))
    assert totals(warehouse) == raw(folder / "part-1.csv", folder / "part-2.csv")
    # A part rewritten in place restates that part.
    (folder / "part-1.csv").write_text(HEADER + ROW_1.replace("12.34,10.00", "20.00,18.00"))
    ok(invoke(runner, warehouse, "ingest", str(folder)))
    assert totals(warehouse) == raw(folder / "part-1.csv", folder / "part-2.csv")


def test_a_watched_s3_prefix_adds_objects_as_they_arrive(runner, warehouse, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="exports")
        s3.put_object(Bucket="exports", Key="focus/part-1.csv", Body=HEADER + ROW_1)
        ok(invoke(runner, warehouse, "ingest", "s3://exports/focus/"))
        s3.put_object(Bucket="exports", Key="focus/part-2.csv", Body=HEADER + ROW_2)
        second = invoke(runner, warehouse, "ingest", "s3://exports/focus/")
        ok(second)
        assert "skipped s3://exports/focus/part-1.csv" in second.stderr
        assert "added to Acme Cloud account acct-9 2026-10" in second.stderr
        assert totals(warehouse)[1] == Decimal("12.34") - 2
        # The first object gone and a restated one in its place: nothing says which, so refused.
        s3.delete_object(Bucket="exports", Key="focus/part-1.csv")
        restated = HEADER + ROW_1.replace("12.34,10.00", "20.00,18.00")
        s3.put_object(Bucket="exports", Key="focus/part-3.csv", Body=restated)
        before = snapshot(warehouse)
        third = invoke(runner, warehouse, "ingest", "s3://exports/focus/")
        assert third.exit_code == 1 and "s3://exports/focus/part-1.csv" in errors(third)[0]
        assert snapshot(warehouse) == before


def test_the_summary_gives_this_loads_classes_with_currency(runner, warehouse, examples):
    first, second = examples
    other = first.parent.parent / "focus-sample-data" / "focus_sample.csv"
    ok(invoke(runner, warehouse, "ingest", str(other), str(first)))
    result = invoke(runner, warehouse, "ingest", str(second), "--append")
    ok(result)
    rows = list(csv.DictReader(io.StringIO(second.read_text())))
    effective = sum(Decimal(r["EffectiveCost"]) for r in rows)
    lines = result.stderr.splitlines()
    # Only what this load added: the first load's classes are not in it.
    classes = lines[lines.index("  this load's line items by class (effective cost):") + 1 :]
    assert [c.split() for c in classes] == [
        ["inference", f"{effective:,.2f}", "USD", str(len(rows)), "line", "items"]
    ]
    assert f"  billed cost: {raw(second)[1]:,.2f} USD" in lines
    assert "load 2: 1 file(s), 2 rows, 1 billing period(s) (1 added to)" in result.stderr
