"""Inference unit economics, prompt caching, batch share and the token savings levers (issue 17 §2).

Every expected figure is worked out here from the raw sample files (CUR and CUR 2.0 for AWS, the
Azure FOCUS export, the OpenAI and Anthropic API responses) and from the real public AI examples
in tests/data/real_bills/, read with csv, json and DuckDB's Parquet reader, never through the
ingest SQL: the model, token type and tier of each usage type and meter come from the tables
below, written from the strings AWS's price list and Azure's price sheet use, and the formulas
are docs/report.md's.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tests.conftest import REAL_BILLS, SAMPLE_BILLS, invoke, query
from tests.test_report_fixtures import sample  # noqa: F401

# The providers' usage fields (docs/providers.md) and the whole-token rounding, as the token
# dimension's tests write them from the published API references.
from tests.test_token_dimension import ANTHROPIC_FIELDS as ANTHROPIC_USAGE
from tests.test_token_dimension import OPENAI_FIELDS as OPENAI_USAGE
from tests.test_token_dimension import count

MONTH = "2026-10"
MONTHS = ("2026-08", "2026-09", "2026-10")  # the report month and the two before it
CENT = Decimal("0.01")
Key = tuple[str, str | None, str, str]  # provider, model, token type, tier

# AWS price list usage types of the sample's Bedrock token rows: (model, token type, tier).
BEDROCK = {
    "USE1-Claude4Sonnet-cache-read-input-token-count-cross-region-global": (
        "Claude4Sonnet",
        "cache_read",
        "standard",
    ),
    "USE1-Claude4Sonnet-cache-write-input-token-count-cross-region-global": (
        "Claude4Sonnet",
        "cache_write",
        "standard",
    ),
    "USE1-Claude4Sonnet-input-tokens-cross-region-global": ("Claude4Sonnet", "input", "standard"),
    "USE1-Claude4Sonnet-output-tokens-cross-region-global": ("Claude4Sonnet", "output", "standard"),
    "USE1-Llama3-3-70B-input-tokens": ("Llama3-3-70B", "input", "standard"),
    "USE1-Llama3-3-70B-output-tokens": ("Llama3-3-70B", "output", "standard"),
    "USE1-NovaLite-input-tokens-custom-model": ("NovaLite", "input", "custom_model"),
    "USE1-NovaLite-output-tokens-custom-model": ("NovaLite", "output", "custom_model"),
    "USE1-NovaPro-cache-read-input-token-count": ("NovaPro", "cache_read", "standard"),
    "USE1-NovaPro-input-tokens": ("NovaPro", "input", "standard"),
    "USE1-NovaPro-input-tokens-batch": ("NovaPro", "input", "batch"),
    "USE1-NovaPro-output-tokens": ("NovaPro", "output", "standard"),
    "USE1-NovaPro-output-tokens-batch": ("NovaPro", "output", "batch"),
    "USE1-TitanEmbeddingsV2-Text-input-tokens": ("TitanEmbeddingsV2-Text", "embedding", "standard"),
}
# Marketplace usage types: the token type; the model is the product name
# ("Claude 3 Haiku (Amazon Bedrock Edition)").
MARKETPLACE = {
    "USE1-MP:USE1_InputTokenCount-Units": "input",
    "USE1-MP:USE1_OutputTokenCount-Units": "output",
    "USE1-MP:USE1_CacheReadInputTokenCount-Units": "cache_read",
    "USE1-MP:USE1_CacheWriteInputTokenCount-Units": "cache_write",
}
# Azure OpenAI meters (x_SkuMeterName) as Azure's price sheet spells them.
AZURE = {
    "gpt-4o-0806-Inp-glbl Tokens": ("gpt-4o-0806", "input", "standard"),
    "gpt-4o-0806-Outp-glbl Tokens": ("gpt-4o-0806", "output", "standard"),
    "gpt 4o 0806 cached Inp glbl Tokens": ("gpt-4o-0806", "cache_read", "standard"),
    "gpt-4o-mini-0718-Inp-glbl Tokens": ("gpt-4o-mini-0718", "input", "standard"),
    "gpt-4o-mini-0718-Outp-glbl Tokens": ("gpt-4o-mini-0718", "output", "standard"),
    "gpt-4o-mini-0718-Batch-Inp-glbl Tokens": ("gpt-4o-mini-0718", "input", "batch"),
    "gpt-4o-mini-0718-Batch-Outp-glbl Tokens": ("gpt-4o-mini-0718", "output", "batch"),
}
OPENAI_COST = {"input": "input", "cached input": "cache_read", "output": "output"}


def cents(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


class Totals:
    """(provider, model, token type, tier) -> tokens (None: no row counts them) and dollars."""

    def __init__(self) -> None:
        self.tokens: dict[Key, int | None] = {}
        self.cost: dict[Key, Decimal] = defaultdict(Decimal)

    def add(self, key: Key, tokens: int | None, cost: Decimal) -> None:
        if tokens is not None:
            self.tokens[key] = (self.tokens.get(key) or 0) + tokens
        else:
            self.tokens.setdefault(key, None)
        self.cost[key] += cost

    def per_million(self, key: Key) -> float | None:
        tokens = self.tokens[key]
        return float(self.cost[key]) / tokens * 1e6 if tokens else None


# --- the raw sample files, one month at a time ----------------------------------------------


def _aws_rows(month: str) -> list[tuple]:
    """(usage type, line item type, amount, unit, description, cost, product name)."""
    if month >= "2026-09":
        (path,) = (SAMPLE_BILLS / "aws" / "cur2").rglob(f"BILLING_PERIOD={month}/*.parquet")
        return (
            duckdb.connect()
            .execute(
                "SELECT line_item_usage_type, line_item_line_item_type, "
                "CAST(line_item_usage_amount AS VARCHAR), pricing_unit, "
                "line_item_line_item_description, CAST(line_item_unblended_cost AS VARCHAR), "
                "product['product_name'] FROM read_parquet($p)",
                {"p": str(path)},
            )
            .fetchall()
        )
    rows = []
    (path,) = (SAMPLE_BILLS / "aws" / "cur").rglob(f"{month.replace('-', '')}01-*/*.csv.gz")
    with gzip.open(path, "rt", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append(
                (
                    r["lineItem/UsageType"],
                    r["lineItem/LineItemType"],
                    r["lineItem/UsageAmount"],
                    r["pricing/unit"],
                    r["lineItem/LineItemDescription"],
                    r["lineItem/UnblendedCost"],
                    r["product/ProductName"],
                )
            )
    return rows


def _tokens_per_unit(unit: str, description: str) -> int:
    """Bedrock units: "1K tokens"; Marketplace "Units" name the real unit in the description's
    third | field ("CacheReadInputTokenCount per 1K tokens", "Input tokens (thousands)")."""
    if unit == "Units":
        unit = description.split("|")[2]
    if "1K" in unit or "thousands" in unit:
        return 1000
    raise AssertionError(f"unit not read: {unit!r} {description!r}")


def add_aws(totals: Totals, month: str) -> None:
    for usage_type, line_type, amount, unit, description, cost, product in _aws_rows(month):
        if line_type != "Usage" or "token" not in (usage_type or "").lower():
            continue
        if usage_type in MARKETPLACE:
            model = product.removesuffix(" (Amazon Bedrock Edition)")
            key: Key = ("AWS", model, MARKETPLACE[usage_type], "standard")
        else:
            assert usage_type in BEDROCK, (
                f"a token usage type this test does not know: {usage_type}"
            )
            key = ("AWS", *BEDROCK[usage_type])
        tokens = count(Decimal(amount) * _tokens_per_unit(unit, description))
        totals.add(key, tokens, Decimal(cost))


def add_azure(totals: Totals, month: str) -> None:
    path = SAMPLE_BILLS / "azure" / "focus" / f"acme-focus-{month}.csv.gz"
    with gzip.open(path, "rt", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["ConsumedUnit"] != "Tokens":
                continue
            meter = r["x_SkuMeterName"]
            assert meter in AZURE, f"a token meter this test does not know: {meter}"
            totals.add(
                ("Microsoft", *AZURE[meter]),
                count(Decimal(r["ConsumedQuantity"])),
                Decimal(r["EffectiveCost"]),
            )


def _results(path: Path) -> list[dict]:
    return [
        result
        for page in json.loads(gzip.decompress(path.read_bytes()))
        for bucket in page["data"]
        for result in bucket["results"]
    ]


def _openai_tier(model: str, batch: bool) -> str:
    return "custom_model" if model.startswith("ft:") else "batch" if batch else "standard"


def add_openai(totals: Totals, month: str) -> None:
    folder = SAMPLE_BILLS / "openai"
    for r in _results(folder / "usage-completions" / f"{month}.json.gz"):
        for field, token_type in OPENAI_USAGE.items():
            if r[field]:
                key: Key = ("OpenAI", r["model"], token_type, _openai_tier(r["model"], r["batch"]))
                totals.add(key, r[field], Decimal(0))
    for r in _results(folder / "usage-embeddings" / f"{month}.json.gz"):
        totals.add(("OpenAI", r["model"], "embedding", "standard"), r["input_tokens"], Decimal(0))
    for r in _results(folder / "costs" / f"{month}.json.gz"):
        model, kind = r["line_item"].rsplit(", ", 1)
        if kind == "training":
            continue  # fine-tuning is training, not inference
        batch = kind.startswith("batch ")
        token_type = (
            "embedding" if "embedding" in model else OPENAI_COST[kind.removeprefix("batch ")]
        )
        key = ("OpenAI", model, token_type, _openai_tier(model, batch))
        # the cost report's quantity is not counted: the usage reports count the tokens
        totals.add(key, None, Decimal(repr(r["amount"]["value"])))


def add_anthropic(totals: Totals, month: str) -> None:
    folder = SAMPLE_BILLS / "anthropic"
    for r in _results(folder / "usage-messages" / f"{month}.json.gz"):
        flat = {**r, **r["cache_creation"]}
        for field, token_type in ANTHROPIC_USAGE.items():
            if flat[field]:
                key: Key = ("Anthropic", r["model"], token_type, r["service_tier"])
                totals.add(key, flat[field], Decimal(0))
    for r in _results(folder / "cost-report" / f"{month}.json.gz"):
        if r["cost_type"] != "tokens":
            continue  # web search is billed per search
        token_type = ANTHROPIC_USAGE[r["token_type"].split(".")[-1]]
        key = ("Anthropic", r["model"], token_type, r["service_tier"])
        totals.add(key, None, Decimal(r["amount"]) / 100)


def raw_month(month: str) -> Totals:
    totals = Totals()
    for add in (add_aws, add_azure, add_openai, add_anthropic):
        add(totals, month)
    return totals


# --- the formulas of docs/report.md, on the raw figures ------------------------------------


def expected_cache(t: Totals) -> dict[tuple, dict]:
    """Per (provider, model), standard tier: the cache section's figures."""
    parts: dict[tuple, dict] = defaultdict(
        lambda: {k: [0, Decimal(0)] for k in ("input", "read", "write")}
    )
    for (provider, model, token_type, tier), cost in t.cost.items():
        if tier != "standard":
            continue
        kind = {"input": "input", "cache_read": "read"}.get(token_type)
        if token_type.startswith("cache_write"):
            kind = "write"
        if kind is None:
            continue
        parts[(provider, model)][kind][0] += t.tokens[(provider, model, token_type, tier)] or 0
        parts[(provider, model)][kind][1] += cost
    out = {}
    for key, p in parts.items():
        i, r, w = p["input"][0], p["read"][0], p["write"][0]
        if i + r + w == 0:
            continue
        price = {k: float(c) / n if n else None for k, (n, c) in p.items()}
        if (r or w) and price["input"] is None:
            net = None  # reads or writes, but no input price to compare them with
        else:
            read_term = r * (price["input"] - price["read"]) if r else 0.0
            write_term = w * (price["write"] - price["input"]) if w else 0.0
            net = read_term - write_term
        out[key] = {
            "input_tokens": i,
            "cache_read_tokens": r,
            "cache_write_tokens": w,
            "hit_ratio": r / (i + w + r),
            "net_savings": net,
            "prices": price,
        }
    return out


def expected_batch(t: Totals) -> dict[tuple, dict]:
    """Per (provider, model): the batch section's figures."""
    out: dict[tuple, dict] = {}
    for provider, model, token_type, tier in t.cost:
        m = out.setdefault(
            (provider, model),
            {"token_cost": Decimal(0), "batch_cost": Decimal(0), "std": {}, "batch": {}},
        )
        key = (provider, model, token_type, tier)
        m["token_cost"] += t.cost[key]
        if tier == "batch":
            m["batch_cost"] += t.cost[key]
        if tier in ("standard", "batch") and token_type in ("input", "output"):
            m["std" if tier == "standard" else "batch"][token_type] = (
                t.tokens[key] or 0,
                t.cost[key],
            )
    for m in out.values():
        prices = {k: float(c) / n for k, (n, c) in m["batch"].items() if n > 0 and c > 0}
        eligible = sum((m["std"][k][1] for k in prices if k in m["std"]), Decimal(0))
        at_batch = sum(m["std"][k][0] * p for k, p in prices.items() if k in m["std"])
        m["prices"] = prices
        m["eligible_cost"] = eligible
        m["at_batch"] = at_batch if prices else None
        m["saving"] = float(eligible) - at_batch if prices else None
    return out


# --- the report, as a user gets it --------------------------------------------------------


def report_json(warehouse: Path, *args: str) -> dict:
    result = invoke(CliRunner(), warehouse, "report", "--format", "json", "--month", MONTH, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def raw() -> dict[str, Totals]:
    return {m: raw_month(m) for m in MONTHS}


@pytest.fixture(scope="module")
def doc(sample) -> dict:  # noqa: F811
    return report_json(sample)


def _key(row: dict) -> Key:
    return (row["provider"], row["model"], row["token_type"], row["tier"])


def test_unit_economics_are_the_raw_files_to_the_token_and_the_cent(raw, doc):
    t = raw[MONTH]
    rows = doc["unit_economics"]
    assert all(set(r) == {"provider", "model", "token_type", "tier", "tokens", "cost",
                          "cost_per_million"} for r in rows)  # fmt: skip
    got = {_key(r): r for r in rows}
    assert len(got) == len(rows), "each provider, model, token type and tier once"
    assert set(got) == set(t.cost)
    for key, r in got.items():
        assert r["tokens"] == t.tokens[key], key
        assert cents(r["cost"]) == cents(t.cost[key]), key
        expected = t.per_million(key)
        if expected is None:
            assert r["cost_per_million"] is None, key
        else:
            assert r["cost_per_million"] == pytest.approx(expected, rel=1e-6, abs=5e-7), key


def test_every_token_priced_inference_dollar_has_a_model_and_a_token_type(raw, doc, sample):  # noqa: F811
    rows = doc["unit_economics"]
    assert [r for r in rows if r["model"] is None or r["token_type"] is None] == []
    spend = sum(raw[MONTH].cost.values())
    # each row is rounded to the cent: the list adds up to the month within half a cent a row
    assert abs(sum(Decimal(str(r["cost"])) for r in rows) - spend) <= CENT / 2 * len(rows)
    assert sum(r["tokens"] or 0 for r in rows) == sum(n or 0 for n in raw[MONTH].tokens.values())
    # ... and that is all the month's token-priced inference in the warehouse, to the cent
    ((warehouse_spend,),) = query(
        sample,
        "SELECT sum(EffectiveCost) FROM line_items WHERE x_WorkloadClass = 'inference' "
        "AND x_TokenType IS NOT NULL AND BillingPeriodStart = TIMESTAMP '2026-10-01'",
    )
    assert cents(warehouse_spend) == cents(spend)


def test_the_trend_is_each_months_price_from_the_raw_files(raw, doc):
    trend = {_key(r): r for r in doc["unit_economics_trend"]}
    assert set(trend) == {_key(r) for r in doc["unit_economics"]}
    for key, row in trend.items():
        assert [m["month"] for m in row["months"]] == list(MONTHS)
        for m in row["months"]:
            t = raw[m["month"]]
            if key not in t.cost:
                assert m["cost_per_million"] is None and m["cost"] is None, (key, m)
                continue
            assert m["tokens"] == t.tokens[key] and cents(m["cost"]) == cents(t.cost[key])
            expected = t.per_million(key)
            assert m["cost_per_million"] == pytest.approx(expected, rel=1e-6, abs=5e-7)
        prices = [m["cost_per_million"] for m in row["months"]]
        assert row["previous_cost_per_million"] == prices[1]
        if prices[1] and prices[2] is not None:
            assert row["change"] == pytest.approx(prices[2] / prices[1] - 1, abs=1e-6)
        else:
            assert row["change"] is None
    # the custom NovaLite model started on 8 September: no August price, so no 3-month change
    nova = trend[("AWS", "NovaLite", "input", "custom_model")]
    assert nova["months"][0]["cost_per_million"] is None and nova["change_3m"] is None


def test_cache_is_the_formula_on_the_raw_figures(raw, doc):
    expected = expected_cache(raw[MONTH])
    got = {(r["provider"], r["model"]): r for r in doc["cache"]}
    assert all(set(r) == {"provider", "model", "input_tokens", "cache_read_tokens",
                          "cache_write_tokens", "hit_ratio", "net_savings"}
               for r in doc["cache"])  # fmt: skip
    assert set(got) == set(expected)
    for key, e in expected.items():
        r = got[key]
        assert r["input_tokens"] == e["input_tokens"], key
        assert r["cache_read_tokens"] == e["cache_read_tokens"], key
        assert r["cache_write_tokens"] == e["cache_write_tokens"], key
        assert r["hit_ratio"] == pytest.approx(e["hit_ratio"], abs=1e-6), key
        assert r["net_savings"] == pytest.approx(e["net_savings"], abs=0.006), key
    assert all(e["net_savings"] is not None for e in expected.values())
    # by hand, one model with writes (Anthropic's 5-minute writes) and one without (Azure)
    t = raw[MONTH]
    sonnet = [("Anthropic", "claude-sonnet-4-5-20250929", k, "standard")
              for k in ("input", "cache_read", "cache_write_5m")]  # fmt: skip
    (i, ic), (r, rc), (w, wc) = ((t.tokens[k], float(t.cost[k])) for k in sonnet)
    by_hand = r * (ic / i - rc / r) - w * (wc / w - ic / i)
    assert got[("Anthropic", "claude-sonnet-4-5-20250929")]["net_savings"] == pytest.approx(
        by_hand, abs=0.006
    )
    gpt = [("Microsoft", "gpt-4o-0806", k, "standard") for k in ("input", "cache_read")]
    (i, ic), (r, rc) = ((t.tokens[k], float(t.cost[k])) for k in gpt)
    azure = got[("Microsoft", "gpt-4o-0806")]
    assert azure["cache_write_tokens"] == 0  # reads, no billed writes: the write term is 0
    assert azure["net_savings"] == pytest.approx(r * (ic / i - rc / r), abs=0.006)
    assert azure["hit_ratio"] == pytest.approx(r / (i + r), abs=1e-6)


def test_batch_share_and_the_batch_price_of_the_rest(raw, doc):
    expected = expected_batch(raw[MONTH])
    got = {(r["provider"], r["model"]): r for r in doc["batch"]}
    assert set(got) == set(expected)
    for key, e in expected.items():
        r = got[key]
        assert cents(r["token_cost"]) == cents(e["token_cost"]), key
        assert cents(r["batch_cost"]) == cents(e["batch_cost"]), key
        share = float(e["batch_cost"] / e["token_cost"]) if e["token_cost"] > 0 else None
        assert r["batch_share"] == pytest.approx(share, abs=1e-6), key
        assert cents(r["eligible_cost"]) == cents(e["eligible_cost"]), key
        if e["saving"] is None:
            assert r["batch_saving"] is None and r["eligible_at_batch_cost"] is None, key
        else:
            assert r["eligible_at_batch_cost"] == pytest.approx(e["at_batch"], abs=0.006), key
            assert r["batch_saving"] == pytest.approx(e["saving"], abs=0.006), key
    # the sample's batch models: Bedrock NovaPro, Azure gpt-4o-mini, OpenAI gpt-5, Anthropic Opus
    assert {k for k, r in got.items() if r["batch_cost"] > 0} == {
        ("AWS", "NovaPro"),
        ("Microsoft", "gpt-4o-mini-0718"),
        ("OpenAI", "gpt-5-2025-08-07"),
        ("Anthropic", "claude-opus-4-5-20251101"),
    }


def _lever(doc: dict, name: str) -> dict:
    (lever,) = [s for s in doc["savings"] if s["lever"] == name]
    return lever


def test_the_token_levers_rest_on_the_cache_and_batch_figures(raw, doc):
    batch = _lever(doc, "batch_eligible_tokens")
    savings = [e["saving"] for e in expected_batch(raw[MONTH]).values() if (e["saving"] or 0) > 0]
    assert batch["amount"] == pytest.approx(sum(savings), abs=0.01 * len(savings))
    assert batch["amount"] == pytest.approx(
        sum(r["batch_saving"] for r in doc["batch"] if (r["batch_saving"] or 0) > 0), abs=0.02
    )
    cache = _lever(doc, "cache_hit_target")
    assert cache["amount"] == pytest.approx(_cache_lever(raw[MONTH], 0.5), abs=0.02)
    for lever in (batch, cache):
        assert set(lever) == {"lever", "amount", "currency", "basis", "assumptions"}
        assert lever["currency"] == "USD" and lever["amount"] > 0
        assert "x_TokenCount" in lever["basis"] and "x_PricingTier" in lever["basis"]
        assert len(lever["assumptions"]) >= 2
    assert "50.0% hit ratio" in cache["basis"]
    assert any("levers.cache_target" in a for a in cache["assumptions"])
    assert any("NovaPro (AWS)" in a for a in batch["assumptions"])


def _cache_lever(t: Totals, target: float) -> float:
    """The cache lever by docs/report.md: extra reads = target x (input + write + read) - read,
    at most the uncached input, at the model's net saving per cached token this month."""
    total = 0.0
    for e in expected_cache(t).values():
        i, r, w = e["input_tokens"], e["cache_read_tokens"], e["cache_write_tokens"]
        if r > 0 and (e["net_savings"] or 0) > 0 and e["hit_ratio"] < target:
            extra = min(target * (i + w + r) - r, i)
            total += extra * e["net_savings"] / r
    return total


def test_the_cache_target_is_a_setting(raw, sample):  # noqa: F811
    doc = report_json(sample, "--cache-target", "70")
    lever = _lever(doc, "cache_hit_target")
    assert lever["amount"] == pytest.approx(_cache_lever(raw[MONTH], 0.7), abs=0.02)
    assert "70.0% hit ratio" in lever["basis"]
    assert doc["lever_settings"]["cache_target"] == 0.7


def test_the_views_give_the_report_figures(doc, sample):  # noqa: F811
    units = query(
        sample,
        "SELECT ProviderName, model, token_type, tier, tokens, effective_cost, cost_per_million "
        "FROM unit_economics_monthly WHERE billing_month = '2026-10'",
    )
    got = {_key(r): r for r in doc["unit_economics"]}
    assert {(p, m, k, t) for p, m, k, t, *_ in units} == set(got)
    for p, m, k, t, tokens, cost, per_million in units:
        r = got[(p, m, k, t)]
        assert r["tokens"] == tokens and cents(r["cost"]) == cents(cost)
        assert r["cost_per_million"] == pytest.approx(per_million, abs=5e-7)
    cache = query(
        sample,
        "SELECT ProviderName, model, input_tokens, cache_read_tokens, cache_write_tokens, "
        "hit_ratio, net_savings FROM cache_savings_monthly WHERE billing_month = '2026-10'",
    )
    got_cache = {(r["provider"], r["model"]): r for r in doc["cache"]}
    assert {(p, m) for p, m, *_ in cache} == set(got_cache)
    for p, m, i, r, w, hit, net in cache:
        row = got_cache[(p, m)]
        assert (row["input_tokens"], row["cache_read_tokens"], row["cache_write_tokens"]) == (
            i,
            r,
            w,
        )
        assert row["hit_ratio"] == pytest.approx(hit, abs=1e-6)
        assert row["net_savings"] == pytest.approx(net, abs=0.006)
    batch = query(
        sample,
        "SELECT ProviderName, model, batch_share, batch_saving FROM batch_share_monthly "
        "WHERE billing_month = '2026-10'",
    )
    got_batch = {(r["provider"], r["model"]): r for r in doc["batch"]}
    assert {(p, m) for p, m, *_ in batch} == set(got_batch)
    for p, m, share, saving in batch:
        assert got_batch[(p, m)]["batch_share"] == pytest.approx(share, abs=1e-6)
        assert got_batch[(p, m)]["batch_saving"] == pytest.approx(saving, abs=0.006)


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_format_shows_the_sections(doc, sample, fmt):  # noqa: F811
    result = invoke(CliRunner(), sample, "report", "--format", fmt, "--month", MONTH)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for title in ("Inference unit economics", "Prompt caching", "Batch share"):
        assert title in out, title
    top = doc["unit_economics"][0]
    assert f"${top['cost']:,.2f}" in out  # the largest row, as the JSON has it
    assert "Raise the prompt-cache hit ratio" in out
    assert "Send batch-eligible tokens at the batch price" in out


def test_the_email_shows_the_sections_in_tables(sample):  # noqa: F811
    from finops_ai.deliver.email import body_html
    from finops_ai.report.build import build_report

    body = body_html(build_report(sample, month=MONTH), "report.html")
    for table in ('id="mail-unit-economics"', 'id="mail-cache"', 'id="mail-batch"'):
        assert table in body
    assert "<svg" not in body and "<style" not in body


# --- the real public AI examples ----------------------------------------------------------


def _skip_without_real_bills() -> None:
    if not REAL_BILLS.is_dir():
        pytest.skip(f"real public bills not found at {REAL_BILLS}")


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (REAL_BILLS / "focus-spec-ai-examples").glob("*.csv"))
    if REAL_BILLS.is_dir()
    else ["none"],
)
@pytest.mark.parametrize("basis", ["effective", "billed"])
def test_focus_ai_examples_unit_economics(tmp_path, name, basis):
    """The FOCUS working group's AI examples: every Tokens row by its SkuPriceDetails model and
    token direction/cache action, tokens and cost in the report's basis (--cost), in the report
    of its month. The prepayment drawdown example bills its tokens at 0 (the prepayment was
    billed) and amortises the drawdown into EffectiveCost, so the two bases differ there."""
    _skip_without_real_bills()
    path = REAL_BILLS / "focus-spec-ai-examples" / name
    expected = Totals()
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["ConsumedUnit"] != "Tokens":
            continue  # the prepayment purchase
        details = json.loads(r["SkuPriceDetails"])
        cache = details.get("TokenCacheAction", "")
        token_type = (
            "output"
            if details["TokenDirection"] == "Output"
            else {"Read": "cache_read", "Write": "cache_write"}.get(cache, "input")
        )
        key = (r["ServiceProviderName"], details["ModelId"], token_type, "standard")
        cost = Decimal(r["BilledCost" if basis == "billed" else "EffectiveCost"])
        expected.add(key, count(Decimal(r["ConsumedQuantity"])), cost)
    month = rows[0]["BillingPeriodStart"][:7]
    warehouse = tmp_path / "focus.duckdb"
    assert invoke(CliRunner(), warehouse, "-q", "ingest", str(path)).exit_code == 0
    result = invoke(
        CliRunner(), warehouse, "report", "--format", "json", "--month", month, "--cost", basis
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    got = {_key(r): r for r in doc["unit_economics"]}
    assert set(got) == set(expected.cost)
    for key, r in got.items():
        assert r["tokens"] == expected.tokens[key]
        assert cents(r["cost"]) == cents(expected.cost[key])
        assert r["cost_per_million"] == pytest.approx(expected.per_million(key), rel=1e-6)
    cache = {(r["provider"], r["model"]): r for r in doc["cache"]}
    for key, e in expected_cache(expected).items():
        assert cache[key]["hit_ratio"] == pytest.approx(e["hit_ratio"], abs=1e-6)
        if e["net_savings"] is None:
            assert cache[key]["net_savings"] is None
        else:
            assert cache[key]["net_savings"] == pytest.approx(e["net_savings"], abs=0.006)


def test_openai_spec_examples_unit_economics(tmp_path):
    """OpenAI's published usage responses: tokens by type as the usage buckets count them (the
    example names no model; its embeddings result, without a model, counts as input), at cost
    0 since usage reports carry no money; the costs example has no line item, so no token type."""
    _skip_without_real_bills()
    spec = REAL_BILLS / "openai-openapi"
    files = [
        spec / "usage-completions.response.json",
        spec / "usage-embeddings.response.json",
        spec / "usage-costs.response.json",
    ]
    warehouse = tmp_path / "openai.duckdb"
    assert invoke(CliRunner(), warehouse, "-q", "ingest", *map(str, files)).exit_code == 0
    completions = json.loads(files[0].read_text())["data"][0]["results"][0]
    embeddings = json.loads(files[1].read_text())["data"][0]["results"][0]
    expected = {OPENAI_USAGE[f]: completions[f] for f in OPENAI_USAGE if completions[f]}
    expected["input"] += embeddings["input_tokens"]
    result = invoke(CliRunner(), warehouse, "report", "--format", "json", "--month", "2024-11")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    rows = doc["unit_economics"]
    assert {r["token_type"]: r["tokens"] for r in rows} == expected
    assert {(r["provider"], r["model"], r["tier"], r["cost"]) for r in rows} == {
        ("OpenAI", None, "standard", 0.0)
    }
    (cache,) = doc["cache"]
    i, r, w = expected["input"], expected["cache_read"], expected["cache_write"]
    assert (cache["input_tokens"], cache["cache_read_tokens"], cache["cache_write_tokens"]) == (
        i,
        r,
        w,
    )
    assert cache["hit_ratio"] == pytest.approx(r / (i + w + r), abs=1e-6)
    # Usage reports carry tokens and no money: the price is unknown, not $0 per million, and
    # nothing is saved or lost by caching at unknown prices.
    assert all(r["cost_per_million"] is None for r in rows)
    assert cache["net_savings"] is None
    assert not [
        s for s in doc["savings"] if s["lever"] in ("cache_hit_target", "batch_eligible_tokens")
    ]
    views = query(
        warehouse,
        "SELECT count(*), count(cost_per_million) FROM unit_economics_monthly",
    )
    assert views[0][0] > 0 and views[0][1] == 0
