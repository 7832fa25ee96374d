"""A small JSON-over-HTTPS client for the providers' admin APIs: GET, retries, pagination.

Why the standard library: a pull makes a few dozen GET requests with one header, in sequence;
urllib does that, and the part that matters (which status to retry, how long to wait, what to tell
the user on 401) is ours to write with any library. No new dependency, nothing to pin.

Retries: HTTP 429 waits for ``Retry-After`` (seconds or an HTTP date; else exponential backoff),
5xx, 529 (overloaded) and dropped connections back off exponentially with full jitter. 401/403
raise a CredentialError naming the key's environment variable; other 4xx a SourceError quoting
the provider's message. The key never appears in a message or a source name: the provider's
message is masked (finops_ai/masking.py), since providers echo the key they were sent.

A pull has one deadline for all its requests, retries and waits (``Deadline``). Each request's
socket timeout is at most what is left of it, the body is read in chunks with the deadline
checked after each, and a watchdog shuts the socket down when the deadline passes, so a server
that trickles bytes (headers or body) cannot keep a pull alive past it.

Redirects: urllib sends every header of a request, the key too, to wherever a redirect points.
Only redirects within the same origin (scheme, host and port) are followed; any other is refused
before a byte is sent there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import http.client
import json
import random
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from finops_ai import __version__
from finops_ai.errors import CredentialError, SourceError
from finops_ai.masking import mask, mask_url

MAX_ATTEMPTS = 6
BASE_DELAY = 1.0  # seconds; the n-th retry waits up to BASE_DELAY * 2**n (full jitter)
MAX_DELAY = 60.0
TIMEOUT = 60.0
MAX_PAGES = 10_000
DEFAULT_DEADLINE = 120  # seconds for a whole provider pull (pull.deadline, --deadline)
CHUNK = 64 * 1024
MAX_ERROR_BODY = 64 * 1024  # an error page is read for its message, not kept whole
# A usage or cost page is a few MB at most; a body past this is a proxy or server gone wrong,
# and reading it on would exhaust the cron host's memory before the deadline ends it.
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
RETRY_STATUSES = {408, 409, 425, 429, 500, 502, 503, 504, 529}

Report = Callable[[str], None]


@dataclass
class Page:
    """One parsed response page and the bytes it came from."""

    body: dict[str, Any]
    raw: bytes


class Deadline:
    """The moment a whole pull must be done by: its requests, retries and waits together."""

    def __init__(
        self, seconds: float = DEFAULT_DEADLINE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self.at = clock() + seconds

    def remaining(self) -> float:
        return self.at - self.clock()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0


class _TooLarge(Exception):
    """Raised inside a request whose body passed MAX_RESPONSE_BYTES."""


class _DeadlinePassed(Exception):
    """Raised inside a request when the deadline passed; get() turns it into a SourceError."""


class _CrossOrigin(Exception):
    def __init__(self, target: str, status: int) -> None:
        super().__init__(target)
        self.target, self.status = target, status


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
    key: str = field(default="", repr=False)  # masked in every message, whatever its shape
    deadline: Deadline = field(default_factory=Deadline)

    def __post_init__(self) -> None:
        self._watch = _Watch()
        self._opener = urllib.request.build_opener(
            _SameOriginRedirects(),
            _WatchedHTTPHandler(self._watch),
            _WatchedHTTPSHandler(self._watch),
        )

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
            if self.deadline.expired:
                raise self._past_deadline(path)
            try:
                raw, status = self._fetch(request)
                return Page(self._json(raw, path, status), raw)
            except _DeadlinePassed:
                raise self._past_deadline(path) from None
            except _TooLarge:
                raise SourceError(
                    f"{self.provider} API {path}: the response passed "
                    f"{MAX_RESPONSE_BYTES // 2**20} MiB and was not read further; "
                    "nothing was written",
                    "Is --base-url pointing at the provider's API (or a proxy of it)? "
                    "Pull a shorter window (--since/--until) if the provider's pages are this big",
                ) from None
            except _CrossOrigin as exc:
                raise SourceError(
                    f"{self.provider} API {path}: HTTP {exc.status} redirects to another origin, "
                    f"{exc.target}; refused, so the key in {self.key_env} is not sent there",
                    "Point --base-url (or the pull's base_url setting) at the provider's API "
                    "or a proxy that answers itself",
                ) from None
            except urllib.error.HTTPError as exc:
                body = self._read_error(exc)
                if exc.code in (401, 403):
                    raise self._refused(exc.code, path, body) from None
                if exc.code not in RETRY_STATUSES:
                    message = self._message(body)
                    raise SourceError(
                        f"{self.provider} API {path}: HTTP {exc.code} {message}".rstrip(),
                        "Check --since/--until and --base-url, or rerun with --debug",
                    ) from None
                why = f"HTTP {exc.code}"
                if exc.code == 429:
                    wait = _retry_after(exc.headers)
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                if self.deadline.expired:
                    raise self._past_deadline(path) from None
                reason = getattr(exc, "reason", exc)
                why = self._mask(f"{type(reason).__name__}: {reason}".rstrip(": "))
                if attempt == MAX_ATTEMPTS:
                    raise SourceError(
                        f"{self.provider} API {mask_url(self.url(path))}: cannot connect ({why})",
                        "Check your network and --base-url",
                    ) from None
            if attempt == MAX_ATTEMPTS:
                break
            # Retry-After is honoured as asked, within the deadline; backoff is capped.
            delay = self._backoff(attempt) if wait is None else wait
            if delay >= self.deadline.remaining():
                raise self._past_deadline(
                    path, f" (after {why}, a retry in {delay:.1f}s would pass it)"
                )
            self.report(
                f"{self.provider} API {path}: {why}; retrying in {delay:.1f}s "
                f"(attempt {attempt + 1} of {MAX_ATTEMPTS})"
            )
            self.sleep(delay)
        raise SourceError(
            f"{self.provider} API {path}: still failing after {MAX_ATTEMPTS} attempts ({why})",
            "The provider may be having an outage; try again later",
        )

    def _fetch(self, request: urllib.request.Request) -> tuple[bytes, int]:
        """One GET: (body, status). The watchdog cuts the connection at the deadline."""
        remaining = self.deadline.remaining()
        watchdog = threading.Timer(remaining, self._watch.cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            with self._opener.open(request, timeout=min(TIMEOUT, remaining)) as response:
                raw = self._read(response, limit=MAX_RESPONSE_BYTES + 1)
                if len(raw) > MAX_RESPONSE_BYTES:
                    raise _TooLarge
                return raw, response.status
        finally:
            watchdog.cancel()
            self._watch.sock = None

    def _read(self, response: object, limit: int | None) -> bytes:
        """The body in chunks, checking the deadline after each one (a trickle cannot stall it)."""
        read = getattr(response, "read1", None) or response.read  # type: ignore[attr-defined]
        parts, size = [], 0
        while limit is None or size < limit:
            chunk = read(CHUNK)
            if self.deadline.expired:
                raise _DeadlinePassed
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)

    def _read_error(self, exc: urllib.error.HTTPError) -> bytes:
        with contextlib.suppress(Exception):
            return self._read(exc.fp if exc.fp is not None else exc, limit=MAX_ERROR_BODY)
        return b""

    def _past_deadline(self, path: str, detail: str = "") -> SourceError:
        return SourceError(
            f"{self.provider} pull stopped at its {self.deadline.seconds:g}s deadline "
            f"during {path}{detail}; nothing was written",
            "Raise the deadline (--deadline, pull.deadline or FINOPS_AI_PULL_DEADLINE) if the "
            "provider is slow, or try again later",
        )

    def _mask(self, text: str) -> str:
        return mask(text, [self.key])

    def _message(self, body: bytes) -> str:
        return self._mask(_message(body))

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

    def _json(self, raw: bytes, path: str, status: int) -> dict[str, Any]:
        try:
            body = json.loads(raw, parse_float=Decimal)
        except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply
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
            + (f" ({self._message(body)})" if self._message(body) else ""),
            self.key_hint,
        )

    def _backoff(self, attempt: int) -> float:
        return self.rng.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1)))


@dataclass
class Fetched:
    """Every page of one report, with what the load records about the read."""

    bodies: list[dict[str, Any]]
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


def check_page(body: object, where: str, error: Callable[[str, str], Exception]) -> None:
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
        for position, result in enumerate(bucket["results"], 1):
            if not isinstance(result, dict):
                raise fail(f"bucket {number} result {position} is not a JSON object")


class _Watch:
    """The socket of the request in flight, for the deadline's watchdog to shut down."""

    def __init__(self) -> None:
        self.sock: socket.socket | None = None

    def cut(self) -> None:
        sock = self.sock
        if sock is not None:
            # shutdown(), not close(): it wakes the blocked recv in the other thread at once.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: object, watch: _Watch, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._watch = watch
        create = self._create_connection  # type: ignore[has-type]  # untyped in typeshed

        def watched(*a: object, **k: object) -> socket.socket:
            sock: socket.socket = create(*a, **k)
            watch.sock = sock  # the plain socket, during a TLS handshake too
            return sock

        self._create_connection = watched

    def connect(self) -> None:
        super().connect()
        self._watch.sock = self.sock  # after TLS: the wrapped socket


class _WatchedHTTPS(_WatchedHTTP, http.client.HTTPSConnection):
    pass


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        # typeshed wants a connection *instance* protocol; urllib passes the class, as here.
        return self.do_open(_WatchedHTTP, req, watch=self.watch)  # type: ignore[arg-type]


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedHTTPS, req, watch=self.watch)  # type: ignore[arg-type]


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only within the request's origin; the key must not leave it."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if origin(newurl) != origin(req.full_url):
            with contextlib.suppress(Exception):
                fp.close()
            raise _CrossOrigin(_origin_text(newurl), code)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


def _origin_text(url: str) -> str:
    scheme, host, port = origin(url)
    return mask_url(f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}")


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
    if millis is not None:
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
