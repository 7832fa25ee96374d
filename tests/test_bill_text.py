"""Bill text is data, in every output (issue 20, docs/report.md "Bill text in the outputs").

A bill whose service names, account ids and names, resource ids and names, tags and model carry
what an attacker would write there (HTML, a javascript: link, `</style>`, Jinja syntax, terminal
escape sequences, a spreadsheet formula) is ingested with the CLI, as a user would; then every
output is read back as its reader would read it: the Markdown rendered by a CommonMark renderer
that lets raw HTML through (as wikis and static site generators do), the HTML parsed, the email
received by an SMTP server, the terminal output searched for control characters, the CSV parsed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from finops_ai.report.build import build_report
from finops_ai.report.render import render
from tests.conftest import invoke, snapshot
from tests.helpers.smtp import smtp_server
from tests.test_email import mail_env

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(10)>'
LINK = "[md](javascript:alert(1))"
STYLE = "</style>"
JINJA = "{{ 7*7 }} {% raw %}"
TERM = "\x1b]0;pwned\x07\x1b[31m"  # retitles the terminal, then turns its output red
FORMULA = '=HYPERLINK("http://evil.example/","click")'
# The terminal payload as every terminal output must show it: visible, inert.
TERM_SHOWN = "\\x1b]0;pwned\\x07\\x1b[31m"
SHOWN = [SCRIPT, IMG, LINK, STYLE, JINJA]  # each appears in the report as a name or an id

TODAY = ("--today", "2026-11-26")
FOCUS_FIELDS = [
    "BillingAccountId",
    "SubAccountId",
    "SubAccountName",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "ChargeCategory",
    "BilledCost",
    "EffectiveCost",
    "BillingCurrency",
    "ProviderName",
    "ServiceName",
    "ServiceCategory",
    "ResourceId",
    "ResourceName",
    "Tags",
]
SPREADSHEET_TAGS = {
    "formula": FORMULA,
    "plus": "+1+2",
    "minus": "-1+2",
    "at": "@SUM(A1)",
    "tab": "\t=1",
    "cr": "\r=1",
    "plain": "team-search",
}


def _row(month: str, cost: str, **fields: str) -> dict[str, str]:
    start, end = f"{month}-01T00:00:00Z", ("2026-10-01" if month == "2026-09" else "2026-11-01")
    row = {
        "BillingAccountId": "ba-1",
        "SubAccountId": "sub-a",
        "SubAccountName": "",
        "BillingPeriodStart": start,
        "BillingPeriodEnd": f"{end}T00:00:00Z",
        "ChargePeriodStart": start,
        "ChargePeriodEnd": f"{end}T00:00:00Z",
        "ChargeCategory": "Usage",
        "BilledCost": cost,
        "EffectiveCost": cost,
        "BillingCurrency": "USD",
        "ProviderName": "Microsoft",
        "ServiceName": "Azure OpenAI",
        # workload tags decide AI services only (docs/classification.md)
        "ServiceCategory": "AI and Machine Learning",
        "ResourceId": "",
        "ResourceName": "",
        "Tags": json.dumps({"workload": "inference"}),
    }
    row.update(fields)
    return row


def _tags(**extra: str) -> str:
    return json.dumps({"workload": "inference", **extra})


def write_bills(folder: Path) -> list[Path]:
    """A FOCUS bill (September quiet, October full of payloads) and an OpenAI costs export."""
    rows = [
        _row("2026-09", "100.00"),
        # A provider seen in September only: October's report names it in a note.
        _row("2026-09", "50.00", ProviderName=f"Prov {SCRIPT}", BillingAccountId="ba-2"),
        _row("2026-10", "110.00"),
        _row(
            "2026-10",
            "500.00",
            ServiceName=SCRIPT,
            SubAccountId="acct-1",
            SubAccountName=IMG,
            ResourceId=LINK,
            ResourceName=STYLE,
            Tags=_tags(owner=TERM, note="two\nlines", **SPREADSHEET_TAGS),
        ),
        _row(
            "2026-10",
            "400.00",
            ServiceName=IMG,
            SubAccountId=LINK,
            SubAccountName=SCRIPT,
            ResourceId="res-2",
            ResourceName=JINJA,
        ),
        _row(
            "2026-10",
            "300.00",
            ServiceName=JINJA,
            SubAccountId="acct-3",
            SubAccountName=TERM + "acct",
            ResourceId=TERM + "res-3",
            ResourceName=IMG,
        ),
        _row(
            "2026-10",
            "200.00",
            ServiceName=TERM + "svc",
            SubAccountId="acct-4",
            SubAccountName=STYLE,
            ResourceId="res-4",
            ResourceName=SCRIPT,
        ),
        _row("2026-10", "150.00", ServiceName=LINK, SubAccountId=STYLE, ResourceId=JINJA),
        # A credit: a negative number, which --spreadsheet-safe must leave a number.
        _row(
            "2026-10",
            "-5.00",
            ChargeCategory="Credit",
            ServiceName="Virtual Machines",
            ServiceCategory="Compute",
            ResourceId="res-credit",
            Tags="",
        ),
    ]
    focus = folder / "focus-2026.csv"
    with focus.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, FOCUS_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    openai = folder / "openai_costs.csv"
    with openai.open("w", newline="", encoding="utf-8") as handle:
        handle.write(
            "start_time,end_time,start_time_iso,end_time_iso,amount_value,amount_currency,"
            "line_item,project_id,organization_id,organization_name\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "1790812800",
                "1790899200",
                "2026-10-01T00:00:00+00:00",
                "2026-10-02T00:00:00+00:00",
                "250.00",
                "usd",
                f"{LINK}, input",  # the model is the part before the last comma
                "proj_payload",
                "org-Payload000000000000001",
                SCRIPT,
            ]
        )
    return [focus, openai]


def _env_off() -> dict[str, str | None]:
    # Module-scoped, so before the autouse isolated_env: unset the same variables by hand.
    import os

    return {k: None for k in os.environ if k.startswith(("FINOPS_AI_", "AWS_"))}


@pytest.fixture(scope="module")
def bills(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse, ingested with the CLI. Tests only read it (copy it to write)."""
    folder = tmp_path_factory.mktemp("bill-text")
    warehouse = folder / "finops.duckdb"
    runner = CliRunner(env=_env_off())
    result = invoke(runner, warehouse, "ingest", *map(str, write_bills(folder)))
    assert result.exit_code == 0, result.stderr
    return warehouse


def report(runner: CliRunner, warehouse: Path, *args: str) -> str:
    result = invoke(runner, warehouse, "report", *TODAY, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def assert_terminal_safe(text: str) -> None:
    """No control character but newline (and no ESC at all: not a TTY, no colour)."""
    bad = sorted({c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F})
    assert bad == [], f"control characters {bad!r} reach the terminal"


class _Page(HTMLParser):
    """The elements, attributes and text of an HTML page, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.style_text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.style_text if self._in_style else self.text).append(data)


def parse_html(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


# Tags that run, fetch or link: never in an output. SVG's own ways in (an <image>, <use> of
# another document, <foreignObject> holding HTML, animation setting attributes) too.
ACTIVE_TAGS = {"script", "img", "iframe", "object", "embed", "link", "a"}
ACTIVE_TAGS |= {"image", "use", "foreignobject", "animate", "set", "feimage"}


def assert_inert_html(html: str, shown: list[str] = SHOWN, svg: bool = False) -> str:
    """No script, image, frame or event handler; no javascript: URL; the payloads ``shown`` as
    text, and none inside the page's CSS. ``svg``: the page may hold inline SVG charts (the
    report may, an email body may not: mail clients strip it). Returns the page's text."""
    page = parse_html(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & (ACTIVE_TAGS if svg else ACTIVE_TAGS | {"svg"}), tags
    for tag, attrs in page.tags:
        for name, value in attrs:
            assert not name.startswith("on"), f"<{tag} {name}=...>"
            if name in ("href", "xlink:href", "src", "action", "formaction", "style"):
                assert "javascript:" not in (value or "").lower(), f"<{tag} {name}={value!r}>"
    assert "alert(" not in "".join(page.style_text)  # no payload in the style sheet
    text = "".join(page.text)
    for payload in shown:
        assert payload in text, f"{payload!r} is not shown as text"
    return text


def test_markdown_report_renders_bill_text_as_text(runner, bills):
    md = report(runner, bills, "--format", "md")
    # The escaped forms, as they stand in the file.
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    assert "&quot;&gt;&lt;img src=x onerror=alert\\(10\\)&gt;" in md
    assert "\\[md\\]\\(javascript:alert\\(1\\)\\)" in md  # a service name
    assert "| \\[md\\]\\(javascript:alert\\(1\\)\\) |" in md  # an id that cannot be a code span
    assert "| &#39;res-2&#39; `res-2` |" not in md and "`res-2`" in md  # a plain id is one
    assert "&lt;/style&gt;" in md
    assert "{{ 7\\*7 }} {% raw %}" in md
    assert "\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[31msvc" in md  # shows as \x1b]0;pwned...
    assert "Prov &lt;script&gt;" in md  # in a note
    for raw in ("<script", "<img", "</style", "](javascript", "\x1b", "\x07"):
        assert raw not in md

    # Rendered as a wiki would: CommonMark with raw HTML allowed, and GFM tables.
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    page = parse_html(html)
    allowed = {"h1", "h2", "p", "strong", "em", "code", "blockquote", "ul", "li", "hr", "br"}
    allowed |= {"table", "thead", "tbody", "tr", "th", "td"}
    assert {tag for tag, _ in page.tags} <= allowed
    for tag, attrs in page.tags:
        assert attrs in ([], [("style", "text-align:right")]), (tag, attrs)
    text = "".join(page.text)
    for payload in SHOWN:
        assert payload in text, f"{payload!r} is not shown as written"
    assert TERM_SHOWN + "svc" in text
    # Table rows keep their cells: each data row of the services table has 5.
    services = md.split("**Services**", 1)[1].split("**Models**", 1)[0]
    rows = [line for line in services.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 6  # the header and five services
    assert {len(re.split(r"(?<!\\)\|", row)) for row in rows} == {7}


def test_html_report_and_jinja_syntax_stay_text(runner, bills):
    html = report(runner, bills, "--format", "html")
    text = assert_inert_html(html, svg=True)
    assert "{{ 7*7 }}" in text and "{% raw %}" in text  # printed, never evaluated
    assert html.count("</style>") == 1  # the page's own


def test_email_is_inert(runner, bills, tmp_path, monkeypatch):
    warehouse = tmp_path / "finops.duckdb"
    shutil.copyfile(bills, warehouse)  # send records what it sent beside the warehouse
    with smtp_server() as server:
        mail_env(monkeypatch, server)
        result = invoke(runner, warehouse, "send", "--month", "2026-10", "--to", "cfo@example.com")
    assert result.exit_code == 0, result.stderr
    message = server.received[0].message
    # The body is a summary: the largest services and accounts, the heads-ups.
    assert_inert_html(message.get_body(("html",)).get_content(), [SCRIPT, IMG, STYLE])
    plain = message.get_body(("plain",)).get_content()
    assert_terminal_safe(plain.replace("\r", ""))
    assert TERM_SHOWN + "svc" in plain
    (attachment,) = message.iter_attachments()
    assert_inert_html(attachment.get_content(), svg=True)


def test_text_report_shows_control_characters_as_escapes(runner, bills):
    text = report(runner, bills)
    assert_terminal_safe(text)
    assert TERM_SHOWN + "svc" in text and TERM_SHOWN + "acct" in text
    assert SCRIPT in text  # a terminal shows HTML as it is: nothing to escape
    assert max(len(line) for line in text.splitlines()) <= 100  # measured as shown


def test_text_report_in_colour_has_only_its_own_colours(bills):
    model = build_report(bills, month="2026-10")
    plain = render(model, "text", width=100, color=False)
    coloured = render(model, "text", width=100, color=True)
    assert_terminal_safe(plain)
    # What colour adds is the report's own SGR codes, nothing from the bill.
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x07" not in coloured and "\x1b]" not in coloured


def test_json_report_keeps_bill_text_exact(runner, bills):
    out = report(runner, bills, "--format", "json")
    assert_terminal_safe(out)  # JSON writes control characters as \u001b
    services = {i["key"] for i in json.loads(out)["top"]["inference"]["services"]}
    assert {SCRIPT, IMG, JINJA, TERM + "svc"} <= services


def test_explain_shows_tags_and_ids_escaped(runner, bills):
    result = invoke(runner, bills, "explain", LINK)
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout)
    assert f"owner={TERM_SHOWN}" in result.stdout
    assert "note=two\\nlines" in result.stdout  # a newline in a tag cannot fake a line
    assert f"resource {LINK}" in result.stdout
    by_escape = invoke(runner, bills, "explain", TERM + "res-3")
    assert by_escape.exit_code == 0, by_escape.stderr
    assert_terminal_safe(by_escape.stdout)
    assert by_escape.stdout.startswith(TERM_SHOWN + "res-3: inference")


def test_error_lines_escape_the_file_and_the_value_they_name(runner, bills, tmp_path):
    missing = invoke(runner, bills, "explain", TERM + "nope")
    assert missing.exit_code == 1
    assert_terminal_safe(missing.stderr)
    assert TERM_SHOWN + "nope" in missing.stderr

    warehouse = tmp_path / "finops.duckdb"
    shutil.copyfile(bills, warehouse)
    before = snapshot(warehouse)
    bad = tmp_path / f"bill{TERM}.csv"
    bad.write_text("city,country\nLyon,France\n")
    log = tmp_path / "finops.log"
    result = invoke(runner, warehouse, "--log-file", str(log), "ingest", str(bad))
    assert result.exit_code == 1
    for out in (result.stderr, log.read_text()):
        assert_terminal_safe(out)
        assert f"bill{TERM_SHOWN}.csv: unknown bill format" in out
    assert len(result.stderr.splitlines()) == 2  # "reading FILE", then the one error line
    assert snapshot(warehouse) == before

    cost = tmp_path / "cost.csv"
    with cost.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, FOCUS_FIELDS)
        writer.writeheader()
        writer.writerow(_row("2026-10", TERM))
    result = invoke(runner, warehouse, "ingest", str(cost))
    assert result.exit_code == 1
    assert_terminal_safe(result.stderr)
    assert "BilledCost" in result.stderr and "\\x1b" in result.stderr
    assert snapshot(warehouse) == before


OCTOBER_TAGS = (
    "SELECT ServiceName, SubAccountName, ResourceName, Tags['owner'] AS owner, "
    "Tags['note'] AS note FROM line_items "
    "WHERE BillingPeriodStart = '2026-10-01' AND ServiceName IS NOT NULL "
    "ORDER BY EffectiveCost DESC"
)


def test_sql_table_escapes_control_characters(runner, bills):
    result = invoke(runner, bills, "sql", OCTOBER_TAGS)
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 8 + 1  # header, rule, one line a row, the count
    assert TERM_SHOWN in lines[2] and "two\\nlines" in lines[2]
    assert TERM_SHOWN + "acct" in result.stdout


SPREADSHEET = (
    "SELECT " + ", ".join(f"Tags['{k}'] AS {k}" for k in SPREADSHEET_TAGS) + ", "
    "(SELECT min(BilledCost) FROM line_items) AS credit, Tags['owner'] AS owner "
    "FROM line_items WHERE Tags['formula'] IS NOT NULL"
)


def test_sql_csv_is_exact_by_default(runner, bills, tmp_path):
    result = invoke(runner, bills, "sql", SPREADSHEET, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert row == {**SPREADSHEET_TAGS, "credit": "-5.000000000000", "owner": TERM}


def test_sql_csv_spreadsheet_safe(runner, bills, tmp_path):
    out = tmp_path / "tags.csv"
    for args in ((), ("-o", str(out))):
        result = invoke(
            runner, bills, "sql", SPREADSHEET, "--format", "csv", "--spreadsheet-safe", *args
        )
        assert result.exit_code == 0, result.stderr
        if args:
            with out.open(newline="") as handle:
                text = handle.read()
        else:
            text = result.stdout
        (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
        assert row == {
            "formula": "'" + FORMULA,
            "plus": "'+1+2",
            "minus": "'-1+2",
            "at": "'@SUM(A1)",
            "tab": "'\t=1",
            "cr": "'\r=1",
            "plain": "team-search",
            "credit": "-5.000000000000",  # a number stays a number
            "owner": TERM,  # not a formula: left exact
        }
    table = invoke(runner, bills, "sql", SPREADSHEET, "--spreadsheet-safe")
    assert table.exit_code == 2 and "--spreadsheet-safe is for --format csv" in table.stderr
