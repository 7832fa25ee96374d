"""Saved responses of the AI providers' admin APIs: whose they are, and their batches.

One registry entry (``provider-json`` in ingest/formats.py) covers both providers' saved
responses: a file's JSON has no columns to tell them apart, its buckets do (ai_provider.py).
"""

from __future__ import annotations

from pathlib import Path

from finops_ai.errors import IngestError
from finops_ai.ingest import ai_provider, anthropic, openai
from finops_ai.ingest.ai_provider import ProviderBatch


def read(path: Path, name: str) -> list[ProviderBatch]:
    """The batches of a saved response of OpenAI's or Anthropic's usage or cost API."""
    pages = ai_provider.read_pages(path, name)
    provider = ai_provider.page_provider(pages)
    if provider == "OpenAI":
        return openai.batches_from_pages(pages, name)
    if provider == "Anthropic":
        return anthropic.batches_from_pages(pages, name)
    if not any(page["data"] for page in pages):
        return []  # a page of no buckets: nothing to ingest
    raise IngestError(
        name,
        "JSON pages whose buckets have neither start_time (OpenAI) nor starting_at (Anthropic)",
        "finops-ai reads saved responses of the OpenAI and Anthropic usage and cost APIs",
    )
