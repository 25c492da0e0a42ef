"""Shared helpers for the compose generator tests."""

from __future__ import annotations

from openbanana.catalog.models import NANO_BANANA_PRO
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.request import ImageRequest, Turn


def make_request(
    prompt: str,
    ratio: str = "1:1",
    size: str = "1K",
    history: tuple[tuple[str, str], ...] = (),
    system_instruction: str = "",
) -> ImageRequest:
    turns = (*(Turn(role, (text,)) for role, text in history), Turn("user", (prompt,)))
    return ImageRequest(
        model=NANO_BANANA_PRO,
        turns=turns,
        output=pixel_size(ratio, size),
        system_instruction=system_instruction,
    )
