"""Tell a bill's format from its columns (never from its file name): the first format of the
registry (ingest/formats.py) whose test the file's layout passes."""

from __future__ import annotations

from finops_ai.errors import IngestError, UnknownFormatError
from finops_ai.ingest import formats
from finops_ai.ingest.formats import BillFormat
from finops_ai.ingest.layout import Layout


def detect(layout: Layout, name: str) -> BillFormat:
    """The format of a file with this layout, or an UnknownFormatError naming its columns."""
    for fmt in formats.FORMATS:
        if fmt.matches(layout):
            return fmt
    sample = ", ".join(list(layout.columns)[:6])
    raise UnknownFormatError(
        name,
        f"unknown bill format (columns: {sample}{', ...' if len(layout.columns) > 6 else ''})",
        f"finops-ai reads {formats.READS}; pass --format to force a cloud bill format",
    )


def format_of(layout: Layout, name: str, forced: str = "auto") -> BillFormat:
    """The format to read the file as: detected, or ``forced`` (a --format value)."""
    if forced == "auto":
        return detect(layout, name)
    fmt = formats.named(forced)
    if fmt is None:
        raise IngestError(name, f"unknown --format {forced!r}")
    return fmt
