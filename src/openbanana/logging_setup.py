"""Logging set-up for the server: API keys never reach a log line.

uvicorn's access log prints the request path with its query string, and curl users put their key in
``?key=``; the filter here rewrites any ``key=...`` query value to ``key=REDACTED`` before a record is
emitted.
"""

from __future__ import annotations

import logging
import re

_KEY_PARAM = re.compile(r"([?&](?:key|api_key)=)[^&\s\"]+", re.IGNORECASE)


def redact(text: str) -> str:
    return _KEY_PARAM.sub(r"\1REDACTED", text)


class RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        record.msg = redact(str(record.msg))
        return True


def configure(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("uvicorn", "uvicorn.access", "uvicorn.error", "openbanana"):
        logging.getLogger(name).addFilter(RedactKeys())
