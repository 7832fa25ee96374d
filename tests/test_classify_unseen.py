"""Classification on bills nobody in the repo tuned the classifier on (issue 15).

tests/data/classify/unseen_bills.py writes three months of a fictional company's AWS (as CUR 2.0
and as legacy CUR), Azure (FOCUS 1.2) and Google Cloud (FOCUS, as Google's BigQuery view has it)
bills from public usage-type and SKU strings, with the true class of every charge. Each family
is ingested with the CLI into its own warehouse, as a new user would, and judged by cost:

* at least 97% of the AI cost (training, inference, other AI) lands in its true class, and
* non-AI spend is never called AI (at most 1% of its cost).

bench/score_unseen.py prints the same scores for any seeds, with a confusion table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.data.classify import unseen_bills
from tests.data.classify.unseen.score import FamilyScore, score

SEEDS = (101, 102, 103)

@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, FamilyScore], dict]:
    work: Path = tmp_path_factory.mktemp("unseen")
    totals = {family: FamilyScore(family) for family in unseen_bills.FAMILIES}
    errors: dict[str, str] = {}
    for seed in SEEDS:
        root = unseen_bills.write(work / f"seed-{seed}", seed)
        for family, result in score(root, work / f"warehouses-{seed}").items():
            if result.error:
                errors.setdefault(family, f"seed {seed}: {result.error}")
            else:
                totals[family].add(result)
    return totals, errors


@pytest.mark.slow
@pytest.mark.parametrize("family", unseen_bills.FAMILIES)
def test_unseen_bills_classify_by_true_class(scores, family: str) -> None:
    totals, errors = scores
    assert family not in errors, f"{family}: ingest failed, {errors[family]}"
    result = totals[family]
    # Money first: every charge of the bills is in the warehouse, and nothing else.
    assert abs(result.unlabelled()) < 1 and abs(result.missing()) < 1, (
        f"{family}: ${result.unlabelled():,.2f} with no truth row, "
        f"${result.missing():,.2f} of truth not in the warehouse"
    )
    in_class = result.share_in_true_class()
    assert in_class is not None and in_class >= 0.97, (
        f"{family}: {in_class:.1%} of AI cost in its true class; worst scenarios: "
        + ", ".join(
            f"{name} {share:.0%}"
            for name, (_, _, share) in sorted(result.scenarios().items(), key=lambda x: x[1][2])[:4]
        )
    )
    called_ai = result.non_ai_called_ai()
    assert called_ai is not None and called_ai <= 0.01, (
        f"{family}: {called_ai:.2%} of non-AI cost called AI"
    )
