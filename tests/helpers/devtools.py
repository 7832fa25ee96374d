"""Just enough of the Chrome DevTools protocol to load a page in headless Chromium, set the
window's width (as a desktop or a phone) or the print media, run a script in the page and take
a screenshot. No package: --remote-debugging-pipe speaks NUL-separated JSON on file descriptors
3 (commands) and 4 (replies and events), so a pipe pair and a tiny trampoline are all it needs.
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

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",  # a phone has none; the width a page gets is the window's
]

_TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)
PROBLEMS = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown")


def find_chromium() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


class DevTools:
    """One headless Chromium; ``open`` loads a page in a new tab and returns its session."""

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

    def wait_for(self, event: str, session: str | None = None) -> dict:
        def found() -> dict | None:
            return next(
                (
                    e
                    for e in self.events
                    if e["method"] == event and (session is None or e.get("sessionId") == session)
                ),
                None,
            )

        return self._until(found, event)

    def open(
        self, url: str, width: int, *, mobile: bool = False, media: str = "", height: int = 900
    ) -> str:
        """Load ``url`` in a new tab ``width`` CSS pixels wide (``mobile``: as a phone, where
        the page's viewport meta tag applies and content wider than the screen widens the
        layout instead of being cut), with ``media`` ("print") emulated; its session id."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            session,
        )
        if media:
            self.call("Emulation.setEmulatedMedia", {"media": media}, session)
        self.call("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired", session)
        return session

    def evaluate(self, expression: str, session: str) -> object:
        reply = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        if "exceptionDetails" in reply:
            raise AssertionError(f"page script failed: {reply['exceptionDetails']}")
        return reply["result"]["value"]

    def screenshot(self, session: str, out: Path) -> Path:
        """The whole page, beyond the window, as a PNG."""
        shot = self.call(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session
        )
        out.write_bytes(base64.b64decode(shot["data"]))
        return out

    def problems(self, session: str | None = None) -> list[dict]:
        """Console messages, uncaught exceptions, and errors or warnings in the browser log."""
        return [
            e
            for e in self.events
            if (session is None or e.get("sessionId") == session)
            and (
                e["method"] in PROBLEMS
                or (
                    e["method"] == "Log.entryAdded"
                    and e["params"]["entry"]["level"] in ("error", "warning")
                )
            )
        ]

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
