"""The official google-genai SDK, one pinned release per line (1.75.0, 2.34.0, 3.4.0), against the
real server: generate, edit, stream, chats (plain and streamed first turn), count_tokens, models
list/get, ``api_version="v1alpha"`` and the error cases. Every SDK version runs all of its basic
scenarios in one client process; each test below checks one of them, decoding the images the client
wrote with Pillow and checking their exact pixel sizes.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.api.expected import INPUT_IMAGE_TOKENS, MODEL_LIMITS, OUTPUT_TOKENS, PIXELS
from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support.server import LiveServer

pytestmark = pytest.mark.sdk

FLASH = "gemini-3.1-flash-image-preview"
PRO = "gemini-3-pro-image-preview"

_CACHE: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="module", params=SDK_VERSIONS)
def sdk(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def results(version: str, server: LiveServer, out: Path) -> dict[str, Any]:
    if version not in _CACHE:
        o = str(out)
        scenarios = [
            ["info", "info", {}],
            ["generate", "generate", {"out": o, "prompt": "A lighthouse at dusk", "ratio": "16:9", "size": "2K"}],
            ["edit", "edit", {"out": o, "input_size": [64, 36]}],
            ["stream", "stream", {"out": o}],
            ["chat", "chat", {"out": o}],
            ["chat_stream", "chat", {"out": o, "stream_first": True}],
            ["count_tokens", "count_tokens", {}],
            ["models", "models", {}],
            ["v1alpha", "v1alpha", {"out": o}],
            ["errors", "errors", {}],
        ]
        _CACHE[version] = run_scenario(version, "batch", server.base_url, {"scenarios": scenarios}, timeout=600)
    return _CACHE[version]


@pytest.fixture
def res(sdk: str, sdk_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if sdk not in _CACHE:
        return results(sdk, sdk_server, tmp_path_factory.mktemp(f"sdk-{sdk}"))
    return _CACHE[sdk]


def major(version: str) -> int:
    return int(version.split(".")[0])


def expected_prefix(version: str) -> str:
    """Gotcha 1: SDK 3.x calls /v1, SDK 1.x and 2.x call /v1beta."""
    return "/v1/" if major(version) >= 3 else "/v1beta/"


def png_size(path: str) -> tuple[int, int]:
    with Image.open(path) as img:
        img.load()
        assert img.format == "PNG"
        return img.size


def final_images(parts: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [png_size(p["path"]) for p in parts if p["kind"] == "image" and not p["thought"]]


def test_sdk_version_is_the_pinned_one(sdk: str, res: dict[str, Any]) -> None:
    assert unwrap(res["info"])["version"] == sdk


def test_generate_content_image_and_text(sdk: str, res: dict[str, Any]) -> None:
    r = unwrap(res["generate"])
    assert r["model_version"] == FLASH and r["response_id"]
    assert r["finish_reasons"] == ["STOP"]
    assert isinstance(r["text"], str) and r["text"]
    kinds = [p["kind"] for p in r["parts"] if not p["thought"]]
    assert "text" in kinds and kinds.count("image") == 1
    image = next(p for p in r["parts"] if p["kind"] == "image")
    assert image["mime"] == "image/png" and image["signed"]
    if "as_image" in image:
        assert image["as_image"] == "Image"
    assert final_images(r["parts"]) == [PIXELS["16:9"]["2K"]]
    assert {"modality": "IMAGE", "token_count": OUTPUT_TOKENS[FLASH]["2K"]} in r["usage"]["candidates_tokens_details"]
    (request,) = r["requests"]
    assert request["path"] == f"{expected_prefix(sdk)}models/{FLASH}:generateContent"
    assert request["api_key"] == "any" and request["status"] == 200


def test_edit_with_pil_image_and_mixed_case_config(sdk: str, res: dict[str, Any]) -> None:
    """Gotchas 3 and 4 as the SDK really sends them: URL-safe base64 image, snake_case nested
    thinkingConfig; the server reads all of it (the 16:9 input picks the output ratio; thoughts come back)."""
    r = unwrap(res["edit"])
    assert final_images(r["parts"]) == [PIXELS["16:9"]["512"]]
    assert any(p["thought"] for p in r["parts"])
    body = r["requests"][0]["body"]
    blob = body["contents"][0]["parts"][0]["inlineData"]
    assert blob["data"]["alphabet"] == "urlsafe"
    assert set(body["generationConfig"]["thinkingConfig"]) == {"include_thoughts", "thinking_level"}
    if major(sdk) >= 2:
        assert "mime_type" in blob
    prompt = {d["modality"]: d["token_count"] for d in r["usage"]["prompt_tokens_details"]}
    assert prompt["IMAGE"] == INPUT_IMAGE_TOKENS[FLASH]


def test_generate_content_stream(sdk: str, res: dict[str, Any]) -> None:
    r = unwrap(res["stream"])
    chunks = r["chunks"]
    assert len(chunks) >= 3
    assert len({c["response_id"] for c in chunks}) == 1
    assert all(c["model_version"] == FLASH for c in chunks)
    parts = [p for c in chunks for p in c["parts"]]
    assert parts[0]["thought"] and parts[0]["kind"] == "text"  # include_thoughts
    flags = [p["thought"] for p in parts]
    assert flags == sorted(flags, reverse=True)
    assert final_images(parts) == [PIXELS["4:1"]["512"]]
    assert chunks[-1]["finish_reasons"] == ["STOP"]
    assert all(c["finish_reasons"] != ["STOP"] for c in chunks[:-1])
    assert chunks[-1]["usage"]["total_token_count"] > OUTPUT_TOKENS[FLASH]["512"]
    (request,) = r["requests"]
    assert request["path"].endswith(":streamGenerateContent") and request["query"] == {"alt": "sse"}
    assert request["path"].startswith(expected_prefix(sdk))


def _model_turns(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in body["contents"] if c["role"] == "model"]


@pytest.mark.parametrize("variant", ["chat", "chat_stream"])
def test_chat_two_turns(sdk: str, res: dict[str, Any], variant: str) -> None:
    """Gotchas 5 and 6: the second request resends the first turn whole (thought parts, the image with
    its thoughtSignature re-encoded URL-safe; after a stream, one model Content per chunk) and the
    server takes it: the second image follows the first one's 16:9 shape though no ratio was given."""
    r = unwrap(res[variant])
    first, second = r["turns"]
    first_parts = [p for c in first["chunks"] for p in c["parts"]] if variant == "chat_stream" else first["parts"]
    assert final_images(first_parts) == [PIXELS["16:9"]["512"]]
    assert final_images(second["parts"]) == [PIXELS["16:9"]["512"]]
    assert second["finish_reasons"] == ["STOP"]

    _, req2 = r["requests"]
    assert "+afc+chat" in req2["user_agent"] or major(sdk) < 3
    roles = [c["role"] for c in req2["body"]["contents"]]
    assert roles[0] == "user" and roles[-1] == "user"
    model_turns = _model_turns(req2["body"])
    if variant == "chat_stream":
        assert len(model_turns) > 1, "one model Content per streamed chunk"
        assert roles[1:-1] == ["model"] * len(model_turns)
    else:
        assert roles == ["user", "model", "user"]
    resent = [p for c in model_turns for p in c["parts"]]
    assert any(p.get("thought") for p in resent), "thought parts are resent"
    signed_image = next(p for p in resent if "inlineData" in p and not p.get("thought"))
    received = next(p for p in first_parts if p["kind"] == "image" and not p["thought"])
    sent_sig = signed_image["thoughtSignature"]
    assert base64.urlsafe_b64decode(sent_sig + "=" * (-len(sent_sig) % 4)) == base64.b64decode(received["signature"])
    assert r["history_roles"][0] == "user" and r["history_roles"][-1] == "model"
    assert r["history_signed_images"] == 2


def test_count_tokens(sdk: str, res: dict[str, Any]) -> None:
    r = unwrap(res["count_tokens"])
    assert r["text"] > 0
    assert r["with_image"] == r["text"] + INPUT_IMAGE_TOKENS[FLASH]
    assert all(q["path"].startswith(expected_prefix(sdk)) for q in r["requests"])


def test_models_list_pager_and_get(sdk: str, res: dict[str, Any]) -> None:
    r = unwrap(res["models"])
    assert r["listed"] == [f"models/{m}" for m in MODEL_LIMITS]
    lists = [q for q in r["requests"] if q["path"].endswith("/models")]
    assert len(lists) == 3, "page_size=1 → the pager follows nextPageToken twice"
    assert "pageToken" not in lists[0]["query"] and all("pageToken" in q["query"] for q in lists[1:])
    got = r["got"]
    assert got[FLASH]["name"] == f"models/{FLASH}"
    assert got[f"models/{PRO}"]["name"] == f"models/{PRO}"
    assert got["nano-banana-2"]["name"] == f"models/{FLASH}"
    for model in got.values():
        assert "generateContent" in model["actions"] and model["input_token_limit"] > 0
    assert all(q["path"].startswith(expected_prefix(sdk)) for q in r["requests"])


def test_api_version_v1alpha(sdk: str, res: dict[str, Any]) -> None:
    r = unwrap(res["v1alpha"])
    assert all(q["path"].startswith("/v1alpha/") for q in r["requests"])
    assert [p["kind"] for p in r["parts"]] == ["image"]  # IMAGE only
    assert final_images(r["parts"]) == [PIXELS["1:8"]["512"]]
    assert r["model"] == f"models/{PRO}" and r["tokens"] > 0


ERRORS = {
    "unknown_model": (404, "NOT_FOUND"),
    "unknown_model_stream": (404, "NOT_FOUND"),
    "unknown_model_get": (404, "NOT_FOUND"),
    "unknown_model_count": (404, "NOT_FOUND"),
    "bad_ratio": (400, "INVALID_ARGUMENT"),
    "bad_ratio_for_model": (400, "INVALID_ARGUMENT"),
    "bad_size_for_model": (400, "INVALID_ARGUMENT"),
    "lower_case_k": (400, "INVALID_ARGUMENT"),
    "bad_thinking_level": (400, "INVALID_ARGUMENT"),
    "bad_modality": (400, "INVALID_ARGUMENT"),
    "not_an_image": (400, "INVALID_ARGUMENT"),
    "bad_base64": (400, "INVALID_ARGUMENT"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_raise_client_error(sdk: str, res: dict[str, Any], case: str) -> None:
    """ClientError with the HTTP code, Google status and message; exactly one request (gotcha 9)."""
    r = unwrap(res["errors"])[case]
    code, status = ERRORS[case]
    assert r["exc"] == "ClientError", r
    assert r["code"] == code and r["status"] == status, r
    assert r["error_message"]
    assert r["details"]["error"]["code"] == code  # .details holds the whole body
    assert r["requests"] == 1 and r["statuses"] == [code]
    if case == "lower_case_k":
        assert "1K" in r["error_message"]
    if case.startswith("unknown_model"):
        assert f"API version {expected_prefix(sdk).strip('/')}" in r["error_message"]


def test_imagen_generate_images_fails_cleanly(sdk: str, res: dict[str, Any]) -> None:
    """Gotcha 11: SDK 1.x still posts to ``:predict`` (answered with a Google error, not a crash);
    SDK >= 2 refuses client-side in Developer-API mode."""
    r = unwrap(res["errors"])["imagen_predict"]
    if major(sdk) == 1:
        assert r.get("api_error"), r
        assert r["code"] == 404 and r["statuses"] == [404]
    else:
        assert r["exc"] == "ValueError" and r["requests"] == 0
