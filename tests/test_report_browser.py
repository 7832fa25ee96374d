"""The HTML report in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs it).

Two ways in. The command line, as anyone can repeat it: `--screenshot` with Chromium's log on
stderr, where console messages appear as "CONSOLE" lines. And the DevTools protocol over
`--remote-debugging-pipe` (JSON messages on file descriptors 3 and 4; no extra package), which
also reports failed loads and lets the test ask the rendered page what it shows. Screenshots
are saved in the test's tmp dir. Without Chromium these tests fail in CI (CI=true, where
.ci/run installs it); on a developer's machine without it they skip and say how to install it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from finops_ai.report.budgets import load_budgets
from finops_ai.report.build import build_report
from finops_ai.report.render import render
from tests.test_report_fixtures import BUDGETS, SAMPLE_TODAY, sample  # noqa: F401

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )
    if not found:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "Chromium is not installed (no `chromium` on PATH or /usr/bin/chromium). The HTML "
            "report must be checked in a real browser: apt-get install chromium (.ci/run does)."
        )
    return found


@pytest.fixture(scope="module")
def page(sample, tmp_path_factory) -> Path:  # noqa: F811
    report = build_report(sample, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS))
    path = tmp_path_factory.mktemp("report-browser") / "report.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    return path


def screenshot(chromium: str, url: str, out: Path) -> str:
    """Chromium's own --screenshot; returns its stderr log."""
    done = subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={out.parent / (out.stem + '-profile')}",
            f"--screenshot={out}",
            "--window-size=1280,2000",
            "--enable-logging=stderr",
            "--v=0",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def test_screenshot_with_no_console_messages(chromium, page):
    shot = page.with_name("report.png")
    log = screenshot(chromium, page.as_uri(), shot)
    assert shot.stat().st_size > 20_000, "the screenshot is (nearly) blank"
    assert [line for line in log.splitlines() if "CONSOLE" in line] == []


def test_the_console_check_would_catch_an_error(chromium, tmp_path):
    canary = tmp_path / "canary.html"
    canary.write_text("<!doctype html><p>x</p><script>console.error('canary-42')</script>")
    log = screenshot(chromium, canary.as_uri(), tmp_path / "canary.png")
    assert any("CONSOLE" in line and "canary-42" in line for line in log.splitlines())


_TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


class DevTools:
    """Just enough of the Chrome DevTools protocol over --remote-debugging-pipe."""

    def __init__(self, chromium: str, profile: Path, log: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # The browser reads commands on fd 3 and writes replies on fd 4: a tiny Python
        # trampoline moves the pipe ends there and execs Chromium.
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _TRAMPOLINE, str(to_browser), str(from_browser), chromium]
            + FLAGS
            + ["--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_browser, from_browser),
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        os.close(to_browser)
        os.close(from_browser)
        self._next_id, self._buffer = 0, b""
        self.events: list[dict] = []
        self._replies: dict[int, dict] = {}

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        reply = self._until(lambda: self._replies.pop(self._next_id, None), method)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_for(self, event: str) -> dict:
        return self._until(
            lambda: next((e for e in self.events if e["method"] == event), None), event
        )

    def _until(self, found, what: str, timeout: float = 60) -> dict:  # noqa: ANN001
        deadline = time.monotonic() + timeout
        while (result := found()) is None:
            left = deadline - time.monotonic()
            assert left > 0, f"Chromium did not answer {what} within {timeout}s"
            if select.select([self._read], [], [], left)[0]:
                chunk = os.read(self._read, 1 << 20)
                assert chunk, f"Chromium exited while waiting for {what}"
                self._buffer += chunk
                *messages, self._buffer = self._buffer.split(b"\0")
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self.events.append(message)
        return result

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._write)
        os.close(self._read)


PROBE = """(() => {
  const q = (s) => document.querySelector(s);
  const num = [...document.querySelectorAll('td.num')];
  const segs = [...document.querySelectorAll('.chart .seg')];
  return {
    share: q('#headline-inference-share').textContent.trim(),
    unbudgeted: q('#headline-unbudgeted').textContent.trim(),
    title: document.title,
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
    numericCells: num.length,
    leftAligned: num.filter((td) => getComputedStyle(td).textAlign !== 'right').length,
    segments: segs.length,
    thinInference: segs.filter((s) => s.classList.contains('inference'))
        .filter((s) => s.getBoundingClientRect().height < 10).length,
    tallestBar: Math.max(...[...document.querySelectorAll('.chart .stack')].map(
        (s) => [...s.children].reduce((h, c) => h + c.getBoundingClientRect().height, 0))),
    webFonts: document.fonts.size,
    images: document.images.length,
  };
})()"""


def test_devtools_render_is_clean_and_shows_the_model(chromium, sample, page, tmp_path):  # noqa: F811
    # The same model the page was rendered from.
    report = build_report(sample, today=SAMPLE_TODAY, budgets=load_budgets(BUDGETS))
    browser = DevTools(chromium, tmp_path / "profile", tmp_path / "chromium.log")
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            browser.call(f"{domain}.enable", session=session)
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        browser.call("Page.navigate", {"url": page.as_uri()}, session)
        browser.wait_for("Page.loadEventFired")
        seen = browser.call(
            "Runtime.evaluate", {"expression": PROBE, "returnByValue": True}, session
        )["result"]["value"]
        shot = browser.call(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session
        )
        (tmp_path / "report-full.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()
    problems = [
        e
        for e in browser.events
        if e["method"] in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown")
        or (
            e["method"] == "Log.entryAdded"
            and e["params"]["entry"]["level"] in ("error", "warning")
        )
    ]
    assert problems == []
    section = report.primary
    assert seen["share"] == f"{section.inference_share_of_ai * 100:.1f}%"
    assert seen["unbudgeted"] == f"${section.unbudgeted_total:,.0f}"
    assert seen["title"] == "AI spend report, October 2026"
    assert seen["scrollWidth"] <= seen["width"], "the page scrolls sideways at 1280 px"
    assert seen["numericCells"] > 50 and seen["leftAligned"] == 0
    assert seen["segments"] >= 12 and seen["thinInference"] == 0
    assert 150 <= seen["tallestBar"] <= 201  # the tallest month fills the 200 px chart
    assert seen["webFonts"] == 0 and seen["images"] == 0
    assert (tmp_path / "report-full.png").stat().st_size > 50_000
