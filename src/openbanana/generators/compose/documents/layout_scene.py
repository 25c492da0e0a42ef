"""Small illustrated settings drawn with shapes inside a rectangle: a storyboard panel, a poster's
picture window.

The free-scene backdrop (:mod:`~openbanana.generators.compose.scene`) fills the whole canvas; a
storyboard needs one setting per panel, so this draws a simplified version of the same settings (sky
bands, sun or moon, clouds, hills, skyline, sea, trees, a room with a window …) from plain shapes that
stay inside the rectangle. Colours come from the scene module so panels match free scenes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.documents.layout_kit import Rect, Sheet
from openbanana.generators.compose.scene import ROOMS, SKY

#: Settings this module can draw (anything else falls back to an open sky over a meadow).
SETTINGS = frozenset(
    {"sky", "park", "beach", "sea", "lake", "city", "forest", "mountain", "snow", "desert", "space", "underwater"}
    | set(ROOMS)
)


def _tint(color: str, time: str) -> str:
    if time == "night":
        return C.mix(C.darken(color, 0.55), "#1a2350", 0.25)
    if time == "sunset":
        return C.mix(color, "#7a3b5c", 0.28)
    return color


def _bands(sheet: Sheet, r: Rect, colors: tuple[str, ...], steps: int = 6) -> None:
    """A vertical gradient as ``steps`` flat bands (shapes carry no gradients)."""
    x, y, w, h = r
    band = h / steps
    for i in range(steps):
        t = (i + 0.5) / steps
        seg = t * (len(colors) - 1)
        k = min(int(seg), len(colors) - 2) if len(colors) > 1 else 0
        color = colors[0] if len(colors) == 1 else C.mix(colors[k], colors[k + 1], seg - k)
        extra = 0.0 if i == steps - 1 else min(1.0, band * 0.5)  # overlap by a pixel: no hairline seams
        sheet.rect((x, y + i * band, w, band + extra), color)


def _profile(
    r: Rect, base: float, height: float, rng: random.Random, bumps: int, sharp: bool = False
) -> list[tuple[float, float]]:
    """A closed outline of hills (or peaks) rising from ``base`` up to ``height`` px, filling down to
    the bottom of ``r``."""
    x, _y, w, h = r
    bottom = r[1] + h
    phase = rng.uniform(0, math.tau)
    pts: list[tuple[float, float]] = [(x, bottom)]
    n = bumps * 2 if sharp else 28
    for i in range(n + 1):
        t = i / n
        if sharp:
            rise = (0.55 + 0.45 * rng.random()) if i % 2 else rng.uniform(0.05, 0.3)
        else:
            rise = 0.5 + 0.5 * math.sin(phase + t * math.tau * bumps / 2) * (0.7 + 0.3 * math.sin(phase * 3 + t * 9))
        pts.append((x + w * t, base - height * max(0.0, min(1.0, rise))))
    pts.append((x + w, bottom))
    return pts


def _sky_things(sheet: Sheet, r: Rect, horizon: float, time: str, rng: random.Random, kind: str) -> None:
    x, y, w, _h = r
    unit = min(w, horizon - y)
    if time == "night" or kind == "space":
        for _ in range(int(18 + 30 * w / max(unit, 1.0) ** 0.5 / 6)):
            sx, sy = x + rng.random() * w, y + rng.random() * (horizon - y)
            sheet.circle(sx, sy, max(0.6, unit * rng.uniform(0.004, 0.01)), "#ffffff", opacity=rng.uniform(0.5, 1))
    side = rng.random() < 0.5
    cx = x + w * (0.8 if side else 0.2) + rng.uniform(-0.05, 0.05) * w
    cy = y + (horizon - y) * rng.uniform(0.22, 0.35)
    rad = unit * rng.uniform(0.07, 0.1)
    if kind == "space":
        body = rng.choice(("#ffb86b", "#7fc8f8", "#d9577a"))
        sheet.circle(cx, cy, rad * 1.6, body)
        sheet.ellipse((cx - rad * 3, cy - rad * 0.5, rad * 6, rad), None, stroke="#f6d7a7", stroke_w=max(1, rad * 0.2))
        return
    if time == "night":
        sheet.circle(cx, cy, rad, "#fff3c4")
        sheet.circle(cx + rad * 0.45, cy - rad * 0.2, rad * 0.85, SKY["night"][0])
        return
    sheet.circle(cx, cy, rad * 1.6, "#fff3b0", opacity=0.35)
    sheet.circle(cx, cy, rad, "#ffe066" if time == "day" else "#ffd27a")
    for _ in range(rng.randint(1, 2)):
        ccx = x + w * rng.uniform(0.15, 0.85)
        if abs(ccx - cx) < rad * 4:
            ccx = x + w - (ccx - x)
        ccy = y + (horizon - y) * rng.uniform(0.18, 0.5)
        cr = unit * rng.uniform(0.06, 0.09)
        for dx, dy, k in ((0.0, 0.0, 1.0), (-0.9, -0.35, 0.7), (0.7, -0.45, 0.8)):
            sheet.ellipse((ccx + dx * cr - cr * k * 1.3, ccy + dy * cr - cr * k * 0.6, cr * k * 2.6, cr * k * 1.2),
                          "#ffffff", opacity=0.92)  # fmt: skip


def _ground(sheet: Sheet, r: Rect, horizon: float, kind: str, time: str, rng: random.Random) -> None:
    x, y, w, h = r
    bottom = y + h
    tall = horizon - y
    fill: Callable[[str], str] = lambda c: _tint(c, time)  # noqa: E731
    if kind in ("beach", "sea"):
        sheet.rect((x, horizon, w, bottom - horizon), fill("#2a8fd8"))
        for k in range(3):
            wy = horizon + (bottom - horizon) * (0.15 + 0.22 * k)
            sheet.line(x + w * 0.1 * (k + 1), wy, x + w * (0.45 + 0.1 * k), wy, fill("#7cc4f2"), max(1, h * 0.006))
        if kind == "beach":
            shore = horizon + (bottom - horizon) * rng.uniform(0.35, 0.5)
            sheet.polygon(_profile((x, shore, w, bottom - shore), shore, (bottom - shore) * 0.25, rng, 2),
                          fill("#f2d59c"))  # fmt: skip
    elif kind == "city":
        pos = x
        while pos < x + w - 1:
            bw = min(x + w - pos, w * rng.uniform(0.08, 0.16))
            bh = tall * rng.uniform(0.25, 0.6)
            shade = fill(C.mix("#5d6b82", "#8593a8", rng.random()))
            sheet.rect((pos, horizon - bh, bw - max(1, w * 0.006), bh), shade)
            lit = "#ffd966" if time == "night" else C.lighten(shade, 0.35)
            for wy in range(1, int(bh / max(bw * 0.45, 2.0))):
                sheet.rect((pos + bw * 0.25, horizon - bh + wy * bw * 0.45, bw * 0.3, bw * 0.18), lit, opacity=0.8)
            pos += bw
        sheet.rect((x, horizon, w, bottom - horizon), fill("#9aa1a8"))
        sheet.rect((x, horizon + (bottom - horizon) * 0.45, w, max(1, h * 0.012)), "#f4f4f4", opacity=0.7)
    elif kind in ("mountain", "snow"):
        peaks = _profile((x, y, w, h), horizon, tall * 0.55, rng, rng.randint(2, 4), sharp=True)
        sheet.polygon(peaks, fill("#6f7fa0"))
        sheet.rect((x, horizon, w, bottom - horizon), fill("#f3f7fb" if kind == "snow" else "#6fae5c"))
    elif kind == "desert":
        sheet.polygon(_profile((x, y, w, h), horizon, tall * 0.18, rng, 3), fill("#e3a95a"))
        sheet.rect((x, horizon, w, bottom - horizon), fill("#f0c67e"))
    elif kind == "underwater":
        sheet.polygon(_profile((x, y, w, h), horizon, (bottom - horizon) * 0.4, rng, 3), "#e2c58c")
        for _ in range(8):
            bx, by = x + rng.random() * w, y + rng.random() * tall
            sheet.ellipse((bx, by, h * 0.02, h * 0.02), None, stroke="#ffffff", stroke_w=max(1, h * 0.004))
    elif kind == "space":
        return
    else:  # sky, park, forest, lake: hills or a treeline over grass
        if kind == "forest":
            for i in range(int(w / max(tall * 0.16, 4)) + 1):
                tx = x + (i + rng.uniform(-0.2, 0.2)) * tall * 0.16
                th = tall * rng.uniform(0.25, 0.42)
                half = min(tall * 0.09, x + w - tx, tx - x)
                if half > 1:
                    sheet.polygon([(tx - half, horizon), (tx, horizon - th), (tx + half, horizon)], fill("#2f6b35"))
        else:
            sheet.polygon(_profile((x, y, w, h), horizon, tall * 0.16, rng, 2), fill("#7cbf6a"))
        sheet.rect((x, horizon, w, bottom - horizon), fill("#5aa651" if kind != "lake" else "#4b9fd0"))


def _room(sheet: Sheet, r: Rect, horizon: float, kind: str, time: str, rng: random.Random) -> None:
    x, y, w, h = r
    wall, floor = ROOMS.get(kind, ROOMS["room"])
    _bands(sheet, (x, y, w, horizon - y), tuple(_tint(c, "night" if time == "night" else "day") for c in wall), 3)
    sheet.rect((x, horizon, w, y + h - horizon), _tint(floor, time))
    sheet.rect((x, horizon - h * 0.012, w, h * 0.015), C.darken(_tint(wall[-1], time), 0.15))
    ww = min(w * 0.3, (horizon - y) * 0.55)
    wx = x + w * rng.choice((0.12, 0.6))
    wy = y + (horizon - y) * 0.18
    sheet.rect((wx, wy, ww, ww * 0.9), "#ffffff", radius=ww * 0.03)
    pane = SKY["night" if time == "night" else "day"][1]
    gap = ww * 0.06
    for i in range(2):
        for j in range(2):
            pw, ph = (ww - 3 * gap) / 2, (ww * 0.9 - 3 * gap) / 2
            sheet.rect((wx + gap + i * (pw + gap), wy + gap + j * (ph + gap), pw, ph), pane)


def mini_scene(sheet: Sheet, r: Rect, kind: str, time: str, rng: random.Random) -> float:
    """Draw ``kind`` at ``time`` filling ``r``; returns the y (px) things stand on."""
    kind = kind if kind in SETTINGS else "sky"
    if kind == "space":
        time = "night"
    x, y, w, h = r
    horizon = y + h * rng.uniform(0.6, 0.7)
    if kind in ROOMS:
        _room(sheet, r, horizon, kind, time, rng)
        return horizon + (y + h - horizon) * 0.45
    if kind == "underwater":
        _bands(sheet, r, ("#4cc0ec", "#137ac2", "#083f78"))
        horizon = y + h * 0.82
    elif kind == "space":
        _bands(sheet, r, ("#03040d", "#0d0f2e", "#1c1545"), 4)
        horizon = y + h
    else:
        _bands(sheet, (x, y, w, horizon - y), SKY.get(time, SKY["day"]))
    _sky_things(sheet, r, horizon, time, rng, kind)
    _ground(sheet, r, horizon, kind, time, rng)
    if kind == "space":
        return y + h * 0.8
    return horizon + (y + h - horizon) * 0.55
