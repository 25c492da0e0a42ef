"""Legibility of quoted text measured on the output: WCAG contrast between the letters and what is
right behind them, judged against the AAA level (7:1, or 4.5:1 for large text).

AA (4.5:1) is the floor every render should clear; AAA is what a designer aims for on posters and
signs read from a distance, so it separates a merely readable layout from a comfortable one. The
ground is the commonest colour inside rapidocr's box for the text, the letters the pixels farthest from
it (ΔE > 20, their farthest fifth: anti-aliased edges are blended with the ground).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bench.quality.colors import to_lab
from bench.quality.ocrtext import Reading, Verdict, boxes

#: WCAG 2 AAA: normal text, large text.
AAA_NORMAL, AAA_LARGE = 7.0, 4.5
#: An OCR line at least this tall (px) counts as large text (WCAG: 18 pt, about 24 px letters).
LARGE_LINE_PX = 30


def _luminance(rgb: Any) -> float:
    c = np.asarray(rgb, dtype=np.float64) / 255
    lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2])


def wcag(a: Any, b: Any) -> float:
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def contrast(reading: Reading, plan: dict[str, Any], text: str) -> Verdict:
    """Every OCR box of ``text`` reaches AAA contrast (the verdict names the lowest ratio found)."""
    quads = boxes(reading, plan, text)
    if not quads:  # read by tesseract (RTL) or matched only after normalisation (℃): not measured here
        return None, "no rapidocr box for the text"
    image = reading.image
    worst: tuple[float, float] | None = None  # (ratio / needed, ratio)
    for quad in quads:
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        x0, y0, x1, y1 = int(max(0, min(xs))), int(max(0, min(ys))), int(max(xs)) + 1, int(max(ys)) + 1
        # Stay inside the box: its edges can reach past a plate onto the page around it.
        inset = max(1, (y1 - y0) // 8)
        block = image[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
        crop = block.reshape(-1, 3) if block.size else np.zeros((0, 3))
        if len(crop) < 16:
            continue
        # The ground is the commonest colour in the box (letters cover a minority of it).
        quantised = (crop // 16).astype(np.int64)
        keys = quantised[:, 0] * 256 + quantised[:, 1] * 16 + quantised[:, 2]
        values, counts = np.unique(keys, return_counts=True)
        common = keys == values[np.argmax(counts)]
        ground = np.median(crop[common], axis=0)
        distance = np.sqrt(((to_lab(crop) - to_lab(ground)) ** 2).sum(axis=1))
        far = distance > 20
        if far.sum() < 8:
            continue
        # The letters' core: the farthest fifth of the far pixels (edges are blended with the ground).
        core = far & (distance >= np.percentile(distance[far], 80))
        ink = np.median(crop[core], axis=0)
        ratio = wcag(ink, ground)
        needed = AAA_LARGE if (y1 - y0) >= LARGE_LINE_PX else AAA_NORMAL
        if worst is None or ratio / needed < worst[0]:
            worst = (ratio / needed, ratio)
    if worst is None:
        return None, "no letters found in the OCR boxes"
    return worst[0] >= 1.0, f"lowest contrast {worst[1]:.1f}:1 ({worst[0]:.0%} of AAA)"
