"""Bill text is data: how each output escapes what a tag, account or resource name contains.

Tag values, account names, resource ids and service names are written by whoever can tag a
resource or name an account, and they reach every output. HTML (the report page, the email) is
escaped by Jinja's autoescape; the rest is here, one function per kind of output
(docs/report.md "Bill text in the outputs"):

* ``controls``: text for a terminal or a log. Control characters (C0, DEL, C1, and the Unicode
  bidirectional overrides that reorder what is shown) become visible escapes such as ``\\x1b``,
  so a tag value cannot retitle the terminal, colour or erase its output, or fake a log line.
* ``markdown`` / ``markdown_code``: a data field in Markdown, as text or as a code span. Nothing
  in it can open HTML, a link, an image, a code span or a table cell.
* ``spreadsheet_cell``: a CSV cell that a spreadsheet program will not run as a formula
  (OWASP "CSV Injection"), only when asked: by default CSV keeps the data exact.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (Unicode category Cc), and the bidirectional marks, embeddings,
# overrides and isolates ("Trojan Source", CVE-2021-42574) that make a terminal show text in
# another order than it is.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def controls(text: str, keep: str = "") -> str:
    """``text`` with every control character except those in ``keep`` as a visible escape,
    written as Python writes it: ESC as the four characters ``\\x1b``, ``\\n``, ``\\u202e``.
    ``keep="\\n\\t"`` where a newline or tab is the output's own structure (a log message, a
    traceback); a data field inside a line keeps none, so it cannot break the line either.
    """

    def visible(match: re.Match[str]) -> str:
        char = match.group()
        return char if char in keep else char.encode("unicode_escape").decode("ascii")

    return _CONTROL.sub(visible, text)


# Entities for what HTML reads (Markdown passes raw HTML through), a backslash for what Markdown
# reads: links and images ([ ] ( ) !), code spans (`), table cells (|), emphasis and strikeout
# (* _ ~, so that the text shows as written), and the backslash itself, which would otherwise
# undo the escape after it.
_MARKDOWN = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        **{c: "\\" + c for c in "\\`[]()!|*_~"},
    }
)
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def markdown(text: str) -> str:
    """A data field as Markdown text that renders as exactly ``text`` and as nothing else.

    One line (line breaks become spaces: a table row is one line), control characters escaped.
    """
    return controls(text.translate(_LINE_BREAKS)).translate(_MARKDOWN)


# What an id may hold to be shown as a code span: nothing HTML or a link reads (a renderer that
# is not CommonMark may read them even inside one), and no backtick, which would end the span.
_CODE_SAFE = re.compile(r"[\w.,:;/@#%+=*~| -]+")


def markdown_code(text: str, table: bool = True) -> str:
    """A data field (an id) as a Markdown code span, as ids usually are: ``i-0abc``, an ARN.

    An id with anything else in it (HTML, link or image syntax, a backtick, a control
    character) is written as escaped text instead (``markdown``), as safe and as faithful. In a
    table (``table``) a pipe is ``\\|``, which GFM reads as a pipe even in a code span.
    """
    if not _CODE_SAFE.fullmatch(text):
        return markdown(text)
    if table:
        text = text.replace("|", "\\|")
    return f"`{text}`"


# OWASP: a cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
# and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A text cell that starts like a formula, prefixed with a single quote, so a spreadsheet
    shows it as text instead of running it. Numbers, dates and other values are left as they
    are: a negative cost is a number, not a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
