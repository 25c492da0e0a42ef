"""Hostile and odd input found in review: each gets a clean Google-format 4xx, never a 500."""

from __future__ import annotations

import base64
import io
import json

import httpx
import pytest
from PIL import Image

from tests.api.helpers import FLASH, assert_google_error, gen_url, image_part, noise_png, text_body


def _post_raw(client: httpx.Client, url: str, body: str) -> httpx.Response:
    return client.post(url, content=body.encode(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("method", ["generateContent", "countTokens", "streamGenerateContent"])
def test_deeply_nested_json_is_400(client: httpx.Client, method: str) -> None:
    body = '{"contents":' + "[" * 5000 + "]" * 5000 + "}"
    response = _post_raw(client, gen_url(method=method) + ("?alt=sse" if method.startswith("stream") else ""), body)
    assert_google_error(response, 400, "INVALID_ARGUMENT")
    assert "nested too deeply" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "text",
    [r"a sign \"\ud800\"", r"\udc00 alone", r"pair then lone \ud83d\ude00\ud83d"],
)
def test_lone_surrogates_are_400(client: httpx.Client, text: str) -> None:
    body = '{"contents":[{"parts":[{"text":"' + text + '"}]}]}'
    response = _post_raw(client, gen_url(), body)
    assert_google_error(response, 400, "INVALID_ARGUMENT")
    assert "surrogate" in response.json()["error"]["message"]


def test_a_valid_surrogate_pair_is_fine(client: httpx.Client) -> None:
    body = r'{"contents":[{"parts":[{"text":"ok \ud83d\ude00"}]}]}'
    response = _post_raw(client, gen_url(method="countTokens"), body)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_400(client: httpx.Client, constant: str) -> None:
    body = '{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":' + constant + "}}"
    response = _post_raw(client, gen_url(), body)
    assert_google_error(response, 400, "INVALID_ARGUMENT")
    assert constant.lstrip("-") in response.json()["error"]["message"]


def test_input_token_limit_is_enforced_per_model(client: httpx.Client) -> None:
    big = "abcd " * 40_000  # ~50k tokens: over gemini-2.5-flash-image's 32768, under 3.1's 131072
    response = client.post(gen_url("gemini-2.5-flash-image", "countTokens"), json=text_body(big))
    assert response.status_code == 200  # counting is always allowed
    response = client.post(gen_url("gemini-2.5-flash-image"), json=text_body(big))
    error = assert_google_error(response, 400, "INVALID_ARGUMENT")
    assert "exceeds the maximum number of tokens allowed (32768)" in error["message"]
    response = client.post(gen_url(FLASH), json=text_body(big, responseModalities=["TEXT"]))
    assert response.status_code == 200, response.text


def test_truncated_image_is_400(client: httpx.Client) -> None:
    png = noise_png(64, 64)
    body = {"contents": [{"parts": [image_part(png[: len(png) // 2]), {"text": "edit"}]}]}
    response = client.post(gen_url(), json=body)
    error = assert_google_error(response, 400, "INVALID_ARGUMENT")
    assert "not a readable image" in error["message"]


def test_bad_signature_on_a_text_part_is_400_like_on_an_image_part(client: httpx.Client) -> None:
    body = {
        "contents": [
            {"role": "user", "parts": [{"text": "a cat"}]},
            {"role": "model", "parts": [{"text": "here", "thoughtSignature": "%%%not base64%%%"}]},
            {"role": "user", "parts": [{"text": "bigger"}]},
        ]
    }
    error = assert_google_error(client.post(gen_url(), json=body), 400, "INVALID_ARGUMENT")
    assert "thought_signature" in error["message"]


def test_tiny_and_extreme_images_are_accepted_with_auto_ratio(client: httpx.Client) -> None:
    for size, expected in (((1, 1), (1024, 1024)), ((1, 5000), (128, 1024))):
        buf = io.BytesIO()
        Image.new("RGB", size, (10, 20, 30)).save(buf, format="PNG")
        body = {
            "contents": [{"parts": [image_part(buf.getvalue()), {"text": "make it blue"}]}],
            "generationConfig": {"imageConfig": {"aspectRatio": "auto"}, "responseModalities": ["IMAGE"]},
        }
        response = client.post(gen_url(), json=body)
        assert response.status_code == 200, response.text
        data = response.json()["candidates"][0]["content"]["parts"][-1]["inlineData"]["data"]
        with Image.open(io.BytesIO(base64.b64decode(data))) as img:
            assert img.size == expected


def test_json_array_stream_wraps_up_front_errors(client: httpx.Client) -> None:
    body = text_body()
    body["generationConfig"] = {"imageConfig": {"aspectRatio": "7:5"}}
    response = client.post(gen_url(method="streamGenerateContent"), json=body)
    assert response.status_code == 400
    wrapped = json.loads(response.text)
    assert isinstance(wrapped, list) and wrapped[0]["error"]["status"] == "INVALID_ARGUMENT"


def test_docs_ui_is_not_served_but_openapi_is(client: httpx.Client) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200
