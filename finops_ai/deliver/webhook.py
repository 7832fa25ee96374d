"""POST a JSON message to an incoming webhook (Slack, or anything that takes Slack's JSON).

An incoming webhook's URL is its credential: whoever has it can post to the channel, and Slack's
(``https://hooks.slack.com/services/T.../B.../XXXX``) carries the secret in its path. So the URL
is shown only as its scheme and host (``where``), and masked wherever else it could surface
(masking.SECRET_ENV). Redirects are never followed: urllib would send the message, and the
URL it was sent to, wherever the answer points, and a webhook that redirects is misconfigured
or not the webhook. urllib's and ssl's exceptions are translated here, and nowhere else, into one
DeliveryError line that names the host and says what to check.

Why the standard library: one POST of a small JSON body with a timeout; ingest/http.py, the
providers' client, sits in a layer deliver/ may not import (pyproject.toml, lint-imports).
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Any

from finops_ai import __version__
from finops_ai.errors import DeliveryError
from finops_ai.escaping import controls
from finops_ai.masking import MASK, mask

FORMATS = ("slack", "plain")  # webhook.format: Slack's text and blocks, or the text alone
MAX_ERROR_BODY = 4096  # an error body is read for its first line (Slack: "no_team"), no more
CHECK_URL = "Check FINOPS_AI_WEBHOOK_URL"


def where(url: str) -> str:
    """``https://hooks.slack.com/services/T0/B0/XXXX`` -> ``https://hooks.slack.com/***``: how
    every message names the webhook, without the path (the secret) or any login or query."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return f"webhook {MASK}"
    host = f"[{host}]" if ":" in host else host
    return f"webhook {parts.scheme}://{host}{port}/{MASK}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        try:
            target = urllib.parse.urlsplit(newurl).hostname or "?"
        except ValueError:
            target = "?"
        raise DeliveryError(
            f"{where(req.full_url)} answered HTTP {code}, a redirect to {target}; not followed, "
            "since the message and the URL's secret would go there too",
            f"{CHECK_URL}: use the webhook's own URL, not one that forwards",
        )


def post(url: str, payload: dict[str, Any], timeout: float) -> None:
    """POST ``payload`` as JSON to ``url``; return when the webhook answered 2xx, else raise a
    DeliveryError naming the webhook by its host only."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"finops-ai/{__version__}",
        },
    )
    opener = urllib.request.build_opener(_NoRedirect)
    name = where(url)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read(MAX_ERROR_BODY)  # Slack answers "ok"; nothing in it to act on
    except DeliveryError:
        raise
    except urllib.error.HTTPError as exc:
        raise _http_error(name, url, exc) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        cause = reason if isinstance(reason, BaseException) else exc
        raise _connection_error(name, timeout, cause, url) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _connection_error(name, timeout, exc, url) from None


def _http_error(name: str, url: str, exc: urllib.error.HTTPError) -> DeliveryError:
    try:
        text = exc.read(MAX_ERROR_BODY).decode("utf-8", "replace")
    except OSError:
        text = ""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = first if len(first) <= 200 else first[:197] + "..."
    said = f": {controls(mask(first, [url]))}" if first else f" ({exc.reason})"
    code = exc.code
    if code in (401, 403, 404, 410):
        hint = (
            f"{CHECK_URL}: the webhook may have been removed, its token revoked or its channel "
            "archived"
        )
    elif code >= 500 or code == 429:
        hint = "The month is not marked as posted: the next run posts it again"
    else:
        hint = "The webhook refused the message"
    return DeliveryError(f"{name} answered HTTP {code}{said}", hint)


def _connection_error(name: str, timeout: float, exc: BaseException, url: str) -> DeliveryError:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(
            f"{name}: its TLS certificate is not trusted ({exc.verify_message})",
            "A proxy that intercepts TLS needs its CA in the system's trust store",
        )
    if isinstance(exc, ConnectionRefusedError):
        return DeliveryError(
            f"cannot connect to {name}: connection refused",
            f"{CHECK_URL}, and that the server is running",
        )
    if isinstance(exc, socket.gaierror):
        return DeliveryError(f"cannot connect to {name}: unknown host", CHECK_URL)
    if isinstance(exc, TimeoutError):
        return DeliveryError(
            f"{name} did not answer within {timeout:g}s",
            "Check the network and the firewall, or raise webhook.timeout; the next run posts "
            "it again",
        )
    why = controls(mask(str(exc), [url]))
    return DeliveryError(f"cannot post to {name}: {type(exc).__name__}: {why}")
