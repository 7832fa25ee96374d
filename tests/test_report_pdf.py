"""`finops-ai report -o r.pdf`: a real PDF printed by headless Chromium, or a clear refusal."""

from __future__ import annotations

import os
import re

import pytest

from finops_ai.deliver.pdf import find_browser
from tests.conftest import invoke
from tests.test_report_fixtures import sample  # noqa: F401

# Headless Chromium: seconds per page; `pytest -m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

TODAY = ("--today", "2026-11-26")


def test_pdf_is_a_pdf_with_pages(runner, sample, tmp_path):  # noqa: F811
    if find_browser() is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "no chromium, chromium-browser or google-chrome on PATH (apt-get install chromium)"
        )
    out = tmp_path / "r.pdf"
    result = invoke(runner, sample, "report", *TODAY, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) >= 1
    assert f"wrote {out}: PDF" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]  # no temporary file left


def test_pdf_without_chromium_is_refused_and_leaves_the_old_file(
    runner, sample, tmp_path, monkeypatch  # noqa: F811
):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF-1.4 the old report")
    result = invoke(runner, sample, "report", *TODAY, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {out}: cannot write a PDF: no chromium, chromium-browser, google-chrome on "
        "PATH. Install chromium, or write .html and print it from a browser"
    ]
    assert out.read_bytes() == b"%PDF-1.4 the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-path", "r.pdf"]


@pytest.mark.parametrize(
    ("args", "name", "error"),
    [
        ((), "r.xlsx", "cannot write a report as .xlsx. Name it .htm, .html, .json"),
        (("--format", "text"), "r.pdf", "--format text does not match the file name"),
        (("--format", "pdf"), "r.html", "--format pdf does not match the file name"),
    ],
)
def test_a_file_name_that_says_another_format_is_refused(
    runner, sample, tmp_path, args, name, error  # noqa: F811
):
    out = tmp_path / name
    result = invoke(runner, sample, "report", *TODAY, *args, "-o", str(out))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: {out}: {error}")
    assert not out.exists()


def test_pdf_on_stdout_is_a_usage_error(runner, sample):  # noqa: F811
    result = invoke(runner, sample, "report", *TODAY, "--format", "pdf")
    assert result.exit_code == 2
    assert "--format pdf needs --output FILE" in result.stderr
