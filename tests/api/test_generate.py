"""generateContent over raw HTTP, the way curl users and the SDK's wire format reach it.

Covers reference §0 gotchas 2 (exactly 200), 3 (camelCase and snake_case at every level),
4 (both base64 alphabets, padding optional; standard base64 out), 5 (signatures re-encoded),
6 (chat history: same-role merging, thought parts ignored) and 7 (enums in any case; imageSize K).
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from tests.api.expected import INPUT_IMAGE_TOKENS, MODEL_LIMITS, OUTPUT_TOKENS, PIXELS
from tests.api.helpers import (
    FLASH,
    NANO,
    PRO,
    assert_google_error,
    b64_variants,
    decode_std_b64,
    gen_url,
    image_part,
    image_size_of,
    images_of,
    noise_png,
    ok_json,
    parts_of,
    text_body,
    tricky_png,
)


def test_minimal_curl_request_is_200_with_image_and_text(client: httpx.Client) -> None:
    body = ok_json(client.post(gen_url(), json={"contents": [{"parts": [{"text": "a yellow square"}]}]}))
    assert body["modelVersion"] == FLASH
    assert isinstance(body["responseId"], str) and body["responseId"]
    (candidate,) = body["candidates"]
    assert candidate["finishReason"] == "STOP"
    assert candidate["index"] == 0
    assert candidate["content"]["role"] == "model"
    kinds = ["text" if "text" in p else "image" for p in candidate["content"]["parts"]]
    assert kinds == ["text", "image"]  # default modalities TEXT+IMAGE; no thoughts unless asked
    assert image_size_of(body) == PIXELS["1:1"]["1K"]  # text-only prompt, no ratio → 1:1 at 1K
    usage = body["usageMetadata"]
    assert usage["totalTokenCount"] == (
        usage["promptTokenCount"] + usage["candidatesTokenCount"] + usage.get("thoughtsTokenCount", 0)
    )
    assert {"modality": "IMAGE", "tokenCount": OUTPUT_TOKENS[FLASH]["1K"]} in usage["candidatesTokensDetails"]


def test_curl_default_form_content_type_is_still_json(client: httpx.Client) -> None:
    """``curl -d`` sends application/x-www-form-urlencoded; the body is JSON anyway."""
    response = client.post(
        gen_url(),
        content=b'{"contents":[{"parts":[{"text":"hi"}]}]}',
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    ok_json(response)


@pytest.mark.parametrize("model", list(MODEL_LIMITS))
def test_sizes_per_model_and_output_tokens(client: httpx.Client, model: str) -> None:
    """One request per allowed size of each model (extreme ratio where allowed): exact pixels, and the
    per-size image token cost in usage."""
    ratios, sizes = MODEL_LIMITS[model]
    for i, size in enumerate(sizes):
        ratio = ratios[-1 - i]
        body = ok_json(
            client.post(
                gen_url(model),
                json=text_body(imageConfig={"aspectRatio": ratio, "imageSize": size}, responseModalities=["IMAGE"]),
            )
        )
        assert image_size_of(body) == PIXELS[ratio][size], (model, ratio, size)
        details = body["usageMetadata"]["candidatesTokensDetails"]
        assert details == [{"modality": "IMAGE", "tokenCount": OUTPUT_TOKENS[model][size]}]


def test_default_size_is_1k_for_every_model(client: httpx.Client) -> None:
    for model in MODEL_LIMITS:
        body = ok_json(client.post(gen_url(model), json=text_body(imageConfig={"aspectRatio": "16:9"})))
        assert image_size_of(body) == PIXELS["16:9"]["1K"], model


# -- gotcha 3: both spellings at every level ----------------------------------------------------

CAMEL: dict[str, Any] = {
    "contents": [{"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": "<IMG>"}},
                                            {"text": "make it blue"}]}],
    "systemInstruction": {"role": "user", "parts": [{"text": "You are an illustrator."}]},
    "safetySettings": [{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_ONLY_HIGH"}],
    "generationConfig": {
        "candidateCount": 2, "seed": 7, "responseModalities": ["TEXT", "IMAGE"],
        "thinkingConfig": {"thinkingLevel": "HIGH", "includeThoughts": True},
        "imageConfig": {"aspectRatio": "21:9", "imageSize": "2K"},
    },
}  # fmt: skip

SNAKE: dict[str, Any] = {
    "contents": [{"role": "user", "parts": [{"inline_data": {"mime_type": "image/png", "data": "<IMG>"}},
                                            {"text": "make it blue"}]}],
    "system_instruction": {"role": "user", "parts": [{"text": "You are an illustrator."}]},
    "safety_settings": [{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_ONLY_HIGH"}],
    "generation_config": {
        "candidate_count": 2, "seed": 7, "response_modalities": ["TEXT", "IMAGE"],
        "thinking_config": {"thinking_level": "HIGH", "include_thoughts": True},
        "image_config": {"aspect_ratio": "21:9", "image_size": "2K"},
    },
}  # fmt: skip

#: What SDK >= 2 actually sends: camelCase where its converters know the field, python names inside.
SDK_MIXED: dict[str, Any] = {
    "contents": [{"role": "user", "parts": [{"inlineData": {"data": "<IMG>", "mime_type": "image/png"}},
                                            {"text": "make it blue"}]}],
    "systemInstruction": {"parts": [{"text": "You are an illustrator."}], "role": "user"},
    "safetySettings": [{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_ONLY_HIGH"}],
    "tools": [{"googleSearch": {}}],
    "serviceTier": "standard", "store": False, "labels": {"team": "x"},
    "generationConfig": {
        "temperature": 0.7, "topP": 0.9, "candidateCount": 2, "maxOutputTokens": 2048, "seed": 7,
        "responseModalities": ["TEXT", "IMAGE"],
        "thinkingConfig": {"include_thoughts": True, "thinking_level": "HIGH"},
        "imageConfig": {"aspectRatio": "21:9", "imageSize": "2K"},
    },
}  # fmt: skip


def _fill(template: Any, data: str) -> Any:
    if isinstance(template, dict):
        return {k: _fill(v, data) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, data) for v in template]
    return data if template == "<IMG>" else template


@pytest.mark.parametrize("template", [CAMEL, SNAKE, SDK_MIXED], ids=["camelCase", "snake_case", "sdk-mixed"])
def test_both_spellings_at_every_level_take_effect(client: httpx.Client, template: dict[str, Any]) -> None:
    """Each nested option must be *read*, not silently ignored: the ratio and size shape the image,
    candidateCount gives two candidates, includeThoughts gives thought parts, the input image counts."""
    request = _fill(template, base64.urlsafe_b64encode(noise_png(32, 18)).decode())
    body = ok_json(client.post(gen_url(), json=request))
    assert len(body["candidates"]) == 2
    for index in (0, 1):
        assert body["candidates"][index]["index"] == index
        assert images_of(body, index) == [PIXELS["21:9"]["2K"]]
        assert any(p.get("thought") for p in parts_of(body, index)), "includeThoughts was ignored"
    prompt_details = {d["modality"]: d["tokenCount"] for d in body["usageMetadata"]["promptTokensDetails"]}
    assert prompt_details["IMAGE"] == INPUT_IMAGE_TOKENS[FLASH]


def test_count_tokens_generate_content_request_in_snake_case(client: httpx.Client) -> None:
    camel = ok_json(client.post(gen_url(method="countTokens"), json={"generateContentRequest": CAMEL | {
        "contents": [{"parts": [{"text": "hello there"}]}]}}))  # fmt: skip
    snake = ok_json(client.post(gen_url(method="countTokens"), json={"generate_content_request": SNAKE | {
        "contents": [{"parts": [{"text": "hello there"}]}]}}))  # fmt: skip
    assert camel == snake and camel["totalTokens"] > 0


# -- gotcha 4: base64 --------------------------------------------------------------------------


@pytest.mark.parametrize("variant", list(b64_variants(b"x")))
def test_input_base64_alphabets_and_padding(client: httpx.Client, variant: str) -> None:
    """Standard and URL-safe base64, padded or not, all decode to the same image (its 16:9 shape picks
    the output ratio, so a mis-decoded image would show)."""
    png = tricky_png(64, 36)
    data = b64_variants(png)[variant]
    request = {"contents": [{"parts": [{"inlineData": {"mimeType": "image/png", "data": data}}, {"text": "edit"}]}]}
    body = ok_json(client.post(gen_url(), json=request))
    assert image_size_of(body) == PIXELS["16:9"]["1K"]


def test_output_is_standard_base64_png(client: httpx.Client) -> None:
    body = ok_json(client.post(gen_url(), json=text_body(imageConfig={"imageSize": "512"})))
    for part in parts_of(body):
        if "inlineData" in part:
            assert decode_std_b64(part["inlineData"]["data"]).startswith(b"\x89PNG\r\n\x1a\n")
        if "thoughtSignature" in part:
            decode_std_b64(part["thoughtSignature"])


def test_mime_type_is_sniffed_not_trusted(client: httpx.Client) -> None:
    request = {"contents": [{"parts": [image_part(noise_png(40, 30), mime="image/jpeg"), {"text": "edit"}]}]}
    body = ok_json(client.post(gen_url(), json=request))
    assert image_size_of(body) == PIXELS["4:3"]["1K"]


# -- gotcha 7: enums in any case ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("modalities", "expected"),
    [
        (["image", "Text"], ["text", "image"]),
        (["IMAGE"], ["image"]),
        (["iMaGe"], ["image"]),
        (["text"], ["text"]),
    ],
)
def test_response_modalities_any_case(client: httpx.Client, modalities: list[str], expected: list[str]) -> None:
    body = ok_json(client.post(gen_url(), json=text_body(responseModalities=modalities)))
    assert ["image" if "inlineData" in p else "text" for p in parts_of(body)] == expected


@pytest.mark.parametrize("level", ["high", "HIGH", "High", "minimal", "MINIMAL"])
def test_thinking_level_any_case(client: httpx.Client, level: str) -> None:
    body = ok_json(
        client.post(gen_url(), json=text_body(thinkingConfig={"thinkingLevel": level, "includeThoughts": True}))
    )
    assert any(p.get("thought") for p in parts_of(body))


def test_safety_settings_any_case_and_integer_enums(client: httpx.Client) -> None:
    request = text_body() | {
        "safetySettings": [
            {"category": "harm_category_hate_speech", "threshold": "block_only_high"},
            {"category": 7, "threshold": 4},
            {"category": "HARM_CATEGORY_IMAGE_HATE", "threshold": "OFF"},
        ]
    }
    ok_json(client.post(gen_url(), json=request))


def test_image_size_needs_upper_case_k(client: httpx.Client) -> None:
    for size, model in (("1k", FLASH), ("2k", PRO), ("4k", FLASH), ("1k", NANO)):
        error = assert_google_error(client.post(gen_url(model), json=text_body(imageConfig={"imageSize": size})), 400)
        assert repr(size) in error["message"] or size in error["message"]
        assert "1K" in error["message"], error  # names the allowed values
    ok_json(client.post(gen_url(), json=text_body(imageConfig={"imageSize": "1K"})))


def test_auto_ratio_follows_input_image(client: httpx.Client) -> None:
    request = {
        "contents": [{"parts": [image_part(noise_png(30, 120)), {"text": "edit"}]}],
        "generationConfig": {"imageConfig": {"aspectRatio": "auto", "imageSize": "512"}},
    }
    assert image_size_of(ok_json(client.post(gen_url(), json=request))) == PIXELS["1:4"]["512"]


# -- thoughts and signatures -------------------------------------------------------------------


def test_thoughts_only_when_asked_and_signatures_on_answer_parts(client: httpx.Client) -> None:
    quiet = ok_json(client.post(gen_url(), json=text_body(thinkingConfig={"thinkingLevel": "HIGH"})))
    assert not any(p.get("thought") for p in parts_of(quiet))
    loud = ok_json(
        client.post(gen_url(), json=text_body(thinkingConfig={"thinkingLevel": "HIGH", "includeThoughts": True}))
    )
    parts = parts_of(loud)
    thought_flags = [bool(p.get("thought")) for p in parts]
    assert thought_flags[0] and not thought_flags[-1]
    assert thought_flags == sorted(thought_flags, reverse=True), "thoughts come before the answer"
    answer = [p for p in parts if not p.get("thought")]
    assert "thoughtSignature" in answer[0], "signature rides on the first non-thought part"
    assert all("thoughtSignature" in p for p in answer if "inlineData" in p)
    assert not any("thoughtSignature" in p for p in parts if p.get("thought"))
    assert loud["usageMetadata"]["thoughtsTokenCount"] > 0


def _first_turn(client: httpx.Client, ratio: str) -> dict[str, Any]:
    config = {"imageConfig": {"aspectRatio": ratio, "imageSize": "512"},
              "thinkingConfig": {"thinkingLevel": "HIGH", "includeThoughts": True}}  # fmt: skip
    body = ok_json(client.post(gen_url(), json=text_body("draw a cat", **config)))
    content: dict[str, Any] = body["candidates"][0]["content"]
    return content


def _urlsafe(sig: str) -> str:
    return base64.urlsafe_b64encode(base64.b64decode(sig)).decode()


def test_chat_history_replayed_as_the_sdk_does(client: httpx.Client) -> None:
    """Second turn with the model's whole first turn sent back: thought text and thought images,
    signatures re-encoded URL-safe (gotcha 5), the user's text. No ratio: it follows the earlier image."""
    model_turn = _first_turn(client, "16:9")
    for part in model_turn["parts"]:
        if "thoughtSignature" in part:
            part["thoughtSignature"] = _urlsafe(part["thoughtSignature"])
        if "inlineData" in part:
            part["inlineData"] = {"data": _urlsafe(part["inlineData"]["data"]), "mime_type": "image/png"}
    request = {"contents": [
        {"role": "user", "parts": [{"text": "draw a cat"}]},
        model_turn,
        {"role": "user", "parts": [{"text": "make it blue"}]},
    ], "generationConfig": {"imageConfig": {"imageSize": "512"}}}  # fmt: skip
    assert image_size_of(ok_json(client.post(gen_url(), json=request))) == PIXELS["16:9"]["512"]


def test_consecutive_model_turns_after_a_stream_are_merged(client: httpx.Client) -> None:
    """After ``send_message_stream`` the SDK records each chunk as its own model Content."""
    model_turn = _first_turn(client, "9:16")
    split = [{"role": "model", "parts": [part]} for part in model_turn["parts"]]
    request = {"contents": [{"role": "user", "parts": [{"text": "draw a cat"}]}, *split,
                            {"role": "user", "parts": [{"text": "now smaller"}]}],
               "generationConfig": {"imageConfig": {"imageSize": "512"}}}  # fmt: skip
    assert image_size_of(ok_json(client.post(gen_url(), json=request))) == PIXELS["9:16"]["512"]


def test_consecutive_user_turns_are_merged(client: httpx.Client) -> None:
    """The image in the first of two user contents belongs to the current turn: it sets the auto ratio
    and counts against the model's input-image limit (3 for gemini-2.5-flash-image)."""
    request = {"contents": [
        {"role": "user", "parts": [image_part(noise_png(48, 64))]},
        {"role": "user", "parts": [{"text": "edit this"}]},
    ]}  # fmt: skip
    assert image_size_of(ok_json(client.post(gen_url(), json=request))) == PIXELS["3:4"]["1K"]
    two = [image_part(noise_png(16, 16, seed)) for seed in (1, 2)]
    too_many = {"contents": [
        {"role": "user", "parts": two},
        {"parts": [*two, {"text": "combine"}]},  # role omitted → user
    ]}  # fmt: skip
    error = assert_google_error(client.post(gen_url(NANO), json=too_many), 400)
    assert "at most 3" in error["message"]
    ok_json(client.post(gen_url(FLASH), json=too_many))


def test_input_thought_parts_are_ignored(client: httpx.Client) -> None:
    """A ``thought: true`` part is dropped unread: even with undecodable data, and its image does not
    steer the auto ratio; a turn holding only thoughts has nothing to generate from."""
    thought_image = {"inlineData": {"mimeType": "image/png", "data": "!!not base64!!"}, "thought": True}
    wide_thought = image_part(noise_png(64, 16)) | {"thought": True}
    request = {"contents": [{"role": "USER", "parts": [thought_image, wide_thought, {"text": "x", "thought": True},
                                                       {"text": "a cat"}]}]}  # fmt: skip
    assert image_size_of(ok_json(client.post(gen_url(), json=request))) == PIXELS["1:1"]["1K"]
    only_thoughts = {"contents": [{"parts": [{"text": "plan", "thought": True}]}]}
    assert_google_error(client.post(gen_url(), json=only_thoughts), 400)


def test_unknown_fields_are_ignored(client: httpx.Client) -> None:
    request = text_body() | {
        "model": f"models/{FLASH}",
        "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}},
        "continuationToken": "abc",
        "someFutureField": {"nested": [1, 2]},
    }
    request["contents"][0]["parts"][0] |= {"partMetadata": {"k": "v"}, "videoMetadata": {}}
    ok_json(client.post(gen_url(), json=request))
