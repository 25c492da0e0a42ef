"""Logging set-up for the server: API keys and image bytes never reach a log line.

uvicorn's access log prints the request path with its query string, and curl users put their key in
``?key=``; :class:`RedactKeys` rewrites any ``key=...`` query value to ``key=REDACTED`` before a record is
emitted. Long base64 runs (inline image data quoted in an error message, say) are replaced by their
length and SHA-256 prefix, so a log can still tell two payloads apart without holding either.

Two formats (``serve --log-format`` / ``OPENBANANA_LOG_FORMAT``): ``text`` (human) and ``json`` (one
object per line: ``ts, level, logger, message, request_id`` plus the request fields of the access line,
see :mod:`openbanana.observability.requestlog`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from typing import Any

_KEY_PARAM = re.compile(r"([?&](?:key|api_key)=)[^&\s\"]+", re.IGNORECASE)
#: 120+ characters of base64 alphabet: no word, id or hash is that long; image data always is.
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{120,}={0,2}")
LOG_FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
#: Record attributes the JSON formatter copies when a record carries them (the access line does).
REQUEST_FIELDS = ("method", "path", "status", "latency_ms", "model", "key_id")


def redact(text: str) -> str:
    return _KEY_PARAM.sub(r"\1REDACTED", text)


def _hash_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return f"<{len(run)} base64 chars sha256:{hashlib.sha256(run.encode()).hexdigest()[:16]}>"


def scrub(text: str) -> str:
    """Keys redacted and base64 payloads replaced by a hash."""
    return _BASE64_RUN.sub(_hash_run, redact(text))


class RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in args)
        record.msg = scrub(str(record.msg))
        return True


class RequestContext(logging.Filter):
    """Stamp every record with the id of the request being served (``-`` outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            from openbanana.observability.requestlog import current_request_id

            record.request_id = current_request_id.get() or "-"
        return True


class TextFormatter(logging.Formatter):
    """``time LEVEL logger [request_id]: message``, with tracebacks scrubbed like messages."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per record; never a stack frame's locals, only the formatted traceback (scrubbed)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": _iso(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": getattr(record, "request_id", None),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                out[name] = getattr(record, name)
        if record.exc_info:
            out["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False, default=str)


def _iso(created: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created)) + f".{int(created % 1 * 1000):03d}Z"


def configure(level: str, log_format: str = "text") -> None:
    """Route every logger (uvicorn's too: start it with ``log_config=None``) through one handler on the
    root logger that redacts, stamps the request id and formats as ``log_format``."""
    if log_format not in LOG_FORMATS:
        raise SystemExit(f"log format must be one of {', '.join(LOG_FORMATS)}, got {log_format!r}")
    handler = logging.StreamHandler()
    handler.addFilter(RedactKeys())
    handler.addFilter(RequestContext())
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.access", "uvicorn.error", "openbanana"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.addFilter(RedactKeys())
