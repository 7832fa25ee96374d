"""Fuzz `finops-ai ingest` with mutated bundled and real bills (issue 16, "Done when").

Every case is either
- refused: exit 1, nothing on stdout, one stderr line (``-q``) starting ``Error:`` and naming
  the file, and the warehouse byte-identical to before; or
- ingested: exit 0, and the file's rows and BilledCost total in the warehouse equal what this
  module computes straight from the raw bytes (Python's csv, json and decimal; pyarrow for
  Parquet), the warehouse's other rows untouched;
and never ``Internal error``, a traceback, or a command running past its deadline.

Bases: the bundled sample bills (sample_bills/: legacy CUR, CUR 2.0 Parquet, Azure FOCUS,
OpenAI and Anthropic cost reports) and the public real bills the tool reads
(tests/data/real_bills/, as for test_ingest_real_bills). Each is cut to its first
``ROWS`` rows so that the cases run in about a minute. Mutations: truncation (of the text, and
of the gzip stream), byte flips, dropped, duplicated and renamed columns, bad numbers, bad
dates, blank lines, short and long rows, a stray quote, encodings (latin-1, UTF-16 with BOM,
UTF-8 BOM, CRLF), and JSON shape changes. The random choices are seeded: the cases are the
same on every run. ``FUZZ_SHOW=1 pytest -s`` prints each case's outcome.
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import json
import os
import random
import select
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tests.conftest import REAL_BILLS, REPO, SAMPLE_BILLS, query, snapshot

pytestmark = pytest.mark.slow

SEED = 16
ROWS = 120  # data rows kept of each base bill
DEADLINE = 60.0  # seconds one command may take; past it, it counts as a hang
UNRELATED = (
    REPO / "tests" / "data" / "cur" / "savings_plans_2024-03.csv"
)  # already in the warehouse

COST_NAMES = (
    "lineitem/unblendedcost",
    "line_item_unblended_cost",
    "billedcost",
    "costinbillingcurrency",  # Azure MCA cost details
    "cost",  # Azure EA cost details, Google's billing export (plus its credits)
)
DATE_NAMES = (
    "lineitem/usagestartdate",
    "line_item_usage_start_date",
    "chargeperiodstart",
    "billingperiodstart",
    "bill/billingperiodstartdate",
    "bill_billing_period_start_date",
    "date",
    "billingperiodstartdate",
    "usage_start_time",
)
BAD_NUMBERS = ["abc", "1e40", "NaN", "Infinity", "1,5", "9" * 400, "--1", "true", "0x10", "١٢٣"]
BAD_DATES = [
    "0000-01-01T00:00:00Z",
    "2026-10-01 00:00:00 PST",
    "9999-12-31T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "next tuesday",
    "1970-01-01T00:00:00Z",
    "20240301",
]
TWELVE = Decimal("1e-12")


# ------------------------------------------------------------------------------------------
# bases


@dataclass(frozen=True)
class Base:
    name: str
    kind: str  # "csv" | "parquet" | "json"
    data: bytes  # uncompressed content
    gzip: bool = False

    @property
    def suffix(self) -> str:
        ext = {"csv": ".csv", "parquet": ".parquet", "json": ".json"}[self.kind]
        return ext + (".gz" if self.gzip else "")


def _csv_base(name: str, path: Path) -> Base:
    raw = path.read_bytes()
    gzipped = raw[:2] == b"\x1f\x8b"
    text = (gzip.decompress(raw) if gzipped else raw).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[: ROWS + 1]
    return Base(name, "csv", _csv_bytes(rows[0], rows[1:]), gzipped)


def _parquet_base(name: str, path: Path) -> Base:
    return Base(name, "parquet", _parquet_bytes(pq.read_table(path).slice(0, ROWS)))


def _json_base(name: str, path: Path) -> Base:
    raw = path.read_bytes()
    gzipped = raw[:2] == b"\x1f\x8b"
    return Base(name, "json", gzip.decompress(raw) if gzipped else raw, gzipped)


def bases() -> list[Base]:
    sample = SAMPLE_BILLS
    found = [
        _csv_base("cur", next((sample / "aws" / "cur").rglob("*.csv.gz"))),
        _parquet_base("cur2", next((sample / "aws" / "cur2").rglob("*.parquet"))),
        _csv_base("azure-focus", next((sample / "azure" / "focus").glob("*.csv.gz"))),
        _json_base("openai-costs", next((sample / "openai" / "costs").glob("*.json.gz"))),
        _json_base("anthropic-cost", next((sample / "anthropic" / "cost-report").glob("*.gz"))),
    ]
    real = REAL_BILLS
    if real.is_dir():
        found += [
            _csv_base(
                "real-cur",
                real / "focus-converters-aws-cur" / "sample-anonymous-aws-export-dataset.csv",
            ),
            _parquet_base(
                "real-wa-cur",
                real / "aws-wa-labs-workshop-cur" / "Oct2018-WorkshopCUR-00001.snappy.parquet",
            ),
            _csv_base("real-focus", real / "focus-sample-data" / "focus_sample.csv"),
            _csv_base(
                "real-ai-drawdown",
                real / "focus-spec-ai-examples" / "drawdown_via_prepayment_ai_model_api.csv",
            ),
            _csv_base("real-ai-multi", real / "focus-spec-ai-examples" / "multi_model_usage.csv"),
            _json_base("real-openai-costs", real / "openai-openapi" / "usage-costs.response.json"),
            # Native exports whose billed cost is their cost column (and Google's credits): an
            # amortized Azure export's is not, and is checked in test_ingest_native.py.
            _csv_base("real-azure-ea", real / "finops-toolkit-azure" / "EA_ActualCost_Small.csv"),
            _csv_base("real-azure-mca", real / "koku-azure-mca" / "camel_azure_version_2.csv"),
            _csv_base("real-gcp", next((real / "koku-gcp-billing").glob("202011_*.csv"))),
        ]
    return found


# ------------------------------------------------------------------------------------------
# writing


def _csv_bytes(
    header: list[str],
    rows: list[list[str]],
    encoding: str = "utf-8",
    newline: str = "\n",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(out))
        out[at] ^= rng.randint(1, 255)
    return bytes(out)


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) // 10, len(data) - 1)]


# ------------------------------------------------------------------------------------------
# mutations: each yields (mutation, file bytes as written, whether to gzip them)

Case = tuple[str, bytes, bool]


def _cost_index(header: list[str]) -> int:
    return next(i for i, h in enumerate(header) if h.lower() in COST_NAMES)


def csv_cases(base: Base, rng: random.Random) -> Iterator[Case]:
    text = base.data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    cost = _cost_index(header)
    dates = [i for i, h in enumerate(header) if h.lower() in DATE_NAMES]
    others = [i for i in range(len(header)) if i != cost and i not in dates]
    gz = base.gzip

    def edited(change: Callable[[list[str], list[list[str]]], None]) -> bytes:
        new_header, new_body = list(header), [list(r) for r in body]
        change(new_header, new_body)
        return _csv_bytes(new_header, new_body)

    def drop(i: int) -> bytes:
        return _csv_bytes(header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in body])

    def dup(i: int) -> bytes:
        return _csv_bytes([*header, header[i]], [[*r, r[i]] for r in body])

    def rename(i: int, to: str) -> bytes:
        return _csv_bytes([to if j == i else h for j, h in enumerate(header)], body)

    def set_cell(column: int, value: str) -> bytes:
        row = rng.randrange(len(body))
        return edited(lambda _h, b: b[row].__setitem__(column, value))

    yield "unchanged", base.data, gz
    yield "truncate", _cut(base.data, rng), gz
    if gz:
        yield "truncate-gzip", _cut(gzip.compress(base.data, mtime=0), rng), False
    yield "flip", _flip(base.data, rng), gz
    yield "drop-cost", drop(cost), gz
    yield "drop-column", drop(rng.choice(others)), gz
    yield "duplicate-cost", dup(cost), gz
    yield "duplicate-column", dup(rng.choice(others)), gz
    yield "rename-cost", rename(cost, header[cost].upper()), gz
    yield "rename-column", rename(rng.choice(others), "Renamed Column"), gz
    yield "bad-number", set_cell(cost, rng.choice(BAD_NUMBERS)), gz
    yield "bad-date", set_cell(rng.choice(dates), rng.choice(BAD_DATES)), gz
    yield "latin-1", _latin1(header, body, rng.choice(others), rng), gz
    yield "utf-16", _csv_bytes(header, body, encoding="utf-16"), gz
    yield "utf-8-bom", b"\xef\xbb\xbf" + base.data, gz
    yield "crlf", _csv_bytes(header, body, newline="\r\n"), gz
    lines = base.data.split(b"\n")
    at = rng.randrange(1, len(lines) - 1)
    yield "blank-lines", b"\n".join([*lines[:at], b"", b"", *lines[at:]]), gz
    row = rng.randrange(len(body))
    yield "short-row", edited(lambda _h, b: b[row].pop()), gz
    yield "long-row", edited(lambda _h, b: b[row].append("extra")), gz
    line = bytearray(lines[at])
    line.insert(rng.randrange(len(line) + 1), ord('"'))
    yield "stray-quote", b"\n".join([*lines[:at], bytes(line), *lines[at + 1 :]]), gz


def _latin1(header: list[str], body: list[list[str]], column: int, rng: random.Random) -> bytes:
    rows = [list(r) for r in body]
    rows[rng.randrange(len(rows))][column] = "Café Zürich ½"
    return _csv_bytes(header, rows, encoding="latin-1")


def parquet_cases(base: Base, rng: random.Random) -> Iterator[Case]:
    table = pq.read_table(pa.BufferReader(base.data))
    names = table.column_names
    cost = _cost_index(names)
    date = next(i for i, h in enumerate(names) if h.lower() in DATE_NAMES)
    others = [i for i in range(len(names)) if i not in (cost, date)]
    row = rng.randrange(table.num_rows)

    def with_column(i: int, values: list | pa.Array) -> bytes:
        return _parquet_bytes(table.set_column(i, names[i], pa.array(values)))

    costs = table.column(cost).to_pylist()
    stamps = table.column(date).to_pylist()
    yield "unchanged", base.data, False
    yield "truncate", _cut(base.data, rng), False
    yield "flip", _flip(base.data, rng), False
    yield "drop-cost", _parquet_bytes(table.remove_column(cost)), False
    yield "drop-column", _parquet_bytes(table.remove_column(rng.choice(others))), False
    extra = rng.choice(others)
    yield (
        "duplicate-column",
        _parquet_bytes(table.append_column(names[extra], table.column(extra))),
        False,
    )
    yield "rename-cost", _parquet_bytes(table.rename_columns(
        [n.upper() if i == cost else n for i, n in enumerate(names)]
    )), False  # fmt: skip
    yield "rename-column", _parquet_bytes(table.rename_columns(
        ["renamed_column" if i == extra else n for i, n in enumerate(names)]
    )), False  # fmt: skip
    text = [None if v is None else str(v) for v in costs]
    text[row] = rng.choice(BAD_NUMBERS)
    yield "bad-number-text", with_column(cost, text), False
    floats = [None if v is None else float(v) for v in costs]
    floats[row] = rng.choice([float("nan"), float("inf"), 1e40])
    yield "bad-number-float", with_column(cost, floats), False
    yield "boolean-cost", with_column(cost, [bool(v) for v in costs]), False
    old = list(stamps)
    old[row] = old[row].replace(year=1) if old[row] is not None else None
    yield "bad-date", with_column(date, pa.array(old, type=table.column(date).type)), False
    words = [None if v is None else v.isoformat() for v in stamps]
    words[row] = rng.choice(BAD_DATES)
    yield "date-text", with_column(date, words), False


def _pages(data: bytes) -> list:
    return json.loads(data.decode("utf-8"), parse_float=Decimal)


def json_cases(base: Base, rng: random.Random) -> Iterator[Case]:
    gz = base.gzip
    pages = _pages(base.data)
    listed = isinstance(pages, list)
    page_list = pages if listed else [pages]
    full = [b for p in page_list for b in p["data"] if b["results"]]

    def edited(change: Callable[[dict, dict], None]) -> bytes:
        new = json.loads(base.data.decode("utf-8"), parse_float=Decimal)
        new_pages = new if listed else [new]
        buckets = [b for p in new_pages for b in p["data"] if b["results"]]
        bucket = buckets[full.index(rng.choice(full))]
        change(bucket, rng.choice(bucket["results"]))
        return _dumps(new)

    def amount(result: dict, value: object) -> None:
        if isinstance(result.get("amount"), dict):
            result["amount"]["value"] = value
        else:
            result["amount"] = value

    yield "unchanged", base.data, gz
    yield "truncate", _cut(base.data, rng), gz
    yield "flip", _flip(base.data, rng), gz
    yield "utf-16", base.data.decode("utf-8").encode("utf-16"), gz
    yield "data-not-a-list", _dumps([{**p, "data": {"buckets": p["data"]}} for p in page_list]), gz
    yield (
        "results-an-object",
        edited(lambda b, _r: b.__setitem__("results", {"r": b["results"]})),
        gz,
    )
    yield "result-not-an-object", edited(lambda b, _r: b["results"].append([1, 2])), gz
    yield "amount-text", edited(lambda _b, r: amount(r, "12.5")), gz
    yield "amount-null", edited(lambda _b, r: amount(r, None)), gz
    yield "amount-nan", edited(lambda _b, r: amount(r, float("nan"))), gz
    yield "amount-infinity", edited(lambda _b, r: amount(r, float("-inf"))), gz
    yield "amount-huge", edited(lambda _b, r: amount(r, int("9" * 3000))), gz
    yield "amount-nested", edited(lambda _b, r: amount(r, {"deep": [[["1"]]]})), gz
    start = "start_time" if "start_time" in full[0] else "starting_at"
    yield "start-missing", edited(lambda b, _r: b.pop(start)), gz
    yield "start-far", edited(
        lambda b, _r: b.__setitem__(start, 10**13 if start == "start_time" else "0000-01-01")
    ), gz  # fmt: skip
    yield "extra-field", edited(lambda _b, r: r.__setitem__("x_new", {"a": [1]})), gz
    deep = "[" * 5000 + "]" * 5000
    yield (
        "nested-deep",
        edited(lambda _b, r: r.__setitem__("model", "@DEEP@")).replace(b'"@DEEP@"', deep.encode()),
        gz,
    )
    yield "page-twice", base.data + b"\n" + base.data, gz
    yield "wrapped", _dumps([page_list]), gz


def _dumps(value: object) -> bytes:
    def default(v: object) -> object:
        if isinstance(v, Decimal):
            return float(v)  # only for the mutated copies; amounts stay near their value
        raise TypeError(type(v))

    text = json.dumps(value, default=default, allow_nan=True)
    # Python writes huge ints as digits already; Decimals became floats above.
    return text.encode("utf-8")


def cases() -> list[tuple[str, str, bytes]]:
    """(case id, file name, bytes) for every base and mutation, in a fixed order."""
    out = []
    for base in bases():
        make = {"csv": csv_cases, "parquet": parquet_cases, "json": json_cases}[base.kind]
        rng = random.Random(f"{SEED}:{base.name}")
        for mutation, data, gz in make(base, rng):
            suffix = base.suffix if gz else base.suffix.removesuffix(".gz")
            if mutation == "truncate-gzip":
                suffix = base.suffix
            out.append((f"{base.name}:{mutation}", f"{base.name}-{mutation}{suffix}",
                        gzip.compress(data, mtime=0) if gz else data))  # fmt: skip
    return out


# ------------------------------------------------------------------------------------------
# the independent computation


def _decimal(text: str) -> Decimal:
    value = Decimal(text.strip())
    if not value.is_finite():
        raise InvalidOperation(text)
    return value.quantize(TWELVE, rounding=ROUND_HALF_UP)


def expected(path: Path) -> tuple[int, Decimal]:
    """(rows, billed) of a bill, computed from its bytes without finops-ai or DuckDB."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if raw[:4] == b"PAR1":
        return _parquet_expected(path)
    text = _text(raw)
    if text.lstrip()[:1] in ("{", "["):
        return _json_expected(text)
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    header, body = rows[0], rows[1:]
    cost = _cost_index(header)
    billed = sum(
        (_decimal(r[cost]) for r in body if r[cost].strip() not in ("", "NULL")), Decimal(0)
    )
    if "credits" in header:  # Google's billing export: credits reduce the row's cost
        at = header.index("credits")
        billed += sum((_credits(r[at]) for r in body), Decimal(0))
    return len(body), billed


def _credits(text: str) -> Decimal:
    """The amounts of a credits cell: JSON, or the Python repr koku writes."""
    if not text.strip():
        return Decimal(0)
    try:
        items = ast.literal_eval(text.strip())
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"credits {text[:40]!r}") from exc
    return sum((_decimal(repr(c["amount"])) for c in items), Decimal(0))


def _parquet_expected(path: Path) -> tuple[int, Decimal]:
    try:
        table = pq.ParquetFile(path).read()
    except Exception:  # noqa: BLE001 - ArrowInvalid, UnicodeDecodeError, OSError...
        # pyarrow refuses a file whose metadata (its ARROW:schema note, a column's statistics)
        # a byte flip broke, though its data is intact: plain DuckDB reads the cost column.
        return _parquet_by_duckdb(path)
    column = table.column(_cost_index(table.column_names))
    if pa.types.is_boolean(column.type):
        raise TypeError("a BOOLEAN cost column holds no amounts")
    if pa.types.is_floating(column.type):
        column = pc.cast(column, pa.float64())
    values = [v for v in column.to_pylist() if v is not None]
    return table.num_rows, sum(
        (Decimal(v).quantize(TWELVE, rounding=ROUND_HALF_UP) for v in values), Decimal(0)
    )


def _parquet_by_duckdb(path: Path) -> tuple[int, Decimal]:
    con = duckdb.connect()
    try:
        names = [
            r[0] for r in con.execute("DESCRIBE FROM read_parquet($p)", {"p": str(path)}).fetchall()
        ]
        cost = names[_cost_index(names)]
        return con.execute(
            f'SELECT count(*), coalesce(sum(CAST("{cost}" AS DECIMAL(38, 12))), 0) '
            "FROM read_parquet($p)",
            {"p": str(path)},
        ).fetchall()[0]
    finally:
        con.close()


def _text(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _json_expected(text: str) -> tuple[int, Decimal]:
    decoder = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal)
    values, at = [], 0
    while at < len(text.rstrip()):
        value, at = decoder.raw_decode(text, at)
        values.append(value)
        while at < len(text) and text[at].isspace():
            at += 1
    pages = [p for v in values for p in (v if isinstance(v, list) else [v])]
    rows, billed = 0, Decimal(0)
    for page in pages:
        for bucket in page["data"]:
            for result in bucket["results"]:
                rows += 1
                if "amount_dollars" in result:
                    billed += Decimal(str(result["amount_dollars"] or 0))
                elif isinstance(result.get("amount"), dict):  # OpenAI: {value, currency}
                    billed += Decimal(str(result["amount"].get("value") or 0))
                else:  # Anthropic's cost report: cents
                    billed += Decimal(str(result.get("amount") or 0)) / 100
    return rows, billed


# ------------------------------------------------------------------------------------------
# running the CLI with a deadline


class Worker:
    """A finops-ai process (tests/helpers/fuzz_worker.py) that runs one command at a time."""

    def __init__(self) -> None:
        self.proc = self._start()

    @staticmethod
    def _start() -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.fuzz_worker"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, args: list[str]) -> dict | None:
        """The command's outcome, or None if it ran past the deadline (the process is then
        killed and replaced)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], DEADLINE)
        if not ready:
            self.close()
            self.proc = self._start()
            return None
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def _judge(outcome: dict | None, bill: Path, warehouse: Path, before: tuple, others: list) -> str:
    """What is wrong with this case's outcome ('' when nothing)."""
    if outcome is None:
        return f"still running after {DEADLINE:.0f} s"
    stderr = outcome["stderr"]
    if "exception" in outcome or "Internal error" in stderr or "Traceback" in stderr:
        return f"exit {outcome['exit']}: {outcome.get('exception') or stderr.strip()[-300:]}"
    if outcome["exit"] == 1:
        lines = stderr.strip().splitlines()
        if outcome["stdout"] or len(lines) != 1 or not lines[0].startswith("Error: "):
            return f"refused, but not with one error line: {stderr[-300:]!r}"
        if str(bill) not in lines[0]:
            return f"the error does not name the file: {lines[0][:300]}"
        if snapshot(warehouse) != before:
            return "refused, but the warehouse changed"
        return ""
    if outcome["exit"] != 0:
        return f"exit {outcome['exit']}: {stderr.strip()[-300:]}"
    try:
        want = expected(bill)
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation) as exc:
        return f"ingested, but the raw file gives no total ({type(exc).__name__}: {exc})"
    got = query(
        warehouse,
        "SELECT count(*), coalesce(sum(BilledCost), 0) FROM line_items WHERE x_SourceFile = $f",
        {"f": str(bill)},
    )[0]
    # Parquet floats: DuckDB and Decimal may round a double's 12th decimal apart.
    slack = TWELVE * want[0] if bill.suffix == ".parquet" else 0
    if got[0] != want[0] or abs(got[1] - want[1]) > slack:
        return f"ingested {got[0]} rows, {got[1]} billed; the raw file has {want[0]}, {want[1]}"
    if _others(warehouse, bill) != others:
        return "ingested, but rows of another bill changed"
    return ""


def _others(warehouse: Path, bill: Path) -> list:
    return query(
        warehouse,
        "SELECT x_SourceFile, count(*), sum(BilledCost) FROM line_items "
        "WHERE x_SourceFile <> $f GROUP BY ALL ORDER BY ALL",
        {"f": str(bill)},
    )


def test_mutated_bills_are_refused_cleanly_or_ingested_exactly(tmp_path: Path) -> None:
    base_warehouse = tmp_path / "base.duckdb"
    worker = Worker()
    try:
        setup = worker.run(["--warehouse", str(base_warehouse), "-q", "ingest", str(UNRELATED)])
        assert setup is not None and setup["exit"] == 0, setup
        before = snapshot(base_warehouse)
        others = _others(base_warehouse, Path("-"))
        problems, outcomes = [], {"refused": 0, "ingested": 0}
        all_cases = cases()
        for number, (case, name, data) in enumerate(all_cases):
            folder = tmp_path / f"case{number:03d}"
            folder.mkdir()
            bill = folder / name
            bill.write_bytes(data)
            warehouse = folder / "finops.duckdb"
            shutil.copyfile(base_warehouse, warehouse)
            outcome = worker.run(["--warehouse", str(warehouse), "-q", "ingest", str(bill)])
            problem = _judge(outcome, bill, warehouse, before, others)
            if os.environ.get("FUZZ_SHOW"):
                print(
                    case,
                    (outcome or {}).get("exit"),
                    (outcome or {}).get("stderr", "")[:160].strip(),
                )
            if problem:
                problems.append(f"{case}: {problem[:400]}")
            elif outcome is not None:
                outcomes["refused" if outcome["exit"] else "ingested"] += 1
                if case.endswith(":unchanged") and outcome["exit"]:
                    problems.append(f"{case}: the unchanged bill is refused: {outcome['stderr']}")
            shutil.rmtree(folder)
    finally:
        worker.close()
    print(f"{len(all_cases)} cases: {outcomes}")
    assert not problems, f"{len(problems)} of {len(all_cases)} cases:\n" + "\n".join(problems)
