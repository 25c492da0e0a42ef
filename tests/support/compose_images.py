"""Real compose outputs as pixel arrays, for the watermark tests and benchmark (the engine, no server)."""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from openbanana.engine.engine import Engine

MODEL = "gemini-3.1-flash-image-preview"


@cache
def _engine() -> Engine:
    from openbanana.engine.engine import Engine
    from openbanana.generators.registry import create_generator

    return Engine(create_generator("compose"))


def render_compose(prompt: str, ratio: str, size: str, seed: int) -> np.ndarray:
    """The compose generator's output for a Gemini-shaped request, as HxWx3 uint8 RGB."""
    from openbanana.api.gemini import inbound
    from openbanana.api.gemini.schemas import GenerateContentRequest
    from openbanana.engine.events import OutputImage

    body = {
        "contents": [{"role": "user", "parts": [{"text": prompt}]}],
        "generationConfig": {
            "responseModalities": ["IMAGE"],
            "seed": seed,
            "imageConfig": {"aspectRatio": ratio, "imageSize": size},
        },
    }
    request = inbound.to_image_request(
        GenerateContentRequest.model_validate(body), inbound.resolve_model(MODEL, "v1beta")
    )
    for event in _engine().run(request):
        if isinstance(event, OutputImage):
            return np.asarray(Image.open(io.BytesIO(event.png)).convert("RGB"))
    raise RuntimeError("compose returned no image")
