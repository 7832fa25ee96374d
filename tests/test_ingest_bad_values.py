"""One bad value in an otherwise good bill: the error names the file, the column (or field), the
value and its row, in one line, and the warehouse is left as it was.

Built from tests/data/cur/savings_plans_2024-03.csv, a legacy CUR with a resourceTags/ column,
in each of the shapes AWS delivers: that CSV, a CUR 2.0 CSV (JSON text maps) and a CUR 2.0
Parquet file (typed columns, map columns); and from OpenAI/Anthropic saved API responses.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import duckdb
import pytest

from finops_ai.ingest.aws_cur import snake
from tests.conftest import invoke, snapshot
from tests.test_ingest_bad_input import assert_one_error

DATA = Path(__file__).resolve().parent / "data"
SP_BILL = DATA / "cur" / "savings_plans_2024-03.csv"
COST, START = "lineItem/UnblendedCost", "lineItem/UsageStartDate"


def legacy_rows() -> tuple[list[str], list[dict[str, str]]]:
    with SP_BILL.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def cur2_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The same bill as CUR 2.0 (Data Exports) writes it as CSV: snake_case names, tags and
    product attributes as JSON text."""
    header, rows = legacy_rows()
    plain = [h for h in header if not h.startswith("resourceTags/")]
    out = []
    for row in rows:
        new = {snake(h): row[h] for h in plain}
        team = row["resourceTags/user:team"]
        new["resource_tags"] = json.dumps({"user_team": team} if team else {})
        new["product"] = json.dumps({"region": "us-east-1"})
        out.append(new)
    return [*(snake(h) for h in plain), "resource_tags", "product"], out


# (what is changed, data row, column, bad value, what the error must say)
CSV_CASES = [
    ("cost", 3, "not a number", "abc"),
    ("cost", 2, "not a number", "true"),
    ("cost", 4, "too large", "9" * 3000),
    ("start", 2, "not a date", "next tuesday"),
    ("start", 5, "between 2000", "0000-03-04T10:00:00Z"),
    ("start", 1, "time zone", "2024-03-04 10:00:00 PST"),
    ("start", 6, "between 2000", "12024-03-01T00:00:00Z"),
    ("start", 7, "between 2000", "1970-01-01T00:00:00Z"),
]


@pytest.fixture
def refused(runner, warehouse):
    """Ingest the good bill, then check a bad one is refused without changing anything."""
    assert invoke(runner, warehouse, "ingest", str(SP_BILL)).exit_code == 0
    before = snapshot(warehouse)

    def check(bad: Path, *must_say: str) -> str:
        result = invoke(runner, warehouse, "ingest", str(bad))
        line = assert_one_error(result, str(bad), *must_say)
        assert snapshot(warehouse) == before
        return line

    return check


@pytest.mark.parametrize(("field", "row", "says", "value"), CSV_CASES)
def test_legacy_cur_with_tag_columns_names_the_bad_value(
    refused, tmp_path, field, row, says, value
):
    header, rows = legacy_rows()
    column = COST if field == "cost" else START
    rows[row - 1][column] = value
    bad = write_csv(tmp_path / "cur-2024-03.csv", header, rows)
    line = refused(bad, column, says, value[:20], f"data row {row})")
    assert len(line) < 400  # a value of thousands of digits is cut short in the message


@pytest.mark.parametrize(("field", "row", "says", "value"), CSV_CASES)
def test_cur2_csv_names_the_bad_value(refused, tmp_path, field, row, says, value):
    header, rows = cur2_rows()
    column = "line_item_unblended_cost" if field == "cost" else "line_item_usage_start_date"
    rows[row - 1][column] = value
    bad = write_csv(tmp_path / "cur2-2024-03.csv", header, rows)
    refused(bad, column, says, value[:20], f"data row {row})")


def _cur2_parquet(tmp_path: Path, cost: str = "CAST(line_item_unblended_cost AS DOUBLE)") -> Path:
    header, rows = cur2_rows()
    source = write_csv(tmp_path / "cur2.csv", header, rows)
    target = tmp_path / "cur2-2024-03.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT * REPLACE ("
        f"{cost} AS line_item_unblended_cost, "
        "CAST(line_item_usage_start_date AS TIMESTAMP) AS line_item_usage_start_date, "
        "CAST(resource_tags AS JSON)::MAP(VARCHAR, VARCHAR) AS resource_tags, "
        "CAST(product AS JSON)::MAP(VARCHAR, VARCHAR) AS product) "
        "FROM read_csv($p, all_varchar = true)) TO $t (FORMAT parquet)",
        {"p": str(source), "t": str(target)},
    )
    con.close()
    source.unlink()
    return target


def test_cur2_parquet_is_ingested_as_a_control(runner, warehouse, tmp_path):
    good = _cur2_parquet(tmp_path)
    result = invoke(runner, warehouse, "ingest", str(good))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("cost", "says"),
    [
        # row 3 of the bill is sp-cov-02
        (
            "CASE WHEN identity_line_item_id = 'sp-cov-02' THEN 'nan'::DOUBLE "
            "ELSE line_item_unblended_cost::DOUBLE END",
            "not a number: 'nan' (data row 3)",
        ),
        (
            "CASE WHEN identity_line_item_id = 'sp-cov-02' THEN 1e40 "
            "ELSE line_item_unblended_cost::DOUBLE END",
            "too large",
        ),
        (
            "CASE WHEN identity_line_item_id = 'sp-cov-02' THEN 'abc' "
            "ELSE line_item_unblended_cost END",
            "not a number: 'abc' (data row 3)",
        ),
        # A boolean column would cast to 1 and 0 dollars.
        ("line_item_unblended_cost::DOUBLE > 0", "holds BOOLEAN values, not numbers"),
    ],
)
def test_cur2_parquet_names_the_bad_value(refused, tmp_path, cost, says):
    bad = _cur2_parquet(tmp_path, cost)
    refused(bad, "line_item_unblended_cost", says)


def test_cur2_parquet_date_out_of_range(refused, tmp_path):
    bad = _cur2_parquet(tmp_path)
    con = duckdb.connect()
    fixed = tmp_path / "cur2-y1.parquet"
    con.execute(
        "COPY (SELECT * REPLACE (CASE WHEN identity_line_item_id = 'sp-neg-01' "
        "THEN TIMESTAMP '0001-03-04 10:00:00' ELSE line_item_usage_start_date END "
        "AS line_item_usage_start_date) FROM read_parquet($p)) TO $t (FORMAT parquet)",
        {"p": str(bad), "t": str(fixed)},
    )
    con.close()
    refused(fixed, "line_item_usage_start_date", "between 2000", "(data row 4)")


@pytest.mark.parametrize(
    ("keep", "says"),
    [(0.1, "ends inside its header"), (0.5, "last row is cut off"), (0.99, "last row is cut off")],
)
def test_csv_cut_mid_row_is_refused_as_truncated(refused, tmp_path, keep, says):
    text = SP_BILL.read_bytes()
    end = int(len(text) * keep)
    bad = tmp_path / "cur-2024-03.csv"
    bad.write_bytes(text[:end])
    assert not text[:end].endswith(b"\n")
    refused(bad, "truncated", says)


def test_csv_without_a_final_line_end_is_still_a_bill(runner, warehouse, tmp_path):
    """A complete last row without its line end is not a truncated file."""
    whole = tmp_path / "cur-2024-03.csv"
    whole.write_bytes(SP_BILL.read_bytes().rstrip(b"\n"))
    result = invoke(runner, warehouse, "ingest", str(whole))
    assert result.exit_code == 0, result.stderr


# ------------------------------------------------------------------------------------------
# AI provider saved responses

OPENAI_PAGE = (
    '{"object": "page", "has_more": false, "data": [{"object": "bucket", '
    '"start_time": START, "end_time": 1782950400, "results": [{"object": '
    '"organization.costs.result", "amount": {"value": AMOUNT, "currency": "usd"}, '
    '"line_item": "gpt-4.1-mini, input", "project_id": "proj_1"}]}]}'
)
ANTHROPIC_PAGE = (
    '{"has_more": false, "data": [{"starting_at": "START", "ending_at": "2026-07-02T00:00:00Z", '
    '"results": [{"currency": "USD", "amount": "AMOUNT", "description": "Claude Usage", '
    '"cost_type": "tokens", "model": "claude-sonnet-4-5"}]}]}'
)


def _page(template: str, amount: str, start: str) -> str:
    return template.replace("AMOUNT", amount).replace("START", start)


@pytest.fixture
def provider_refused(runner, warehouse, tmp_path):
    good = tmp_path / "good" / "openai-costs.json"
    good.parent.mkdir()
    good.write_text(_page(OPENAI_PAGE, "1.5", "1782864000"))
    assert invoke(runner, warehouse, "ingest", str(good)).exit_code == 0
    before = snapshot(warehouse)

    def check(text: str, *must_say: str) -> None:
        bad = tmp_path / "costs.json"
        bad.write_text(text)
        result = invoke(runner, warehouse, "ingest", str(bad))
        assert_one_error(result, str(bad), *must_say)
        assert "transaction is aborted" not in result.stderr
        assert snapshot(warehouse) == before

    return check


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("NaN", "amount.value is not a number"),
        ("Infinity", "amount.value is not a number"),
        ("-Infinity", "amount.value is not a number"),
        ("1e40", "amount.value is too large"),
        ("9" * 5000, "amount.value is too large"),
        ("true", "amount.value is not a number"),
    ],
)
def test_openai_amounts_that_are_no_money_name_the_field(provider_refused, amount, says):
    provider_refused(_page(OPENAI_PAGE, amount, "1782864000"), "bucket 2026-07-01", says)


@pytest.mark.parametrize(
    ("start", "says"),
    [
        ("99999999999999", "not between 2000"),
        ("-99999999999999999999", "not between 2000"),
        ("1782864000000", "not between 2000"),  # milliseconds
        ("0", "not between 2000"),
        ("1" + "0" * 5000, "too large"),
    ],
)
def test_openai_times_out_of_range_name_the_bucket(provider_refused, start, says):
    provider_refused(_page(OPENAI_PAGE, "1.5", start), "bucket 1 start_time", says)


@pytest.mark.parametrize(
    ("start", "says"),
    [
        ("0000-07-01T00:00:00Z", "not an RFC 3339 time"),
        ("0001-01-01T00:00:00+01:00", "out of range"),
        ("2026-07-01 00:00:00 PST", "not an RFC 3339 time"),
        ("9999-07-01T00:00:00Z", "not between 2000"),
    ],
)
def test_anthropic_times_out_of_range_name_the_bucket(provider_refused, start, says):
    provider_refused(_page(ANTHROPIC_PAGE, "150", start), "bucket 1 starting_at", says)


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e40", "9" * 3000])
def test_anthropic_amounts_that_are_no_money_name_the_field(provider_refused, amount):
    provider_refused(_page(ANTHROPIC_PAGE, amount, "2026-07-01T00:00:00Z"), "result 1: amount")


@pytest.mark.parametrize("depth", [2_000, 200_000])
def test_deeply_nested_json_is_refused(provider_refused, depth):
    text = '{"data": [{"start_time": 1782864000, "results": ' + "[" * depth + "]" * depth + "}]}"
    provider_refused(text, "nested too deeply", "line 1")


# ------------------------------------------------------------------------------------------
# damaged CSV text (found by tests/test_ingest_fuzz.py): named by row, not "unknown format"


def _sp_lines() -> list[str]:
    return SP_BILL.read_text(encoding="utf-8").splitlines(keepends=True)


def test_gzipped_csv_cut_mid_row_is_refused_as_truncated(refused, tmp_path):
    text = SP_BILL.read_bytes()
    bad = tmp_path / "cur-2024-03.csv.gz"
    bad.write_bytes(gzip.compress(text[: len(text) // 2], mtime=0))
    refused(bad, "truncated", "last row is cut off")


@pytest.mark.parametrize("fields", [20, 22])
def test_a_row_with_a_field_too_few_or_many_is_named(refused, tmp_path, fields):
    lines = _sp_lines()
    row = lines[4].rstrip("\n")
    lines[4] = (row.rsplit(",", 1)[0] if fields == 20 else row + ",x") + "\n"
    bad = tmp_path / "cur-2024-03.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    refused(bad, f"data row 4 (line 5) has {fields} fields; the header has 21")


def test_latin1_text_is_named_by_line(refused, tmp_path):
    lines = _sp_lines()
    lines[6] = lines[6].replace("ComputeSP", "CömputeSP")
    bad = tmp_path / "cur-2024-03.csv"
    bad.write_bytes("".join(lines).encode("latin-1"))
    refused(bad, "line 7 is not UTF-8 text", "Save it as UTF-8")


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_utf16_text_is_refused_as_such(refused, tmp_path, suffix):
    text = SP_BILL.read_text() if suffix == ".csv" else _page(OPENAI_PAGE, "1.5", "1782864000")
    bad = tmp_path / f"bill{suffix}"
    bad.write_bytes(text.encode("utf-16"))
    refused(bad, "is UTF-16 text", "Save it as UTF-8")


def test_a_result_that_is_no_object_is_named(provider_refused):
    page = json.loads(_page(OPENAI_PAGE, "1.5", "1782864000"))
    page["data"][0]["results"].append([1, 2])
    provider_refused(json.dumps(page), "bucket 1 result 2 is not a JSON object")
