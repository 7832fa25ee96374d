"""Mask secrets in any text finops-ai prints, logs, stores or sends.

Providers echo what they were given (`Incorrect API key provided: sk-admin-...`), and an error
line travels far: stderr, the --log-file, the run state, the report's stale-source notes, the
email. So text is masked where it is made (a provider's error message) and again where it is
written down (the log handlers, the run state): a secret missed at one place is caught at the
next. What is masked: the providers' admin-key shapes, the configured secret values themselves
(whatever their shape), bearer tokens, and credentials inside URLs (``user:password@host``,
``?key=...``).
"""

from __future__ import annotations

import logging
import os
import re
import urllib.parse
from collections.abc import Iterable, Mapping

# Environment variables that hold secrets finops-ai uses: their values are masked wherever seen.
SECRET_ENV = (
    "OPENAI_ADMIN_KEY",
    "ANTHROPIC_ADMIN_KEY",
    "FINOPS_AI_SMTP_PASSWORD",
    "FINOPS_AI_WEBHOOK_URL",  # an incoming webhook's URL is its credential
)
MASK = "***"
_KEEP = 4  # a long key keeps its last characters, so a user can tell which key it was
_MIN_SHOWN = 16  # ...only when at least this long: a short one is masked whole

# OpenAI (sk-admin-, sk-proj-, sk-svcacct-, sk-...) and Anthropic (sk-ant-admin01-, sk-ant-api03-).
# The lookahead: an already masked key (``sk-admin-…6789``) is left alone.
_KEY = re.compile(r"\b(sk-(?:ant-)?(?:[a-z]+\d*-)?)([A-Za-z0-9_\-]{8,})(?![A-Za-z0-9_\-…*])")
_BEARER = re.compile(r"\b(Bearer\s+)([^\s\"',;]{4,})")
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s\"'<>]+")
_SECRET_PARAM = re.compile(
    r"(?i)(key|token|secret|password|passwd|pwd|sig|signature|credential|auth)"
)


def mask(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every secret in it masked: ``secrets`` (exact values), the values of
    SECRET_ENV in the environment, key-shaped words, bearer tokens, credentials in URLs."""
    if not text:
        return text
    values = {s.strip() for s in (*secrets, *environment_secrets()) if s and s.strip()}
    # Longest first, so a key that contains another is masked whole.
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= 4:
            text = text.replace(value, _masked_value(value))
    text = _KEY.sub(lambda m: m[1] + _tail(m[2]), text)
    text = _BEARER.sub(lambda m: m[1] + MASK, text)
    return _URL.sub(lambda m: mask_url(m[0]), text)


def mask_url(url: str) -> str:
    """``https://user:pw@host/p?key=abc&x=1`` -> ``https://***@host/p?key=***&x=1``."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = MASK + "@" + netloc.rpartition("@")[2]
    query = parts.query
    if query:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        if any(_SECRET_PARAM.search(name) for name, _ in pairs):
            query = "&".join(
                f"{urllib.parse.quote(name)}="
                + (MASK if _SECRET_PARAM.search(name) else urllib.parse.quote(value))
                for name, value in pairs
            )
    if (netloc, query) == (parts.netloc, parts.query):
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, query=query))


def environment_secrets(environ: Mapping[str, str] | None = None) -> list[str]:
    """The secret values configured in the environment (SECRET_ENV)."""
    environ = os.environ if environ is None else environ
    return [environ[name] for name in SECRET_ENV if environ.get(name, "").strip()]


def _masked_value(value: str) -> str:
    match = _KEY.fullmatch(value)
    return match[1] + _tail(match[2]) if match else MASK


def _tail(secret: str) -> str:
    return "…" + secret[-_KEEP:] if len(secret) >= _MIN_SHOWN else MASK


class MaskingFilter(logging.Filter):
    """A log handler's filter: the record's text is masked before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        masked = mask(text)
        if masked != text:
            record.msg, record.args = masked, None
        return True
