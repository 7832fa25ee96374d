"""Say what is wrong with a CSV that DuckDB cannot read as a bill, by row and line.

DuckDB's CSV sniffer meets a damaged file (a last row cut off by a stopped download, a row with
a field too many or too few, bytes that are not UTF-8) by picking another dialect, which then
shows as one column and "unknown bill format", or by an error whose first line is only
"CSV Error on Line: N". These checks run when that happens (and the cheap ones always), so the
error names the row and the problem.
"""

from __future__ import annotations

import codecs
import csv
import gzip
from pathlib import Path
from typing import Any

from finops_ai.errors import IngestError, first_line

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def refuse_utf16(path: Path, name: str) -> None:
    """Refuse UTF-16 text (Excel's "Unicode text", PowerShell's default) up front: neither the
    CSV nor the JSON readers take it, and their own errors would not say why."""
    try:
        with _open(path) as handle:
            head = handle.read(4)
    except (OSError, EOFError):
        return  # not gzip after all, or truncated: the readers say so
    if head.startswith(_UTF16_BOMS):
        raise IngestError(name, "is UTF-16 text; finops-ai reads UTF-8", "Save it as UTF-8")


def refuse_cut_row(path: Path, name: str) -> None:
    """Refuse an uncompressed CSV whose last row was cut off (a copy or download that stopped
    part way): no line end after it, and fewer fields than the header or an unclosed quote.
    Reads only the file's first line and its last 64 KB."""
    tail_size = 1 << 16
    with open(path, "rb") as handle:
        header = handle.readline(tail_size)
        size = handle.seek(0, 2)
        handle.seek(max(0, size - tail_size))
        tail = handle.read()
    if tail.endswith((b"\n", b"\r")) or (size > tail_size and b"\n" not in tail):
        return  # ends as a CSV does (or its last line is too long to judge)
    if size <= len(header):
        # Even a bill without charges has its header's line end.
        raise IngestError(
            name, "file is truncated: it ends inside its header row", "Copy or download it again"
        )
    last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
    expected = len(next(csv.reader([header.decode("utf-8-sig", "replace")]), []))
    fields = _fields(last)
    if fields is None or len(fields) < expected:
        _truncated(name, fields, expected)


def refuse_bad_rows(path: Path, compression: str, name: str) -> None:
    """Read the whole file with Python's csv module and refuse it at the first line that is not
    UTF-8, or the first row whose number of fields differs from the header's. Returns when
    neither is found (the caller then reports what DuckDB said)."""
    last = b""
    try:
        with _open(path, compression) as handle:
            for number, line in enumerate(handle, 1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise IngestError(
                        name,
                        f"line {number} is not UTF-8 text (byte {line[exc.start : exc.end]!r} "
                        f"at column {exc.start + 1})",
                        "Save it as UTF-8",
                    ) from None
                last = line
        with _open(path, compression, text=True) as handle:
            reader = csv.reader(handle)
            expected = len(next(reader, []))
            rows = iter(reader)
            for number, row in enumerate(rows, 1):
                if row and len(row) != expected:
                    line = reader.line_num
                    if next(rows, None) is None and not last.endswith((b"\n", b"\r")):
                        _truncated(name, row, expected)
                    raise IngestError(
                        name,
                        f"data row {number:,} (line {line:,}) has {len(row)} fields; "
                        f"the header has {expected}",
                    )
    except (OSError, EOFError, csv.Error):
        return  # a broken gzip stream or quoting: DuckDB's own message says more


def mixed_line_ends(path: Path, compression: str) -> bool:
    """Do some lines end in CRLF and others in a bare LF? Reads the first 1 MB."""
    try:
        with _open(path, compression) as handle:
            head: bytes = handle.read(1 << 20)
    except (OSError, EOFError):
        return False
    crlf = head.count(b"\r\n")
    return 0 < crlf < head.count(b"\n")


def duckdb_reason(exc: Exception) -> str:
    """DuckDB's CSV error in one line: its first line ("CSV Error on Line: 3") says where,
    a later one what."""
    lines = [line.strip() for line in str(exc).splitlines()]
    where = first_line(exc).removeprefix("Invalid Input Error: ")
    what = next((line for line in lines[1:] if line and not line.startswith("Original Line")), "")
    return f"{where}: {what}" if what and "CSV Error" in where else where


def _open(path: Path, compression: str | None = None, text: bool = False) -> Any:
    gzipped = compression == "gzip"
    if compression is None:
        with open(path, "rb") as handle:
            gzipped = handle.read(2) == b"\x1f\x8b"
    opener = gzip.open if gzipped else open
    if text:
        return opener(path, "rt", encoding="utf-8-sig", newline="")
    return opener(path, "rb")


def _fields(line: str) -> list[str] | None:
    """The fields of one CSV line, or None if it ends inside a quoted field."""
    try:
        return next(csv.reader([line], strict=True), [])
    except csv.Error:
        return None


def _truncated(name: str, fields: list[str] | None, expected: int) -> None:
    got = "an unclosed quote" if fields is None else f"{len(fields)} of {expected} fields"
    raise IngestError(
        name,
        f"file is truncated: its last row is cut off ({got}, no line end)",
        "Copy or download it again",
    )
