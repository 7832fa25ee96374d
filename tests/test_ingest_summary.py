"""What `finops-ai ingest` ends with: a short block on stderr, or `--json` on stdout for scripts.

The block and the JSON give the billed cost per currency (never added across currencies), the
classes of the rows this load added (not the warehouse's), and the time taken. The expected
figures are read from the bills with the csv module. In a terminal, a status line says which
file or classification step runs; never on stdout, in a pipe or with --quiet.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import REAL_BILLS, REPO, invoke, query, snapshot

SAMPLE = REAL_BILLS / "focus-sample-data" / "focus_sample.csv"
CLASS_LINE = "  this load's line items by class (effective cost):"


def write_bill(path: Path, provider: str, currency: str | None = None) -> Path:
    """The sample's rows of ``provider``, billed in ``currency`` when given."""
    with SAMPLE.open(newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if r["ProviderName"] == provider]
        header = reader.fieldnames or []
    for row in rows:
        row["BillingCurrency"] = currency or row["BillingCurrency"]
    text = io.StringIO()
    writer = csv.DictWriter(text, header, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.getvalue())
    return path


def periods(*paths: Path) -> set[tuple[str, str, str]]:
    return {
        (r["ProviderName"], r["BillingAccountId"], r["BillingPeriodStart"][:7])
        for p in paths
        for r in csv.DictReader(io.StringIO(p.read_text()))
    }


def raw(*paths: Path, column: str = "BilledCost") -> dict[str, tuple[int, Decimal]]:
    """Per currency: rows and the sum of ``column``, read with the csv module."""
    out: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
    for path in paths:
        for row in csv.DictReader(io.StringIO(path.read_text())):
            out[row["BillingCurrency"]][0] += 1
            out[row["BillingCurrency"]][1] += Decimal(row[column])
    return {c: (n, amount) for c, (n, amount) in sorted(out.items())}


@pytest.fixture
def two_currencies(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_bill(tmp_path / "bills" / "azure-eur.csv", "Microsoft", "EUR"),
        write_bill(tmp_path / "bills" / "oracle-usd.csv", "Oracle"),
    )


def block(stderr: str) -> list[str]:
    """The summary block: from the `load N:` line to the end."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("load "))
    return lines[start:]


def test_the_summary_gives_costs_per_currency_and_this_loads_classes(
    runner, warehouse, two_currencies
):
    eur, usd = two_currencies
    result = invoke(runner, warehouse, "ingest", str(eur), str(usd))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = block(result.stderr)
    billed = raw(eur, usd)
    rows = sum(n for n, _ in billed.values())
    months = len(periods(eur, usd))
    assert lines[0].startswith(
        f"load 1: 2 file(s), {rows:,} rows, {months} billing period(s) ({months} new)"
    )
    assert lines[0].endswith(" s)")  # the elapsed time
    assert float(lines[0].rpartition("(")[2].removesuffix(" s)")) > 0
    # Each currency on its own: nothing adds euros to dollars.
    assert lines[1] == "  billed cost: " + " + ".join(
        f"{amount:,.2f} {currency}" for currency, (_, amount) in billed.items()
    )
    assert lines[2] == CLASS_LINE
    per_currency: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
    for line in lines[3:]:
        _, amount, currency, count, *_ = line.split()
        per_currency[currency][0] += int(count.replace(",", ""))
        per_currency[currency][1] += Decimal(amount.replace(",", ""))
    effective = raw(eur, usd, column="EffectiveCost")
    assert {c: (n, a) for c, (n, a) in per_currency.items()} == {
        c: (n, round(a, 2)) for c, (n, a) in effective.items()
    }


def test_a_second_load_shows_only_its_own_rows(runner, warehouse, two_currencies):
    eur, usd = two_currencies
    assert invoke(runner, warehouse, "ingest", str(eur)).exit_code == 0
    result = invoke(runner, warehouse, "ingest", str(usd))
    assert result.exit_code == 0, result.stderr
    lines = block(result.stderr)
    ((usd_rows, usd_billed),) = raw(usd).values()
    assert lines[1] == f"  billed cost: {usd_billed:,.2f} USD"
    classes = lines[lines.index(CLASS_LINE) + 1 :]
    assert all(line.split()[2] == "USD" for line in classes)  # no euro row of load 1
    assert sum(int(line.split()[3]) for line in classes) == usd_rows


def test_nothing_new_says_so_with_the_time(runner, warehouse, two_currencies):
    eur, _ = two_currencies
    assert invoke(runner, warehouse, "ingest", str(eur)).exit_code == 0
    again = invoke(runner, warehouse, "ingest", str(eur))
    assert again.exit_code == 0
    (last,) = again.stderr.splitlines()[-1:]
    assert last.startswith(f"nothing new: everything in {eur} is already in ")
    assert last.endswith(" s)")


def test_json_summary_on_stdout_for_scripts(runner, warehouse, two_currencies):
    eur, usd = two_currencies
    result = invoke(runner, warehouse, "ingest", str(eur), str(usd), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    assert "reading" in result.stderr  # the notes stay on stderr
    billed = raw(eur, usd)
    assert summary["version"] == 1
    assert summary["warehouse"] == str(warehouse.resolve())
    assert summary["load_id"] == 1
    assert isinstance(summary["elapsed_seconds"], float) and summary["elapsed_seconds"] > 0
    assert summary["rows"] == sum(n for n, _ in billed.values())
    assert summary["billed_cost"] == {c: float(round(a, 2)) for c, (_, a) in billed.items()}
    assert summary["files"]["loaded"] == [
        {
            "path": str(path),
            "format": "focus-1.0",
            "rows": n,
            "billed_cost": {currency: float(round(amount, 2))},
        }
        for path in (eur, usd)
        for currency, (n, amount) in raw(path).items()
    ]
    assert summary["files"]["skipped"] == summary["files"]["replaced"] == []
    assert summary["files"]["unknown"] == []
    assert sorted(
        (p["provider"], p["billing_account"], p["billing_period"], p["outcome"])
        for p in summary["billing_periods"]
    ) == sorted((*key, "new") for key in periods(eur, usd))
    effective = raw(eur, usd, column="EffectiveCost")
    for currency, (n, amount) in effective.items():
        mine = [c for c in summary["classes"] if c["currency"] == currency]
        assert sum(c["line_items"] for c in mine) == n
        assert sum(c["effective_cost"] for c in mine) == pytest.approx(float(amount), abs=0.01)
    assert {c["class"] for c in summary["classes"]} <= {
        "training",
        "inference",
        "ai_other",
        "non_ai",
    }


def test_json_with_quiet_is_all_there_is(runner, warehouse, two_currencies):
    eur, _ = two_currencies
    result = invoke(runner, warehouse, "-q", "ingest", str(eur), "--json")
    assert result.exit_code == 0 and result.stderr == ""
    ((n, _),) = raw(eur).values()
    assert json.loads(result.stdout)["rows"] == n


def test_json_names_what_was_skipped_and_replaced(runner, warehouse, two_currencies, tmp_path):
    eur, usd = two_currencies
    assert invoke(runner, warehouse, "ingest", str(eur), str(usd)).exit_code == 0
    skipped = json.loads(invoke(runner, warehouse, "ingest", str(eur), "--json").stdout)
    assert skipped["load_id"] is None and skipped["rows"] == 0
    assert skipped["files"]["skipped"] == [
        {"path": str(eur), "reason": "already ingested, unchanged"}
    ]
    # A restatement of the euro month from another file: --replace, and the JSON says whose
    # rows it replaced.
    restated = tmp_path / "restated" / "azure-eur-v2.csv"
    restated.parent.mkdir()
    restated.write_text(eur.read_text().replace("EUR", "EUR", 1))
    lines = eur.read_text().splitlines(keepends=True)
    restated.write_text("".join(lines[:-1]))  # the last line item dropped
    result = invoke(runner, warehouse, "ingest", str(restated), "--replace", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    ((n, amount),) = raw(eur).values()
    assert summary["files"]["replaced"] == [
        {
            "path": str(eur),
            "format": "focus-1.0",
            "load_id": 1,
            "provider": "Microsoft",
            "billing_account": next(csv.DictReader(io.StringIO(eur.read_text())))[
                "BillingAccountId"
            ],
            "billing_period": "2024-09",
            "rows": n,
            "billed_cost": {"EUR": float(round(amount, 2))},
        }
    ]
    assert summary["billing_periods"][0]["outcome"] == "replaced"
    assert "  replaced: the rows of 1 earlier file(s): " + str(eur) in result.stderr


def test_json_error_is_one_line_on_stderr_and_nothing_on_stdout(runner, warehouse, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("city,population\nParis,2100000\n")
    before = snapshot(warehouse)
    result = invoke(runner, warehouse, "ingest", str(bad), "--json")
    assert result.exit_code != 0
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and str(bad) in errors[0]
    assert snapshot(warehouse) == before


def test_json_from_a_real_process_parses_and_matches_the_warehouse(tmp_path, two_currencies):
    eur, usd = two_currencies
    warehouse = tmp_path / "w.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "finops_ai", "--warehouse", str(warehouse), "ingest"]
        + [str(eur), str(usd), "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert "ingested" in done.stderr
    stored = query(
        warehouse,
        "SELECT BillingCurrency, round(sum(BilledCost), 2)::DOUBLE FROM line_items "
        "GROUP BY ALL ORDER BY ALL",
    )
    assert summary["billed_cost"] == dict(stored)
    assert summary["rows"] == query(warehouse, "SELECT count(*) FROM line_items")[0][0]


def in_a_terminal(*args: str) -> str:
    """What a terminal shows while ``finops-ai ARGS`` runs (stdout and stderr both on it)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, on the terminal
        os.environ["PYTHONPATH"] = str(REPO)
        os.execv(sys.executable, [sys.executable, "-m", "finops_ai", *args])
    out = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:  # the child is gone
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode(errors="replace")
    return out.decode(errors="replace")


def test_a_terminal_shows_the_file_and_classification_step_being_done(tmp_path, two_currencies):
    eur, usd = two_currencies
    shown = in_a_terminal("--warehouse", str(tmp_path / "w.duckdb"), "ingest", str(eur), str(usd))
    assert "reading file 1/2 (" in shown and "reading file 2/2 (" in shown
    steps = [
        s.split("classifying: step ")[1].split(" ")[0]
        for s in shown.split("\r")
        if "classifying: step " in s
    ]
    done = [int(s.split("/")[0]) for s in steps]
    planned = {int(s.split("/")[1]) for s in steps}
    # The steps count up to the plan, one by one: no estimate of the time left.
    assert len(planned) == 1 and done == sorted(done) and done[-1] == planned.pop()
    assert "remaining" not in shown  # DuckDB's own estimate, drawn on stdout, is gone
    assert "load 1: 2 file(s)" in shown  # the summary, printed above the cleared status line


def test_no_status_line_with_quiet_or_off_a_terminal(runner, warehouse, tmp_path, two_currencies):
    eur, _ = two_currencies
    quiet = in_a_terminal("--warehouse", str(tmp_path / "q.duckdb"), "-q", "ingest", str(eur))
    assert quiet.strip() == ""
    piped = invoke(runner, warehouse, "ingest", str(eur))
    assert "classifying: step" not in piped.stderr and "\r" not in piped.stderr
