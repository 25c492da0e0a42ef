"""Settings, time of day, weather and styles: what the plan says, and what the pixels must look like.

A setting is judged on the plan's background kind (the pixels of "a forest" cannot be told from "a park"
by a simple measure), but wherever a simple measure exists the pixels must agree too: a night sky is
dark, a sunset sky is warm, a pastel image is light and soft, dark mode is dark, neon glows on dark.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bench.quality.colors import shares, to_lab

Verdict = tuple[bool, str]


def _lab(image: Any, top: float = 0.0, bottom: float = 1.0) -> Any:
    height = image.shape[0]
    part = image[int(top * height) : max(int(top * height) + 1, int(bottom * height))]
    step = max(1, int(np.sqrt(part.shape[0] * part.shape[1] / 40000)))
    return to_lab(part[::step, ::step].reshape(-1, 3))


def _chroma(lab: Any) -> Any:
    return np.hypot(lab[:, 1], lab[:, 2])


def dark_sky(image: Any) -> Verdict:
    lum = float(np.median(_lab(image, 0.0, 0.35)[:, 0]))
    return lum <= 35, f"sky lightness L* {lum:.0f} (night needs ≤ 35)"


def warm_sky(image: Any) -> Verdict:
    height = image.shape[0]
    sky = image[: max(1, int(0.35 * height))].reshape(-1, 3)
    found = shares(sky)
    warm = sum(found.get(k, 0.0) for k in ("red", "orange", "yellow", "pink", "purple"))
    return warm >= 0.4, f"warm share of the sky {warm:.0%} (needs ≥ 40%)"


def day_sky(image: Any) -> Verdict:
    lum = float(np.median(_lab(image, 0.0, 0.35)[:, 0]))
    return lum >= 55, f"sky lightness L* {lum:.0f} (day needs ≥ 55)"


#: time of day → pixel predicate on the image.
TIME_LOOKS: dict[str, Callable[[Any], Verdict]] = {"night": dark_sky, "sunset": warm_sky, "day": day_sky}


def pastel(image: Any) -> Verdict:
    lab = _lab(image)
    lum, chroma = float(np.median(lab[:, 0])), float(np.median(_chroma(lab)))
    return lum >= 70 and chroma <= 35, f"median L* {lum:.0f} (≥ 70), chroma {chroma:.0f} (≤ 35)"


def dark(image: Any) -> Verdict:
    lum = float(np.median(_lab(image)[:, 0]))
    return lum <= 30, f"median L* {lum:.0f} (dark needs ≤ 30)"


def neon(image: Any) -> Verdict:
    lab = _lab(image)
    lum = float(np.median(lab[:, 0]))
    glow = float(((_chroma(lab) >= 60) & (lab[:, 0] >= 50)).mean())
    return lum <= 35 and glow >= 0.01, f"median L* {lum:.0f} (≤ 35), bright saturated {glow:.1%} (≥ 1%)"


def vibrant(image: Any) -> Verdict:
    share = float((_chroma(_lab(image)) >= 50).mean())
    return share >= 0.3, f"strongly coloured pixels {share:.0%} (needs ≥ 30%)"


def minimal(image: Any) -> Verdict:
    """Large flat areas: the most common colour (ΔE ≤ 6 of the median-of-mode) covers ≥ 40 %."""
    lab = _lab(image)
    q = np.round(lab / 4).astype(int)
    keys, counts = np.unique(q, axis=0, return_counts=True)
    mode = keys[int(np.argmax(counts))] * 4
    share = float((np.sqrt(((lab - mode) ** 2).sum(axis=1)) <= 6).mean())
    return share >= 0.4, f"most common colour covers {share:.0%} (needs ≥ 40%)"


#: style → pixel predicate (styles without a simple measure are judged on the plan only).
STYLE_LOOKS: dict[str, Callable[[Any], Verdict]] = {
    "pastel": pastel,
    "dark": dark,
    "neon": neon,
    "vibrant": vibrant,
    "minimal": minimal,
}

#: weather → words any of which must name a decoration, ground layer, finish or shape of the plan.
WEATHER_WORDS: dict[str, tuple[str, ...]] = {
    "rain": ("rain", "drop", "raindrop", "puddle"),
    "snow": ("flake", "snow", "snowfall"),
    "fog": ("fog", "mist", "haze"),
    "storm": ("lightning", "bolt", "storm"),
}


def plan_words(plan: dict[str, Any]) -> set[str]:
    bg = plan.get("background", {})
    words = {str(d.get("kind", "")) for d in bg.get("decorations", ())}
    words |= {str(layer.get("kind", "")) for layer in bg.get("layers", ())}
    words |= {str(f) for f in plan.get("filters", ())}
    words |= {str(s) for s in plan.get("notes", ())}
    # Weather overlays are shapes named for what they draw ("rain12", "snow3", "fog0", "lightning").
    words |= {str(s.get("id", "")).rstrip("0123456789_-") for s in plan.get("shapes", ())}
    return words


def weather(plan: dict[str, Any], kind: str) -> Verdict:
    names = plan_words(plan)
    hit = sorted(w for w in names if any(word in w for word in WEATHER_WORDS[kind]))
    return bool(hit), f"plan shows {', '.join(hit)}" if hit else f"nothing for {kind} among {sorted(names)[:8]}"


def scene(plan: dict[str, Any], kinds: tuple[str, ...]) -> Verdict:
    have = plan.get("background", {}).get("kind")
    return have in kinds, f"background {have!r} (want {'/'.join(kinds)})"


def time_of_day(image: Any, plan: dict[str, Any], when: str) -> Verdict:
    have = plan.get("background", {}).get("time")
    ok, detail = TIME_LOOKS[when](image)
    return have == when and ok, f"plan time {have!r}; {detail}"
