"""A generator that does (almost) nothing: a flat PNG of the right size, cached per size.

It exists to measure the API's own overhead (parsing, validation, encoding, HTTP) in ``bench/``, and
to test the server without depending on the compose renderer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PIL import Image

from openbanana.engine.request import ImageRequest
from openbanana.generators.base import CheckReport, Plan, RenderedImage


@dataclass(frozen=True)
class NoopPlan:
    prompt: str
    seed: int
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        return f"a flat image for {self.prompt[:40]!r} (seed {self.seed})"

    def to_dict(self) -> dict[str, Any]:
        return {"generator": "noop", "prompt": self.prompt, "seed": self.seed}


@lru_cache(maxsize=64)
def _flat_png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (240, 200, 60)).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


class NoopGenerator:
    name = "noop"

    def plan(self, request: ImageRequest, seed: int, variant: int) -> Plan:
        return NoopPlan(request.prompt, seed)

    def render(self, plan: Plan, request: ImageRequest) -> RenderedImage:
        w, h = request.output.width, request.output.height
        return RenderedImage(_flat_png(w, h), w, h)

    def check(self, plan: Plan, image: RenderedImage, request: ImageRequest, thorough: bool) -> CheckReport:
        return CheckReport()

    def correct(self, plan: Plan, report: CheckReport, request: ImageRequest) -> Plan | None:
        return None

    def describe(self, plan: Plan, request: ImageRequest) -> str:
        return f"A flat yellow {request.output.width}x{request.output.height} image."
