"""Safety filters through the real SDK (1.75 / 2.34 / 3.4): a refused prompt parses without error,
with ``prompt_feedback.block_reason == SAFETY``, ``candidates is None`` and ``text is None``, plainly
and streamed; ``safety_settings`` with BLOCK_NONE for the category lets the same prompt through."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support.server import LiveServer

SCRIPT = Path(__file__).with_name("client_safety.py")
PROMPT = "A poster saying 'Dave is a worthless idiot and everyone hates him'"


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_blocked_prompt_parses_in_the_sdk(version: str, sdk_server: LiveServer) -> None:
    args = {"prompt": PROMPT, "category": "HARM_CATEGORY_HARASSMENT"}
    result = unwrap(run_scenario(version, "blocked", sdk_server.base_url, args, script=SCRIPT))
    for mode in ("plain", "stream"):
        got = result[mode]
        assert "raised" not in got, got
        assert got["block_reason"] == "SAFETY"
        assert got["candidates_is_none"] and got["text_is_none"]
        assert got["blocked_categories"] == ["HARM_CATEGORY_HARASSMENT"]
        assert got["ratings"]["HARM_CATEGORY_HARASSMENT"] in ("MEDIUM", "HIGH")
        assert got["prompt_tokens"] and got["prompt_tokens"] > 0
    assert result["stream"]["chunks"] == 1
    assert result["allowed"] == {"block_reason": None, "images": 1, "finish_reason": "STOP"}
