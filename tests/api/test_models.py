"""``GET models`` (pagination, aliases), ``countTokens`` in both forms (§7, §8), the identical surface
under ``/v1``, ``/v1beta`` and ``/v1alpha`` (gotcha 1), SDK-style GETs and ``x-request-id``."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from tests.api.expected import ALIASES, INPUT_IMAGE_TOKENS, MODEL_LIMITS
from tests.api.helpers import (
    API_VERSIONS,
    FLASH,
    assert_google_error,
    gen_url,
    image_part,
    noise_png,
    ok_json,
    parse_sse,
    text_body,
)

MODEL_IDS = list(MODEL_LIMITS)


def _check_model(model: dict[str, Any], model_id: str) -> None:
    assert model["name"] == f"models/{model_id}"
    assert {"generateContent", "countTokens"} <= set(model["supportedGenerationMethods"])
    for key in ("version", "displayName", "description"):
        assert isinstance(model[key], str) and model[key]
    for key in ("inputTokenLimit", "outputTokenLimit", "topK"):
        assert isinstance(model[key], int) and model[key] > 0
    for key in ("temperature", "maxTemperature", "topP"):
        assert isinstance(model[key], (int, float))
    assert isinstance(model["thinking"], bool)


@pytest.mark.parametrize("version", API_VERSIONS)
def test_list_models(client: httpx.Client, version: str) -> None:
    body = ok_json(client.get(f"/{version}/models"))
    assert [m["name"] for m in body["models"]] == [f"models/{m}" for m in MODEL_IDS]
    assert "nextPageToken" not in body
    for model in body["models"]:
        _check_model(model, model["name"].removeprefix("models/"))


@pytest.mark.parametrize(("size_param", "token_param"), [("pageSize", "pageToken"), ("page_size", "page_token")])
@pytest.mark.parametrize("page_size", [1, 2])
def test_list_models_pagination(client: httpx.Client, size_param: str, token_param: str, page_size: int) -> None:
    names: list[str] = []
    params: dict[str, Any] = {size_param: page_size}
    for _ in range(10):
        body = ok_json(client.get("/v1beta/models", params=params))
        assert 1 <= len(body["models"]) <= page_size
        names += [m["name"] for m in body["models"]]
        if "nextPageToken" not in body:
            break
        params = {size_param: page_size, token_param: body["nextPageToken"]}
    assert names == [f"models/{m}" for m in MODEL_IDS]


@pytest.mark.parametrize(
    "params",
    [
        {"pageToken": "not-a-token"},
        {"pageToken": base64.urlsafe_b64encode(b"offset:x").decode()},
        {"pageToken": "%%%"},
        {"pageSize": "ten"},
        {"pageSize": "-1"},
    ],
)
def test_list_models_bad_paging_is_400(client: httpx.Client, params: dict[str, str]) -> None:
    assert_google_error(client.get("/v1beta/models", params=params), 400)


@pytest.mark.parametrize("version", API_VERSIONS)
@pytest.mark.parametrize("name", MODEL_IDS + list(ALIASES))
def test_get_model_by_id_and_alias(client: httpx.Client, version: str, name: str) -> None:
    model = ok_json(client.get(f"/{version}/models/{name}"))
    _check_model(model, ALIASES.get(name, name))


def test_aliases_generate(client: httpx.Client) -> None:
    for alias, model_id in ALIASES.items():
        body = ok_json(client.post(gen_url(alias), json=text_body(responseModalities=["TEXT"])))
        assert body["modelVersion"] == model_id


def test_sdk_style_get_with_json_content_type(client: httpx.Client) -> None:
    """The SDK sends ``Content-Type: application/json`` (and no body) even on GETs."""
    headers = {"content-type": "application/json", "x-goog-api-key": "k", "accept-encoding": "gzip, deflate"}
    ok_json(client.get("/v1/models", headers=headers))
    ok_json(client.get(f"/v1/models/{FLASH}", headers=headers))


# -- countTokens --------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODEL_IDS)
def test_count_tokens_both_forms(client: httpx.Client, model: str) -> None:
    contents = [{"role": "user", "parts": [{"text": "Draw a lighthouse at dusk"}]}]
    url = gen_url(model, "countTokens")
    plain = ok_json(client.post(url, json={"contents": contents}))
    wrapped = ok_json(
        client.post(url, json={"generateContentRequest": {"model": f"models/{model}", "contents": contents}})
    )
    assert plain == wrapped
    assert plain["totalTokens"] > 0
    assert plain["promptTokensDetails"] == [{"modality": "TEXT", "tokenCount": plain["totalTokens"]}]

    with_image = [{"role": "user", "parts": [*contents[0]["parts"], image_part(noise_png(20, 20))]}]
    counted = ok_json(client.post(url, json={"contents": with_image}))
    assert counted["totalTokens"] == plain["totalTokens"] + INPUT_IMAGE_TOKENS[model]
    assert {"modality": "IMAGE", "tokenCount": INPUT_IMAGE_TOKENS[model]} in counted["promptTokensDetails"]


def test_count_tokens_system_instruction_counts_in_wrapped_form(client: httpx.Client) -> None:
    contents = [{"parts": [{"text": "a cat"}]}]
    url = gen_url(method="countTokens")
    plain = ok_json(client.post(url, json={"contents": contents}))["totalTokens"]
    system = {"parts": [{"text": "You are a meticulous illustrator of nautical scenes."}]}
    wrapped = ok_json(client.post(url, json={"generateContentRequest": {"contents": contents,
                                                                      "systemInstruction": system}}))  # fmt: skip
    assert wrapped["totalTokens"] > plain


def test_count_tokens_matches_generate_prompt_usage(client: httpx.Client) -> None:
    body = text_body("the quick brown fox jumps over the lazy dog", responseModalities=["TEXT"])
    counted = ok_json(client.post(gen_url(method="countTokens"), json={"contents": body["contents"]}))
    usage = ok_json(client.post(gen_url(), json=body))["usageMetadata"]
    assert usage["promptTokenCount"] == counted["totalTokens"]


@pytest.mark.parametrize(
    "body",
    [{}, {"contents": []}, {"generateContentRequest": {"contents": []}}, {"contents": "x"}],
)
def test_count_tokens_bad_requests(client: httpx.Client, body: dict[str, Any]) -> None:
    assert_google_error(client.post(gen_url(method="countTokens"), json=body), 400)


def test_count_tokens_bad_base64_is_400(client: httpx.Client) -> None:
    body = {"contents": [{"parts": [{"inlineData": {"data": "@@@@", "mimeType": "image/png"}}]}]}
    assert_google_error(client.post(gen_url(method="countTokens"), json=body), 400)


# -- the same surface under every version ------------------------------------------------------


def _surface(client: httpx.Client, version: str) -> list[Any]:
    """Version-independent facts about every endpoint (ids and base64 payloads stripped)."""
    body = text_body(seed=5, responseModalities=["TEXT"])
    generated = ok_json(client.post(gen_url(version=version), json=body))
    streamed = parse_sse(client.post(gen_url(method="streamGenerateContent", version=version) + "?alt=sse",
                                     json=body).content)  # fmt: skip
    for chunk in [generated, *streamed]:
        chunk.pop("responseId")
    counted = ok_json(client.post(gen_url(method="countTokens", version=version), json={"contents": body["contents"]}))
    listed = ok_json(client.get(f"/{version}/models", params={"pageSize": 2}))
    got = ok_json(client.get(f"/{version}/models/{FLASH}"))
    bad = client.post(gen_url(version=version), json=text_body(imageConfig={"imageSize": "3K"}))
    return [generated, streamed, counted, listed, got, bad.status_code, bad.json()]


def test_identical_surface_under_every_version(client: httpx.Client) -> None:
    v1, v1beta, v1alpha = (_surface(client, v) for v in API_VERSIONS)
    assert v1 == v1beta == v1alpha


# -- x-request-id ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "code"),
    [("GET", "/v1beta/models", 200), ("POST", gen_url(), 200), ("POST", gen_url("nope"), 404),
     ("GET", "/v1beta/nope", 404), ("POST", gen_url(method="countTokens"), 400)],
)  # fmt: skip
def test_request_id_is_echoed(client: httpx.Client, method: str, url: str, code: int) -> None:
    kwargs: dict[str, Any] = {"json": text_body()} if method == "POST" and code != 400 else {}
    response = client.request(method, url, headers={"x-request-id": "trace-abc-123"}, **kwargs)
    assert response.status_code == code
    assert response.headers["x-request-id"] == "trace-abc-123"
    fresh = client.request(method, url, **kwargs)
    assert fresh.headers["x-request-id"] and fresh.headers["x-request-id"] != "trace-abc-123"


def test_request_id_on_streams(client: httpx.Client) -> None:
    response = client.post(gen_url(method="streamGenerateContent") + "?alt=sse", json=text_body(),
                           headers={"x-request-id": "s-1"})  # fmt: skip
    assert response.status_code == 200 and response.headers["x-request-id"] == "s-1"
