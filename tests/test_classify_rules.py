"""Your rules (finops.toml, `finops-ai classify --rules FILE`): precedence, validation, and cheap
reclassification. Everything through the CLI, checked with `explain` and x_ClassRule.

Precedence (docs/classification.md): your rules (in file order) > workload tags > service
signals > the GPU usage pattern > the default.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from finops_ai import resources
from finops_ai.warehouse import db
from tests.conftest import (
    SAMPLE_BILLS,
    distributed_classification_differences,
    invoke,
    query,
    snapshot,
)
from tests.data.classify import bills
from tests.helpers.schema import undo_migration_010, undo_migration_011, undo_migration_012

RESEARCH, SHARED = "777777777777", "888888888888"
CHAIN = f"arn:aws:sagemaker:us-east-1:{RESEARCH}:training-job/chain-1"

# One line item per resource; what each one is for is in its comment.
ROWS = [
    # a SageMaker training job tagged as inference: every tier but the pattern matches it
    bills.cur_row(
        "chain",
        account=RESEARCH,
        product="AmazonSageMaker",
        usage_type="USE1-Train:ml.p4d.24xlarge",
        instance_type="ml.p4d.24xlarge",
        resource=CHAIN,
        tags={"workload": "inference"},
    ),
    # a GPU instance tagged training (the tag tier would decide without a user rule)
    bills.cur_row(
        "tagged-gpu",
        account=SHARED,
        usage_type="BoxUsage:g5.2xlarge",
        instance_type="g5.2xlarge",
        resource="i-0tagged00000001",
        tags={"workload": "training"},
    ),
    # an untagged GPU hour: the usage pattern decides (one hour of a month: bursty)
    bills.cur_row(
        "gpu",
        account=SHARED,
        usage_type="BoxUsage:p4d.24xlarge",
        instance_type="p4d.24xlarge",
        resource="i-0pattern0000001",
    ),
    # the bill goes on to the month's end, so the GPU hour above is seen to start and stop
    bills.cur_row(
        "month-end",
        account=SHARED,
        usage_type="BoxUsage:m5.large",
        instance_type="m5.large",
        resource="i-0monthend000001",
        start="2026-11-30T23:00:00Z",
        end="2026-12-01T00:00:00Z",
    ),
    # plain CPU: the default decides
    bills.cur_row(
        "cpu",
        account=SHARED,
        usage_type="BoxUsage:m5.large",
        instance_type="m5.large",
        resource="i-0default0000001",
    ),
    # CPU with a team tag and a cost category, for the tag and cost_category kinds
    {
        **bills.cur_row(
            "search-cpu",
            account=SHARED,
            usage_type="BoxUsage:c5.large",
            instance_type="c5.large",
            resource="i-0search00000001",
            tags={"team": "search"},
        ),
        "costCategory/team": "ml-platform",
    },
    # a stack tagged as an AI workload that is not AI spend (CPU, storage, a database): the
    # workload tag judges only GPU/accelerator compute and AI services, so these stay non_ai
    bills.cur_row(
        "tagged-cpu",
        account=SHARED,
        usage_type="BoxUsage:m5.xlarge",
        instance_type="m5.xlarge",
        resource="i-0taggedcpu00001",
        tags={"Workload": "training"},
    ),
    bills.cur_row(
        "tagged-bucket",
        account=SHARED,
        product="AmazonS3",
        usage_type="TimedStorage-ByteHrs",
        resource="acme-training-data",
        unit="GB-Mo",
        tags={"workload": "training"},
    ),
    bills.cur_row(
        "tagged-db",
        account=SHARED,
        product="AmazonRDS",
        usage_type="InstanceUsage:db.r5.large",
        instance_type="db.r5.large",
        resource="arn:aws:rds:us-east-1:888888888888:db:serving-db",
        tags={"workload": "serving"},
    ),
    # tax on an AI service, tagged: still reported apart, unless a user rule says otherwise
    bills.cur_row(
        "sm-tax",
        account=RESEARCH,
        line_type="Tax",
        product="AmazonSageMaker",
        start="2026-11-01T00:00:00Z",
        end="2026-12-01T00:00:00Z",
        tags={"workload": "training"},
    ),
    # a tag value with an underscore look-alike: '_' in a rule must not be a wildcard
    {
        **bills.cur_row(
            "lookalike",
            account=SHARED,
            usage_type="BoxUsage:c5.large",
            instance_type="c5.large",
            resource="i-0lookalike00001",
            tags={"team": "mlxplatform"},
        ),
        "costCategory/team": "ml-research",
    },
]

TAGGED_NON_AI = {
    "i-0taggedcpu00001": ("non_ai", "default-non-ai"),
    "acme-training-data": ("non_ai", "default-non-ai"),
    "arn:aws:rds:us-east-1:888888888888:db:serving-db": ("non_ai", "default-non-ai"),
}

RULES = """
[classify]
rules = [
    "resource:arn:aws:sagemaker:*:training-job/chain-* -> ai_other",
    "account:777777777777 -> training",
    "tag:team=search -> inference",
]

[[classify.rule]]
id = "g5-is-serving"
match = "usage_type:BoxUsage:g5.*"
class = "inference"
"""


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def classes(warehouse: Path) -> dict[str, tuple[str, str]]:
    """Resource id (or, for tax, the line item id) -> (class, rule)."""
    rows = query(
        warehouse,
        "SELECT coalesce(ResourceId, x_SourceLineId), x_WorkloadClass, x_ClassRule FROM line_items",
    )
    return {key: (cls, rule) for key, cls, rule in rows}


def stored_rule_ids(warehouse: Path) -> list[str]:
    return [
        r for (r,) in query(warehouse, "SELECT rule_id FROM classification_rules ORDER BY position")
    ]


def matched_rules(explain_output: str) -> list[str]:
    """'tier rule_id' of every rule `explain` lists, in its order; the decider starts with '->'."""
    out = []
    for line in explain_output.splitlines():
        if line.startswith("    ") and ": " in line:
            out.append(line.split(": ")[0].strip())
    return out


@pytest.fixture
def bill(tmp_path: Path) -> Path:
    return bills.write_cur(tmp_path / "bill.csv", ROWS)


@pytest.fixture
def ingested(runner: CliRunner, warehouse: Path, bill: Path) -> Path:
    result = invoke(runner, warehouse, "ingest", str(bill))
    assert result.exit_code == 0, result.output
    return warehouse


# --------------------------------------------------------------------------------------------
# precedence


def test_without_rules_tags_signals_pattern_and_default_decide(ingested: Path) -> None:
    assert classes(ingested) == {
        CHAIN: ("inference", "tag-workload-inference"),  # tag > service signal
        "i-0tagged00000001": ("training", "tag-workload-training"),  # tag > usage pattern
        "i-0pattern0000001": ("training", "gpu-pattern-job"),  # pattern > default
        "i-0default0000001": ("non_ai", "default-non-ai"),
        "i-0monthend000001": ("non_ai", "default-non-ai"),
        "i-0search00000001": ("non_ai", "default-non-ai"),
        "i-0lookalike00001": ("non_ai", "default-non-ai"),
        "sm-tax": ("non_ai", "charge-tax"),  # tax is reported apart, tag or not
        **TAGGED_NON_AI,  # a workload tag alone never makes CPU, storage or a database AI
    }


def test_user_rules_beat_everything_in_file_order(runner, ingested: Path, tmp_path: Path) -> None:
    rules = write(tmp_path / "finops.toml", RULES)
    result = invoke(runner, ingested, "classify", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    first, second, third, g5 = stored_rule_ids(ingested)
    assert g5 == "g5-is-serving"
    assert classes(ingested) == {
        CHAIN: ("ai_other", first),  # the first of two matching user rules wins
        "i-0tagged00000001": ("inference", "g5-is-serving"),  # user rule > tag
        "i-0pattern0000001": ("training", "gpu-pattern-job"),
        "i-0default0000001": ("non_ai", "default-non-ai"),
        "i-0monthend000001": ("non_ai", "default-non-ai"),
        "i-0search00000001": ("inference", third),  # user rule > default
        "i-0lookalike00001": ("non_ai", "default-non-ai"),
        "sm-tax": ("training", second),  # a user rule (account) decides even for tax
        **TAGGED_NON_AI,
    }
    # explain lists every rule that matched, in precedence order, the decider first
    result = invoke(runner, ingested, "explain", CHAIN)
    assert result.exit_code == 0, result.output
    assert f"ai_other (high confidence), decided by rule {first}" in result.stdout
    # each rule as written in the rules file, globs and all, and the account that billed it
    written = "resource:arn:aws:sagemaker:*:training-job/chain-* -> ai_other"
    assert f"- {written}, from {rules}" in result.stdout
    assert f"account {RESEARCH} (billing account 111111111111)" in result.stdout
    assert matched_rules(result.stdout) == [
        f"-> user rule {first}",
        f"user rule {second}",
        "workload tag tag-workload-inference",
        "service signal sm-train",
        "service signal sm-other",
        "default default-ai-service",
    ]
    result = invoke(runner, ingested, "explain", "i-0tagged00000001")
    assert matched_rules(result.stdout) == [
        "-> user rule g5-is-serving",
        "workload tag tag-workload-training",
        "default default-non-ai",
    ]
    result = invoke(runner, ingested, "explain", "i-0pattern0000001")
    assert matched_rules(result.stdout) == [
        "-> usage pattern gpu-pattern-job",
        "default default-non-ai",
    ]
    assert "; low confidence: a job of one or two buckets" in result.stdout  # why not high


def test_rules_stored_before_their_text_was_kept_still_explain(runner, ingested, tmp_path):
    """Schema 9 keeps each rule as written; a rule stored before shows its kind and pattern."""
    rules = write(tmp_path / "finops.toml", '[classify]\nrules = ["tag:team=sea* -> inference"]\n')
    assert invoke(runner, ingested, "classify", "--rules", str(rules)).exit_code == 0
    con = duckdb.connect(str(ingested))  # as a schema 8 warehouse stored the rule
    con.execute("ALTER TABLE classification_rules DROP COLUMN rule_text")
    undo_migration_012(con)
    undo_migration_011(con)
    undo_migration_010(con)
    con.execute("DELETE FROM schema_migrations WHERE version = 9")
    con.close()
    result = invoke(runner, ingested, "classify")  # upgrades the schema, then classifies
    assert result.exit_code == 0, result.output
    result = invoke(runner, ingested, "explain", "i-0search00000001")
    assert result.exit_code == 0, result.output
    assert f"- tag:team=sea%, from {rules}" in result.stdout


@pytest.mark.parametrize(
    ("rule", "resource", "expected"),
    [
        ("account:888888888888 -> ai_other", "i-0default0000001", "ai_other"),
        ("tag:team=search -> inference", "i-0search00000001", "inference"),
        ("tag:TEAM=search -> inference", "i-0search00000001", "inference"),
        ("tag:workload=training -> training", "i-0taggedcpu00001", "training"),
        ("cost_category:team=ml-platform -> ai_other", "i-0search00000001", "ai_other"),
        ("cost_category:Team=ml-platform -> ai_other", "i-0search00000001", "ai_other"),
        ("resource:I-0DEFAULT* -> training", "i-0default0000001", "training"),
        ("service:AmazonEC2 -> ai_other", "i-0default0000001", "ai_other"),
        ("usage_type:BoxUsage:m5.????? -> training", "i-0default0000001", "training"),
        ("provider:aws -> inference", "i-0default0000001", "inference"),
        ("tag:team=ml_platform -> training", "i-0lookalike00001", "non_ai"),
        ("service:AmazonSageMaker -> ai_other", "sm-tax", "ai_other"),
    ],
    ids=[
        "account",
        "tag",
        "tag-key-in-any-case",
        "tag-on-cpu-by-your-rule",
        "cost_category",
        "cost_category-key-in-any-case",
        "resource-glob",
        "service",
        "usage_type-?",
        "provider-any-case",
        "underscore-is-literal",
        "service-on-tax",
    ],
)
def test_each_rule_kind(runner, ingested: Path, tmp_path: Path, rule, resource, expected) -> None:
    rules = write(tmp_path / "finops.toml", f'[classify]\nrules = ["{rule}"]\n')
    result = invoke(runner, ingested, "classify", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    assert classes(ingested)[resource][0] == expected


def test_the_distributed_classifier_applies_your_rules_the_same_way(runner, ingested, tmp_path):
    """queries/distributed/classify.sql (for Athena/Trino/Spark over the Parquet export) matches
    user rules in its own SQL: tag and cost category keys in any case, as the warehouse does."""
    extra = '"tag:TEAM=search -> training", "cost_category:Team=ml-r* -> ai_other",\n'
    rules = write(tmp_path / "finops.toml", RULES.replace("rules = [\n", "rules = [\n" + extra))
    result = invoke(runner, ingested, "classify", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    decided = classes(ingested)
    assert decided["i-0search00000001"] == ("training", "user-tag-TEAM-search")
    assert decided["i-0lookalike00001"] == ("ai_other", "user-cost_category-Team-ml-r*")
    keys, different = distributed_classification_differences(ingested)
    assert keys == len(ROWS) and different == []


# --------------------------------------------------------------------------------------------
# validation: one clear line, exit 1, the warehouse untouched

BAD = [
    (
        "unknown-class",
        '[classify]\nrules = ["account:1 -> inference", "account:2 -> trainng"]\n',
        ["rules[2]", "unknown class 'trainng'", "did you mean 'training'"],
    ),
    (
        "unknown-class-in-table",
        '[[classify.rule]]\nmatch = "account:1"\nclass = "inferance"\n',
        ["[[classify.rule]] 1", "did you mean 'inference'"],
    ),
    (
        "no-arrow",
        '[classify]\nrules = ["account:123456789012 training"]\n',
        ["rules[1]", "'account:123456789012 training' is not a rule", "->"],
    ),
    (
        "empty-value",
        '[classify]\nrules = ["account: -> training"]\n',
        ["rules[1]", "empty"],
    ),
    (
        "empty-class",
        '[classify]\nrules = ["account:1 -> "]\n',
        ["rules[1]", "is not a rule"],
    ),
    (
        "tag-without-equals",
        '[classify]\nrules = ["tag:workload -> training"]\n',
        ["rules[1]", "'tag:workload'", "key and a value"],
    ),
    (
        "typo-key-in-table",
        '[[classify.rule]]\nid = "x"\nmatch = "account:1"\nclas = "training"\n',
        ["[[classify.rule]] 1", "unknown key 'clas'", "did you mean 'class'"],
    ),
    (
        "unknown-kind",
        '[classify]\nrules = ["acount:123 -> training"]\n',
        ["rules[1]", "unknown rule kind 'acount'", "did you mean 'account'"],
    ),
    (
        "typo-key-in-section",
        '[classify]\nrulez = ["account:1 -> training"]\n',
        ["unknown key 'rulez'", "did you mean 'rule"],
    ),
    (
        "missing-class-in-table",
        '[[classify.rule]]\nid = "x"\nmatch = "account:1"\n',
        ["[[classify.rule]] 1", "missing 'class'"],
    ),
    (
        "duplicate-id",
        '[[classify.rule]]\nid = "x"\nmatch = "account:1"\nclass = "training"\n'
        '[[classify.rule]]\nid = "x"\nmatch = "account:2"\nclass = "inference"\n',
        ["rule id 'x' is used twice"],
    ),
    ("not-toml", '[classify\nrules = ["account:1 -> training"]\n', ["not valid TOML"]),
    (
        "strings-under-rule",
        '[classify]\nrule = ["account:1 -> training"]\n',
        ["[[classify.rule]] table", "rules = [...]"],
    ),
    (
        "built-in-id",
        '[[classify.rule]]\nid = "sm-train"\nmatch = "account:1"\nclass = "training"\n',
        ["[[classify.rule]] 1", "'sm-train' is a built-in rule's id"],
    ),
    ("not-text", b"\x89PNG\r\n\x1a\n", ["not a text file"]),
    (
        "empty-id",
        '[[classify.rule]]\nid = " "\nmatch = "account:1"\nclass = "training"\n',
        ["[[classify.rule]] 1", "empty id"],
    ),
]


@pytest.fixture(scope="module")
def classified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse classified with RULES, shared by tests that must leave it unchanged."""
    folder = tmp_path_factory.mktemp("rules")
    warehouse = folder / "finops.duckdb"
    runner = CliRunner()
    bill = bills.write_cur(folder / "bill.csv", ROWS)
    assert invoke(runner, warehouse, "ingest", str(bill)).exit_code == 0
    good = write(folder / "good.toml", RULES)
    assert invoke(runner, warehouse, "classify", "--rules", str(good)).exit_code == 0
    return warehouse


@pytest.mark.parametrize(("text", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_rules_are_refused_with_one_line(runner, classified: Path, tmp_path, text, expected):
    before = snapshot(classified), classes(classified), stored_rule_ids(classified)
    assert len(before[2]) == 4
    bad = tmp_path / "finops.toml"
    if isinstance(text, bytes):
        bad.write_bytes(text)
    else:
        write(bad, text)
    result = invoke(runner, classified, "classify", "--rules", str(bad))
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert str(bad) in lines[0]
    for fragment in expected:
        assert fragment in lines[0]
    assert result.stdout == ""
    assert (snapshot(classified), classes(classified), stored_rule_ids(classified)) == before


@pytest.mark.parametrize("where", ["missing", "a-folder"])
def test_an_unreadable_rules_file_is_refused_with_one_line(runner, classified, tmp_path, where):
    before = snapshot(classified)
    path = tmp_path / "missing.toml" if where == "missing" else tmp_path
    result = invoke(runner, classified, "classify", "--rules", str(path))
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"Error: {path}: ")
    assert snapshot(classified) == before


def test_rules_that_decide_nothing_are_named(runner, ingested: Path, tmp_path: Path) -> None:
    rules = write(
        tmp_path / "finops.toml",
        """
        [classify]
        rules = [
            "account:88888888888 -> training",
            "tag:team=search -> inference",
            "tag:TEAM=sea* -> training",
            "tag:a-b=c -> training",
            "tag:a=b-c -> inference",
        ]
        """,
    )
    result = invoke(runner, ingested, "classify", "--rules", str(rules))
    assert result.exit_code == 0, result.output
    ids = stored_rule_ids(ingested)
    # two made-up ids that would be the same are told apart by position
    assert ids[3:] == ["user-tag-a-b-c", "user-tag-a-b-c-5"]
    notes = [line for line in result.stderr.splitlines() if line.startswith("rule ")]
    assert notes == [
        f"rule {ids[0]} (account:88888888888 -> training) matches no line item: check its value",
        f"rule {ids[2]} (tag:TEAM=sea* -> training) matches 1 line item(s), "
        "but an earlier rule decides every one of them",
        f"rule {ids[3]} (tag:a-b=c -> training) matches no line item: check its value",
        f"rule {ids[4]} (tag:a=b-c -> inference) matches no line item: check its value",
    ]


def test_an_empty_rules_file_removes_the_stored_rules_and_says_so(runner, ingested, tmp_path):
    full = write(tmp_path / "a.toml", RULES)
    assert invoke(runner, ingested, "classify", "--rules", str(full)).exit_code == 0
    assert len(stored_rule_ids(ingested)) == 4
    empty = write(tmp_path / "b.toml", "[classify]\nrules = []\n")
    result = invoke(runner, ingested, "classify", "--rules", str(empty))
    assert result.exit_code == 0, result.output
    assert f"{empty} has no rules" in result.stderr
    assert stored_rule_ids(ingested) == []
    assert classes(ingested)["i-0search00000001"] == ("non_ai", "default-non-ai")


# --------------------------------------------------------------------------------------------
# reclassification is cheap, and the stored rules apply to later ingests


def _bookkeeping(warehouse: Path) -> tuple:
    return (
        query(warehouse, "SELECT count(*), sum(EffectiveCost) FROM line_item_data"),
        query(warehouse, "SELECT x_LoadId, count(*) FROM line_item_data GROUP BY 1 ORDER BY 1"),
        query(warehouse, "SELECT * FROM load_files ORDER BY ALL"),
        query(warehouse, "SELECT load_id, command FROM loads ORDER BY 1"),
        query(
            warehouse,
            "SELECT x_SourceLineId, x_ClassKey FROM line_item_data ORDER BY 1",
        ),
    )


def test_changing_the_rules_reclassifies_without_reingesting(runner, ingested, tmp_path) -> None:
    before = _bookkeeping(ingested)
    first = write(
        tmp_path / "v1.toml", '[classify]\nrules = ["account:888888888888 -> ai_other"]\n'
    )
    assert invoke(runner, ingested, "classify", "--rules", str(first)).exit_code == 0
    assert classes(ingested)["i-0default0000001"][0] == "ai_other"
    second = write(
        tmp_path / "v2.toml", '[classify]\nrules = ["account:888888888888 -> training"]\n'
    )
    result = invoke(runner, ingested, "classify", "--rules", str(second))
    assert result.exit_code == 0, result.output
    assert classes(ingested)["i-0default0000001"][0] == "training"
    assert "ingested" not in result.stderr and "reading" not in result.stderr
    # the line items themselves are untouched: same rows, loads, files and class keys
    assert _bookkeeping(ingested) == before
    # and `classify` without --rules keeps the stored rules
    assert invoke(runner, ingested, "classify").exit_code == 0
    assert classes(ingested)["i-0default0000001"][0] == "training"
    # an empty rules file removes them
    empty = write(tmp_path / "v3.toml", "[classify]\nrules = []\n")
    assert invoke(runner, ingested, "classify", "--rules", str(empty)).exit_code == 0
    assert classes(ingested)["i-0default0000001"] == ("non_ai", "default-non-ai")


def test_classify_with_nothing_to_redo_reads_the_warehouse_instead_of_rewriting_it(
    runner, ingested, tmp_path
) -> None:
    """`finops-ai classify --summary` to look at the rules' costs, with nothing changed since the
    ingest: the live file is read, not copied and swapped in (seconds on a large warehouse)."""
    live = ingested.stat()
    result = invoke(runner, ingested, "classify")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.stderr
    assert (ingested.stat().st_ino, ingested.stat().st_mtime_ns) == (live.st_ino, live.st_mtime_ns)
    # the same totals as a classification that runs (storing the same, empty, rules forces one)
    rules = write(tmp_path / "none.toml", "[classify]\nrules = []\n")
    ran = invoke(runner, ingested, "classify", "--rules", str(rules))
    assert ran.exit_code == 0, ran.output
    assert ingested.stat().st_ino != live.st_ino
    assert "up to date" not in ran.stderr
    assert ran.stdout == result.stdout
    assert re.search(r"non_ai +\d", result.stdout)


# Another program holding the warehouse open read-write until it is killed.
HOLD_READ_WRITE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CHECKPOINT")
print("open", flush=True)
time.sleep(120)
"""


def test_classify_refuses_while_another_program_has_it_open_read_write(runner, ingested) -> None:
    """DuckDB refuses a read-only open while another process holds the file read-write (an
    analyst's DBeaver, say). Classify then cannot read it, and must not write it either: the
    swap would throw away that program's own changes. It says how to fix it instead."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_READ_WRITE, str(ingested)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(duckdb.Error):
            duckdb.connect(str(ingested), read_only=True).close()
        held = ingested.read_bytes()
        result = invoke(runner, ingested, "classify")
        assert ingested.read_bytes() == held
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1, result.output
    assert "open read-write in another program" in result.stderr
    assert "Open it read-only" in result.stderr


def test_a_later_ingest_applies_the_stored_rules(runner, ingested, tmp_path) -> None:
    rules = write(tmp_path / "finops.toml", RULES)
    assert invoke(runner, ingested, "classify", "--rules", str(rules)).exit_code == 0
    december = [
        bills.cur_row(
            "dec-research",
            account=RESEARCH,
            period="2026-12",
            start="2026-12-02T10:00:00Z",
            end="2026-12-02T11:00:00Z",
            usage_type="BoxUsage:m5.large",
            instance_type="m5.large",
            resource="i-0december000001",
        ),
        bills.cur_row(
            "dec-g5",
            account=SHARED,
            period="2026-12",
            start="2026-12-02T10:00:00Z",
            end="2026-12-02T11:00:00Z",
            usage_type="BoxUsage:g5.12xlarge",
            instance_type="g5.12xlarge",
            resource="i-0december000002",
        ),
    ]
    new_bill = bills.write_cur(tmp_path / "december.csv", december)
    result = invoke(runner, ingested, "ingest", str(new_bill))
    assert result.exit_code == 0, result.output
    _, second, _, _ = stored_rule_ids(ingested)
    got = classes(ingested)
    assert got["i-0december000001"] == ("training", second)  # account:777777777777 -> training
    assert got["i-0december000002"] == ("inference", "g5-is-serving")
    assert got["i-0tagged00000001"] == ("inference", "g5-is-serving")  # November still too


def test_changed_built_in_signals_reach_stored_line_items_at_the_next_classify(
    runner: CliRunner, warehouse: Path, tmp_path: Path
) -> None:
    """Signal matches are kept between classifications; an upgrade whose signals.csv says
    otherwise must still change the line items already stored, without a re-ingest."""
    row = bills.cur_row(
        "job",
        product="AmazonSageMaker",
        usage_type="USE1-Train:ml.p4d.24xlarge",
        resource="arn:aws:sagemaker:us-east-1:222222222222:training-job/j1",
    )
    bill = bills.write_cur(tmp_path / "bill.csv", [row])
    assert invoke(runner, warehouse, "ingest", str(bill)).exit_code == 0
    decided = "SELECT x_WorkloadClass, x_ClassRule FROM line_items"
    assert query(warehouse, decided) == [("training", "sm-train")]

    old = "sm-train,110,AmazonSageMaker,x_UsageType,%Train:%,training,"
    new = old.replace("training,", "ai_other,")
    with _upgraded(tmp_path, "classify/signals.csv", old, new):
        result = invoke(runner, warehouse, "classify")
    assert result.exit_code == 0, result.output
    assert query(warehouse, decided) == [("ai_other", "sm-train")]


def test_an_ingest_after_an_upgrade_reclassifies_even_with_nothing_new(
    runner: CliRunner, warehouse: Path, tmp_path: Path
) -> None:
    """The cron job that upgraded finops-ai ingests bills it already has, then reports: the
    report must use the new release's rules, not the ones stored by the old release."""
    row = bills.cur_row(
        "job",
        product="AmazonSageMaker",
        usage_type="USE1-Train:ml.p4d.24xlarge",
        resource="arn:aws:sagemaker:us-east-1:222222222222:training-job/j1",
    )
    bill = bills.write_cur(tmp_path / "bill.csv", [row])
    assert invoke(runner, warehouse, "ingest", str(bill)).exit_code == 0
    decided = "SELECT x_WorkloadClass, x_ClassRule FROM line_items"
    old = "sm-train,110,AmazonSageMaker,x_UsageType,%Train:%,training,"
    with _upgraded(tmp_path, "classify/signals.csv", old, old.replace("training,", "ai_other,")):
        result = invoke(runner, warehouse, "ingest", str(bill))
        assert result.exit_code == 0, result.output
        assert "re-classifying" in result.stderr
        assert query(warehouse, decided) == [("ai_other", "sm-train")]
        # up to date now: the next ingest of nothing new leaves the file alone
        before = snapshot(warehouse)
        result = invoke(runner, warehouse, "ingest", str(bill))
    assert result.exit_code == 0, result.output
    assert "re-classifying" not in result.stderr
    assert snapshot(warehouse) == before


@contextlib.contextmanager
def _upgraded(tmp_path: Path, name: str, old: str, new: str) -> Iterator[None]:
    """Inside: finops-ai reads a copy of queries/ whose ``name`` has ``old`` replaced by
    ``new``, as after a release that changed that file."""
    upgraded = tmp_path / "queries"
    shutil.copytree(resources.queries_dir(), upgraded)
    path = upgraded / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(resources, "queries_dir", lambda: upgraded)
            resources.load_query.cache_clear()
            yield
    finally:
        resources.load_query.cache_clear()


def test_a_release_that_changes_only_a_read_only_query_recomputes_nothing(
    runner: CliRunner, ingested: Path, tmp_path: Path
) -> None:
    """summary.sql only reads the decisions: changing it must not re-match every key."""
    old = "-- Which rule decided how much"
    with _upgraded(tmp_path, "classify/summary.sql", old, "-- Reworded: which rule decided"):
        result = invoke(runner, ingested, "classify", "--summary")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.stderr


def test_a_changed_class_key_step_rebuilds_what_existing_keys_were_computed_with(
    runner: CliRunner, warehouse: Path, tmp_path: Path
) -> None:
    """accelerator_type is computed once per key, at load time; an upgrade that changes how
    (store_keys.sql) must reach the keys already stored."""
    rows = [
        bills.cur_row(
            f"gpu-{hour}",
            start=f"2026-11-{1 + hour // 24:02d}T{hour % 24:02d}:00:00Z",
            end=f"2026-11-{1 + (hour + 1) // 24:02d}T{(hour + 1) % 24:02d}:00:00Z",
            usage_type="BoxUsage:g5.2xlarge",
            instance_type="g5.2xlarge",
            resource="i-0123456789abcdef0",
        )
        for hour in range(24 * 20)
    ]
    bill = bills.write_cur(tmp_path / "bill.csv", rows)
    assert invoke(runner, warehouse, "ingest", str(bill)).exit_code == 0
    rules = "SELECT DISTINCT x_ClassRule FROM line_items"
    assert query(warehouse, rules) == [("gpu-pattern-steady",)]

    # a release that no longer counts g5 as accelerated compute
    with _upgraded(tmp_path, "classify/store_keys.sql", "g[3-6][a-z0-9-]*|", ""):
        result = invoke(runner, warehouse, "classify")
    assert result.exit_code == 0, result.output
    assert query(warehouse, rules) == [("default-non-ai",)]
    assert query(warehouse, "SELECT count(*) FROM gpu_usage") == [(0,)]


def test_line_items_without_a_class_key_are_classified_by_the_next_classify(
    runner: CliRunner, warehouse: Path, tmp_path: Path
) -> None:
    """Rows can arrive without a class key (AI provider rows, warehouses written before keys
    were computed at load time); classify stamps and classifies them."""
    bill = bills.write_cur(tmp_path / "bill.csv", ROWS)
    assert invoke(runner, warehouse, "ingest", str(bill)).exit_code == 0
    classified = query(warehouse, "SELECT x_SourceLineId, x_WorkloadClass FROM line_items")
    with db.write(warehouse) as session:
        session.con.execute("UPDATE line_item_data SET x_ClassKey = NULL")
        for table in ("class_keys", "class_key_totals", "line_item_classes"):
            session.con.execute(f"DELETE FROM {table}")
        session.changed = True
    assert query(warehouse, "SELECT count(x_WorkloadClass) FROM line_items") == [(0,)]
    result = invoke(runner, warehouse, "classify")
    assert result.exit_code == 0, result.output
    again = query(warehouse, "SELECT x_SourceLineId, x_WorkloadClass FROM line_items")
    assert sorted(again) == sorted(classified)


def test_a_failing_classification_step_names_its_file_and_changes_nothing(
    runner: CliRunner, warehouse: Path, tmp_path: Path
) -> None:
    bill = bills.write_cur(tmp_path / "bill.csv", ROWS)
    assert invoke(runner, warehouse, "ingest", str(bill)).exit_code == 0
    before = snapshot(warehouse)
    broken = "k.x_ClassKey, 1, r.position"
    with _upgraded(tmp_path, "classify/match_user_rules.sql", broken, "nope, 1, r.position"):
        result = invoke(runner, warehouse, "classify")
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()
    assert len(error) == 1
    assert "queries/classify/match_user_rules.sql failed:" in error[0]
    assert "Nothing was changed" in error[0]
    assert snapshot(warehouse) == before


def test_a_failed_row_check_says_which_totals_disagree_and_changes_nothing(
    runner: CliRunner, warehouse: Path, tmp_path: Path
) -> None:
    bill = bills.write_cur(tmp_path / "bill.csv", ROWS)
    assert invoke(runner, warehouse, "ingest", str(bill)).exit_code == 0
    # A kept decision lost behind finops-ai's back, as a classifier bug could leave it.
    con = duckdb.connect(str(warehouse))
    con.execute(
        "DELETE FROM line_item_classes "
        "WHERE x_ClassKey = (SELECT min(x_ClassKey) FROM line_item_classes)"
    )
    con.close()
    before = snapshot(warehouse)

    result = invoke(runner, warehouse, "ingest", str(SAMPLE_BILLS / "azure"))

    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    found = re.fullmatch(
        r"Error: queries/checks/class_totals_reconcile\.sql found a problem: (\d+) line items "
        r"cost (-?[\d.]+), class_key_totals hold \1 costing \2, and (\d+) costing -?[\d.]+ "
        r"have a class\. Nothing was changed; this is a finops-ai bug, please report it with "
        r"this line",
        error,
    )
    assert found, error
    assert int(found[3]) < int(found[1])
    assert snapshot(warehouse) == before
