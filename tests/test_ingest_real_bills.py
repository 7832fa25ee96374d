"""Every public real bill in tests/data/real_bills/ goes in through the CLI, and what comes out
agrees with sums computed straight from the raw file with DuckDB (FORMATS.md §1.5 for amortisation).

Also: CUR 2.0 (Parquet with map columns, and CSV.gz with JSON text maps) and a .csv.zip built
from the legacy CUR CSV, and a hand-made Savings Plans / RI CUR whose amortised cost is worked
out in Python with Decimal.
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tests.conftest import REAL_BILLS, invoke, query

DATA = Path(__file__).resolve().parent / "data"
SP_BILL = DATA / "cur" / "savings_plans_2024-03.csv"

CUR_CSV = "focus-converters-aws-cur/sample-anonymous-aws-export-dataset.csv"
WA_PARQUET = [
    f"aws-wa-labs-workshop-cur/{month}2018-WorkshopCUR-00001.snappy.parquet"
    for month in ("Oct", "Nov", "Dec")
]
FOCUS_SAMPLE = "focus-sample-data/focus_sample.csv"
AI_EXAMPLES = [
    f"focus-spec-ai-examples/{name}.csv"
    for name in (
        "cached_tokens_via_csp_marketplace",
        "csp_served_third_party_model",
        "drawdown_via_prepayment_ai_model_api",
        "multi_model_usage",
        "per_token_ai_model_api",
    )
]
ALL_BILLS = [CUR_CSV, *WA_PARQUET, FOCUS_SAMPLE, *AI_EXAMPLES]

EXPECTED_FORMAT = {
    CUR_CSV: "aws-cur",
    **dict.fromkeys(WA_PARQUET, "aws-cur"),
    FOCUS_SAMPLE: "focus-1.0",
    # The FOCUS 1.3 working draft: ServiceProviderName/HostProviderName instead of ProviderName.
    **dict.fromkeys(AI_EXAMPLES, "focus-1.3"),
}

DEC = "DECIMAL(38, 12)"


def _csv_num(column: str) -> str:
    """A raw CSV text column as a decimal; '', 'NULL' and missing count as 0."""
    return f"coalesce(CAST(NULLIF(NULLIF(trim(\"{column}\"), 'NULL'), '') AS {DEC}), 0)"


def _csv_text(column: str) -> str:
    return f"NULLIF(NULLIF(trim(\"{column}\"), 'NULL'), '')"


def _parquet_num(column: str) -> str:
    return f"coalesce(CAST({column} AS {DEC}), 0)"


def raw_con(warehouse: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A plain DuckDB session for reading raw files (and, read-only, the warehouse beside them)."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    if warehouse is not None:
        con.execute("ATTACH ? AS wh (READ_ONLY)", [str(warehouse)])
    return con


def csv_reader(path: Path | str) -> str:
    return f"read_csv('{path}', header = true, all_varchar = true)"


# ---------------------------------------------------------------------------------------------
# Ingest every real CUR and FOCUS bill once, in one command, as a user would.


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    warehouse = tmp_path_factory.mktemp("real") / "finops.duckdb"
    args = [str(REAL_BILLS / name) for name in ALL_BILLS]
    result = invoke(CliRunner(), warehouse, "ingest", *args)
    assert result.exit_code == 0, result.stderr
    return warehouse, result


def test_every_real_bill_ingests_with_its_format(real):
    warehouse, result = real
    assert result.stdout == ""
    files = dict(query(warehouse, "SELECT source, format FROM load_files"))
    assert files == {str(REAL_BILLS / name): fmt for name, fmt in EXPECTED_FORMAT.items()}
    stamped = query(
        warehouse, "SELECT DISTINCT x_SourceFile, x_SourceFormat FROM line_items ORDER BY ALL"
    )
    assert dict(stamped) == files
    assert query(warehouse, "SELECT count(*) FROM line_items WHERE BilledCost IS NULL") == [(0,)]


def test_bookkeeping_records_every_file_and_partition(real):
    warehouse, _ = real
    con = raw_con()
    for name in ALL_BILLS:
        path = REAL_BILLS / name
        if name.endswith(".parquet"):
            sql = f"SELECT count(*), sum(CAST(line_item_unblended_cost AS {DEC})) FROM '{path}'"
        elif name == CUR_CSV:
            sql = f"SELECT count(*), sum({_csv_num('lineItem/UnblendedCost')}) FROM "
            sql += csv_reader(path)
        else:
            sql = f"SELECT count(*), sum({_csv_num('BilledCost')}) FROM {csv_reader(path)}"
        raw = con.execute(sql).fetchall()[0]
        recorded = query(
            warehouse,
            "SELECT row_count, billed_cost FROM load_files WHERE source = $s",
            {"s": str(path)},
        )
        assert recorded == [raw], name
    total = query(warehouse, "SELECT count(*), sum(BilledCost) FROM line_items")[0]
    assert query(warehouse, "SELECT sum(row_count), sum(billed_cost) FROM bill_partitions") == [
        total
    ]
    assert query(warehouse, "SELECT count(*), sum(row_count) FROM loads") == [(1, total[0])]
    # Every partition is owned by the one load, with its own rows counted.
    per_partition = query(
        warehouse,
        "SELECT ProviderName, coalesce(BillingAccountId, ''), BillingPeriodStart, count(*), "
        "sum(BilledCost) FROM line_items GROUP BY ALL ORDER BY ALL",
    )
    recorded = query(
        warehouse,
        "SELECT ProviderName, BillingAccountId, BillingPeriodStart, row_count, billed_cost "
        "FROM bill_partitions ORDER BY ALL",
    )
    assert recorded == per_partition


def test_cur_csv_totals_per_period_and_tax(real):
    warehouse, _ = real
    path = REAL_BILLS / CUR_CSV
    con = raw_con(warehouse)
    types = {
        r[0]
        for r in con.execute(
            f'SELECT DISTINCT "lineItem/LineItemType" FROM {csv_reader(path)}'
        ).fetchall()
    }
    assert types == {"Usage", "Tax"}  # so the amortised cost is the unblended cost on every row
    raw = con.execute(
        f"""SELECT CAST(CAST("bill/BillingPeriodStartDate" AS TIMESTAMPTZ) AS TIMESTAMP),
                   count(*), sum({_csv_num("lineItem/UnblendedCost")}),
                   count(*) FILTER (WHERE "lineItem/LineItemType" = 'Tax'),
                   sum({_csv_num("lineItem/UnblendedCost")})
                       FILTER (WHERE "lineItem/LineItemType" = 'Tax')
            FROM {csv_reader(path)} GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    got = con.execute(
        """SELECT BillingPeriodStart, count(*), sum(BilledCost),
                  count(*) FILTER (WHERE ChargeCategory = 'Tax'),
                  sum(BilledCost) FILTER (WHERE ChargeCategory = 'Tax')
           FROM wh.line_items WHERE x_SourceFile = $f GROUP BY 1 ORDER BY 1""",
        {"f": str(path)},
    ).fetchall()
    assert got == raw
    assert raw[0][3] == 12  # PROVENANCE.md: 12 Canada Tax rows
    effective = con.execute(
        "SELECT sum(EffectiveCost) FROM wh.line_items WHERE x_SourceFile = $f", {"f": str(path)}
    ).fetchall()[0][0]
    assert effective == sum(r[2] for r in raw)


def _wa_recipe(path: Path) -> str:
    """Amortised cost per FORMATS.md §1.5 for the Athena Parquet CUR (no Savings Plans in it)."""
    return f"""
        SELECT bill_billing_period_start_date AS period, line_item_line_item_type AS kind,
               count(*) AS n,
               sum({_parquet_num("line_item_unblended_cost")}) AS billed,
               sum(CASE line_item_line_item_type
                   WHEN 'DiscountedUsage' THEN {_parquet_num("reservation_effective_cost")}
                   WHEN 'RIFee' THEN
                       {_parquet_num("reservation_unused_amortized_upfront_fee_for_billing_period")}
                       + {_parquet_num("reservation_unused_recurring_fee")}
                   WHEN 'Fee' THEN CASE WHEN NULLIF(reservation_reservation_a_r_n, '') IS NULL
                       THEN {_parquet_num("line_item_unblended_cost")} ELSE 0 END
                   ELSE {_parquet_num("line_item_unblended_cost")} END) AS effective
        FROM read_parquet('{path}') GROUP BY ALL ORDER BY ALL"""


@pytest.mark.parametrize("name", WA_PARQUET)
def test_wa_parquet_billed_and_amortised_totals(real, name):
    warehouse, _ = real
    path = REAL_BILLS / name
    con = raw_con(warehouse)
    kinds = {
        r[0]
        for r in con.execute(f"SELECT DISTINCT line_item_line_item_type FROM '{path}'").fetchall()
    }
    assert kinds <= {"Usage", "DiscountedUsage", "RIFee", "Fee"}, kinds
    raw = con.execute(_wa_recipe(path)).fetchall()
    got = con.execute(
        """SELECT BillingPeriodStart, x_LineItemType, count(*), sum(BilledCost),
                  sum(EffectiveCost)
           FROM wh.line_items WHERE x_SourceFile = $f GROUP BY ALL ORDER BY ALL""",
        {"f": str(path)},
    ).fetchall()
    assert got == raw
    # RIs make the amortised view differ from the invoice; and the invoice total agrees to the
    # cent with a plain floating-point sum of the file.
    billed, effective = sum(r[3] for r in raw), sum(r[4] for r in raw)
    assert effective != billed
    float_sum = con.execute(f"SELECT sum(line_item_unblended_cost) FROM '{path}'").fetchall()[0][0]
    assert abs(float(billed) - float_sum) < 0.005


@pytest.mark.parametrize("name", [CUR_CSV, *WA_PARQUET])
def test_cur_rows_keep_their_line_item_id_verbatim(real, name):
    """Row for row, (line item id, usage start, usage type, cost) of the raw file come through."""
    warehouse, _ = real
    path = REAL_BILLS / name
    con = raw_con(warehouse)
    if name.endswith(".parquet"):
        raw = f"""SELECT identity_line_item_id, line_item_usage_start_date,
                         NULLIF(trim(line_item_usage_type), ''),
                         CAST(line_item_unblended_cost AS {DEC})
                  FROM read_parquet('{path}')"""
    else:
        raw = f"""SELECT "identity/LineItemId",
                         CAST(CAST("lineItem/UsageStartDate" AS TIMESTAMPTZ) AS TIMESTAMP),
                         {_csv_text("lineItem/UsageType")}, {_csv_num("lineItem/UnblendedCost")}
                  FROM {csv_reader(path)}"""
    mine = f"""SELECT x_SourceLineId, ChargePeriodStart, x_UsageType, BilledCost
               FROM wh.line_items WHERE x_SourceFile = '{path}'"""
    assert con.execute(f"SELECT count(*) FROM ({raw} EXCEPT ALL {mine})").fetchall() == [(0,)]
    assert con.execute(f"SELECT count(*) FROM ({mine} EXCEPT ALL {raw})").fetchall() == [(0,)]
    assert con.execute(f"SELECT count(*) FROM ({mine})").fetchall()[0][0] > 1000


@pytest.mark.parametrize("name", WA_PARQUET)
def test_wa_parquet_tags_survive(real, name):
    """resource_tags_user_cost_center becomes Tags['cost_center'] on the same resource's rows,
    and the user Name tag becomes ResourceName."""
    warehouse, _ = real
    path = REAL_BILLS / name
    con = raw_con(warehouse)
    raw = f"""SELECT line_item_resource_id, resource_tags_user_cost_center, count(*)
              FROM read_parquet('{path}')
              WHERE NULLIF(resource_tags_user_cost_center, '') IS NOT NULL GROUP BY ALL"""
    mine = f"""SELECT ResourceId, Tags['cost_center'], count(*) FROM wh.line_items
               WHERE x_SourceFile = '{path}' AND Tags['cost_center'] IS NOT NULL GROUP BY ALL"""
    expected = sorted(con.execute(raw).fetchall())
    assert sorted(con.execute(mine).fetchall()) == expected
    assert sum(n for _, _, n in expected) > 1000
    # A known resource of the workshop: its cost centre as the raw file has it.
    resource, centre = con.execute(
        f"""SELECT line_item_resource_id, any_value(resource_tags_user_cost_center)
            FROM read_parquet('{path}') WHERE resource_tags_user_cost_center <> ''
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
    ).fetchall()[0]
    values = con.execute(
        "SELECT DISTINCT Tags['cost_center'] FROM wh.line_items "
        "WHERE x_SourceFile = $f AND ResourceId = $r AND Tags['cost_center'] IS NOT NULL",
        {"f": str(path), "r": resource},
    ).fetchall()
    assert values == [(centre,)]
    named = f"""SELECT count(*) FROM read_parquet('{path}')
                WHERE NULLIF(resource_tags_user_name, '') IS NOT NULL"""
    with_name = con.execute(
        "SELECT count(*) FROM wh.line_items WHERE x_SourceFile = $f AND ResourceName IS NOT NULL",
        {"f": str(path)},
    ).fetchall()[0][0]
    assert with_name == con.execute(named).fetchall()[0][0] > 0


def test_wa_parquet_schema_drift_between_months(real):
    """Nov adds resource_tags_user_tag21_nov; Dec drops resource_tags_user_workload_type."""
    warehouse, _ = real
    con = raw_con(warehouse)
    for name in WA_PARQUET:
        path = REAL_BILLS / name
        columns = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
        for column, key in (
            ("resource_tags_user_tag21_nov", "tag21_nov"),
            ("resource_tags_user_workload_type", "workload_type"),
        ):
            raw = 0
            if column in columns:
                raw = con.execute(
                    f"SELECT count(*) FROM '{path}' WHERE NULLIF({column}, '') IS NOT NULL"
                ).fetchall()[0][0]
            got = con.execute(
                "SELECT count(*) FROM wh.line_items "
                "WHERE x_SourceFile = $f AND Tags[$k] IS NOT NULL",
                {"f": str(path), "k": key},
            ).fetchall()[0][0]
            assert got == raw, (name, key)
            month = Path(name).name[:3]
            present = {"Oct": key == "workload_type", "Nov": True, "Dec": False}[month]
            assert (raw > 0) == present, (name, key)


def test_focus_sample_totals_credit_and_tags(real):
    warehouse, _ = real
    path = REAL_BILLS / FOCUS_SAMPLE
    con = raw_con(warehouse)
    raw = con.execute(
        f"""SELECT {_csv_text("ProviderName")},
                   CAST({_csv_text("BillingPeriodStart")} AS TIMESTAMP), count(*),
                   sum({_csv_num("BilledCost")}), sum({_csv_num("EffectiveCost")})
            FROM {csv_reader(path)} GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    got = con.execute(
        """SELECT ProviderName, BillingPeriodStart, count(*), sum(BilledCost), sum(EffectiveCost)
           FROM wh.line_items WHERE x_SourceFile = $f GROUP BY ALL ORDER BY ALL""",
        {"f": str(path)},
    ).fetchall()
    assert got == raw
    # The AWS promotional credit keeps its two different costs.
    credits = con.execute(
        "SELECT BilledCost, EffectiveCost FROM wh.line_items "
        "WHERE x_SourceFile = $f AND ChargeCategory = 'Credit'",
        {"f": str(path)},
    ).fetchall()
    raw_credits = con.execute(
        f"""SELECT {_csv_num("BilledCost")}, {_csv_num("EffectiveCost")} FROM {csv_reader(path)}
            WHERE ChargeCategory = 'Credit'"""
    ).fetchall()
    assert credits == raw_credits == [(Decimal("-2.6137"), Decimal("-3.00"))]
    # Tags: JSON text in the file, a MAP in the warehouse, keys (even " org") kept as written.
    assert query(
        warehouse,
        "SELECT DISTINCT typeof(Tags) FROM line_items WHERE x_SourceFile = $f",
        {"f": str(path)},
    ) == [("MAP(VARCHAR, VARCHAR)",)]
    texts = con.execute(
        f"SELECT {_csv_text('Tags')} FROM {csv_reader(path)} WHERE {_csv_text('Tags')} IS NOT NULL"
    ).fetchall()
    expected = Counter(
        json.dumps({k: str(v) for k, v in json.loads(t).items()}, sort_keys=True) for (t,) in texts
    )
    maps = con.execute(
        "SELECT Tags FROM wh.line_items WHERE x_SourceFile = $f AND Tags IS NOT NULL",
        {"f": str(path)},
    ).fetchall()
    assert Counter(json.dumps(m, sort_keys=True) for (m,) in maps) == expected
    assert len(texts) == 711
    assert any(" org" in json.loads(t) for (t,) in texts)


@pytest.mark.parametrize("name", AI_EXAMPLES)
def test_focus_ai_draft_examples_get_a_provider(real, name):
    warehouse, _ = real
    path = REAL_BILLS / name
    con = raw_con(warehouse)
    header = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {csv_reader(path)}").fetchall()}
    assert "ProviderName" not in header and "ServiceProviderName" in header
    raw = con.execute(
        f"""SELECT ServiceProviderName, count(*), sum({_csv_num("BilledCost")}),
                   sum({_csv_num("EffectiveCost")})
            FROM {csv_reader(path)} GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    got = con.execute(
        """SELECT ProviderName, count(*), sum(BilledCost), sum(EffectiveCost)
           FROM wh.line_items WHERE x_SourceFile = $f GROUP BY ALL ORDER BY ALL""",
        {"f": str(path)},
    ).fetchall()
    assert got == raw


def test_ingesting_the_real_bills_again_changes_nothing(real, runner, tmp_path):
    warehouse, _ = real
    copy = tmp_path / "again.duckdb"
    shutil.copyfile(warehouse, copy)
    before = copy.read_bytes()
    result = invoke(runner, copy, "ingest", *[str(REAL_BILLS / name) for name in ALL_BILLS])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "nothing new" in result.stderr
    assert copy.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# CUR 2.0 and .csv.zip, built from the real legacy CUR CSV.

_CUR2_COLUMNS = {
    "identity/LineItemId": "identity_line_item_id",
    "identity/TimeInterval": "identity_time_interval",
    "bill/InvoicingEntity": "bill_invoicing_entity",
    "bill/PayerAccountId": "bill_payer_account_id",
    "lineItem/UsageAccountId": "line_item_usage_account_id",
    "lineItem/LineItemType": "line_item_line_item_type",
    "lineItem/ProductCode": "line_item_product_code",
    "lineItem/UsageType": "line_item_usage_type",
    "lineItem/Operation": "line_item_operation",
    "lineItem/CurrencyCode": "line_item_currency_code",
    "lineItem/UnblendedRate": "line_item_unblended_rate",
    "lineItem/LineItemDescription": "line_item_line_item_description",
    "product/regionCode": "product_region_code",
    "product/sku": "product_sku",
}
_CUR2_TIMES = {
    "bill/BillingPeriodStartDate": "bill_billing_period_start_date",
    "bill/BillingPeriodEndDate": "bill_billing_period_end_date",
    "lineItem/UsageStartDate": "line_item_usage_start_date",
    "lineItem/UsageEndDate": "line_item_usage_end_date",
}
_CUR2_NUMBERS = {
    "lineItem/UsageAmount": "line_item_usage_amount",
    "lineItem/UnblendedCost": "line_item_unblended_cost",
}
# Tags we give some rows (CUR 2.0 keys, user_ prefix) and the keys a user queries them by.
_CUR2_TAGS = {
    "AmazonS3": (
        {"user_team": "storage", "user_cost_center": "cc-42"},
        {"team": "storage", "cost_center": "cc-42"},
    ),
    "AWSGlue": ({"user_team": "data"}, {"team": "data"}),
}


def _cur2_select(as_text: bool) -> str:
    cols = [f'"{src}" AS {dst}' for src, dst in _CUR2_COLUMNS.items()]
    for src, dst in _CUR2_TIMES.items():
        cols.append(
            f'"{src}" AS {dst}'
            if as_text
            else f'CAST(CAST("{src}" AS TIMESTAMPTZ) AS TIMESTAMP) AS {dst}'
        )
    for src, dst in _CUR2_NUMBERS.items():
        cols.append(f'"{src}" AS {dst}' if as_text else f'CAST("{src}" AS DOUBLE) AS {dst}')
    cols.append("'Example Payer' AS bill_payer_account_name")
    cols.append("'Example Member' AS line_item_usage_account_name")
    product = (
        "MAP {'product_name': \"product/ProductName\", 'servicecode': \"product/servicecode\", "
        "'region': \"product/region\"}"
    )
    tags = 'CASE "lineItem/ProductCode" '
    for code, (raw_tags, _) in _CUR2_TAGS.items():
        entries = ", ".join(f"'{k}': '{v}'" for k, v in raw_tags.items())
        tags += f"WHEN '{code}' THEN MAP {{{entries}}} "
    tags += "ELSE CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) END"
    if as_text:
        product, tags = f"CAST(to_json({product}) AS VARCHAR)", f"CAST(to_json({tags}) AS VARCHAR)"
    cols += [f"{product} AS product", f"{tags} AS resource_tags"]
    return "SELECT " + ", ".join(cols)


@pytest.fixture(scope="module")
def cur2(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The legacy CUR CSV as a CUR 2.0 Parquet and a CUR 2.0 CSV.gz, each ingested alone."""
    folder = tmp_path_factory.mktemp("cur2")
    source = csv_reader(REAL_BILLS / CUR_CSV)
    con = raw_con()
    bills = {
        "parquet": folder / "data" / "BILLING_PERIOD=2023-11" / "cur2-00001.snappy.parquet",
        "csv.gz": folder / "csv" / "BILLING_PERIOD=2023-11" / "cur2-00001.csv.gz",
    }
    for path in bills.values():
        path.parent.mkdir(parents=True)
    con.execute(
        f"COPY ({_cur2_select(False)} FROM {source}) TO '{bills['parquet']}' "
        "(FORMAT parquet, COMPRESSION snappy)"
    )
    con.execute(
        f"COPY ({_cur2_select(True)} FROM {source}) TO '{bills['csv.gz']}' "
        "(FORMAT csv, HEADER, COMPRESSION gzip)"
    )
    warehouses = {}
    for kind, path in bills.items():
        warehouse = folder / f"{kind}.duckdb"
        result = invoke(CliRunner(), warehouse, "ingest", str(path))
        assert result.exit_code == 0, result.stderr
        warehouses[kind] = warehouse
    return {"bills": bills, "warehouses": warehouses}


@pytest.mark.parametrize("kind", ["parquet", "csv.gz"])
def test_cur2_totals_tags_and_product_map(cur2, kind):
    bill, warehouse = cur2["bills"][kind], cur2["warehouses"][kind]
    con = raw_con(warehouse)
    source = csv_reader(REAL_BILLS / CUR_CSV)
    columns = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{bill}'").fetchall()}
    assert columns["product"] == ("MAP(VARCHAR, VARCHAR)" if kind == "parquet" else "VARCHAR")
    raw = con.execute(
        f"""SELECT CAST(CAST("bill/BillingPeriodStartDate" AS TIMESTAMPTZ) AS TIMESTAMP),
                   count(*), sum({_csv_num("lineItem/UnblendedCost")})
            FROM {source} GROUP BY 1"""
    ).fetchall()
    got = con.execute(
        "SELECT BillingPeriodStart, count(*), sum(BilledCost) FROM wh.line_items GROUP BY 1"
    ).fetchall()
    assert got == raw
    assert con.execute("SELECT DISTINCT x_SourceFormat FROM wh.line_items").fetchall() == [
        ("aws-cur2",)
    ]
    # ServiceName comes out of the product map, as product/ProductName was in the legacy CSV.
    names = f"""SELECT "identity/LineItemId", {_csv_text("product/ProductName")} FROM {source}"""
    mine = "SELECT x_SourceLineId, ServiceName FROM wh.line_items"
    assert con.execute(f"SELECT count(*) FROM ({names} EXCEPT ALL {mine})").fetchall() == [(0,)]
    # Tags: the rows we tagged carry them under the user's keys; the others carry none.
    codes = dict(
        con.execute(f'SELECT "lineItem/ProductCode", count(*) FROM {source} GROUP BY 1').fetchall()
    )
    for code, (_, expected) in _CUR2_TAGS.items():
        tags = con.execute(
            "SELECT Tags, count(*) FROM wh.line_items WHERE x_ProductCode = $c GROUP BY 1",
            {"c": code},
        ).fetchall()
        assert tags == [(expected, codes[code])]
    untagged = con.execute(
        "SELECT count(*) FROM wh.line_items WHERE coalesce(cardinality(Tags), 0) = 0"
    ).fetchall()[0][0]
    assert untagged == sum(n for code, n in codes.items() if code not in _CUR2_TAGS)


def test_cur2_parquet_and_csv_gz_give_the_same_line_items(cur2):
    columns = (
        "BillingAccountId, BillingAccountName, SubAccountId, SubAccountName, BillingPeriodStart, "
        "ChargePeriodStart, ChargePeriodEnd, ChargeCategory, BilledCost, EffectiveCost, "
        "ServiceName, ServiceCategory, RegionId, SkuId, PricingQuantity, Tags, x_SourceLineId, "
        "x_UsageType, x_Operation, x_ProductCode"
    )
    sql = f"SELECT {columns} FROM line_items ORDER BY x_SourceLineId, ChargePeriodStart, BilledCost"
    parquet = query(cur2["warehouses"]["parquet"], sql)
    text = query(cur2["warehouses"]["csv.gz"], sql)
    assert len(parquet) == 1281
    assert parquet == text


def test_cur_csv_zip_matches_the_plain_csv(real, runner, tmp_path):
    warehouse, _ = real
    plain = REAL_BILLS / CUR_CSV
    archive = tmp_path / "cur-00001.csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(plain, plain.name)
    zipped_wh = tmp_path / "zip.duckdb"
    result = invoke(runner, zipped_wh, "ingest", str(archive))
    assert result.exit_code == 0, result.stderr
    columns = "x_SourceLineId, ChargePeriodStart, BilledCost, EffectiveCost, ChargeCategory, Tags"
    got = query(zipped_wh, f"SELECT {columns} FROM line_items ORDER BY ALL")
    want = query(
        warehouse,
        f"SELECT {columns} FROM line_items WHERE x_SourceFile = $f ORDER BY ALL",
        {"f": str(plain)},
    )
    assert got == want and len(got) == 1281
    assert query(zipped_wh, "SELECT DISTINCT x_SourceFile, x_SourceFormat FROM line_items") == [
        (str(archive), "aws-cur")
    ]
    raw = raw_con().execute(
        f"SELECT sum({_csv_num('lineItem/UnblendedCost')}) FROM {csv_reader(plain)}"
    )
    assert query(zipped_wh, "SELECT sum(BilledCost) FROM line_items") == raw.fetchall()


# ---------------------------------------------------------------------------------------------
# Savings Plans and RIs: a hand-made legacy CUR, amortised by hand.


def _expected_effective(row: dict[str, str]) -> Decimal:
    """FORMATS.md §1.5, row by row."""

    def num(column: str) -> Decimal:
        return Decimal(row[column]) if row[column] else Decimal(0)

    kind = row["lineItem/LineItemType"]
    if kind == "SavingsPlanCoveredUsage":
        return num("savingsPlan/SavingsPlanEffectiveCost")
    if kind in ("SavingsPlanNegation", "SavingsPlanUpfrontFee"):
        return Decimal(0)
    if kind == "SavingsPlanRecurringFee":
        return num("savingsPlan/TotalCommitmentToDate") - num("savingsPlan/UsedCommitment")
    if kind == "DiscountedUsage":
        return num("reservation/EffectiveCost")
    if kind == "RIFee":
        return num("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod") + num(
            "reservation/UnusedRecurringFee"
        )
    if kind == "Fee" and row["reservation/ReservationARN"]:
        return Decimal(0)
    return num("lineItem/UnblendedCost")


def test_savings_plans_and_ri_amortisation(runner, warehouse):
    with open(SP_BILL, newline="") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {r["lineItem/LineItemType"] for r in rows}
    assert {
        "SavingsPlanCoveredUsage", "SavingsPlanNegation", "SavingsPlanRecurringFee",
        "RIFee", "DiscountedUsage", "Credit", "Refund", "Tax",
    } <= kinds  # fmt: skip
    billed = sum(Decimal(r["lineItem/UnblendedCost"]) for r in rows)
    effective = {r["identity/LineItemId"]: _expected_effective(r) for r in rows}

    result = invoke(runner, warehouse, "ingest", str(SP_BILL))
    assert result.exit_code == 0, result.stderr
    totals = query(
        warehouse, "SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM line_items"
    )
    assert totals == [(len(rows), billed, sum(effective.values()))]
    assert billed != sum(effective.values())
    got = dict(query(warehouse, "SELECT x_SourceLineId, EffectiveCost FROM line_items"))
    assert got == effective

    categories = dict(query(warehouse, "SELECT x_SourceLineId, ChargeCategory FROM line_items"))
    want = {"Tax": "Tax", "Credit": "Credit", "Refund": "Credit", "Usage": "Usage",
            "SavingsPlanCoveredUsage": "Usage", "DiscountedUsage": "Usage",
            "RIFee": "Purchase", "SavingsPlanRecurringFee": "Purchase"}  # fmt: skip
    for r in rows:
        if r["lineItem/LineItemType"] in want:
            assert categories[r["identity/LineItemId"]] == want[r["lineItem/LineItemType"]]
    tags = dict(query(warehouse, "SELECT x_SourceLineId, Tags['team'] FROM line_items"))
    assert tags == {r["identity/LineItemId"]: r["resourceTags/user:team"] or None for r in rows}
