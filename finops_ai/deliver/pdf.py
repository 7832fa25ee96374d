"""Print the HTML report to a PDF with headless Chromium, where it is installed.

A browser's print engine is the only renderer that lays the report out exactly as a reader
sees it; a PDF library would need its own templates. Chromium is not a Python dependency, so
its absence is a one-line error saying what to do, never a PDF that is something else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from finops_ai.errors import ConfigError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 120

# The page is our own escaped HTML with no scripts and no external resources; what would
# phone home is switched off, so the print is offline. (Not --blink-settings=scriptEnabled=false:
# headless Chromium 156 then prints nothing and still exits 0.)
_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-sandbox",  # needed as root and in containers
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",  # no date, title and file:// URL on every page
)


def find_browser() -> str | None:
    """The first of chromium / chromium-browser / google-chrome on PATH, else None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(path: Path, html: str) -> None:
    """Print ``html`` to ``path`` as a PDF, atomically; ConfigError if that cannot be done."""
    browser = find_browser()
    if browser is None:
        raise ConfigError(
            f"{path}: cannot write a PDF: no {', '.join(BROWSERS)} on PATH",
            "Install chromium, or write .html and print it from a browser",
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(
            f"{path}: folder {folder} does not exist", "Create it or pick another --output"
        )
    # A profile of its own: cron has no usable HOME, and a user's open browser must not be
    # joined instead of started.
    with tempfile.TemporaryDirectory(prefix="finops-ai-pdf-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            _print(browser, page, Path(work) / "profile", Path(tmp), path)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _print(browser: str, page: Path, profile: Path, out: Path, target: Path) -> None:
    command = [
        browser,
        *_FLAGS,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={out}",
        page.as_uri(),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ConfigError(
            f"{target}: {browser} did not print the PDF within {TIMEOUT_SECONDS} seconds",
            "Write .html instead",
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{target}: cannot run {browser} ({exc.strerror or exc})") from exc
    with out.open("rb") as handle:
        printed = handle.read(5) == b"%PDF-"
    if done.returncode != 0 or not printed:
        last = next((ln for ln in reversed(done.stderr.splitlines()) if ln.strip()), "")
        raise ConfigError(
            f"{target}: {browser} failed to print the PDF (exit {done.returncode}"
            + (f": {last.strip()[:200]}" if last else "")
            + ")",
            "Write .html instead",
        )
