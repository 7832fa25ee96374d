"""sample_bills/ is exactly what scripts/make_sample_bills.py generates, and keeps its promises.

The regeneration test compares *parsed* contents (DuckDB reading both copies), not bytes: gzip
and Parquet writers may legitimately change bytes between library versions.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_bills"
TRUTH = REPO / "tests" / "data" / "sample_ground_truth.csv"
SCRIPT = REPO / "scripts" / "make_sample_bills.py"
MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10"]


OWNED = ("aws", "azure", "openai", "anthropic")  # make_sample_bills.OUTPUT_DIRS


def committed_files() -> list[str]:
    return sorted(
        p.relative_to(SAMPLE).as_posix()
        for folder in OWNED
        for p in (SAMPLE / folder).rglob("*")
        if p.is_file()
    )


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_bills", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("sample_bills")
    truth = tmp_path_factory.mktemp("truth") / "sample_ground_truth.csv"
    generator = load_generator()
    assert generator.OUTPUT_DIRS == OWNED
    generator.main(out, truth)
    return out, truth


def scan(path: Path) -> str:
    """SQL that reads a bill file the way an ingester would (CSV as text, Parquet typed)."""
    p = str(path).replace("'", "''")
    if path.name.endswith(".parquet"):
        return f"SELECT * FROM read_parquet('{p}', hive_partitioning = false)"
    return f"SELECT * FROM read_csv('{p}', header = true, all_varchar = true)"


def columns_of(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], list[str]]:
    rel = con.sql(scan(path) + " LIMIT 0")
    return rel.columns, [str(t) for t in rel.types]


# --------------------------------------------------------------------------------------------
# regeneration


@pytest.mark.slow
def test_regeneration_writes_the_same_files(regenerated: tuple[Path, Path]) -> None:
    out, _ = regenerated
    fresh = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert fresh == committed_files()


@pytest.mark.slow
@pytest.mark.parametrize("name", committed_files())
def test_regenerated_contents_match_committed(regenerated: tuple[Path, Path], name: str) -> None:
    out, _ = regenerated
    if name.endswith((".json", ".json.gz")):
        opener = gzip.open if name.endswith(".gz") else open
        with (
            opener(out / name, "rt", encoding="utf-8") as fresh,
            opener(SAMPLE / name, "rt", encoding="utf-8") as committed,
        ):
            assert json.load(fresh) == json.load(committed)
        return
    con = duckdb.connect()
    assert columns_of(con, out / name) == columns_of(con, SAMPLE / name)
    con.execute(f"CREATE TABLE fresh AS {scan(out / name)}")
    con.execute(f"CREATE TABLE committed AS {scan(SAMPLE / name)}")
    counts = con.sql("""
        SELECT (SELECT count(*) FROM fresh), (SELECT count(*) FROM committed),
               (SELECT count(*) FROM (FROM fresh EXCEPT ALL FROM committed)),
               (SELECT count(*) FROM (FROM committed EXCEPT ALL FROM fresh))
    """).fetchall()[0]
    assert counts[0] == counts[1] > 0
    assert counts[2:] == (0, 0), f"{counts[2]} regenerated rows differ from the committed file"


@pytest.mark.slow
def test_regenerated_ground_truth_matches_committed(regenerated: tuple[Path, Path]) -> None:
    _, truth = regenerated
    fresh = list(csv.reader(truth.open(newline="", encoding="utf-8")))
    assert fresh == list(csv.reader(TRUTH.open(newline="", encoding="utf-8")))


# --------------------------------------------------------------------------------------------
# the generator's promises, checked on the committed files


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    s = str(SAMPLE).replace("'", "''")
    c.execute(f"""
        CREATE TABLE cur AS
        SELECT * FROM read_csv('{s}/aws/cur/*/*/*.csv.gz', header = true, all_varchar = true,
                               union_by_name = true, filename = true)
    """)
    c.execute(f"""
        CREATE TABLE cur2 AS
        SELECT * FROM read_parquet('{s}/aws/cur2/*/data/*/*.parquet', hive_partitioning = false,
                                   filename = true)
    """)
    c.execute(f"""
        CREATE TABLE focus AS
        SELECT * FROM read_csv('{s}/azure/focus/*.csv.gz', header = true, all_varchar = true,
                               filename = true)
    """)
    c.execute(f"""
        CREATE TABLE truth AS
        SELECT * FROM read_csv('{str(TRUTH)}', header = true, all_varchar = true)
    """)
    # one row per line item, both AWS formats, with the amortised cost (Well-Architected recipe)
    c.execute("""
        CREATE TABLE aws AS
        SELECT filename, "identity/LineItemId" AS line_item_id,
               "bill/BillingPeriodStartDate"[:7] AS billing_month,
               "lineItem/UsageStartDate"[:7] AS usage_month,
               "lineItem/LineItemType" AS line_type,
               coalesce("lineItem/ResourceId", '') AS resource_id,
               coalesce("lineItem/UsageType", '') AS usage_type,
               "lineItem/UsageAmount"::DOUBLE AS amount,
               "lineItem/UnblendedRate"::DOUBLE AS rate,
               "lineItem/UnblendedCost"::DOUBLE AS cost,
               CASE "lineItem/LineItemType"
                 WHEN 'SavingsPlanCoveredUsage' THEN "savingsPlan/SavingsPlanEffectiveCost"::DOUBLE
                 WHEN 'SavingsPlanNegation' THEN 0
                 WHEN 'SavingsPlanRecurringFee'
                   THEN "savingsPlan/TotalCommitmentToDate"::DOUBLE
                        - "savingsPlan/UsedCommitment"::DOUBLE
                 WHEN 'DiscountedUsage' THEN "reservation/EffectiveCost"::DOUBLE
                 WHEN 'RIFee'
                   THEN "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"::DOUBLE
                        + "reservation/UnusedRecurringFee"::DOUBLE
                 ELSE "lineItem/UnblendedCost"::DOUBLE END AS amortised
        FROM cur
        UNION ALL
        SELECT filename, identity_line_item_id, strftime(bill_billing_period_start_date, '%Y-%m'),
               strftime(line_item_usage_start_date, '%Y-%m'), line_item_line_item_type,
               coalesce(line_item_resource_id, ''), coalesce(line_item_usage_type, ''),
               line_item_usage_amount, line_item_unblended_rate::DOUBLE, line_item_unblended_cost,
               CASE line_item_line_item_type
                 WHEN 'SavingsPlanCoveredUsage' THEN savings_plan_savings_plan_effective_cost
                 WHEN 'SavingsPlanNegation' THEN 0
                 WHEN 'SavingsPlanRecurringFee'
                   THEN savings_plan_total_commitment_to_date - savings_plan_used_commitment
                 WHEN 'DiscountedUsage' THEN reservation_effective_cost
                 WHEN 'RIFee'
                   THEN reservation_unused_amortized_upfront_fee_for_billing_period
                        + reservation_unused_recurring_fee
                 ELSE line_item_unblended_cost END
        FROM cur2
    """)
    c.execute("""
        CREATE TABLE billed AS
        SELECT 'AWS' AS provider,
               CASE WHEN resource_id <> '' THEN 'resource_id'
                    WHEN usage_type <> '' THEN 'usage_type' ELSE 'line_item_type' END AS key_kind,
               CASE WHEN resource_id <> '' THEN resource_id
                    WHEN usage_type <> '' THEN usage_type ELSE line_type END AS key,
               billing_month AS month, cost, amortised
        FROM aws
        UNION ALL
        SELECT 'Microsoft',
               CASE WHEN coalesce(ResourceId, '') <> '' THEN 'resource_id' ELSE 'usage_type' END,
               coalesce(nullif(ResourceId, ''), x_SkuMeterName),
               BillingPeriodStart[:7], BilledCost::DOUBLE, EffectiveCost::DOUBLE
        FROM focus
    """)
    return c


def test_ground_truth_is_well_formed(con: duckdb.DuckDBPyConnection) -> None:
    assert con.sql("SELECT count(*) FROM truth WHERE key IS NULL").fetchall() == [(0,)]
    dupes = con.sql("""
        SELECT provider, key_kind, key FROM truth GROUP BY ALL HAVING count(*) > 1
    """).fetchall()
    assert dupes == []
    values = dict(
        con.sql("""
        SELECT 'class', list(DISTINCT true_class ORDER BY true_class) FROM truth
        UNION ALL SELECT 'kind', list(DISTINCT key_kind ORDER BY key_kind) FROM truth
        UNION ALL SELECT 'gran', list(DISTINCT granularity ORDER BY granularity) FROM truth
    """).fetchall()
    )
    assert values["class"] == ["ai_other", "inference", "non_ai", "training"]
    assert set(values["kind"]) <= {
        "resource_id",
        "usage_type",
        "line_item_type",
        "ChargeDescription",
    }
    assert set(values["gran"]) <= {"hourly", "daily", "monthly"}


def test_every_billed_thing_is_in_the_ground_truth(con: duckdb.DuckDBPyConnection) -> None:
    missing = con.sql("""
        SELECT DISTINCT provider, key_kind, key FROM billed
        EXCEPT SELECT provider, key_kind, key FROM truth
    """).fetchall()
    assert missing == []


def test_every_ground_truth_row_is_billed(con: duckdb.DuckDBPyConnection) -> None:
    """In particular every AI resource in the ground truth appears in the bills."""
    unbilled = con.sql("""
        SELECT provider, key_kind, key, true_class FROM truth
        WHERE key_kind <> 'ChargeDescription'  -- AI provider rows: see the test below
        EXCEPT SELECT DISTINCT b.provider, b.key_kind, b.key, t.true_class
        FROM billed b JOIN truth t USING (provider, key_kind, key)
    """).fetchall()
    assert unbilled == []


def test_each_file_holds_one_nonzero_month(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""
        SELECT regexp_extract(filename, '(cur|cur2|focus)/') AS source, month,
               count(*) AS n, sum(cost) AS billed
        FROM (SELECT filename, billing_month AS month, cost FROM aws
              UNION ALL
              SELECT filename, BillingPeriodStart[:7], BilledCost::DOUBLE FROM focus)
        GROUP BY ALL ORDER BY ALL
    """).fetchall()
    by_source: dict[str, list[str]] = {}
    for source, month, n, billed in rows:
        assert n > 500 and billed > 1000, (source, month, n, billed)
        by_source.setdefault(source, []).append(month)
    assert by_source == {"cur/": MONTHS[:2], "cur2/": MONTHS[2:], "focus/": MONTHS}
    # usage never leaks into another billing period
    leaks = con.sql("SELECT count(*) FROM aws WHERE usage_month <> billing_month").fetchall()
    assert leaks == [(0,)]


def cost_by_class(con: duckdb.DuckDBPyConnection, true_class: str) -> list[float]:
    rows = con.sql(f"""
        SELECT month, sum(cost) FROM billed JOIN truth USING (provider, key_kind, key)
        WHERE true_class = '{true_class}' GROUP BY month ORDER BY month
    """).fetchall()
    assert [m for m, _ in rows] == MONTHS
    return [c for _, c in rows]


def test_inference_grows_15_to_25_percent_a_month(con: duckdb.DuckDBPyConnection) -> None:
    costs = cost_by_class(con, "inference")
    for before, after in zip(costs, costs[1:], strict=False):
        assert 0.15 <= after / before - 1 <= 0.25, costs


def test_training_is_bursty(con: duckdb.DuckDBPyConnection) -> None:
    costs = cost_by_class(con, "training")
    assert max(costs) > 20 * min(costs), costs
    assert sum(c > 50_000 for c in costs) == 2, costs


def test_costs_are_rate_times_amount(con: duckdb.DuckDBPyConnection) -> None:
    bad = con.sql("""
        SELECT line_type, usage_type, amount, rate, cost FROM aws
        WHERE line_type IN ('Usage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation',
                            'DiscountedUsage', 'RIFee', 'SavingsPlanRecurringFee')
          AND abs(cost - rate * amount) > 1e-6
        LIMIT 5
    """).fetchall()
    assert bad == []
    bad = con.sql("""
        SELECT ResourceId, x_SkuMeterName FROM focus
        WHERE ChargeCategory = 'Usage'
          AND abs(ListCost::DOUBLE - ListUnitPrice::DOUBLE * PricingQuantity::DOUBLE) > 1e-6
        LIMIT 5
    """).fetchall()
    assert bad == []


def test_billed_and_amortised_costs_differ(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""
        SELECT billing_month, sum(cost), sum(amortised) FROM aws GROUP BY 1 ORDER BY 1
    """).fetchall()
    assert len(rows) == 4
    for month, billed, amortised in rows:
        assert amortised - billed > 100, (month, billed, amortised)
    # the Savings Plan covered and negation rows cancel out in the billed view
    sp = con.sql("""
        SELECT billing_month, sum(cost) FROM aws
        WHERE line_type IN ('SavingsPlanCoveredUsage', 'SavingsPlanNegation') GROUP BY 1
    """).fetchall()
    assert all(abs(total) < 1e-6 for _, total in sp)


def test_line_item_ids_are_unique(con: duckdb.DuckDBPyConnection) -> None:
    counts = con.sql("SELECT count(*), count(DISTINCT line_item_id) FROM aws").fetchall()
    assert counts[0][0] == counts[0][1] > 40_000


def test_serving_fleet_instances_are_replaced_daily(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""
        SELECT t.scenario, count(DISTINCT a.resource_id), max(h) FROM (
            SELECT resource_id, count(*) AS h FROM aws WHERE line_type = 'Usage' GROUP BY 1
        ) a JOIN truth t ON t.provider = 'AWS' AND t.key = a.resource_id
        WHERE t.scenario IN ('ec2-gpu-serving-asg', 'ec2-gpu-serving-fleet-untagged')
        GROUP BY 1 ORDER BY 1
    """).fetchall()
    assert len(rows) == 2
    for scenario, instances, longest in rows:
        assert instances > 100 and longest <= 26, (scenario, instances, longest)


def test_legacy_cur_schema_drifts_between_months() -> None:
    headers = {}
    for month, period in (("2026-07", "20260701-20260801"), ("2026-08", "20260801-20260901")):
        manifest = SAMPLE / f"aws/cur/acme-hourly/{period}/acme-hourly-Manifest.json"
        headers[month] = [
            f"{c['category']}/{c['name']}" for c in json.loads(manifest.read_text())["columns"]
        ]
    jul, aug = headers["2026-07"], headers["2026-08"]
    assert "product/databaseEngine" in jul and "product/databaseEngine" not in aug
    assert "resourceTags/user:cost-center" in aug and "resourceTags/user:cost-center" not in jul
    asg, team = "resourceTags/aws:autoscaling:groupName", "resourceTags/user:team"
    assert jul.index(asg) < jul.index(team) and aug.index(asg) > aug.index(team)


def test_manifests_list_their_data_files_and_columns(con: duckdb.DuckDBPyConnection) -> None:
    for manifest in sorted(SAMPLE.glob("aws/**/*-Manifest.json")):
        m = json.loads(manifest.read_text())
        keys = m.get("reportKeys") or [
            k.removeprefix(f"s3://{m['bucket']}/") for k in m["dataFiles"]
        ]
        assert len(keys) == 1, manifest
        data = SAMPLE / keys[0]
        assert data.is_file(), (manifest, keys)
        cols, _ = columns_of(con, data)
        listed = [
            f"{c['category']}/{c['name']}" if "category" in c else c["name"] for c in m["columns"]
        ]
        assert listed == cols, manifest


def test_gzip_files_carry_no_timestamp() -> None:
    for path in sorted(p for folder in OWNED for p in (SAMPLE / folder).rglob("*.gz")):
        header = path.read_bytes()[:10]
        assert header[:2] == b"\x1f\x8b" and header[4:8] == b"\x00\x00\x00\x00", path


def test_ai_provider_ground_truth_matches_what_ingest_reads(tmp_path: Path) -> None:
    """OpenAI/Anthropic truth is keyed by ChargeDescription, as the warehouse shows it."""
    from click.testing import CliRunner

    from finops_ai.cli import cli

    warehouse = tmp_path / "w.duckdb"
    result = CliRunner().invoke(
        cli,
        [
            "--warehouse",
            str(warehouse),
            "-q",
            "ingest",
            str(SAMPLE / "openai"),
            str(SAMPLE / "anthropic"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    billed = {
        row
        for row in con.execute(
            "SELECT DISTINCT ProviderName, ChargeDescription FROM line_items WHERE BilledCost <> 0"
        ).fetchall()
    }
    con.close()
    truth = {
        (row["provider"], row["key"])
        for row in csv.DictReader(TRUTH.open(newline="", encoding="utf-8"))
        if row["key_kind"] == "ChargeDescription"
    }
    assert truth and billed == truth
