"""Small colour helpers: hex ↔ RGB, mixing, WCAG contrast."""

from __future__ import annotations

import colorsys
import math

RGB = tuple[float, float, float]


def to_rgb(color: str) -> RGB:
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return (int(c[0:2], 16) / 255.0, int(c[2:4], 16) / 255.0, int(c[4:6], 16) / 255.0)


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in rgb)


def mix(a: str, b: str, t: float) -> str:
    ra, rb = to_rgb(a), to_rgb(b)
    return to_hex((ra[0] + (rb[0] - ra[0]) * t, ra[1] + (rb[1] - ra[1]) * t, ra[2] + (rb[2] - ra[2]) * t))


def lighten(color: str, t: float) -> str:
    return mix(color, "#ffffff", t)


def darken(color: str, t: float) -> str:
    return mix(color, "#000000", t)


def adjust(color: str, saturation: float = 1.0, lightness: float = 0.0) -> str:
    h, lum, s = colorsys.rgb_to_hls(*to_rgb(color))
    return to_hex(colorsys.hls_to_rgb(h, max(0.0, min(1.0, lum + lightness)), max(0.0, min(1.0, s * saturation))))


def rotate_hue(color: str, degrees: float) -> str:
    h, lum, s = colorsys.rgb_to_hls(*to_rgb(color))
    return to_hex(colorsys.hls_to_rgb((h + degrees / 360.0) % 1.0, lum, s))


def luminance(color: str) -> float:
    def chan(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = to_rgb(color)
    return 0.2126 * chan(r) + 0.7152 * chan(g) + 0.0722 * chan(b)


def contrast(a: str, b: str) -> float:
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def gradient_at(colors: tuple[str, ...], angle: float, x: float, y: float) -> str:
    """Colour of a linear gradient (CSS-like angle in degrees, 90 = left→right) at canvas fraction (x, y)."""
    if len(colors) == 1:
        return colors[0]
    rad = math.radians(angle)
    dx, dy = math.sin(rad), -math.cos(rad)
    t = (x - 0.5) * dx + (y - 0.5) * dy + 0.5
    t = max(0.0, min(1.0, t))
    seg = t * (len(colors) - 1)
    i = min(int(seg), len(colors) - 2)
    return mix(colors[i], colors[i + 1], seg - i)
