"""The token dimension: every token-priced inference line item, from every source, gets its model,
token type, pricing tier and token count (queries/ingest/token_columns.sql, docs/schema.md).

The bills here are built from published strings: Bedrock usage types and descriptions as AWS's
price list spells them, Azure OpenAI meters as Azure's price sheet does (infracost's table of
skuNames), Vertex AI SKU descriptions as Google's billing catalog does, FOCUS 1.3's
SkuPriceDetails from the FOCUS working group's AI examples. Expected token counts and dollars are
computed here from the raw files, never through the ingest SQL.
"""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from finops_ai.warehouse import migrate
from tests.conftest import REAL_BILLS, SAMPLE_BILLS, invoke, query
from tests.data.classify.bills import cur_row, focus_row, write_cur, write_focus
from tests.helpers.schema import undo_migration_012

TOKEN_COLUMNS = "x_Model, x_TokenType, x_PricingTier, x_TokenCount"


def count(value: Decimal) -> int:
    """Tokens as a whole count, rounded as the warehouse rounds a fractional bill quantity."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def by_key(warehouse: Path, key: str, where: str) -> dict[str, tuple]:
    """(model, token type, tier, tokens) of the line items, by ``key``: one value per key."""
    rows = query(warehouse, f"SELECT DISTINCT {key}, {TOKEN_COLUMNS} FROM line_items WHERE {where}")
    out = {}
    for k, model, token_type, tier, tokens in rows:
        assert k not in out, f"{k} derived two ways"
        out[k] = (model, token_type, tier, None if tokens is None else int(tokens))
    return out


# ------------------------------------------------------------------------------------------
# published strings, one source at a time

# AWS price list usage types (AmazonBedrock offer), billed per 1K tokens: 2.5 units = 2,500.
BEDROCK = {
    "USE1-NovaPro-input-tokens": ("NovaPro", "input", "standard"),
    "USE1-NovaPro-output-tokens": ("NovaPro", "output", "standard"),
    "USE1-NovaPro-cache-read-input-token-count": ("NovaPro", "cache_read", "standard"),
    "USE1-NovaPro-cache-write-input-token-count": ("NovaPro", "cache_write", "standard"),
    "USE1-Claude4Sonnet-cache-read-input-token-count-cross-region-global": (
        "Claude4Sonnet",
        "cache_read",
        "standard",
    ),
    "USE1-Claude4.6Sonnet-cache-write-1h-input-token-count": (
        "Claude4.6Sonnet",
        "cache_write_1h",
        "standard",
    ),
    "USE1-Llama4-Maverick-17B-input-tokens-batch": ("Llama4-Maverick-17B", "input", "batch"),
    "USE1-Nova2.0Lite-input-tokens-cross-region-global-batch": ("Nova2.0Lite", "input", "batch"),
    "USE1-Gemma-3-4B-IT-input-tokens-flex": ("Gemma-3-4B-IT", "input", "flex"),
    "USE1-GPT-OSS-Safeguard-20B-input-tokens-priority": (
        "GPT-OSS-Safeguard-20B",
        "input",
        "priority",
    ),
    "USE1-Nova2.0Lite-output-tokens-custom-model": ("Nova2.0Lite", "output", "custom_model"),
    "USE1-qwen.qwen3-32b-mantle-output-tokens-standard": (
        "qwen.qwen3-32b-mantle",
        "output",
        "standard",
    ),
    "USE1-qwen.qwen3-coder-next-cache-write-tokens": (
        "qwen.qwen3-coder-next",
        "cache_write",
        "standard",
    ),
    "USE1-TitanEmbeddingV2-Text-input-tokens": ("TitanEmbeddingV2-Text", "embedding", "standard"),
    "USE1-NovaMultiModalEmbeddings-input-tokens-batch": (
        "NovaMultiModalEmbeddings",
        "embedding",
        "batch",
    ),
}
# Marketplace (AmazonBedrockFoundationModels) usage types; the unit is the description's.
MARKETPLACE = {
    "USE1-MP:USE1_InputTokenCount-Units": ("input", "standard", "InputTokenCount per 1K tokens"),
    "USE1-MP:USE1_OutputTokenCount_Global-Units": (
        "output",
        "standard",
        "OutputTokenCount per 1M tokens",
    ),
    "USE1-MP:USE1_CacheReadInputTokenCount_Global-Units": (
        "cache_read",
        "standard",
        "CacheReadInputTokenCount per 1K tokens",
    ),
    "USE1-MP:USE1_CacheWriteInputTokenCount-Units": (
        "cache_write",
        "standard",
        "Input tokens (thousands)",
    ),
    "USE1-MP:USE1_CacheWrite1hInputTokenCount-Units": (
        "cache_write_1h",
        "standard",
        "CacheWrite1hInputTokenCount per 1K tokens",
    ),
    "USE1-MP:USE1_InputTokenCount_Batch-Units": (
        "input",
        "batch",
        "InputTokenCount per 1K tokens",
    ),
    "USW2-MP:USW2_output_tokens_global_standard-Units": (
        "output",
        "standard",
        "output_tokens_global_standard per 1K tokens",
    ),
}
# Azure OpenAI skuNames (1,000 tokens each) and PTU capacity.
AZURE = {
    "gpt-4o-0806-Inp-glbl Tokens": ("gpt-4o-0806", "input", "standard"),
    "gpt-4o-0806-Outp-regnl Tokens": ("gpt-4o-0806", "output", "standard"),
    "gpt 4o 0806 cached Inp glbl Tokens": ("gpt-4o-0806", "cache_read", "standard"),
    "gpt-4o-mini-0718-Batch-Outp-glbl Tokens": ("gpt-4o-mini-0718", "output", "batch"),
    "gpt 4o 1120 Batch Inp Data Zone Tokens": ("gpt-4o-1120", "input", "batch"),
    "gpt 4o 0513 Input global Tokens": ("gpt-4o-0513", "input", "standard"),
    "gpt-4-Turbo-Batch-128K Inp-glbl Tokens": ("gpt-4-turbo-128k", "input", "batch"),
    "o3 mini 0131 cached input glbl Tokens": ("o3-mini-0131", "cache_read", "standard"),
    "gpt-4o-rt-txt-1217 cchd Inp glbl Tokens": ("gpt-4o-rt-txt-1217", "cache_read", "standard"),
    "Az-GPT35-Turbo-4K-Fine Tuned-Input Tokens": ("az-gpt35-turbo-4k", "input", "custom_model"),
}
# Vertex AI billing catalog SKU descriptions, billed per token ("count").
VERTEX = {
    "Gemini 2.5 Flash Text Input - Predictions": ("gemini-2.5-flash", "input", "standard"),
    "Gemini 2.5 Flash Text Input - Batch Predictions": ("gemini-2.5-flash", "input", "batch"),
    "Gemini 2.5 Flash Thinking Text Output - Predictions": (
        "gemini-2.5-flash",
        "output",
        "standard",
    ),
    "Gemini 3 Flash Text Input Flex - Predictions": ("gemini-3-flash", "input", "flex"),
    "Gemini 2.0 Flash Input Text Caching": ("gemini-2.0-flash", "cache_read", "standard"),
    "Cloud Vertex AI Model Garden Model as a Service Llama 4 Maverick Batch Input Token": (
        "llama-4-maverick",
        "input",
        "batch",
    ),
    "Cloud Vertex AI Model Garden Model as a Service DeepSeek-V3.1 Cached Text Input Token": (
        "deepseek-v3.1",
        "cache_read",
        "standard",
    ),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    rows = [
        cur_row(
            f"br{i}",
            product="AmazonBedrock",
            usage_type=usage_type,
            amount=2.5,
            cost=0.01,
            unit="1K tokens",
            product_name="Amazon Bedrock",
            description=f"$0.004 per 1K token for {usage_type[5:]} in US East (N. Virginia)",
        )
        for i, usage_type in enumerate(BEDROCK)
    ]
    rows += [
        cur_row(
            f"mp{i}",
            product="c2hv8w5k1q7d3x9m0n4b6r2tz",
            usage_type=usage_type,
            amount=2.5,
            cost=0.01,
            unit="Units",
            product_name="Claude Sonnet 4.5 (Amazon Bedrock Edition)",
            description=f"AWS Marketplace software usage|us-east-1|{unit}",
        )
        for i, (usage_type, (_, _, unit)) in enumerate(MARKETPLACE.items())
    ]
    rows += [
        cur_row(
            "pt",
            product="AmazonBedrock",
            usage_type="USE1-Nova-ProvisionedThroughput",
            amount=24,
            cost=379.2,
            description="$15.8 per model unit-hour of Provisioned Throughput for Amazon Nova",
        ),
        cur_row(
            "ft",
            product="AmazonBedrock",
            usage_type="USE1-Llama3-3-70B-Customization-Training",
            amount=1000,
            cost=7.99,
            unit="1K tokens",
        ),
    ]
    write_cur(folder / "bedrock.csv", rows)
    azure = [
        focus_row(
            "/subscriptions/x/resourcegroups/rg/providers/microsoft.cognitiveservices/accounts/a",
            service_name="Azure OpenAI",
            service_category="AI and Machine Learning",
            meter=meter,
            quantity=2500,
            unit="Tokens",
            cost=0.01,
        )
        for meter in AZURE
    ]
    azure.append(
        focus_row(
            "/subscriptions/x/resourcegroups/rg/providers/microsoft.cognitiveservices/accounts/p",
            service_name="Azure OpenAI",
            service_category="AI and Machine Learning",
            meter="Provisioned Managed Global",
            quantity=360,
            unit="Hours",
            cost=360,
        )
    )
    write_focus(folder / "azure.csv", azure)
    vertex = [
        focus_row(
            "",
            provider="Google Cloud",
            billing_account="0A1B2C-3D4E5F-6A7B8C",
            account="acme-ml",
            service_name="Vertex AI",
            service_category="AI and Machine Learning",
            description=sku,
            quantity=2500,
            unit="count",
            cost=0.01,
            region="us-central1",
        )
        for sku in VERTEX
    ]
    write_focus(folder / "vertex.csv", vertex)
    warehouse = folder / "published.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(folder))
    assert result.exit_code == 0, result.stderr
    return warehouse


def test_bedrock_usage_types_name_the_model_token_type_and_tier(published):
    got = by_key(published, "x_UsageType", "x_ProductCode = 'AmazonBedrock'")
    for usage_type, expected in BEDROCK.items():
        assert got[usage_type] == (*expected, 2500), usage_type
    # capacity bought by the hour: its model and tier, no token type and no tokens
    assert got["USE1-Nova-ProvisionedThroughput"] == ("Nova", None, "provisioned", None)
    # model customisation bills training tokens: a model, but no inference token type
    assert got["USE1-Llama3-3-70B-Customization-Training"] == ("Llama3-3-70B", None, None, None)


def test_marketplace_units_are_counted_by_the_unit_the_description_names(published):
    got = by_key(published, "x_UsageType", "x_UsageType LIKE '%-MP:%'")
    for usage_type, (token_type, tier, unit) in MARKETPLACE.items():
        tokens = 2_500_000 if "1M" in unit else 2500
        assert got[usage_type] == ("Claude Sonnet 4.5", token_type, tier, tokens), usage_type


def test_azure_openai_meters_name_the_model_token_type_and_tier(published):
    got = by_key(published, "SkuMeter", "ProviderName = 'Microsoft'")
    for meter, expected in AZURE.items():
        assert got[meter] == (*expected, 2500), meter
    assert got["Provisioned Managed Global"] == (None, None, "provisioned", None)


def test_vertex_ai_skus_name_the_model_token_type_and_tier(published):
    got = by_key(published, "ChargeDescription", "ProviderName = 'Google Cloud'")
    for sku, expected in VERTEX.items():
        assert got[sku] == (*expected, 2500), sku


def test_a_model_rule_now_matches_cloud_rows_too(runner, tmp_path, published):
    """The class key hashes the model, so a `model:` rule classifies Bedrock, Azure and Vertex
    rows by the model the bill names, as it does OpenAI's and Anthropic's."""
    warehouse = tmp_path / "rules.duckdb"
    shutil.copy(published, warehouse)
    rules = tmp_path / "finops.toml"
    rules.write_text('[classify]\nrules = ["model:gemini-2.5* -> ai_other"]\n')
    result = invoke(runner, warehouse, "classify", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    classes = "SELECT ChargeDescription, x_Model, x_WorkloadClass FROM line_items ORDER BY 1"
    before, after = query(published, classes), query(warehouse, classes)
    changed = {d: c for (d, m, c), (_, _, was) in zip(after, before, strict=True) if c != was}
    assert changed == {d: "ai_other" for d, m, _ in after if (m or "").startswith("gemini-2.5")}
    assert len(changed) == 3


# ------------------------------------------------------------------------------------------
# the sample bills: every token-priced inference dollar, and every token, from the raw files


def _units(unit: str, description: str) -> Decimal | None:
    """Tokens per unit of a CUR usage amount (CID's reading of Bedrock units)."""
    unit = unit.lower()
    if unit == "units":  # Marketplace: the real unit is the description's third | field
        unit = (description.split("|") + ["", "", ""])[2].lower()
        if "1k" in unit or "thousand" in unit:
            return Decimal(1000)
        if "1m" in unit or "million" in unit:
            return Decimal(1_000_000)
        return None
    return {"1k tokens": Decimal(1000), "1m tokens": Decimal(1_000_000)}.get(unit)


def raw_aws() -> dict[str, list[Decimal]]:
    """usage type -> [tokens, dollars] of the sample CURs' token usage (CID's filter: a usage
    type that names tokens, on a Usage line)."""
    out: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    rows = []
    for path in sorted((SAMPLE_BILLS / "aws" / "cur").rglob("*.csv.gz")):
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
                    )
                )
    con = duckdb.connect()
    for path in sorted((SAMPLE_BILLS / "aws" / "cur2").rglob("*.parquet")):
        rows += con.execute(
            "SELECT line_item_usage_type, line_item_line_item_type, "
            "CAST(line_item_usage_amount AS VARCHAR), pricing_unit, "
            "line_item_line_item_description, CAST(line_item_unblended_cost AS VARCHAR) "
            "FROM read_parquet($p)",
            {"p": str(path)},
        ).fetchall()
    for usage_type, line_type, amount, unit, description, cost in rows:
        if line_type != "Usage" or "token" not in (usage_type or "").lower():
            continue
        per_unit = _units(unit, description)
        assert per_unit is not None, (usage_type, unit, description)
        out[usage_type][0] += count(Decimal(amount) * per_unit)
        out[usage_type][1] += Decimal(cost)
    return dict(out)


def raw_azure() -> dict[str, list[Decimal]]:
    """meter -> [tokens, dollars] of the sample Azure exports' token meters."""
    out: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for path in sorted((SAMPLE_BILLS / "azure" / "focus").glob("*.csv.gz")):
        with gzip.open(path, "rt", newline="", encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                if r["ConsumedUnit"] == "Tokens":
                    out[r["x_SkuMeterName"]][0] += count(Decimal(r["ConsumedQuantity"]))
                    out[r["x_SkuMeterName"]][1] += Decimal(r["EffectiveCost"])
    return dict(out)


def _pages(folder: Path) -> list[dict]:
    results = []
    for path in sorted(folder.glob("*.json.gz")):
        for page in json.loads(gzip.decompress(path.read_bytes())):
            for bucket in page["data"]:
                results += bucket["results"]
    return results


OPENAI_FIELDS = {  # usage field -> token type (docs/providers.md)
    "input_uncached_tokens": "input",
    "input_cached_tokens": "cache_read",
    "input_cache_write_tokens": "cache_write",
    "output_tokens": "output",
}
ANTHROPIC_FIELDS = {
    "uncached_input_tokens": "input",
    "cache_read_input_tokens": "cache_read",
    "ephemeral_5m_input_tokens": "cache_write_5m",
    "ephemeral_1h_input_tokens": "cache_write_1h",
    "output_tokens": "output",
}


def raw_openai() -> tuple[dict[tuple, int], dict[tuple, Decimal]]:
    """(model, token type, tier) -> tokens (usage reports) and -> dollars (cost report)."""
    tokens: dict[tuple, int] = defaultdict(int)
    for r in _pages(SAMPLE_BILLS / "openai" / "usage-completions"):
        tier = (
            "custom_model"
            if r["model"].startswith("ft:")
            else "batch"
            if r["batch"]
            else ("standard")
        )
        for field, token_type in OPENAI_FIELDS.items():
            if r[field]:
                tokens[(r["model"], token_type, tier)] += r[field]
    for r in _pages(SAMPLE_BILLS / "openai" / "usage-embeddings"):
        tokens[(r["model"], "embedding", "standard")] += r["input_tokens"]
    dollars: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in _pages(SAMPLE_BILLS / "openai" / "costs"):
        model, kind = r["line_item"].rsplit(", ", 1)
        if kind == "training":
            continue  # fine-tuning: training, not inference
        batch = kind.startswith("batch ")
        kind = kind.removeprefix("batch ")
        token_type = {"input": "input", "cached input": "cache_read", "output": "output"}[kind]
        if "embedding" in model:
            token_type = "embedding"
        tier = "custom_model" if model.startswith("ft:") else "batch" if batch else "standard"
        dollars[(model, token_type, tier)] += Decimal(repr(r["amount"]["value"]))
    return dict(tokens), dict(dollars)


def raw_anthropic() -> tuple[dict[tuple, int], dict[tuple, Decimal]]:
    tokens: dict[tuple, int] = defaultdict(int)
    for r in _pages(SAMPLE_BILLS / "anthropic" / "usage-messages"):
        flat = {**r, **r["cache_creation"]}
        for field, token_type in ANTHROPIC_FIELDS.items():
            if flat[field]:
                tokens[(r["model"], token_type, r["service_tier"])] += flat[field]
    dollars: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in _pages(SAMPLE_BILLS / "anthropic" / "cost-report"):
        if r["cost_type"] != "tokens":
            continue  # web search: billed per search, not per token
        token_type = ANTHROPIC_FIELDS[r["token_type"].split(".")[-1]]
        dollars[(r["model"], token_type, r["service_tier"])] += Decimal(r["amount"]) / 100
    return dict(tokens), dict(dollars)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("tokens") / "sample.duckdb"
    result = invoke(CliRunner(), warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    return warehouse


def _view(warehouse: Path, key: str, where: str) -> dict:
    """{key: [tokens, dollars]} of token_line_items; ``key`` names one or more columns (a
    tuple key when several)."""
    rows = query(
        warehouse,
        f"SELECT {key}, sum(tokens), sum(effective_cost) FROM token_line_items "
        f"WHERE priced_by = 'tokens' AND {where} GROUP BY ALL",
    )
    return {(r[0] if len(r) == 3 else tuple(r[:-2])): list(r[-2:]) for r in rows}


def test_every_sample_token_dollar_has_a_model_and_a_token_type(sample):
    """The token-priced spend computed from the raw files is, to the cent, the spend of
    token_line_items rows with a model and a token type: no token dollar is left unnamed."""
    expected = {
        "AWS": sum(d for _, d in raw_aws().values()),
        "Microsoft": sum(d for _, d in raw_azure().values()),
        "OpenAI": sum(raw_openai()[1].values()),
        "Anthropic": sum(raw_anthropic()[1].values()),
    }
    named = dict(
        query(
            sample,
            "SELECT ProviderName, sum(effective_cost) FROM token_line_items "
            "WHERE priced_by = 'tokens' AND model IS NOT NULL AND token_type IS NOT NULL "
            "GROUP BY 1",
        )
    )
    assert {p: cents(v) for p, v in named.items()} == {p: cents(v) for p, v in expected.items()}
    unnamed = query(
        sample,
        "SELECT count(*) FROM line_items WHERE x_WorkloadClass = 'inference' "
        "AND x_TokenType IS NOT NULL AND x_Model IS NULL",
    )
    assert unnamed == [(0,)]
    # and nothing token-priced was left out of the view: every inference row whose unit is
    # tokens is in it (Marketplace "Units" are found by their usage type above)
    missing = query(
        sample,
        "SELECT count(*) FROM line_items WHERE x_WorkloadClass = 'inference' "
        "AND lower(ConsumedUnit) LIKE '%token%' AND x_TokenType IS NULL",
    )
    assert missing == [(0,)]


def test_sample_cloud_tokens_equal_the_raw_files_to_the_token(sample):
    for provider, key, raw in (
        ("AWS", "x_UsageType", raw_aws()),
        ("Microsoft", "SkuMeter", raw_azure()),
    ):
        got = _view(sample, key, f"ProviderName = '{provider}'")
        assert {k: int(t) for k, (t, _) in got.items()} == {k: t for k, (t, _) in raw.items()}
        assert {k: cents(d) for k, (_, d) in got.items()} == {
            k: cents(d) for k, (_, d) in raw.items()
        }


@pytest.mark.parametrize("provider", ["OpenAI", "Anthropic"])
def test_sample_provider_tokens_and_dollars_meet_on_model_type_and_tier(sample, provider):
    """Usage reports count the tokens, cost reports carry the dollars; both land on the same
    (model, token type, tier), so cost per token is one division."""
    tokens, dollars = raw_openai() if provider == "OpenAI" else raw_anthropic()
    got = _view(sample, "model, token_type, tier", f"ProviderName = '{provider}'")
    assert {k: int(t) for k, (t, _) in got.items() if t is not None} == tokens
    assert {k: cents(d) for k, (_, d) in got.items() if d} == {
        k: cents(d) for k, d in dollars.items()
    }
    assert set(tokens) == set(dollars)  # every priced kind has its tokens, and the other way


def test_sample_tiers_and_cache_kinds_are_all_there(sample):
    """The sample bills carry each variant a report section reads: batch, custom models,
    capacity, cache reads and both cache write durations."""
    kinds = set(
        query(sample, "SELECT DISTINCT ProviderName, token_type, tier FROM token_line_items")
    )
    for expected in [
        ("AWS", "cache_read", "standard"),
        ("AWS", "cache_write", "standard"),
        ("AWS", "input", "batch"),
        ("AWS", "output", "custom_model"),
        ("AWS", "embedding", "standard"),
        ("AWS", None, "provisioned"),
        ("Microsoft", "cache_read", "standard"),
        ("Microsoft", "input", "batch"),
        ("Microsoft", None, "provisioned"),
        ("OpenAI", "input", "batch"),
        ("OpenAI", "cache_read", "custom_model"),
        ("OpenAI", "embedding", "standard"),
        ("Anthropic", "cache_write_5m", "standard"),
        ("Anthropic", "cache_write_1h", "batch"),
    ]:
        assert expected in kinds, expected
    hours = query(
        sample,
        "SELECT ProviderName, sum(capacity_hours) FROM token_line_items "
        "WHERE priced_by = 'capacity' GROUP BY 1 ORDER BY 1",
    )
    assert [p for p, h in hours if h > 0] == ["AWS", "Microsoft"]


# ------------------------------------------------------------------------------------------
# the real public AI examples


def test_focus_ai_examples_name_model_and_token_type_and_count_every_token(runner, tmp_path):
    if not REAL_BILLS.is_dir():
        pytest.skip(f"real public bills not found at {REAL_BILLS} (set FINOPS_AI_SHARED)")
    folder = REAL_BILLS / "focus-spec-ai-examples"
    expected: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0)])
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["ConsumedUnit"] != "Tokens":
                    continue  # the commitment purchase
                details = json.loads(r["SkuPriceDetails"])
                cache = details.get("TokenCacheAction", "")
                token_type = (
                    "output"
                    if details["TokenDirection"] == "Output"
                    else {"Read": "cache_read", "Write": "cache_write"}.get(cache, "input")
                )
                key = (path.name, details["ModelId"], token_type)
                expected[key][0] += count(Decimal(r["ConsumedQuantity"]))
                expected[key][1] += Decimal(r["EffectiveCost"])
    for path in sorted(folder.glob("*.csv")):  # several share a partition: one warehouse each
        warehouse = tmp_path / f"{path.stem}.duckdb"
        result = invoke(runner, warehouse, "-q", "ingest", str(path))
        assert result.exit_code == 0, result.stderr
        rows = query(
            warehouse,
            "SELECT model, token_type, tier, sum(tokens), sum(effective_cost) "
            "FROM token_line_items GROUP BY ALL",
        )
        got = {(path.name, m, t): [int(n), c] for m, t, tier, n, c in rows}
        assert all(tier == "standard" for *_, tier, _, _ in rows)
        assert got == {k: v for k, v in expected.items() if k[0] == path.name}, path.name


def test_openai_spec_examples_count_their_tokens(runner, warehouse):
    if not REAL_BILLS.is_dir():
        pytest.skip(f"real public bills not found at {REAL_BILLS} (set FINOPS_AI_SHARED)")
    spec = REAL_BILLS / "openai-openapi"
    files = [spec / "usage-completions.response.json", spec / "usage-embeddings.response.json"]
    result = invoke(runner, warehouse, "-q", "ingest", *map(str, files))
    assert result.exit_code == 0, result.stderr
    completions = json.loads(files[0].read_text())["data"][0]["results"][0]
    embeddings = json.loads(files[1].read_text())["data"][0]["results"][0]
    expected = {
        ("usage/completions", t): completions[f] for f, t in OPENAI_FIELDS.items() if completions[f]
    }
    expected[("usage/embeddings", "input")] = embeddings["input_tokens"]
    got = query(
        warehouse,
        "SELECT x_ProviderReport, x_TokenType, sum(x_TokenCount), max(x_PricingTier) "
        "FROM line_items WHERE x_TokenType IS NOT NULL GROUP BY 1, 2",
    )
    assert {(r, t): int(n) for r, t, n, _ in got} == expected
    assert {tier for *_, tier in got} == {"standard"}
    # these examples are not grouped by model, so they name none: x_Model stays NULL (and an
    # embeddings result without its model is not known to be an embedding)
    assert query(warehouse, "SELECT DISTINCT x_Model FROM line_items") == [(None,)]


# ------------------------------------------------------------------------------------------
# upgrading, re-deriving, re-running

SNAPSHOT = (
    "SELECT x_SourceFile, x_SourceLineId, ChargePeriodStart, x_UsageType, SkuMeter, "
    "ChargeDescription, x_ProviderReport, ConsumedQuantity, EffectiveCost, x_ClassKey, "
    f"{TOKEN_COLUMNS}, x_WorkloadClass, x_ClassRule FROM line_items ORDER BY ALL"
)


def test_a_schema_11_warehouse_upgrades_to_the_same_token_dimension(runner, tmp_path, sample):
    old = tmp_path / "old.duckdb"
    shutil.copy(sample, old)
    con = duckdb.connect(str(old))
    undo_migration_012(con)
    assert con.execute(
        "SELECT count(*) FROM line_item_data WHERE x_Model IS NOT NULL AND x_ProviderReport IS NULL"
    ).fetchall() == [(0,)]
    assert (
        con.execute(
            "SELECT count(*) FROM line_item_data WHERE x_TokenType = 'cached input'"
        ).fetchall()[0][0]
        > 0
    )
    con.close()
    result = invoke(runner, old, "classify")  # upgrades the schema, then classifies
    assert result.exit_code == 0, result.output
    assert query(old, "SELECT max(version) FROM schema_migrations") == [(migrate.latest_version(),)]
    assert query(old, SNAPSHOT) == query(sample, SNAPSHOT)
    view = "SELECT * FROM token_line_items ORDER BY ALL"
    assert query(old, view) == query(sample, view)
    assert query(old, "SELECT * FROM classifier_inputs ORDER BY 1") == query(
        sample, "SELECT * FROM classifier_inputs ORDER BY 1"
    )


def test_an_upgraded_warehouse_estimates_with_the_new_token_types(runner, tmp_path):
    """Usage rows stored with the old spelling are renamed by the migration itself, before the
    load that re-estimates them against the price table (which uses the new one)."""
    usage = SAMPLE_BILLS / "openai" / "usage-completions" / "2026-07.json.gz"
    fresh, old = tmp_path / "fresh.duckdb", tmp_path / "old.duckdb"
    for path in (fresh, old):
        assert invoke(runner, path, "-q", "ingest", str(usage)).exit_code == 0
    con = duckdb.connect(str(old))
    undo_migration_012(con)
    con.close()
    embeddings = SAMPLE_BILLS / "openai" / "usage-embeddings" / "2026-07.json.gz"
    for path in (fresh, old):
        result = invoke(runner, path, "-q", "ingest", str(embeddings))
        assert result.exit_code == 0, result.stderr
    estimates = (
        "SELECT x_TokenType, x_PricingTier, sum(EffectiveCost), bool_and(x_CostEstimated) "
        "FROM line_items GROUP BY ALL ORDER BY ALL"
    )
    assert query(old, estimates) == query(fresh, estimates)
    assert ("cache_read", "standard") in {r[:2] for r in query(fresh, estimates)}
    assert all(cost > 0 for *_, cost, _ in query(fresh, estimates))


def test_a_changed_derivation_is_applied_to_the_stored_rows(runner, tmp_path, sample):
    """As a release that changes queries/ingest/token_columns.sql finds the warehouse: stored
    values from the older derivation, its fingerprint. The next write derives them again and
    keys the changed rows again."""
    warehouse = tmp_path / "changed.duckdb"
    shutil.copy(sample, warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute(
        "UPDATE line_item_data SET x_Model = 'old-name', x_TokenCount = 1 "
        "WHERE x_UsageType = 'USE1-NovaPro-input-tokens'"
    )
    con.execute("UPDATE classifier_inputs SET fingerprint = 'older' WHERE name = 'tokens'")
    con.close()
    result = invoke(runner, warehouse, "classify")
    assert result.exit_code == 0, result.output
    assert query(warehouse, SNAPSHOT) == query(sample, SNAPSHOT)


def test_ingesting_the_sample_again_changes_no_token(runner, tmp_path, sample):
    warehouse = tmp_path / "again.duckdb"
    shutil.copy(sample, warehouse)
    result = invoke(runner, warehouse, "-q", "ingest", str(SAMPLE_BILLS))
    assert result.exit_code == 0, result.stderr
    assert query(warehouse, SNAPSHOT) == query(sample, SNAPSHOT)
