"""Synthetic outputs for the quality suite's tests: the real icons rendered alone and composited in
plan order (what the renderer does), and plan dicts holding just what the measures read."""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Any

import numpy as np
from bench.quality.objects import render_alone
from PIL import Image

from openbanana.generators.compose.plan import AssetPlacement, Box


def asset(icon: str, noun: str, x: float, y: float, w: float, h: float, **kw: Any) -> dict[str, Any]:
    return asdict(AssetPlacement(f"{icon}-{x}-{y}", icon, noun, Box(x, y, w, h), **kw))


def paint(assets: list[dict[str, Any]], size: tuple[int, int] = (320, 320), bg: str = "#ffffff") -> Any:
    """The assets composited over a flat background in plan order (what the renderer does)."""
    width, height = size
    out = np.zeros((height, width, 3), dtype=np.float64)
    out[:] = [int(bg[i : i + 2], 16) for i in (1, 3, 5)]
    for a in assets:
        x0, y0, rgb, alpha = render_alone(a, width, height)
        fh, fw = alpha.shape
        sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(width, x0 + fw), min(height, y0 + fh)
        al = alpha[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0, None] / 255.0
        src = rgb[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0]
        out[sy0:sy1, sx0:sx1] = out[sy0:sy1, sx0:sx1] * (1 - al) + src * al
    return out.round().astype(np.uint8)


def plan_of(assets: list[dict[str, Any]], size: tuple[int, int] = (320, 320), **extra: Any) -> dict[str, Any]:
    return {"width": size[0], "height": size[1], "assets": assets, "texts": [], "shapes": [], **extra}


def png(image: Any) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "PNG")
    return buf.getvalue()
