"""Sample AI provider bills of "Acme Vision": OpenAI and Anthropic, 2026-07 to 2026-10.

``write_provider_samples(out_dir)`` writes saved API responses, gzip-compressed (mtime 0), one
file per month and report, paginated as the APIs paginate (7 daily buckets per page, the
default ``limit``):

- ``openai/costs/2026-MM.json.gz``              /v1/organization/costs by project, line item, key
- ``openai/usage-completions/2026-MM.json.gz``  /v1/organization/usage/completions
- ``openai/usage-embeddings/2026-MM.json.gz``   /v1/organization/usage/embeddings (weekdays only:
  weekend buckets have empty ``results``)
- ``anthropic/cost-report/2026-MM.json.gz``      /v1/organizations/cost_report by workspace and
  description (amounts: decimal strings in cents)
- ``anthropic/usage-messages/2026-MM.json.gz``   /v1/organizations/usage_report/messages

Inference grows about 20% a month; one OpenAI fine-tuning job (gpt-4.1-mini, 2026-09-14/15)
bills training tokens, and its fine-tuned model serves traffic from 2026-09-16. Costs are the
usage priced at the list prices of queries/ingest/provider_prices.sql, so estimates from usage
alone match the cost reports. Response shapes follow the OpenAI OpenAPI spec (real_bills
openai-openapi) and Anthropic's API reference; ids, line-item and description strings are
made up. Deterministic: one seeded random.Random, no wall clock.

Run ``python scripts/sample_providers.py [OUT_DIR]`` (default: sample_bills/).
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

SEED = 20261126
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10")
START = date(2026, 7, 1)
END = date(2026, 11, 1)
GROWTH_PER_MONTH = 0.20
PAGE = 7  # buckets per page: both APIs' default limit for daily buckets
REPO_ROOT = Path(__file__).resolve().parent.parent
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

# USD per 1M tokens (list prices, as in queries/ingest/provider_prices.sql)
OPENAI_PRICES = {
    "gpt-4.1-mini-2025-04-14": {"input": 0.40, "cached input": 0.10, "output": 1.60},
    "gpt-5-mini-2025-08-07": {"input": 0.25, "cached input": 0.025, "output": 2.00},
    "gpt-5-nano-2025-08-07": {"input": 0.05, "cached input": 0.005, "output": 0.40},
    "gpt-5-2025-08-07": {"input": 1.25, "cached input": 0.125, "output": 10.00},
    "text-embedding-3-small": {"input": 0.02},
}
FT_BASE = "gpt-4.1-mini-2025-04-14"
FT_MODEL = "ft:gpt-4.1-mini-2025-04-14:acme-vision::B7xK2q9L"
OPENAI_PRICES[FT_MODEL] = {"input": 0.80, "cached input": 0.20, "output": 3.20}
FT_TRAINING_PRICE = 5.00  # per 1M training tokens, gpt-4.1-mini
FT_DAYS = {date(2026, 9, 14): 62_000_000, date(2026, 9, 15): 58_000_000}  # training tokens
FT_SERVING_FROM = date(2026, 9, 16)

ANTHROPIC_PRICES = {  # input, 5m write, 1h write, cache read, output
    "claude-sonnet-4-5-20250929": (3.00, 3.75, 6.00, 0.30, 15.00),
    "claude-haiku-4-5-20251001": (1.00, 1.25, 2.00, 0.10, 5.00),
    "claude-opus-4-5-20251101": (5.00, 6.25, 10.00, 0.50, 25.00),
}
ANTHROPIC_NAMES = {
    "claude-sonnet-4-5-20250929": "Claude Sonnet 4.5",
    "claude-haiku-4-5-20251001": "Claude Haiku 4.5",
    "claude-opus-4-5-20251101": "Claude Opus 4.5",
}
WEB_SEARCH_PRICE = 10.00 / 1000  # per search


@dataclass(frozen=True)
class Stream:
    """A steady flow of requests: daily token volumes on a July weekday, before growth."""

    project: str  # OpenAI project / Anthropic workspace (None: the default workspace)
    key: str
    model: str
    tier: str  # OpenAI: default | batch; Anthropic: standard | batch
    uncached: int
    cached: int
    output: int
    write_5m: int = 0
    write_1h: int = 0
    image_share: float = 0.0  # part of uncached input that is image tokens (OpenAI)
    weekdays_only: bool = False
    web_searches: int = 0
    start: date = START


def _id(rng: random.Random, prefix: str, length: int) -> str:
    return prefix + "".join(rng.choice(ALNUM) for _ in range(length))


def _growth(day: date) -> float:
    return (1 + GROWTH_PER_MONTH) ** ((day - START).days / 30.44)


def _days():
    day = START
    while day < END:
        yield day
        day += timedelta(days=1)


def _unix(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _scale(rng: random.Random, stream: Stream, day: date) -> float:
    if day < stream.start or (stream.weekdays_only and day.weekday() >= 5):
        return 0.0
    weekend = 0.65 if day.weekday() >= 5 else 1.0
    return _growth(day) * weekend * rng.gauss(1.0, 0.06)


def _month_days(month: str) -> list[date]:
    return [d for d in _days() if f"{d:%Y-%m}" == month]


def _pages(buckets: list[dict], cursor_prefix: str, openai: bool) -> list[dict]:
    pages = []
    for i in range(0, len(buckets), PAGE):
        chunk = buckets[i : i + PAGE]
        more = i + PAGE < len(buckets)
        nxt = None
        if more:
            marker = buckets[i + PAGE]["start_time"] if openai else buckets[i + PAGE]["starting_at"]
            nxt = cursor_prefix + base64.b64encode(str(marker).encode()).decode()
        page = {"object": "page"} if openai else {}
        page.update({"data": chunk, "has_more": more, "next_page": nxt})
        pages.append(page)
    return pages


def _write(path: Path, pages: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(pages, separators=(",", ":")).encode()
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(data)


def _money(value: float, places: int) -> Decimal:
    return Decimal(repr(round(value, places)))


# ------------------------------------------------------------------------------------------
# OpenAI


def _openai(rng: random.Random, out: Path, summary: dict, truth: object | None) -> None:
    vision, search, research = (_id(rng, "proj_", 24) for _ in range(3))
    k_vision, k_vision_ft, k_search, k_research = (_id(rng, "key_", 16) for _ in range(4))
    streams = [
        Stream(
            vision,
            k_vision,
            "gpt-4.1-mini-2025-04-14",
            "default",
            180_000_000,
            60_000_000,
            25_000_000,
            image_share=0.65,
        ),
        Stream(
            vision,
            k_vision,
            "gpt-5-mini-2025-08-07",
            "default",
            80_000_000,
            40_000_000,
            20_000_000,
            image_share=0.4,
        ),
        Stream(
            search,
            k_search,
            "gpt-5-nano-2025-08-07",
            "default",
            300_000_000,
            100_000_000,
            30_000_000,
        ),
        Stream(
            research,
            k_research,
            "gpt-5-2025-08-07",
            "batch",
            40_000_000,
            0,
            8_000_000,
            weekdays_only=True,
        ),
        Stream(
            research, k_research, "gpt-5-2025-08-07", "default", 10_000_000, 5_000_000, 2_000_000
        ),
        Stream(
            vision,
            k_vision_ft,
            FT_MODEL,
            "default",
            30_000_000,
            10_000_000,
            5_000_000,
            image_share=0.5,
            start=FT_SERVING_FROM,
        ),
    ]
    embeddings = Stream(
        search, k_search, "text-embedding-3-small", "default", 900_000_000, 0, 0, weekdays_only=True
    )
    for month in MONTHS:
        cost_buckets, usage_buckets, emb_buckets = [], [], []
        billed = Decimal(0)
        for day in _month_days(month):
            start, end = _unix(day), _unix(day + timedelta(days=1))
            costs, usage = [], []
            for s in streams:
                f = _scale(rng, s, day)
                if f <= 0:
                    continue
                uncached, cached, output = (round(v * f) for v in (s.uncached, s.cached, s.output))
                image = round(uncached * s.image_share)
                usage.append(_completions_result(s, uncached, cached, output, image))
                batch = s.tier == "batch"
                prices = OPENAI_PRICES[s.model]
                for kind, tokens in (
                    ("input", uncached),
                    ("cached input", cached),
                    ("output", output),
                ):
                    if not tokens:
                        continue
                    amount = tokens / 1e6 * prices[kind] * (0.5 if batch else 1.0)
                    line = f"{s.model}, {'batch ' if batch else ''}{kind}"
                    costs.append(_cost_result(amount, line, s.project, s.key, tokens))
                    _truth(
                        truth,
                        "OpenAI",
                        line,
                        "inference",
                        "openai-fine-tuned-model-tokens"
                        if s.model == FT_MODEL
                        else "openai-batch-tokens"
                        if batch
                        else "openai-api-tokens",
                    )
            f = _scale(rng, embeddings, day)
            emb = []
            if f > 0:
                tokens = round(embeddings.uncached * f)
                emb.append(
                    {
                        "object": "organization.usage.embeddings.result",
                        "input_tokens": tokens,
                        "num_model_requests": round(tokens / 2400),
                        "project_id": search,
                        "user_id": None,
                        "api_key_id": k_search,
                        "model": embeddings.model,
                    }
                )
                line = f"{embeddings.model}, input"
                costs.append(_cost_result(tokens / 1e6 * 0.02, line, search, k_search, tokens))
                _truth(truth, "OpenAI", line, "inference", "openai-embeddings")
            if day in FT_DAYS:
                tokens = FT_DAYS[day]
                line = f"{FT_BASE}, training"
                costs.append(
                    _cost_result(
                        tokens / 1e6 * FT_TRAINING_PRICE, line, research, k_research, tokens
                    )
                )
                _truth(truth, "OpenAI", line, "training", "openai-fine-tuning-job")
            billed += sum(Decimal(repr(c["amount"]["value"])) for c in costs)
            base = {"object": "bucket", "start_time": start, "end_time": end}
            cost_buckets.append({**base, "results": costs})
            usage_buckets.append({**base, "results": usage})
            emb_buckets.append({**base, "results": emb})
        _write(
            out / "openai" / "costs" / f"{month}.json.gz",
            _pages(cost_buckets, "page_", openai=True),
        )
        _write(
            out / "openai" / "usage-completions" / f"{month}.json.gz",
            _pages(usage_buckets, "page_", openai=True),
        )
        _write(
            out / "openai" / "usage-embeddings" / f"{month}.json.gz",
            _pages(emb_buckets, "page_", openai=True),
        )
        summary[f"openai-{month}"] = {
            "rows": sum(len(b["results"]) for b in cost_buckets),
            "billed_usd": str(billed),
        }


def _completions_result(s: Stream, uncached: int, cached: int, output: int, image: int) -> dict:
    text = uncached - image
    cached_image = round(cached * s.image_share)
    return {
        "object": "organization.usage.completions.result",
        "input_tokens": uncached + cached,
        "input_cached_tokens": cached,
        "input_cache_write_tokens": 0,
        "input_uncached_tokens": uncached,
        "output_tokens": output,
        "input_text_tokens": text,
        "output_text_tokens": output,
        "input_cached_text_tokens": cached - cached_image,
        "input_audio_tokens": 0,
        "input_cached_audio_tokens": 0,
        "output_audio_tokens": 0,
        "input_image_tokens": image,
        "input_cached_image_tokens": cached_image,
        "output_image_tokens": 0,
        "num_model_requests": max(1, round((uncached + cached) / 3100)),
        "project_id": s.project,
        "user_id": None,
        "api_key_id": s.key,
        "model": s.model,
        "batch": s.tier == "batch",
        "service_tier": "default",
    }


def _cost_result(amount: float, line: str, project: str, key: str, tokens: int) -> dict:
    return {
        "object": "organization.costs.result",
        "amount": {"value": round(amount, 8), "currency": "usd"},
        "line_item": line,
        "project_id": project,
        "api_key_id": key,
        "quantity": tokens,
        "quantity_unit": "tokens",
    }


# ------------------------------------------------------------------------------------------
# Anthropic


def _anthropic(rng: random.Random, out: Path, summary: dict, truth: object | None) -> None:
    support, research = (_id(rng, "wrkspc_01", 24) for _ in range(2))
    k_app, k_support, k_research = (_id(rng, "apikey_01", 24) for _ in range(3))
    streams = [
        Stream(
            None,
            k_app,
            "claude-sonnet-4-5-20250929",
            "standard",
            20_000_000,
            60_000_000,
            3_000_000,
            write_5m=4_000_000,
            web_searches=300,
        ),
        Stream(
            support,
            k_support,
            "claude-haiku-4-5-20251001",
            "standard",
            30_000_000,
            80_000_000,
            4_000_000,
            write_5m=5_000_000,
        ),
        Stream(
            research,
            k_research,
            "claude-opus-4-5-20251101",
            "batch",
            6_000_000,
            0,
            1_500_000,
            write_1h=1_000_000,
            weekdays_only=True,
        ),
    ]
    for month in MONTHS:
        cost_buckets, usage_buckets = [], []
        billed = Decimal(0)
        for day in _month_days(month):
            start = f"{day:%Y-%m-%d}T00:00:00Z"
            end = f"{day + timedelta(days=1):%Y-%m-%d}T00:00:00Z"
            costs, usage = [], []
            for s in streams:
                f = _scale(rng, s, day)
                if f <= 0:
                    continue
                tokens = {
                    "uncached_input_tokens": round(s.uncached * f),
                    "cache_creation.ephemeral_5m_input_tokens": round(s.write_5m * f),
                    "cache_creation.ephemeral_1h_input_tokens": round(s.write_1h * f),
                    "cache_read_input_tokens": round(s.cached * f),
                    "output_tokens": round(s.output * f),
                }
                searches = round(s.web_searches * f)
                usage.append(
                    {
                        "uncached_input_tokens": tokens["uncached_input_tokens"],
                        "cache_creation": {
                            "ephemeral_1h_input_tokens": tokens[
                                "cache_creation.ephemeral_1h_input_tokens"
                            ],
                            "ephemeral_5m_input_tokens": tokens[
                                "cache_creation.ephemeral_5m_input_tokens"
                            ],
                        },
                        "cache_read_input_tokens": tokens["cache_read_input_tokens"],
                        "output_tokens": tokens["output_tokens"],
                        "server_tool_use": {"web_search_requests": searches},
                        "api_key_id": s.key,
                        "workspace_id": s.project,
                        "model": s.model,
                        "service_tier": s.tier,
                        "context_window": None,
                        "inference_geo": None,
                    }
                )
                prices = dict(zip(tokens, ANTHROPIC_PRICES[s.model], strict=True))
                label = {
                    "uncached_input_tokens": "Input Tokens",
                    "cache_creation.ephemeral_5m_input_tokens": "Cache Write (5m) Tokens",
                    "cache_creation.ephemeral_1h_input_tokens": "Cache Write (1h) Tokens",
                    "cache_read_input_tokens": "Cache Read Tokens",
                    "output_tokens": "Output Tokens",
                }
                name = ANTHROPIC_NAMES[s.model] + (" Batch" if s.tier == "batch" else "")
                for token_type, count in tokens.items():
                    if not count:
                        continue
                    dollars = count / 1e6 * prices[token_type] * (0.5 if s.tier == "batch" else 1)
                    description = f"{name} Usage - {label[token_type]}"
                    costs.append(
                        {
                            "currency": "USD",
                            "amount": f"{round(dollars * 100, 5):.5f}",
                            "workspace_id": s.project,
                            "description": description,
                            "cost_type": "tokens",
                            "context_window": "0-200k",
                            "model": s.model,
                            "service_tier": s.tier,
                            "token_type": token_type,
                            "inference_geo": None,
                        }
                    )
                    _truth(
                        truth,
                        "Anthropic",
                        description,
                        "inference",
                        "anthropic-batch-tokens" if s.tier == "batch" else "anthropic-api-tokens",
                    )
                if searches:
                    description = "Web Search Usage"
                    costs.append(
                        {
                            "currency": "USD",
                            "amount": f"{round(searches * WEB_SEARCH_PRICE * 100, 5):.5f}",
                            "workspace_id": s.project,
                            "description": description,
                            "cost_type": "web_search",
                            "context_window": None,
                            "model": None,
                            "service_tier": None,
                            "token_type": None,
                            "inference_geo": None,
                        }
                    )
                    _truth(truth, "Anthropic", description, "inference", "anthropic-web-search")
            billed += sum(Decimal(c["amount"]) for c in costs) / 100
            cost_buckets.append({"starting_at": start, "ending_at": end, "results": costs})
            usage_buckets.append({"starting_at": start, "ending_at": end, "results": usage})
        _write(
            out / "anthropic" / "cost-report" / f"{month}.json.gz",
            _pages(cost_buckets, "page_", openai=False),
        )
        _write(
            out / "anthropic" / "usage-messages" / f"{month}.json.gz",
            _pages(usage_buckets, "page_", openai=False),
        )
        summary[f"anthropic-{month}"] = {
            "rows": sum(len(b["results"]) for b in cost_buckets),
            "billed_usd": str(billed),
        }


def _truth(truth: object | None, provider: str, key: str, cls: str, scenario: str) -> None:
    """Ground truth for make_sample_bills.py's Truth: what the classifier should call it."""
    if truth is not None:
        truth.add(provider, "ChargeDescription", key, cls, scenario, "daily")


def write_provider_samples(out_dir: Path, truth: object | None = None) -> dict:
    """Write the OpenAI and Anthropic samples under ``out_dir``; return per-month summaries
    ({name: {"rows": cost results, "billed_usd": text}}). ``truth``, if given, gets one
    ``add(provider, "ChargeDescription", key, class, scenario, "daily")`` per billed line."""
    out = Path(out_dir)
    summary: dict = {}
    _openai(random.Random(f"{SEED}/openai"), out, summary, truth)
    _anthropic(random.Random(f"{SEED}/anthropic"), out, summary, truth)
    assert math.isfinite(sum(float(v["billed_usd"]) for v in summary.values()))
    return summary


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "sample_bills"
    for name, info in write_provider_samples(target).items():
        print(f"{name}: {info['rows']} rows, {info['billed_usd']} USD")
