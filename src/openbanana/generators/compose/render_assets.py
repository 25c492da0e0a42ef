"""Illustrations → SVG: placement, contact shadows and recolouring ("a red car")."""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.plan import AssetPlacement, ComposePlan
from openbanana.generators.compose.svg_defs import fmt

_HEX = re.compile(r"#([0-9a-fA-F]{6})\b")

#: Colours less saturated than this are details (outlines, eyes, tyres, windows) and keep their colour.
_NEUTRAL = 0.18


def _hls(hex6: str) -> tuple[float, float, float]:
    r, g, b = (int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)


@lru_cache(maxsize=512)
def tinted_template(template: str, tint: str) -> str:
    """``template`` with its coloured (not neutral) fills moved to ``tint``'s hue and saturation; their
    lightness keeps its spread around the tint's lightness, so shading survives the recolour."""
    found = {m.lower() for m in _HEX.findall(template)}
    coloured = {h: _hls(h) for h in found if _hls(h)[2] >= _NEUTRAL and 0.06 < _hls(h)[1] < 0.97}
    if not coloured:
        return template
    th, tl, ts = colorsys.rgb_to_hls(*C.to_rgb(tint))
    mean_l = sum(lv for _h, lv, _s in coloured.values()) / len(coloured)
    grey = ts < 0.12  # white / black / grey tints keep no hue

    def new_color(hex6: str) -> str:
        _h, lv, sv = coloured[hex6]
        light = min(0.97, max(0.04, tl + (lv - mean_l) * 0.8))
        sat = 0.0 if grey else min(1.0, max(ts * 0.85, sv * 0.5 + ts * 0.5))
        r, g, b = colorsys.hls_to_rgb(th, light, sat)
        return C.to_hex((r, g, b))

    mapping = {h: new_color(h) for h in coloured}
    return _HEX.sub(lambda m: mapping.get(m.group(1).lower(), m.group(0)), template)


def asset_svg(a: AssetPlacement, n: int, w: int, h: int, shadow: bool) -> list[str]:
    """One placed illustration (and its contact shadow) as SVG elements."""
    icon = load_library().icon(a.icon)
    x, y, bw, bh = a.box.px(w, h)
    size = min(bw, bh)
    cx, cy = x + bw / 2, y + bh / 2
    k = size / max(icon.width, icon.height)
    sx = -k if a.flip else k
    out: list[str] = []
    if shadow and a.shadow:
        out.append(
            f'<ellipse cx="{fmt(cx)}" cy="{fmt(cy + size * 0.46)}" rx="{fmt(size * 0.34)}" ry="{fmt(size * 0.05)}" '
            f'fill="#000" opacity="0.13"/>'
        )
    prefix = f"a{n}_"
    body = icon.body(prefix) if a.tint is None else tinted_template(icon.template, a.tint).replace("\x00", prefix)
    out.append(
        f'<g transform="translate({cx:.2f},{cy:.2f}) rotate({a.rotation:.2f}) scale({sx:.5f},{k:.5f}) '
        f'translate({-icon.width / 2:.2f},{-icon.height / 2:.2f})">{body}</g>'
    )
    return out


def assets_svg(plan: ComposePlan, w: int, h: int, layer: int) -> list[str]:
    """Every illustration of ``layer``, in plan order."""
    shadows = plan.background.kind != "space"  # nothing to cast a shadow on out there
    out: list[str] = []
    for n, a in enumerate(plan.assets):
        if a.layer == layer:
            out += asset_svg(a, n, w, h, shadows)
    return out
