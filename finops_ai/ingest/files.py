"""Turn the paths a user gives into bill files we can read."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from finops_ai.errors import IngestError

# What a bill file can be named; anything else inside a folder is not a bill (manifests,
# READMEs, status markers AWS writes next to the data) and is passed over.
BILL_SUFFIXES = (".csv", ".csv.gz", ".csv.zip", ".parquet", ".json", ".json.gz")


@dataclass(frozen=True)
class BillFile:
    """One file to ingest. ``name`` is what the user knows it as (a path or an s3:// URI).

    ``delivery`` names the delivery the file is part of (a CUR assembly, a CUR 2.0 execution,
    an Azure export run, an S3 delivery folder's version), None for a loose file; ``manifest``
    is where that came from."""

    path: Path
    name: str
    source_version: str | None = None
    delivery: str | None = None
    manifest: str | None = None

    @property
    def location(self) -> str:
        """Where the file lives, the same however it was spelt: its URI, or its real path."""
        return self.name if "://" in self.name else os.path.realpath(self.name)


# OCI writes its FOCUS reports as ``FOCUS Reports/YYYY/MM/DD/<sequence>-<part>.csv.gz``, several
# a day: each file holds the charges one report run added to the month, never a restatement of
# it. The files under one "FOCUS Reports" folder are parts of one series, which add up whenever
# and however they are ingested (load/restate.py).
OCI_SERIES = "OCI FOCUS reports"
_OCI_REPORT = re.compile(r"^(?P<root>(?:.*/)?FOCUS Reports)/\d{4}/\d{2}/\d{2}/[^/]+$")


def oci_series(location: str) -> str | None:
    """The series of the OCI FOCUS report at ``location`` (a real path or a URI), named by its
    "FOCUS Reports" folder; None for a file outside that layout."""
    match = _OCI_REPORT.match(location.replace(os.sep, "/"))
    return f"{OCI_SERIES} {match['root']}" if match else None


def is_oci_series(delivery: str | None) -> bool:
    return delivery is not None and delivery.startswith(OCI_SERIES + " ")


def is_bill_name(name: str) -> bool:
    lower = name.lower()
    if "manifest" in lower and lower.endswith(".json"):
        return False
    return lower.endswith(BILL_SUFFIXES)


def expand_local(arg: str) -> list[BillFile]:
    """Files, folders (recursively, bill files only) and glob patterns -> sorted bill files."""
    # A path that exists is itself, even with a glob character in its name ("bill[1].csv").
    if any(ch in arg for ch in "*?[") and not os.path.lexists(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            raise IngestError(arg, "no file matches this pattern")
        return [f for m in matches for f in _expand_path(m)]
    return _expand_path(arg)


def _expand_path(arg: str) -> list[BillFile]:
    path = Path(arg)
    if path.is_dir():
        found = [
            BillFile(p, str(p))
            for p in sorted(path.rglob("*"))
            if p.is_file()
            and is_bill_name(p.name)
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]
        if not found:
            raise IngestError(arg, "folder holds no bill files (.csv, .csv.gz, .csv.zip, .parquet)")
        return found
    if path.is_file():
        return [BillFile(path, str(path))]
    raise IngestError(arg, "no such file or folder")


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def magic(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(4)


@contextlib.contextmanager
def readable(bill: BillFile) -> Iterator[Path]:
    """Yield a path DuckDB can read: zip archives are unpacked to a temporary file first."""
    if magic(bill.path)[:2] != b"PK":
        yield bill.path
        return
    try:
        with zipfile.ZipFile(bill.path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise IngestError(
                    bill.name, f"zip archive holds {len(members)} files; expected exactly one bill"
                )
            suffix = ".csv" if not members[0].lower().endswith(".parquet") else ".parquet"
            with tempfile.TemporaryDirectory(prefix="finops-ai-zip-") as tmp:
                target = Path(tmp) / f"bill{suffix}"
                with archive.open(members[0]) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                yield target
    except (zipfile.BadZipFile, EOFError) as exc:
        raise IngestError(bill.name, f"not a readable zip archive ({exc})") from exc
