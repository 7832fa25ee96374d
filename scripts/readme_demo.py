"""Keep README.md's demo transcript true: run the demo and write (or check) the start of what it
prints into the ```text block after the `<!-- demo-output -->` marker.

    python scripts/readme_demo.py           # rewrite the block from a fresh run
    python scripts/readme_demo.py --check   # exit 1 with a diff if the README is stale

The block keeps as many report lines as it has now (then "..."), so shortening or lengthening
the excerpt is an edit of the README. The run uses a fixed "today" so the transcript does not
change with the calendar.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
TODAY = "2026-12-03"
PROMPT = "$ .venv/bin/finops-ai demo          # the start of what it prints"
BLOCK = re.compile(r"(<!-- demo-output -->\n```text\n)(.*?)(```)", re.S)


def demo_output() -> list[str]:
    env = {**os.environ, "FINOPS_AI_TODAY": TODAY, "COLUMNS": "100"}
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "finops_ai", "-q", "demo"],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return done.stdout.splitlines()


def updated(readme: str, output: list[str]) -> str:
    match = BLOCK.search(readme)
    if match is None:
        raise SystemExit("README.md has no <!-- demo-output --> block")
    shown = [line for line in match[2].splitlines()[1:] if line != "..."]
    body = "\n".join([PROMPT, *output[: len(shown)], "..."]) + "\n"
    return readme[: match.start(2)] + body + readme[match.end(2) :]


def main() -> int:
    readme = README.read_text()
    new = updated(readme, demo_output())
    if "--check" in sys.argv[1:]:
        if new != readme:
            sys.stdout.writelines(
                difflib.unified_diff(
                    readme.splitlines(True), new.splitlines(True), "README.md", "demo output"
                )
            )
            print("README.md's demo output is stale: run python scripts/readme_demo.py")
            return 1
        return 0
    README.write_text(new)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
