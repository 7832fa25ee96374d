"""CSV files as the providers deliver them: gzip."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv


def write_csv_gz(table: pa.Table, target: Path) -> None:
    """CSV, gzip (level 1: the files are rewritten on every run, and level 9 is 4x slower)."""
    buffer = pa.BufferOutputStream()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(quoting_style="needed"))
    with gzip.open(target, "wb", compresslevel=1) as out:
        out.write(buffer.getvalue().to_pybytes())
