"""A small JSON-over-HTTPS client for the providers' admin APIs: GET, retries, pagination.

Why the standard library: a pull makes a few dozen GET requests with one header, in sequence;
urllib does that, and the part that matters (which status to retry, how long to wait, what to tell
the user on 401) is ours to write with any library. No new dependency, nothing to pin.

Retries: HTTP 429 waits for ``Retry-After`` (seconds or an HTTP date; else exponential backoff),
5xx, 529 (overloaded) and dropped connections back off exponentially with full jitter. 401/403
raise a CredentialError naming the key's environment variable; other 4xx a SourceError quoting
the provider's message. The key never appears in a message or a source name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import http.client
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from finops_ai import __version__
from finops_ai.errors import CredentialError, SourceError

MAX_ATTEMPTS = 6
BASE_DELAY = 1.0  # seconds; the n-th retry waits up to BASE_DELAY * 2**n (full jitter)
MAX_DELAY = 60.0
TIMEOUT = 60.0
MAX_PAGES = 10_000
RETRY_STATUSES = {408, 409, 425, 429, 500, 502, 503, 504, 529}

Report = Callable[[str], None]


@dataclass
class Page:
    """One parsed response page and the bytes it came from."""

    body: dict
    raw: bytes


@dataclass
class ApiClient:
    """GET JSON from ``base_url`` with fixed headers (the key is one of them)."""

    base_url: str
    headers: dict[str, str]
    provider: str  # "OpenAI" / "Anthropic", for messages
    key_env: str  # the environment variable the key came from, for messages
    key_hint: str  # what to do about a refused key
    report: Report = lambda _msg: None
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def get(self, path: str, params: list[tuple[str, str]]) -> Page:
        """GET ``path`` with query ``params``; retry what is worth retrying; return JSON."""
        query = urllib.parse.urlencode(params)
        url = self.url(path) + (f"?{query}" if query else "")
        request = urllib.request.Request(
            url,
            headers={
                **self.headers,
                "Accept": "application/json",
                "User-Agent": f"finops-ai/{__version__}",
            },
        )
        for attempt in range(1, MAX_ATTEMPTS + 1):
            wait, why = None, ""
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                    raw = response.read()
                return Page(self._json(raw, path, response.status), raw)
            except urllib.error.HTTPError as exc:
                body = _read(exc)
                if exc.code in (401, 403):
                    raise self._refused(exc.code, path, body) from None
                if exc.code not in RETRY_STATUSES:
                    raise SourceError(
                        f"{self.provider} API {path}: HTTP {exc.code} {_message(body)}".rstrip(),
                        "Check --since/--until and --base-url, or rerun with --debug",
                    ) from None
                why = f"HTTP {exc.code}"
                if exc.code == 429:
                    wait = _retry_after(exc.headers)
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                why = f"{type(reason).__name__}: {reason}".rstrip(": ")
                if attempt == MAX_ATTEMPTS:
                    raise SourceError(
                        f"{self.provider} API {self.url(path)}: cannot connect ({why})",
                        "Check your network and --base-url",
                    ) from None
            if attempt == MAX_ATTEMPTS:
                break
            delay = self._backoff(attempt) if wait is None else min(wait, MAX_DELAY)
            self.report(
                f"{self.provider} API {path}: {why}; retrying in {delay:.1f}s "
                f"(attempt {attempt + 1} of {MAX_ATTEMPTS})"
            )
            self.sleep(delay)
        raise SourceError(
            f"{self.provider} API {path}: still failing after {MAX_ATTEMPTS} attempts ({why})",
            "The provider may be having an outage; try again later",
        )

    def pages(self, path: str, params: list[tuple[str, str]]) -> Iterator[Page]:
        """Every page of a paginated list: follow ``next_page`` while ``has_more``."""
        cursor: str | None = None
        seen: set[str] = set()
        for number in range(1, MAX_PAGES + 1):
            page = self.get(path, params + ([("page", cursor)] if cursor else []))
            check_page(page.body, f"{self.provider} API {path} page {number}", SourceError)
            yield page
            if not page.body.get("has_more"):
                return
            cursor = page.body.get("next_page")
            if not cursor or cursor in seen:
                raise SourceError(
                    f"{self.provider} API {path} page {number}: has_more is true but next_page "
                    f"is {'repeated' if cursor else 'missing'}",
                    "Retry later; if it persists, report it to the provider",
                )
            seen.add(cursor)
        raise SourceError(f"{self.provider} API {path}: more than {MAX_PAGES} pages")

    def _json(self, raw: bytes, path: str, status: int) -> dict:
        try:
            body = json.loads(raw, parse_float=Decimal)
        except ValueError as exc:
            raise SourceError(
                f"{self.provider} API {path}: HTTP {status} response is not JSON ({exc})",
                "Is --base-url pointing at the provider's API (or a proxy of it)?",
            ) from None
        if not isinstance(body, dict):
            raise SourceError(f"{self.provider} API {path}: response is not a JSON object")
        return body

    def _refused(self, status: int, path: str, body: bytes) -> CredentialError:
        what = "was refused" if status == 401 else "lacks permission"
        return CredentialError(
            f"{self.provider} API {path}: HTTP {status}, the key in {self.key_env} {what}"
            + (f" ({_message(body)})" if _message(body) else ""),
            self.key_hint,
        )

    def _backoff(self, attempt: int) -> float:
        return self.rng.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1)))


@dataclass
class Fetched:
    """Every page of one report, with what the load records about the read."""

    bodies: list[dict]
    fetched_at: dt.datetime
    sha256: str
    size: int


def fetch_all(api: ApiClient, path: str, params: list[tuple[str, str]]) -> Fetched:
    """Read every page of ``path``; the digest lets a load tell a changed response apart."""
    bodies, digest, size = [], hashlib.sha256(), 0
    fetched_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for page in api.pages(path, params):
        bodies.append(page.body)
        digest.update(page.raw)
        size += len(page.raw)
    return Fetched(bodies, fetched_at, digest.hexdigest(), size)


def check_page(body: object, where: str, error: type[Exception]) -> None:
    """A usage/cost page is an object with a ``data`` list of buckets with ``results`` lists."""

    def fail(problem: str) -> Exception:
        if error is SourceError:
            return SourceError(f"{where}: {problem}")
        return error(where, problem)  # IngestError(path, problem)

    if not isinstance(body, dict):
        raise fail("is not a JSON object")
    if not isinstance(body.get("data"), list):
        raise fail("has no 'data' list; expected a page of the OpenAI or Anthropic usage/cost API")
    for number, bucket in enumerate(body["data"], 1):
        if not isinstance(bucket, dict) or not isinstance(bucket.get("results"), list):
            raise fail(f"bucket {number} has no 'results' list")


def _read(exc: urllib.error.HTTPError) -> bytes:
    with contextlib.suppress(Exception):
        return exc.read()
    return b""


def _message(body: bytes) -> str:
    """The provider's error message: OpenAI {error: {message}}, Anthropic {error: {message}}."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return ""
    error = parsed.get("error") if isinstance(parsed, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(message, str):
        return ""
    message = " ".join(message.split())
    return message if len(message) <= 200 else message[:197] + "..."


def _retry_after(headers: object) -> float | None:
    """Seconds to wait from ``Retry-After`` (or OpenAI's ``retry-after-ms``); None if absent."""
    get = getattr(headers, "get", lambda _name: None)
    millis = get("retry-after-ms")
    with contextlib.suppress(TypeError, ValueError):
        return max(0.0, float(millis) / 1000)
    value = get("Retry-After")
    if value is None:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    with contextlib.suppress(TypeError, ValueError, IndexError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    return None
