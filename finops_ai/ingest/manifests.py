"""The delivery a local bill file belongs to, read from the manifest the exporter wrote beside it.

A delivery is what a restatement replaces whole: AWS legacy CUR's assembly (``assemblyId``,
files in ``reportKeys``), a CUR 2.0 / Data Exports execution (``executionId`` or
``deliveryId``, files in ``dataFiles``), an Azure Cost Management export run
(``runInfo.runId``, files in ``blobs[].blobName``). The parts of one delivery add up; a newer
one replaces the older whole (load/restate.py). A file no manifest lists has no delivery.

Manifests are looked for where the exporters write them: in the file's folder and its parent
(legacy CUR keeps one per period and a copy per assembly; Azure one per run), and for CUR 2.0 in
``<export>/metadata/BILLING_PERIOD=YYYY-MM/`` beside ``<export>/data/BILLING_PERIOD=YYYY-MM/``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from finops_ai.errors import IngestError
from finops_ai.ingest.files import BillFile, oci_series

_CUR2_DATA = re.compile(r"^BILLING_PERIOD=\d{4}-\d{2}$")


@dataclass(frozen=True)
class Manifest:
    path: Path
    delivery: str  # "assembly <id>", "execution <id>", "run <id>", or "manifest <sha256>"
    entries: frozenset[tuple[str, ...]]  # each listed file as its last one or two path parts

    def lists(self, path: Path) -> bool:
        # Keys are bucket paths, not local ones: match the file name and the folder holding it
        # (the assembly, execution or run folder, or the period folder in overwrite layouts).
        parts = path.resolve().parts
        return parts[-2:] in self.entries or parts[-1:] in self.entries


def with_deliveries(bills: list[BillFile]) -> list[BillFile]:
    """``bills`` with the delivery of each one a manifest lists, or the OCI FOCUS report series
    of one in that layout (files.oci_series). Raises IngestError for a manifest that is not
    valid JSON."""
    cache: dict[Path, Manifest | None] = {}
    folders: dict[Path, list[Path]] = {}
    out = []
    for bill in bills:
        listing = (_read(p, cache) for p in _candidates(bill.path, folders))
        found = next((m for m in listing if m and m.lists(bill.path)), None)
        if found:
            out.append(replace(bill, delivery=found.delivery, manifest=str(found.path)))
        else:
            out.append(replace(bill, delivery=oci_series(bill.location)))
    return out


def _candidates(path: Path, listed: dict[Path, list[Path]]) -> list[Path]:
    path = path.resolve()
    folders = [path.parent, path.parent.parent]
    # CUR 2.0: <export>/data/BILLING_PERIOD=YYYY-MM/[<execution>/]<file>
    period = next((p for p in path.parents[:2] if _CUR2_DATA.match(p.name)), None)
    if period is not None and period.parent.name == "data":
        folders.append(period.parent.parent / "metadata" / period.name)
    found: list[Path] = []
    for folder in dict.fromkeys(folders):
        if folder not in listed:
            listed[folder] = (
                sorted(
                    p
                    for p in folder.iterdir()
                    if p.name.lower().endswith("manifest.json") and p.is_file()
                )
                if folder.is_dir()
                else []
            )
        found += listed[folder]
    return found


def _read(path: Path, cache: dict[Path, Manifest | None]) -> Manifest | None:
    if path not in cache:
        cache[path] = parse(path.read_bytes(), str(path), path)
    return cache[path]


def parse(body: bytes, name: str, path: Path | None = None) -> Manifest | None:
    """A CUR, CUR 2.0 or Azure export manifest; None for JSON of another shape."""
    try:
        doc = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(name, f"manifest is not valid JSON ({exc})") from exc
    if not isinstance(doc, dict):
        return None
    blobs = doc.get("blobs")
    listed = doc.get("dataFiles", doc.get("reportKeys"))
    if isinstance(blobs, list) and isinstance(doc.get("runInfo"), dict):
        entries = [b.get("blobName") for b in blobs if isinstance(b, dict)]
        ident, kind = doc["runInfo"].get("runId"), "run"
    elif isinstance(doc.get("reportKeys"), list) and doc.get("assemblyId"):
        entries, ident, kind = doc["reportKeys"], doc["assemblyId"], "assembly"
    elif isinstance(listed, list):
        entries = listed
        ident, kind = doc.get("executionId") or doc.get("deliveryId"), "execution"
    else:
        return None
    if not ident or not isinstance(ident, str):
        # Without an id the manifest itself marks the delivery: it is rewritten by each one.
        ident, kind = hashlib.sha256(body).hexdigest()[:32], "manifest"
    parts = frozenset(
        PurePosixPath(re.sub(r"^s3://[^/]+/", "", e).lstrip("/")).parts[-2:]
        for e in entries
        if isinstance(e, str) and e.strip()
    )
    return Manifest(path or Path(name), f"{kind} {ident}", parts)
