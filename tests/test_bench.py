"""The ingest benchmarks still run and still measure a real ingest: they are how the speed
targets are checked, so a change that breaks them should fail here, not in the next session."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO

ROWS = 3000


def run_bench(script: str, *args: str, tmp: Path | None = None) -> str:
    env = {**os.environ, "TMPDIR": str(tmp)} if tmp else None
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), "--rows", str(ROWS), "--repeat", "1", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_ingest_bench_compares_a_real_ingest_with_plain_duckdb(tmp_path: Path) -> None:
    out = run_bench("ingest.py", "--keep", str(tmp_path))
    assert re.search(r"plain DuckDB CTAS : +[\d.]+ s", out), out
    assert re.search(r"ratio \(finops-ai / plain\): [\d.]+x", out), out
    # Both loads hold every generated row: the ratio compares like with like.
    for name, table in (("finops.duckdb", "line_items"), ("plain.duckdb", "t")):
        con = duckdb.connect(str(tmp_path / name), read_only=True)
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(ROWS,)]
        con.close()


@pytest.mark.slow
def test_ingest_parts_bench_times_every_layer(tmp_path: Path) -> None:
    out = run_bench("ingest_parts.py", tmp=tmp_path)
    layers = re.findall(r"^(.+?) *: +([\d.]+) s  ratio ([\d.]+)x", out, re.M)
    assert [name for name, *_ in layers] == [
        "plain, defaults",
        "plain",
        "focus",
        "tags",
        "tokens",
        "class key",
        "finops-ai ingest",
    ], out
    assert layers[0][2] == "1.00"
    # Without --keep the generated file, the warehouse and its lock file are all removed.
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_classify_bench_compares_each_case_with_the_scan_cold_and_warm(tmp_path: Path) -> None:
    out = run_bench("classify.py", tmp=tmp_path)
    cases = re.findall(r"^(.+?) *: +[\d.]+ s  ratio +[\d.]+x +[\d.]+ s  ratio +[\d.]+x", out, re.M)
    assert cases == [
        "re-classify after a rule change",
        "re-classify, nothing changed",
        "after an upgrade of the rules' SQL",
        "classify from scratch (full=True)",
    ], out
    assert re.search(r"^plain GROUP BY ServiceName scan +: +[\d.]+ s +[\d.]+ s$", out, re.M), out
    end_to_end = re.findall(
        r"^(finops-ai classify.*?) *: +[\d.]+ s  ratio +[\d.]+x  \(end", out, re.M
    )
    assert end_to_end == ["finops-ai classify --rules FILE", "finops-ai classify, nothing changed"]
    assert not list(tmp_path.iterdir())
