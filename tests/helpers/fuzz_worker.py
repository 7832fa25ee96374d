"""Run finops-ai commands for tests/test_ingest_fuzz.py, one after another in one process.

Each line on stdin is a JSON list of CLI arguments; each answer on stdout is one JSON line
``{"exit": code, "stdout": ..., "stderr": ...}`` (plus ``"exception"`` when the CLI let one
escape). The test talks to this process through pipes so that a command that hangs can be
killed after a deadline, without paying a process start for each of its hundreds of cases.
"""

from __future__ import annotations

import json
import sys

from click.testing import CliRunner

from finops_ai.cli import cli


def main() -> None:
    runner = CliRunner()
    for line in sys.stdin:
        result = runner.invoke(cli, json.loads(line), catch_exceptions=True)
        answer = {"exit": result.exit_code, "stdout": result.stdout, "stderr": result.stderr}
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            answer["exception"] = f"{type(result.exception).__name__}: {result.exception}"
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
