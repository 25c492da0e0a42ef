from __future__ import annotations

import logging

import pytest

from openbanana.logging_setup import RedactKeys, redact


def test_redacts_key_query_values() -> None:
    assert redact("POST /v1beta/models/x:generateContent?key=SECRET123 HTTP/1.1") == (
        "POST /v1beta/models/x:generateContent?key=REDACTED HTTP/1.1"
    )
    assert redact("/v1/models?pageSize=2&key=abc&x=1") == "/v1/models?pageSize=2&key=REDACTED&x=1"
    assert redact("/v1/models?monkey=1") == "/v1/models?monkey=1"


def test_filter_rewrites_uvicorn_style_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    logger.addFilter(RedactKeys())
    with caplog.at_level(logging.INFO, logger="test.redact"):
        logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:1", "POST", "/v1/x?key=TOPSECRET", "1.1", 200)
    assert "TOPSECRET" not in caplog.text and "key=REDACTED" in caplog.text
