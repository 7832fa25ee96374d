"""A real HTTP server on 127.0.0.1 implementing the OpenAI and Anthropic admin APIs.

The server (a stdlib ThreadingHTTPServer in a thread) implements the two admin APIs' paging the
way the providers document it, over a small fixed dataset: daily buckets, `has_more` /
`next_page`, empty buckets, `group_by` dimensions. Tests script failures in front of it (429
then success, 500 then success, 401, 403) and can hold requests until they release them. Used
by tests/test_providers_api.py (`pull`) and tests/test_run.py (`run`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

OPENAI_KEY = "sk-admin-test-0123456789"
ANTHROPIC_KEY = "sk-ant-admin01-test-0123456789"
ORG_ID = "12345678-1234-5678-1234-567812345678"
DAY = 86400
SERVER_PAGE = 3  # the server never returns more buckets per page than this (paging happens)


def day_start(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


class FakeProviders:
    """Both APIs over one dataset: {date: {"costs": [...], "completions": [...], ...}}."""

    def __init__(self) -> None:
        self.openai: dict[dt.date, dict[str, list[dict]]] = defaultdict(dict)
        self.anthropic: dict[dt.date, dict[str, list[dict]]] = defaultdict(dict)
        self.scripted: dict[str, list[tuple[int, dict, bytes]]] = defaultdict(list)
        self.requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []
        self.url = ""
        # A test can hold every request at the door until it sets ``gate`` (a run in progress).
        self.gate: threading.Event | None = None
        self.arrived = threading.Event()
        # Requests under this prefix are redirected (308) to the same URL without it.
        self.moved_prefix: str | None = None

    # -- what a test can script --------------------------------------------------------------
    def fail(self, path: str, status: int, body: object = None, **headers: str) -> None:
        """The next request to ``path`` gets this response instead of data."""
        payload = json.dumps(body if body is not None else {"error": {"message": "boom"}})
        self.scripted[path].append((status, headers, payload.encode()))

    def calls(self, path: str) -> list[dict[str, list[str]]]:
        return [q for p, q, _ in self.requests if p == path]

    # -- the APIs ---------------------------------------------------------------------------
    def answer(self, path: str, q: dict[str, list[str]], headers: dict[str, str]):
        if self.scripted[path]:
            return self.scripted[path].pop(0)
        if path.startswith("/v1/organization/"):
            if headers.get("authorization") != f"Bearer {OPENAI_KEY}":
                return 401, {}, b'{"error": {"message": "Incorrect API key provided"}}'
            report = path.rsplit("/", 1)[-1]
            return self.openai_page(report, q)
        if path.startswith("/v1/organizations/"):
            if (
                headers.get("x-api-key") != ANTHROPIC_KEY
                or headers.get("anthropic-version") != "2023-06-01"
            ):
                return 401, {}, b'{"type": "error", "error": {"type": "authentication_error"}}'
            if path == "/v1/organizations/me":
                body = {"id": ORG_ID, "name": "Acme Vision", "type": "organization"}
                return 200, {}, json.dumps(body).encode()
            report = "cost_report" if path.endswith("cost_report") else "messages"
            return self.anthropic_page(report, q)
        return 404, {}, b'{"error": {"message": "not found"}}'

    def openai_page(self, report: str, q: dict[str, list[str]]):
        start = int(q["start_time"][0])
        end = int(q.get("end_time", [start + 7 * DAY])[0])
        days = [start + i * DAY for i in range((end - start) // DAY)]
        offset = int(q["page"][0].removeprefix("page_")) if "page" in q else 0
        size = min(int(q.get("limit", ["7"])[0]), SERVER_PAGE)
        chunk = days[offset : offset + size]
        data = []
        for t in chunk:
            day = dt.datetime.fromtimestamp(t, dt.UTC).date()
            results = self.openai[day].get(report, [])
            data.append(
                {"object": "bucket", "start_time": t, "end_time": t + DAY, "results": results}
            )
        more = offset + size < len(days)
        body = {
            "object": "page",
            "data": data,
            "has_more": more,
            "next_page": f"page_{offset + size}" if more else None,
        }
        return 200, {}, json.dumps(body).encode()

    def anthropic_page(self, report: str, q: dict[str, list[str]]):
        start = dt.datetime.fromisoformat(q["starting_at"][0].replace("Z", "+00:00"))
        end = dt.datetime.fromisoformat(q["ending_at"][0].replace("Z", "+00:00"))
        days = [(start + dt.timedelta(days=i)).date() for i in range((end - start).days)]
        offset = int(q["page"][0].removeprefix("cursor-")) if "page" in q else 0
        size = min(int(q.get("limit", ["7"])[0]), SERVER_PAGE)
        data = [
            {
                "starting_at": f"{d}T00:00:00Z",
                "ending_at": f"{d + dt.timedelta(days=1)}T00:00:00Z",
                "results": self.anthropic[d].get(report, []),
            }
            for d in days[offset : offset + size]
        ]
        more = offset + size < len(days)
        body = {
            "data": data,
            "has_more": more,
            "next_page": f"cursor-{offset + size}" if more else None,
        }
        return 200, {}, json.dumps(body).encode()


@contextlib.contextmanager
def serve(fake: FakeProviders | None = None) -> Iterator[FakeProviders]:
    """Serve ``fake`` (a new FakeProviders by default) on 127.0.0.1; yield it with its url."""
    fake = fake or FakeProviders()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            q = parse_qs(parts.query)
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake.requests.append((parts.path, q, headers))
            fake.arrived.set()
            if fake.moved_prefix and parts.path.startswith(fake.moved_prefix):
                self.send_response(308)
                self.send_header("Location", self.path.removeprefix(fake.moved_prefix))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if fake.gate is not None:
                fake.gate.wait(60)
            status, extra, body = fake.answer(parts.path, q, headers)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        if fake.gate is not None:
            fake.gate.set()
        server.shutdown()
        server.server_close()
