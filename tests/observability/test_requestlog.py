"""Request ids, logged paths, route templates, scrubbing and the JSON formatter (in-process units)."""

from __future__ import annotations

import base64
import json
import logging
import os

from openbanana.logging_setup import JsonFormatter, RedactKeys, RequestContext, TextFormatter, scrub
from openbanana.observability.requestlog import current_request_id, loggable_path, request_id_from, route_template


def test_a_sane_client_id_is_echoed_anything_else_replaced() -> None:
    assert request_id_from("trace-42/abc:1") == "trace-42/abc:1"
    assert request_id_from("x" * 128) == "x" * 128
    for bad in (None, "", "x" * 129, "has space", "tab\there", "ünïcode", "new\nline"):
        fresh = request_id_from(bad)
        assert fresh != bad and len(fresh) == 32 and int(fresh, 16) >= 0
    assert request_id_from(None) != request_id_from(None)


def test_logged_paths_keep_only_harmless_query_values() -> None:
    assert loggable_path("/v1beta/models", b"") == "/v1beta/models"
    assert loggable_path("/v1beta/models/m:streamGenerateContent", b"alt=sse&key=SECRET") == (
        "/v1beta/models/m:streamGenerateContent?alt=sse&key=REDACTED"
    )
    logged = loggable_path("/upload/v1beta/files", b"upload_id=abc123&pageSize=5&KEY=x")
    assert logged == "/upload/v1beta/files?upload_id=REDACTED&pageSize=5&KEY=REDACTED"


def test_route_template_never_the_raw_path() -> None:
    class Route:
        path = "/v1beta/models/{model}:generateContent"

    class Shared:  # one route object included under several prefixes (FastAPI's include_router)
        path = "/models/{model}:generateContent"

    class Converted:
        path = "/download/{version}/files/{name:path}"

    assert route_template({"route": Route()}) == "/v1beta/models/{model}:generateContent"
    scope = {"route": Shared(), "path": "/v1alpha/models/m:generateContent", "path_params": {"model": "m"}}
    assert route_template(scope) == "/v1alpha/models/{model}:generateContent"
    scope = {"route": Converted(), "path": "/download/v1/files/a/b", "path_params": {"version": "v1", "name": "a/b"}}
    assert route_template(scope) == "/download/{version}/files/{name}"
    assert route_template({"path": "/v1beta/whatever/123"}) == "unmatched"


def test_scrub_hides_keys_and_base64_payloads_but_keeps_words_and_hashes() -> None:
    payload = base64.b64encode(os.urandom(3000)).decode()
    text = f"bad image {payload} from /x?key=AIzaSECRET sha256=" + "a" * 64
    out = scrub(text)
    assert payload[:60] not in out and "AIzaSECRET" not in out
    assert "base64 chars sha256:" in out and "a" * 64 in out and out.startswith("bad image <")


def test_json_lines_carry_the_request_fields_and_the_current_request_id() -> None:
    logger = logging.getLogger("test.jsonfmt")
    record = logger.makeRecord(
        "openbanana.access", logging.INFO, __file__, 1, "%s %s", ("GET", "/v1?key=SECRET"), None,
        extra={"method": "GET", "path": "/v1", "status": 200, "latency_ms": 1.5, "model": None, "key_id": "k1"},
    )  # fmt: skip
    token = current_request_id.set("rid-7")
    try:
        for f in (RedactKeys(), RequestContext()):
            f.filter(record)
    finally:
        current_request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "rid-7" and line["level"] == "INFO" and line["logger"] == "openbanana.access"
    assert line["message"] == "GET /v1?key=REDACTED" and line["status"] == 200 and line["key_id"] == "k1"
    assert line["model"] is None and line["ts"].endswith("Z")
    plain = logger.makeRecord("x", logging.WARNING, __file__, 1, "outside", (), None)
    RequestContext().filter(plain)
    assert json.loads(JsonFormatter().format(plain))["request_id"] == "-"


def test_text_lines_scrub_tracebacks_too() -> None:
    payload = base64.b64encode(os.urandom(600)).decode()
    try:
        raise ValueError(f"cannot decode {payload} for /x?key=AIzaSECRET")
    except ValueError:
        import sys

        record = logging.getLogger("t").makeRecord("t", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    RequestContext().filter(record)
    line = TextFormatter().format(record)
    assert "ValueError" in line and "[-]: failed" in line
    assert payload[:60] not in line and "AIzaSECRET" not in line
