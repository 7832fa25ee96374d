"""Shell completion (issue 18): the installed finops-ai script prints click's completion scripts
for bash, zsh and fish, and answers bash's completion requests, as the shell would call it. Run
as real processes of the console script, with the environment a shell gives it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text()
ANALYSTS_DOC = (REPO / "docs" / "analysts.md").read_text()


def _script() -> Path:
    script = Path(sys.executable).with_name("finops-ai")
    if script.exists():
        return script
    found = shutil.which("finops-ai")
    if found is None:
        pytest.skip("the finops-ai script is not installed beside this Python")
    return Path(found)


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FINOPS_AI_", "COMP_"))}
    return subprocess.run(
        [str(_script())],
        cwd=tmp_path,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def complete(tmp_path: Path, line: str) -> list[str]:
    """What bash's completion function gets back for the last word of ``line`` (click's
    protocol: COMP_WORDS is the line, COMP_CWORD the index of the word being completed)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    done = _run(
        tmp_path, _FINOPS_AI_COMPLETE="bash_complete", COMP_WORDS=line, COMP_CWORD=str(cword)
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_prints_a_completion_script_for_each_shell(tmp_path, shell):
    done = _run(tmp_path, _FINOPS_AI_COMPLETE=f"{shell}_source")
    assert done.returncode == 0, done.stderr
    # The script calls finops-ai back with the request for this shell.
    assert f"_FINOPS_AI_COMPLETE={shell}_complete" in done.stdout
    assert "_finops_ai_completion" in done.stdout
    if shell == "bash":
        assert "complete -o nosort -F _finops_ai_completion finops-ai" in done.stdout
    if shell == "zsh":
        assert done.stdout.startswith("#compdef finops-ai")


def test_bash_completes_a_subcommand_name(tmp_path):
    assert complete(tmp_path, "finops-ai rep") == ["plain,report"]
    assert sorted(complete(tmp_path, "finops-ai s")) == ["plain,send", "plain,sql"]


def test_bash_completes_an_option_and_its_choices(tmp_path):
    assert complete(tmp_path, "finops-ai config --js") == ["plain,--json"]
    formats = complete(tmp_path, "finops-ai sql --format ")
    assert formats == ["plain,table", "plain,csv", "plain,json", "plain,parquet"]
    names = sorted(p.stem for p in (REPO / "queries" / "examples").glob("*.sql"))
    assert complete(tmp_path, "finops-ai sql --example ") == [f"plain,{n}" for n in names]
    assert complete(tmp_path, "finops-ai sql --example unc") == ["plain,uncertain_ai_spend"]
    # A file option hands over to the shell's own file completion.
    assert complete(tmp_path, "finops-ai sql -f ") == ["file,"]


def test_bash_itself_completes_with_the_sourced_script(tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    # The script calls `finops-ai` by name: put the installed one first on PATH.
    path = f"{_script().parent}{os.pathsep}{os.environ.get('PATH', '')}"
    program = (
        "source <(_FINOPS_AI_COMPLETE=bash_source finops-ai) && "
        "COMP_WORDS=(finops-ai rep) && COMP_CWORD=1 && _finops_ai_completion finops-ai && "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FINOPS_AI_", "COMP_"))}
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", program],
        cwd=tmp_path,
        env={**clean, "PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["report"]


def test_completion_setup_is_documented_for_each_shell():
    assert 'eval "$(_FINOPS_AI_COMPLETE=bash_source finops-ai)"' in README
    for shell in ("bash", "zsh", "fish"):
        assert f"_FINOPS_AI_COMPLETE={shell}_source finops-ai" in ANALYSTS_DOC, shell
