"""The client side of the safety tests: the real google-genai SDK receiving a refused prompt (plain
and streamed) and a normal answer, run by each pinned SDK's own venv like ``client_scenarios.py``.

    <venv>/bin/python tests/sdk/client_safety.py batch <base_url> <json-args>

What is reported is exactly what typical client code reads: ``prompt_feedback.block_reason``,
``candidates``, ``text``, the ratings, and whether anything raised.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from google.genai import types

sys.path.insert(0, str(Path(__file__).parent))
from client_scenarios import FLASH, client, error_info, main


def _enum(value: Any) -> Any:
    return getattr(value, "value", value)


def _feedback(response: Any) -> dict[str, Any]:
    feedback = response.prompt_feedback
    return {
        "block_reason": _enum(feedback.block_reason) if feedback else None,
        "ratings": {_enum(r.category): _enum(r.probability) for r in (feedback.safety_ratings or [])}
        if feedback
        else {},
        "blocked_categories": [_enum(r.category) for r in (feedback.safety_ratings or []) if r.blocked]
        if feedback
        else [],
        "candidates_is_none": response.candidates is None,
        "text_is_none": response.text is None,
        "prompt_tokens": response.usage_metadata.prompt_token_count if response.usage_metadata else None,
    }


def s_blocked(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """A refused prompt, plainly and streamed; then the same prompt with BLOCK_NONE for its category."""
    c = client(base_url)  # keep a reference: SDK 3.x closes its HTTP client when the Client is collected
    config = types.GenerateContentConfig(response_modalities=["TEXT", "IMAGE"])
    out: dict[str, Any] = {}
    try:
        out["plain"] = _feedback(c.models.generate_content(model=FLASH, contents=args["prompt"], config=config))
    except Exception as exc:
        out["plain"] = {"raised": error_info(exc)}
    try:
        chunks = list(c.models.generate_content_stream(model=FLASH, contents=args["prompt"], config=config))
        out["stream"] = {"chunks": len(chunks), **_feedback(chunks[-1])}
    except Exception as exc:
        out["stream"] = {"raised": error_info(exc)}
    allowed = types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"],
        safety_settings=[types.SafetySetting(category=args["category"], threshold="BLOCK_NONE")],
    )
    response = c.models.generate_content(model=FLASH, contents=args["prompt"], config=allowed)
    parts = response.candidates[0].content.parts if response.candidates else []
    out["allowed"] = {
        "block_reason": _enum(response.prompt_feedback.block_reason) if response.prompt_feedback else None,
        "images": sum(1 for p in parts if p.inline_data is not None),
        "finish_reason": _enum(response.candidates[0].finish_reason) if response.candidates else None,
    }
    return out


SCENARIOS = {"blocked": s_blocked}


if __name__ == "__main__":
    sys.exit(main(sys.argv, SCENARIOS))
