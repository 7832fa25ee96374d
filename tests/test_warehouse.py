"""The warehouse as analysts and cron see it: readable by older DuckDB, never blocked by an open
analyst session, atomic when a write dies, shipped complete in a wheel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from finops_ai.errors import WarehouseError
from finops_ai.warehouse import db, migrate
from tests.conftest import REPO, SAMPLE_BILLS, invoke, query, snapshot
from tests.helpers.schema import undo_migration_010, undo_migration_011, undo_migration_012

OLD_DUCKDB_CLI = Path(sys.executable).parent / "duckdb"


@pytest.fixture
def two_bills(real_bills: Path) -> tuple[Path, Path]:
    return (
        real_bills / "focus-sample-data" / "focus_sample.csv",
        real_bills / "focus-converters-aws-cur" / "sample-anonymous-aws-export-dataset.csv",
    )


def test_duckdb_14_cli_opens_the_warehouse(runner, warehouse, two_bills):
    assert invoke(runner, warehouse, "ingest", str(two_bills[0])).exit_code == 0
    version = subprocess.run([OLD_DUCKDB_CLI, "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("v1.4"), version.stdout
    out = subprocess.run(
        [
            OLD_DUCKDB_CLI,
            "-readonly",
            "-csv",
            str(warehouse),
            "-c",
            "SELECT count(*), sum(BilledCost) FROM line_items",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    expected = query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items")[0]
    count, billed = out.stdout.strip().splitlines()[-1].split(",")
    assert int(count) == expected[0] == 1000
    assert float(billed) == pytest.approx(float(expected[1]))


def test_storage_version_is_configurable(runner, tmp_path, two_bills):
    old, new = tmp_path / "old.duckdb", tmp_path / "new.duckdb"
    assert invoke(runner, old, "ingest", str(two_bills[0])).exit_code == 0
    result = runner.invoke(
        __import__("finops_ai.cli", fromlist=["cli"]).cli,
        ["--warehouse", str(new), "--storage-version", "v1.5.0", "ingest", str(two_bills[0])],
    )
    assert result.exit_code == 0, result.stderr

    def tag(path: Path) -> str:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return con.execute(
                "SELECT tags['storage_version'] FROM duckdb_databases() "
                "WHERE database_name = current_database()"
            ).fetchall()[0][0]
        finally:
            con.close()

    assert tag(old).startswith("v1.4.0")
    assert tag(new).startswith("v1.5.0")


READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM line_items").fetchall()[0][0], flush=True)
    sys.stdin.readline()            # hold the file open while the test ingests
    print(con.execute("SELECT count(*) FROM line_items").fetchall()[0][0], flush=True)
    """
)


def test_ingest_never_waits_for_an_open_analyst_session(runner, warehouse, two_bills):
    assert invoke(runner, warehouse, "ingest", str(two_bills[0])).exit_code == 0
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1000"
        started = time.monotonic()
        result = invoke(runner, warehouse, "ingest", str(two_bills[1]))
        assert result.exit_code == 0, result.stderr
        assert time.monotonic() - started < 30
        # The analyst's open session keeps working, on the data as of when it was opened...
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1000"
    finally:
        reader.kill()
        reader.wait()
    # ...and a new session sees the refreshed warehouse.
    assert query(warehouse, "SELECT count(*) FROM line_items")[0][0] == 1000 + 1281


def test_killed_ingest_leaves_the_warehouse_as_it_was(runner, warehouse, two_bills, tmp_path):
    assert invoke(runner, warehouse, "ingest", str(two_bills[0])).exit_code == 0
    before = snapshot(warehouse)
    big = tmp_path / "big.csv"
    with open(two_bills[1]) as src, open(big, "w") as dst:
        header, *rows = src.readlines()
        dst.write(header)
        for _ in range(300):  # ~380k rows: long enough to be killed mid-way
            dst.writelines(rows)
    proc = subprocess.Popen(
        [sys.executable, "-m", "finops_ai", "--warehouse", str(warehouse), "ingest", str(big)],
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline()
    assert "reading" in line, line
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(warehouse) == before
    # The next write cleans up after the dead one and succeeds.
    assert invoke(runner, warehouse, "ingest", str(two_bills[1])).exit_code == 0
    assert not [p for p in warehouse.parent.iterdir() if ".tmp-write" in p.name]


def test_schema_is_versioned_and_upgraded_on_next_write(tmp_path, two_bills, runner):
    path = tmp_path / "old-schema.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL)"
    )
    version, name, sql = migrate.migrations()[0]
    con.execute(sql)
    con.execute("INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)", [version, name])
    con.close()
    assert invoke(runner, path, "ingest", str(two_bills[0])).exit_code == 0
    versions = [v for (v,) in query(path, "SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == [v for v, _, _ in migrate.migrations()]
    assert query(path, "SELECT count(*) FROM line_items")[0][0] == 1000


# Two releases left schema 6 warehouses: the first without gpu_candidates, a later one with it
# (it had been added to migration 006 itself).
@pytest.mark.parametrize("had_candidates", [False, True], ids=["006-first", "006-edited"])
def test_a_schema_6_warehouse_upgrades_and_classifies_as_a_new_one(
    tmp_path, runner, had_candidates
):
    fresh, old = tmp_path / "fresh.duckdb", tmp_path / "old.duckdb"
    for path in (fresh, old):
        assert invoke(runner, path, "ingest", str(SAMPLE_BILLS / "aws")).exit_code == 0
    # As those releases left it, with the fingerprint names they used.
    con = duckdb.connect(str(old))
    if not had_candidates:
        con.execute("DROP TABLE gpu_candidates")
    undo_migration_012(con)
    undo_migration_011(con)
    undo_migration_010(con)
    con.execute("DELETE FROM schema_migrations WHERE version >= 7")
    con.execute("ALTER TABLE gpu_fleet_profile DROP COLUMN confidence_reason")  # from 008
    con.execute("ALTER TABLE classification_rules DROP COLUMN rule_text")  # from 009
    con.execute("DELETE FROM classifier_inputs")
    con.execute("INSERT INTO classifier_inputs VALUES ('static', 'old'), ('profiles', 'old')")
    con.close()
    result = invoke(runner, old, "classify")
    assert result.exit_code == 0, result.output
    versions = [v for (v,) in query(old, "SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == [v for v, _, _ in migrate.migrations()]
    candidates = "SELECT * FROM gpu_candidates ORDER BY x_ClassKey"
    assert query(old, candidates) == query(fresh, candidates) != []
    classes = "SELECT * FROM line_item_classes ORDER BY x_ClassKey"
    assert query(old, classes) == query(fresh, classes)
    assert query(old, "SELECT name FROM classifier_inputs ORDER BY 1") == [
        ("cells",),
        ("cells_built",),
        ("keys",),
        ("rules",),
        ("tokens",),
    ]


def test_a_newer_schema_is_refused_with_advice(tmp_path, two_bills, runner):
    path = tmp_path / "future.duckdb"
    assert invoke(runner, path, "ingest", str(two_bills[0])).exit_code == 0
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future', now()::TIMESTAMP)")
    con.close()
    result = invoke(runner, path, "sql", "SELECT 1")
    assert result.exit_code == 1
    assert "Upgrade finops-ai" in result.stderr


def test_sql_is_read_only_and_explains_so(runner, warehouse, two_bills):
    assert invoke(runner, warehouse, "ingest", str(two_bills[0])).exit_code == 0
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "sql", "DELETE FROM line_item_data")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and "read-only" in result.stderr
    assert snapshot(warehouse) == before


def test_sql_table_shows_a_money_column_with_one_number_of_decimals(runner, warehouse, two_bills):
    assert invoke(runner, warehouse, "ingest", str(two_bills[0])).exit_code == 0
    sql = "SELECT round(c, 2) AS cost FROM (VALUES (600), (708.75), (-1310.4)) AS t(c) ORDER BY c"
    lines = invoke(runner, warehouse, "sql", sql).stdout.splitlines()
    assert [line.strip() for line in lines[2:5]] == ["-1,310.40", "600.00", "708.75"]


def test_missing_warehouse_gives_advice(runner, warehouse):
    result = invoke(runner, warehouse, "sql", "SELECT 1")
    assert result.exit_code == 1
    assert "no warehouse here" in result.stderr and "finops-ai demo" in result.stderr
    assert not warehouse.exists()


def test_writer_refuses_when_someone_left_a_wal(warehouse, runner, two_bills):
    assert invoke(runner, warehouse, "ingest", str(two_bills[0])).exit_code == 0
    wal = warehouse.with_name(warehouse.name + ".wal")
    wal.write_bytes(b"x")
    with pytest.raises(WarehouseError, match="write-ahead log"), db.write(warehouse):
        pass


@pytest.mark.slow
def test_wheel_ships_queries_templates_and_sample_bills(tmp_path):
    dist, target = tmp_path / "dist", tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        check=True,
    )
    wheel = next(dist.glob("finops_ai-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import finops_ai; print(finops_ai.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    demo = subprocess.run(
        [sys.executable, "-m", "finops_ai", "--warehouse", str(tmp_path / "w.duckdb"), "demo"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert demo.returncode == 0, demo.stderr
    assert "Spend by billing month" in demo.stdout
