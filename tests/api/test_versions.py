"""The version-history extension over raw HTTP, and the editing input checks a curl user meets."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from tests.api.helpers import assert_google_error, gen_url, image_part, noise_png, ok_json, parts_of, text_body


def _image_of(body: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in parts_of(body) if "inlineData" in p and not p.get("thought"))


def test_each_answer_is_a_numbered_version_listed_by_the_extension(client: httpx.Client) -> None:
    first = client.post(gen_url(), json=text_body("a yellow square"))
    conversation = first.headers["x-openbanana-conversation"]
    image = _image_of(ok_json(first))
    chat = {
        "contents": [
            {"role": "user", "parts": [{"text": "a yellow square"}]},
            {"role": "model", "parts": [image]},
            {"role": "user", "parts": [{"text": "make it black and white"}]},
        ]
    }
    second = client.post(gen_url(), json=chat)
    assert second.headers["x-openbanana-conversation"] == conversation
    listed = ok_json(client.get(f"/v1beta/openbanana/conversations/{conversation}/versions"))
    assert [v["version"] for v in listed["versions"]] == [1, 2]
    assert listed["versions"][1]["instruction"] == "make it black and white"
    got = ok_json(client.get(f"/v1/openbanana/conversations/{conversation}/versions/2"))
    returned = base64.b64decode(_image_of(ok_json(second))["inlineData"]["data"])
    assert base64.b64decode(got["inlineData"]["data"]) == returned


def test_unknown_conversation_or_version_is_a_google_404(client: httpx.Client) -> None:
    assert_google_error(client.get("/v1beta/openbanana/conversations/nope/versions"), 404, "NOT_FOUND")
    first = client.post(gen_url(), json=text_body("a blue square"))
    conversation = first.headers["x-openbanana-conversation"]
    assert_google_error(client.get(f"/v1beta/openbanana/conversations/{conversation}/versions/9"), 404, "NOT_FOUND")


def test_a_declared_non_image_mime_type_is_a_400(client: httpx.Client) -> None:
    body = {"contents": [{"parts": [image_part(noise_png(16, 16), mime="application/pdf"), {"text": "edit"}]}]}
    error = assert_google_error(client.post(gen_url(), json=body), 400, "INVALID_ARGUMENT")
    assert "application/pdf" in error["message"]
