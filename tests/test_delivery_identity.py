"""Restatement by delivery: the manifest beside a bill says which delivery it is part of.

The parts of one delivery (a legacy CUR assembly's reportKeys, a CUR 2.0 execution's dataFiles,
an Azure export run's blobs) add up, however many commands they arrive in; a newer delivery of
the month replaces the older one whole (FORMATS.md §1.2, §2.1, §4).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE_BILLS, invoke, query
from tests.test_restatement import FOCUS, MARCH_V1, MARCH_V2, PAYER, ok, raw_totals, totals

# The real legacy CUR manifest with two reportKeys (ice-cur-manifests/manifestTest.json): its
# assembly, report and billing period 2017-08.
REPORT = "hourly-cost-and-usage"
PERIOD = "20170801-20170901"
AUGUST_V1 = MARCH_V1.replace("2024-04", "2017-09").replace("2024-03", "2017-08")
AUGUST_V2 = MARCH_V2.replace("2024-04", "2017-09").replace("2024-03", "2017-08")
NEWER = "0a1b2c3d-1111-4222-8333-944455556666"


def halves(text: str) -> tuple[str, str]:
    header, *rows = text.splitlines(keepends=True)
    return header + "".join(rows[:6]), header + "".join(rows[6:])


def put_gz(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode()))
    return path


def put_assembly(root: Path, manifest: dict, assembly: str, parts: list[str]) -> list[Path]:
    """One CUR assembly as AWS writes it with "create new report versions": the parts in the
    assembly's folder, its manifest there and over the period's manifest."""
    period = root / REPORT / PERIOD
    keys = [
        f"hourly/{REPORT}/{PERIOD}/{assembly}/{REPORT}-0{n + 1}.csv.gz" for n in range(len(parts))
    ]
    doc = {**manifest, "assemblyId": assembly, "reportKeys": keys}
    files = [put_gz(period / assembly / Path(k).name, t) for k, t in zip(keys, parts, strict=True)]
    for folder in (period, period / assembly):
        (folder / f"{REPORT}-Manifest.json").write_text(json.dumps(doc))
    return files


@pytest.fixture
def manifest(real_bills: Path) -> dict:
    doc = json.loads((real_bills / "ice-cur-manifests" / "manifestTest.json").read_text())
    assert len(doc["reportKeys"]) == 2 and doc["billingPeriod"]["start"].startswith("201708")
    return doc


def test_parts_of_one_assembly_add_up_across_commands(runner, warehouse, tmp_path, manifest):
    assembly = manifest["assemblyId"]
    first, second = put_assembly(tmp_path / "cur", manifest, assembly, list(halves(AUGUST_V1)))
    ok(invoke(runner, warehouse, "ingest", str(first)))
    assert totals(warehouse) == raw_totals(halves(AUGUST_V1)[0])
    ok(invoke(runner, warehouse, "ingest", str(second)))
    assert totals(warehouse) == raw_totals(AUGUST_V1)
    assert query(warehouse, "SELECT DISTINCT delivery_id FROM load_files") == [
        (f"assembly {assembly}",)
    ]
    assert query(warehouse, "SELECT row_count, billed_cost, delivery_id FROM bill_partitions") == [
        (*raw_totals(AUGUST_V1), f"assembly {assembly}")
    ]


def test_newer_assembly_replaces_the_older_whole(runner, warehouse, tmp_path, manifest):
    root = tmp_path / "cur"
    older = put_assembly(root, manifest, manifest["assemblyId"], list(halves(AUGUST_V1)))
    ok(invoke(runner, warehouse, "ingest", str(older[0].parent)))
    assert totals(warehouse) == raw_totals(AUGUST_V1)

    # AWS restates August, again in two parts, picked up one at a time as they arrive.
    newer = put_assembly(root, manifest, NEWER, list(halves(AUGUST_V2)))
    first = invoke(runner, warehouse, "ingest", str(newer[0]))
    ok(first)
    assert totals(warehouse) == raw_totals(halves(AUGUST_V2)[0])
    (line,) = [s for s in first.stderr.splitlines() if s.startswith("replaced")]
    was, now = raw_totals(AUGUST_V1), raw_totals(halves(AUGUST_V2)[0])
    assert line.startswith(f"replaced AWS account {PAYER} 2017-08: was {was[0]} rows, ")
    assert f"{was[1]:,.2f}" in line and f"now {now[0]} rows, {now[1]:,.2f}" in line
    assert f"(assembly {manifest['assemblyId']})" in line and f"(assembly {NEWER})" in line
    assert all(str(p) in line for p in [*older, newer[0]])
    ok(invoke(runner, warehouse, "ingest", str(newer[1])))
    assert totals(warehouse) == raw_totals(AUGUST_V2)
    assert query(warehouse, "SELECT DISTINCT x_SourceFile FROM line_items ORDER BY 1") == [
        (str(p),) for p in newer
    ]
    assert query(warehouse, "SELECT delivery_id FROM bill_partitions") == [(f"assembly {NEWER}",)]


def test_same_assembly_part_twice_changes_nothing(runner, warehouse, tmp_path, manifest):
    (first,) = put_assembly(tmp_path / "cur", manifest, manifest["assemblyId"], [AUGUST_V1])
    ok(invoke(runner, warehouse, "ingest", str(first)))
    before = warehouse.read_bytes()
    again = invoke(runner, warehouse, "ingest", str(first.parent.parent))
    ok(again)
    assert "already ingested" in again.stderr
    assert warehouse.read_bytes() == before


def azure_run(root: Path, run_id: str, parts: list[str]) -> list[Path]:
    """One Azure Cost Management FOCUS export run: part files and manifest.json in the run's
    folder, in Microsoft's documented manifest shape (runInfo.runId, blobs[].blobName)."""
    folder = root / "focus-export" / "20240301-20240331" / run_id
    folder.mkdir(parents=True)
    names = [f"part_0_000{n + 1}.csv" for n in range(len(parts))]
    for name, text in zip(names, parts, strict=True):
        (folder / name).write_text(text)
    doc = {
        "manifestVersion": "2024-04-01",
        "exportConfig": {"exportName": "focus-export", "type": "FocusCost"},
        "deliveryConfig": {"partitionData": True, "dataOverwriteBehavior": "CreateNewReport"},
        "runInfo": {"runId": run_id, "startDate": "2024-03-01T00:00:00", "endDate": "2024-03-31"},
        "blobs": [
            {"blobName": f"costs/focus-export/20240301-20240331/{run_id}/{n}"} for n in names
        ],
    }
    (folder / "manifest.json").write_text(json.dumps(doc))
    return [folder / n for n in names]


FOCUS_HEADER, *FOCUS_ROWS = FOCUS.splitlines(keepends=True)
FOCUS_A = FOCUS_HEADER + FOCUS_ROWS[0]
FOCUS_B = FOCUS_HEADER + FOCUS_ROWS[1]
FOCUS_RESTATED = FOCUS_HEADER + FOCUS_ROWS[0].replace("12.34,10.00", "13.00,11.00")


def test_azure_export_run_parts_add_up_and_a_newer_run_replaces(runner, warehouse, tmp_path):
    a, b = azure_run(tmp_path / "azure", "run-1", [FOCUS_A, FOCUS_B])
    ok(invoke(runner, warehouse, "ingest", str(a)))
    ok(invoke(runner, warehouse, "ingest", str(b)))
    assert totals(warehouse) == raw_totals(FOCUS)
    assert query(warehouse, "SELECT DISTINCT delivery_id FROM load_files") == [("run run-1",)]

    (newer,) = azure_run(tmp_path / "azure", "run-2", [FOCUS_RESTATED])
    ok(invoke(runner, warehouse, "ingest", str(newer)))
    assert totals(warehouse) == raw_totals(FOCUS_RESTATED)


def test_cur2_execution_parts_add_up_across_commands(runner, warehouse, tmp_path):
    """CUR 2.0 with CREATE_NEW_REPORT: the execution's parts under data/, its manifest (with
    executionId and dataFiles) under metadata/, as the bundled sample bills have it."""
    sample = SAMPLE_BILLS / "aws" / "cur2" / "acme-cur2"
    source = sample / "data" / "BILLING_PERIOD=2026-10" / "acme-cur2-00001.snappy.parquet"
    doc = json.loads(
        (sample / "metadata" / "BILLING_PERIOD=2026-10" / "acme-cur2-Manifest.json").read_text()
    )
    export = tmp_path / "acme-cur2"
    folder = export / "data" / "BILLING_PERIOD=2026-10" / f"20261105T031500Z-{doc['executionId']}"
    folder.mkdir(parents=True)
    parts = []
    for n, where in enumerate(["<", ">="], 1):
        part = folder / f"acme-cur2-0000{n}.snappy.parquet"
        duckdb.execute(
            f"COPY (FROM read_parquet($src) WHERE line_item_usage_start_date {where} "
            "TIMESTAMP '2026-10-15') TO '" + str(part) + "' (FORMAT parquet)",
            {"src": str(source)},
        )
        parts.append(part)
    bucket = f"s3://{doc['bucket']}/aws/cur2/acme-cur2/data/BILLING_PERIOD=2026-10/{folder.name}"
    doc["dataFiles"] = [f"{bucket}/{p.name}" for p in parts]
    metadata = export / "metadata" / "BILLING_PERIOD=2026-10"
    metadata.mkdir(parents=True)
    (metadata / "acme-cur2-Manifest.json").write_text(json.dumps(doc))

    whole = warehouse.with_name("whole.duckdb")
    ok(invoke(runner, whole, "ingest", str(source)))
    for part in parts:
        ok(invoke(runner, warehouse, "ingest", str(part)))
    assert totals(warehouse) == totals(whole)
    assert totals(warehouse)[0] > 10_000
    assert query(warehouse, "SELECT DISTINCT delivery_id FROM load_files") == [
        (f"execution {doc['executionId']}",)
    ]


def test_a_delivery_folder_picked_up_again_reads_only_its_new_part(
    runner, warehouse, tmp_path, manifest
):
    """Cron over an assembly's folder while AWS is still writing it: the part already in stays
    as it is, only the new one is read."""
    first, second = put_assembly(
        tmp_path / "cur", manifest, manifest["assemblyId"], list(halves(AUGUST_V1))
    )
    second.rename(tmp_path / "not-yet")
    ok(invoke(runner, warehouse, "ingest", str(first.parent)))
    (tmp_path / "not-yet").rename(second)
    result = invoke(runner, warehouse, "ingest", str(first.parent))
    ok(result)
    assert f"reading {first}" not in result.stderr and f"reading {second}" in result.stderr
    assert f"added to AWS account {PAYER} 2017-08" in result.stderr
    assert totals(warehouse) == raw_totals(AUGUST_V1)


def test_a_broken_manifest_is_a_one_line_error(runner, warehouse, tmp_path, manifest):
    (first,) = put_assembly(tmp_path / "cur", manifest, manifest["assemblyId"], [AUGUST_V1])
    broken = first.parent / f"{REPORT}-Manifest.json"
    broken.write_text('{"assemblyId": "cut off')
    result = invoke(runner, warehouse, "ingest", str(first))
    assert result.exit_code == 1
    (error,) = [s for s in result.stderr.splitlines() if s.startswith("Error:")]
    assert error.startswith(f"Error: {broken}: manifest is not valid JSON")
    assert not warehouse.exists()
