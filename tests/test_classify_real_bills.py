"""Each rule family on the public real bills in tests/data/real_bills/ (PROVENANCE.md there).

What is AI in them is read straight from the raw files with DuckDB (service category, the
instance type in the description, the FOCUS 1.3 draft's token SKUs), never from the classifier.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tests.conftest import REAL_BILLS, invoke, query

FOCUS_SAMPLE = REAL_BILLS / "focus-sample-data" / "focus_sample.csv"
AI_EXAMPLES = sorted((REAL_BILLS / "focus-spec-ai-examples").glob("*.csv"))
CUR_CSV = REAL_BILLS / "focus-converters-aws-cur" / "sample-anonymous-aws-export-dataset.csv"
WA_PARQUET = sorted((REAL_BILLS / "aws-wa-labs-workshop-cur").glob("*.parquet"))
# EC2 GPU families as docs/classification.md lists them (p, g, trn, dl)
GPU_IN_DESCRIPTION = r" (p[2-6][a-z0-9-]*|g[3-6][a-z0-9-]*|trn[1-3][a-z0-9-]*|dl[12][a-z0-9-]*)\."



def _ingest(warehouse: Path, *sources: Path) -> None:
    result = invoke(CliRunner(), warehouse, "ingest", *map(str, sources))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def focus_wh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("real_focus") / "finops.duckdb"
    _ingest(warehouse, FOCUS_SAMPLE, *AI_EXAMPLES)
    return warehouse


@pytest.fixture(scope="module")
def cur_wh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("real_cur") / "finops.duckdb"
    _ingest(warehouse, CUR_CSV, *WA_PARQUET)
    return warehouse


def _raw_focus(where: str) -> tuple[int, float]:
    con = duckdb.connect()
    count, cost = con.execute(
        f"""
        SELECT count(*), coalesce(sum(TRY_CAST(NULLIF(EffectiveCost, 'NULL') AS DOUBLE)), 0)
        FROM read_csv(?, header = true, all_varchar = true)
        WHERE {where}
        """,
        [str(FOCUS_SAMPLE)],
    ).fetchone()
    con.close()
    return count, cost


# --------------------------------------------------------------------------------------------
# FOCUS 1.0 sample (AWS, Microsoft, Oracle)


def test_focus_sample_azure_machine_learning_is_ai(focus_wh: Path) -> None:
    rows = query(
        focus_wh,
        """
        SELECT x_WorkloadClass, x_ClassRule, x_ClassConfidence, count(*) FROM line_items
        WHERE ServiceName = 'Azure Machine Learning' GROUP BY ALL
        """,
    )
    raw_count, _ = _raw_focus("ServiceName = 'Azure Machine Learning'")
    assert raw_count == 9
    # The workspace's charges carry the tag ComputeType=Compute Instance (development): the
    # signal reads that tag, so they are other AI spend, with the signal's medium confidence.
    assert rows == [("ai_other", "az-ml-compute-instance", "medium", raw_count)]


def test_focus_sample_gpu_instances_are_judged_by_their_usage_pattern(focus_wh: Path) -> None:
    """g5.4xlarge and g3.4xlarge hours, named only in ChargeDescription (no x_ columns)."""
    rows = query(
        focus_wh,
        """
        SELECT x_WorkloadClass, x_ClassRule, count(*) FROM line_items
        WHERE ProviderName = 'AWS' AND regexp_matches(ChargeDescription, $gpu)
        GROUP BY ALL
        """,
        {"gpu": GPU_IN_DESCRIPTION},
    )
    raw_count, _ = _raw_focus(
        f"ProviderName = 'AWS' AND regexp_matches(ChargeDescription, '{GPU_IN_DESCRIPTION}')"
    )
    assert raw_count == 10
    assert sum(n for _, _, n in rows) == raw_count
    for cls, rule, _ in rows:
        assert cls in ("training", "inference") and rule.startswith("gpu-pattern-"), rows
    fleets = query(focus_wh, "SELECT accelerator_type FROM gpu_fleet_profile ORDER BY 1")
    assert [f for (f,) in fleets] == ["g3.4xlarge", "g5.4xlarge"]


def test_focus_sample_nothing_else_is_ai(focus_wh: Path) -> None:
    ai = query(
        focus_wh,
        """
        SELECT count(*), coalesce(sum(EffectiveCost), 0)::DOUBLE FROM line_items
        WHERE x_SourceFile LIKE '%focus_sample.csv' AND x_WorkloadClass <> 'non_ai'
        """,
    )[0]
    raw = _raw_focus(
        "ServiceCategory = 'AI and Machine Learning' OR (ProviderName = 'AWS' AND "
        f"regexp_matches(ChargeDescription, '{GPU_IN_DESCRIPTION}'))"
    )
    assert ai[0] == raw[0]
    assert ai[1] == pytest.approx(raw[1], abs=1e-9)


def test_focus_sample_credit_is_reported_apart(focus_wh: Path) -> None:
    rows = query(
        focus_wh,
        """
        SELECT DISTINCT x_WorkloadClass, x_ClassRule FROM line_items
        WHERE ChargeCategory = 'Credit' AND x_SourceFile LIKE '%focus_sample.csv'
        """,
    )
    assert rows == [("non_ai", "charge-credit")]


def test_focus_sample_user_rule_beats_the_usage_pattern(focus_wh: Path, tmp_path: Path) -> None:
    """A user rule on a real tag (application=BrightPathMatrix, the g5 rows' application)."""
    warehouse = tmp_path / "copy.duckdb"
    shutil.copy(focus_wh, warehouse)
    rules = tmp_path / "finops.toml"
    rules.write_text(
        '[[classify.rule]]\nid = "brightpath-serves"\nmatch = "tag:application=brightpath*"\n'
        'class = "inference"\n',
        encoding="utf-8",
    )
    result = invoke(CliRunner(), warehouse, "classify", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    rows = query(
        warehouse,
        """
        SELECT DISTINCT x_WorkloadClass, x_ClassRule FROM line_items
        WHERE ProviderName = 'AWS' AND regexp_matches(ChargeDescription, $gpu)
        """,
        {"gpu": GPU_IN_DESCRIPTION},
    )
    tagged = query(
        warehouse,
        "SELECT count(*) FROM line_items WHERE Tags['application'] ILIKE 'brightpath%'",
    )[0][0]
    assert rows == [("inference", "brightpath-serves")] and tagged >= 8


# --------------------------------------------------------------------------------------------
# FOCUS 1.3 working-draft AI examples: token billing


def test_ai_examples_say_nothing_about_training() -> None:
    """What the five examples contain: token SKUs (input, output, cached) and a prepaid token
    commitment; none is fine-tuning or training, so all of it is inference."""
    for path in AI_EXAMPLES:
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                text = " ".join(row.get(c, "") for c in ("ChargeDescription", "SkuMeter", "SkuId"))
                assert not re.search(r"\btrain|fine.?tun|custom", text, re.I), (path, text)
                assert row["ServiceSubcategory"] == "Generative AI"


def test_ai_examples_are_inference(focus_wh: Path) -> None:
    rows = query(
        focus_wh,
        """
        SELECT regexp_extract(x_SourceFile, '([a-z_]+)\\.csv$', 1), x_WorkloadClass, x_ClassRule,
               x_ClassConfidence, count(*)
        FROM line_items WHERE x_SourceFile LIKE '%focus-spec-ai-examples%'
        GROUP BY ALL ORDER BY ALL
        """,
    )
    raw = {}
    for path in AI_EXAMPLES:
        with path.open(newline="", encoding="utf-8") as f:
            raw[path.stem] = sum(1 for _ in csv.DictReader(f))
    assert {name: n for name, *_, n in rows} == raw
    # FOCUS ServiceSubcategory "Generative AI" is model usage: inference, a medium signal
    assert {tuple(r[1:4]) for r in rows} == {("inference", "focus-genai-tokens", "medium")}


# --------------------------------------------------------------------------------------------
# real CURs: no AI at all


def test_real_curs_hold_no_ai(cur_wh: Path) -> None:
    rows = query(
        cur_wh,
        "SELECT x_WorkloadClass, x_ClassRule, count(*) FROM line_items GROUP BY ALL ORDER BY ALL",
    )
    assert {(c, r) for c, r, _ in rows} == {
        ("non_ai", "default-non-ai"),
        ("non_ai", "charge-tax"),
    }
    assert query(cur_wh, "SELECT count(*) FROM gpu_fleet_profile") == [(0,)]


def test_real_cur_taxes_are_reported_apart(cur_wh: Path) -> None:
    con = duckdb.connect()
    raw_tax = con.execute(
        "SELECT count(*) FROM read_csv(?, header = true, all_varchar = true) "
        "WHERE \"lineItem/LineItemType\" = 'Tax'",
        [str(CUR_CSV)],
    ).fetchone()[0]
    con.close()
    assert raw_tax == 12
    rows = query(
        cur_wh,
        "SELECT x_ClassRule, count(*) FROM line_items WHERE x_LineItemType = 'Tax' GROUP BY 1",
    )
    assert rows == [("charge-tax", raw_tax)]


def test_real_cur_spot_cpu_fleets_stay_non_ai(cur_wh: Path) -> None:
    """The Well-Architected CUR's Spot c5/m5 fleets: bursty compute, but not GPUs."""
    rows = query(
        cur_wh,
        """
        SELECT x_WorkloadClass, count(*) FROM line_items
        WHERE x_UsageType LIKE '%SpotUsage%' OR Tags['aws:ec2spot:fleet-request-id'] IS NOT NULL
        GROUP BY 1
        """,
    )
    assert len(rows) == 1 and rows[0][0] == "non_ai" and rows[0][1] > 100, rows
