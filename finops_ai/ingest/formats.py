"""Every bill format finops-ai reads, in one list: how each is told from its columns, how it is
read, which query maps it to FOCUS line items, and whether ``--format`` may force it.

Who reads this list: ingest/detect.py takes the first format whose ``matches`` a file's layout
passes (so the order is the order of precedence); load/bills.py reads a file the way its entry
says; the CLI's ``ingest --format`` and the config's ``ingest.format`` offer CHOICES. Adding a
format is a module in ingest/ (its columns, its ``matches`` test, its projection or reader), its
mapping query in queries/ingest/, and one entry here (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from finops_ai.ingest import aws_cur, azure_native, focus, gcp_native
from finops_ai.ingest.columns import Projected
from finops_ai.ingest.files import BillFile
from finops_ai.ingest.layout import Layout

if TYPE_CHECKING:
    import duckdb

    from finops_ai.ingest.ai_provider import ProviderBatch

# (connection, layout, path, file) -> (the projection its mapping reads as src, x_SourceFormat).
# The connection is for a format that must look at its rows first (Azure: actual or amortized).
Project = Callable[["duckdb.DuckDBPyConnection", Layout, Path, BillFile], tuple[Projected, str]]


@dataclass(frozen=True)
class CloudBill:
    """A bill DuckDB reads (CSV or Parquet): projected onto the columns its mapping query reads
    as ``src``, then mapped to line items in SQL, in one INSERT."""

    name: str  # what detect answers and --format / ingest.format accept
    matches: Callable[[Layout], bool]  # are these this format's columns?
    project: Project  # -> src and x_SourceFormat of its rows ("aws-cur", "focus-1.2")
    mapping: str  # queries/ name: src (and service_categories) -> line items
    choice: bool = True  # may --format force it on a file


@dataclass(frozen=True)
class ProviderData:
    """An AI provider's usage or cost data, parsed in Python into ProviderBatches, each naming
    its own mapping query (ingest/ai_provider.py); their windows replace older rows
    (load/providers.py)."""

    name: str
    matches: Callable[[Layout], bool]
    read: Callable[[Path, str], list[ProviderBatch]]  # (path, file name) -> batches
    choice: bool = False  # detected from the file; --format cannot force it


BillFormat = CloudBill | ProviderData


def _focus(
    _con: duckdb.DuckDBPyConnection, layout: Layout, path: Path, bill: BillFile
) -> tuple[Projected, str]:
    return focus.project_focus(layout, path, bill.name), focus.source_format(layout)


def _cur(
    _con: duckdb.DuckDBPyConnection, layout: Layout, path: Path, bill: BillFile
) -> tuple[Projected, str]:
    return aws_cur.project_cur(layout, path, bill.name), "aws-cur"


def _cur2(
    _con: duckdb.DuckDBPyConnection, layout: Layout, path: Path, bill: BillFile
) -> tuple[Projected, str]:
    return aws_cur.project_cur(layout, path, bill.name), "aws-cur2"


def _azure(layout: Layout) -> bool:
    return azure_native.is_cost_details(set(layout.names()))


def _gcp(layout: Layout) -> bool:
    return gcp_native.is_billing_export(set(layout.names()))


def _gcp_project(
    _con: duckdb.DuckDBPyConnection, layout: Layout, path: Path, bill: BillFile
) -> tuple[Projected, str]:
    return gcp_native.project_gcp(layout, path, bill.name), "gcp-billing"


# openai.py, anthropic.py and provider_json.py import pyarrow, a third of a second; the CLI
# reads CHOICES as it starts, so these are imported only when a file is detected or read.
def _openai_csv(layout: Layout) -> bool:
    from finops_ai.ingest import openai

    return openai.is_csv_export(layout)


def _read_openai_csv(path: Path, name: str) -> list[ProviderBatch]:
    from finops_ai.ingest import openai

    return openai.read_csv_export(path, name)


def _anthropic_csv(layout: Layout) -> bool:
    from finops_ai.ingest import anthropic

    return anthropic.is_csv_export(layout)


def _read_anthropic_csv(path: Path, name: str) -> list[ProviderBatch]:
    from finops_ai.ingest import anthropic

    return anthropic.read_csv_export(path, name)


def _provider_json(layout: Layout) -> bool:
    return layout.kind == "json"  # the providers' saved responses; provider_json.py reads them


def _read_provider_json(path: Path, name: str) -> list[ProviderBatch]:
    from finops_ai.ingest import provider_json

    return provider_json.read(path, name)


# In order of precedence: a file with both FOCUS and CUR columns is FOCUS.
FORMATS: tuple[BillFormat, ...] = (
    CloudBill(
        name="focus",
        matches=focus.matches,
        project=_focus,
        mapping="ingest/focus_to_focus",
    ),
    CloudBill(
        name="cur",
        matches=aws_cur.is_cur,
        project=_cur,
        mapping="ingest/cur_to_focus",
    ),
    CloudBill(
        name="cur2",
        matches=aws_cur.is_cur2,
        project=_cur2,
        mapping="ingest/cur_to_focus",
    ),
    ProviderData(name="openai-csv", matches=_openai_csv, read=_read_openai_csv),
    ProviderData(name="anthropic-csv", matches=_anthropic_csv, read=_read_anthropic_csv),
    # Native cloud exports, for teams that have them before FOCUS (docs/schema.md).
    CloudBill(
        name="azure-cost",
        matches=_azure,
        project=azure_native.project_azure,
        mapping="ingest/azure_to_focus",
    ),
    CloudBill(
        name="gcp-billing",  # CSV, or JSON as BigQuery writes it (layout.sniff reads its keys)
        matches=_gcp,
        project=_gcp_project,
        mapping="ingest/gcp_to_focus",
    ),
    ProviderData(name="provider-json", matches=_provider_json, read=_read_provider_json),
)

# `ingest --format` and the config's ingest.format: auto (detect), or a format to force.
CHOICES: tuple[str, ...] = ("auto", *sorted(f.name for f in FORMATS if f.choice))

# What the one-line error for a file in no known format says finops-ai reads.
READS = (
    "AWS CUR (legacy and 2.0), FOCUS exports, Azure cost details, Google Cloud Billing exports "
    "and OpenAI/Anthropic usage and cost exports"
)


def named(name: str) -> BillFormat | None:
    """The format called ``name`` (a --format value), or None."""
    return next((f for f in FORMATS if f.name == name), None)
