"""Orchestration across layers: sources -> ingest -> warehouse, in one atomic write."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from finops_ai.ingest.files import BillFile, expand_local
from finops_ai.resources import load_query
from finops_ai.warehouse import db
from finops_ai.warehouse.load import LoadResult, load_files


def ingest_sources(
    warehouse: Path,
    sources: list[str],
    *,
    fmt: str = "auto",
    profile: str | None = None,
    endpoint_url: str | None = None,
    storage_version: str = db.DEFAULT_STORAGE_VERSION,
    report: Callable[[str], None] = lambda _msg: None,
) -> LoadResult:
    """Ingest local paths and s3:// URIs into ``warehouse`` as one load; all or nothing."""
    local: list[BillFile] = []
    for source in sources:
        if not source.startswith("s3://"):
            local.extend(expand_local(source))
    remote = [s for s in sources if s.startswith("s3://")]
    with (
        tempfile.TemporaryDirectory(prefix="finops-ai-s3-") as tmp,
        db.write(warehouse, storage_version) as session,
    ):
        bills = list(local)
        if remote:
            from finops_ai.ingest import s3

            def is_loaded(version: str) -> bool:
                rows = session.con.execute(
                    load_query("load/version_current"), {"version": version}
                ).fetchall()
                return bool(rows[0][0])

            for uri in remote:
                bills.extend(
                    s3.fetch_bills(
                        uri,
                        Path(tmp),
                        is_loaded=is_loaded,
                        profile=profile,
                        endpoint_url=endpoint_url,
                        report=report,
                    )
                )
        return load_files(
            session, bills, fmt=fmt, command="ingest " + " ".join(sources), report=report
        )
