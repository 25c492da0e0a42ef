"""API keys the way every client sends them (§2): ``x-goog-api-key`` (the SDK), ``?key=`` and
``Authorization: Bearer`` (curl docs, OAuth/Vertex), with Google's error for each failure:
no credentials → 403, wrong API key → 400 API_KEY_INVALID, wrong bearer token → 401."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.helpers import API_VERSIONS, assert_google_error, gen_url, ok_json, text_body
from tests.conftest import TEST_KEY
from tests.support.server import LiveServer

ROUTES = [
    ("POST", gen_url()),
    ("POST", gen_url(method="streamGenerateContent") + "?alt=sse"),
    ("POST", gen_url(method="countTokens")),
    ("GET", "/v1beta/models"),
    ("GET", "/v1beta/models/gemini-2.5-flash-image"),
]


@pytest.fixture
def keyed(keyed_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=keyed_server.base_url, timeout=30) as c:
        yield c


def _call(c: httpx.Client, method: str, url: str, **kwargs: object) -> httpx.Response:
    if method == "POST":
        return c.post(url, json=text_body(imageConfig={"imageSize": "512"}), **kwargs)  # type: ignore[arg-type]
    return c.get(url, **kwargs)  # type: ignore[arg-type]


def _with_key(url: str, key: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}key={key}"


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_accepted_credentials(keyed: httpx.Client, method: str, url: str) -> None:
    for response in (
        _call(keyed, method, url, headers={"x-goog-api-key": TEST_KEY}),
        _call(keyed, method, _with_key(url, TEST_KEY)),
        _call(keyed, method, url, headers={"Authorization": f"Bearer {TEST_KEY}"}),
        _call(keyed, method, url, headers={"authorization": f"bearer {TEST_KEY}"}),
    ):
        assert response.status_code == 200, response.text


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_missing_key_is_403(keyed: httpx.Client, method: str, url: str) -> None:
    assert_google_error(_call(keyed, method, url), 403, "PERMISSION_DENIED")


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_wrong_key_is_400_api_key_invalid(keyed: httpx.Client, method: str, url: str) -> None:
    for response in (
        _call(keyed, method, url, headers={"x-goog-api-key": "wrong"}),
        _call(keyed, method, _with_key(url, "wrong")),
    ):
        error = assert_google_error(response, 400, "INVALID_ARGUMENT")
        assert error["message"] == "API key not valid. Please pass a valid API key."
        reasons = [d.get("reason") for d in error["details"]]
        assert "API_KEY_INVALID" in reasons
        info = next(d for d in error["details"] if d.get("reason") == "API_KEY_INVALID")
        assert info["@type"] == "type.googleapis.com/google.rpc.ErrorInfo"
        assert info["domain"] == "googleapis.com"


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_wrong_bearer_is_401(keyed: httpx.Client, method: str, url: str) -> None:
    response = _call(keyed, method, url, headers={"Authorization": "Bearer nope"})
    assert_google_error(response, 401, "UNAUTHENTICATED")


@pytest.mark.parametrize("version", API_VERSIONS)
def test_auth_is_the_same_under_every_version(keyed: httpx.Client, version: str) -> None:
    url = gen_url(version=version)
    assert_google_error(keyed.post(url, json=text_body()), 403)
    assert_google_error(keyed.post(url, json=text_body(), headers={"x-goog-api-key": "bad"}), 400)
    ok_json(keyed.post(url, json=text_body(), headers={"x-goog-api-key": TEST_KEY}))


def test_key_whitespace_is_stripped(keyed: httpx.Client) -> None:
    ok_json(keyed.get("/v1beta/models", params={"key": f"  {TEST_KEY} "}))


def test_auth_is_checked_before_the_body(keyed: httpx.Client) -> None:
    """A keyless request with a malformed body is refused for the key, not for the body."""
    assert_google_error(keyed.post(gen_url(), content=b"{bad json"), 403)


def test_open_server_accepts_any_key_or_none(client: httpx.Client) -> None:
    ok_json(client.get("/v1beta/models"))
    ok_json(client.get("/v1beta/models", headers={"x-goog-api-key": "anything"}))
    ok_json(client.get("/v1beta/models?key=whatever"))
    ok_json(client.get("/v1beta/models", headers={"Authorization": "Bearer x"}))
