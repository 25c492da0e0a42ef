"""Illustrations → SVG: placement, contact shadows and recolouring ("a red car")."""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.icon_colors import body_fills, hls
from openbanana.generators.compose.plan import AssetPlacement, ComposePlan
from openbanana.generators.compose.svg_defs import fmt

_HEX = re.compile(r"#([0-9a-fA-F]{6})\b")


@lru_cache(maxsize=512)
def tinted_template(template: str, tint: str, width: int, height: int) -> str:
    """``template`` with its body fills (see :func:`icon_colors.body_fills`) moved to ``tint``'s hue and
    saturation; their lightness keeps its spread around the tint's lightness, so shading survives."""
    body = {h: hls(h) for h in body_fills(template, width, height)}
    if not body:
        return template
    th, tl, ts = colorsys.rgb_to_hls(*C.to_rgb(tint))
    mean_l = sum(lv for _h, lv, _s in body.values()) / len(body)
    grey = ts < 0.12  # white / black / grey tints keep no hue

    def new_color(hex6: str) -> str:
        _h, lv, sv = body[hex6]
        light = min(0.97, max(0.04, tl + (lv - mean_l) * 0.8))
        sat = 0.0 if grey else min(1.0, max(ts * 0.85, sv * 0.5 + ts * 0.5))
        return C.to_hex(colorsys.hls_to_rgb(th, light, sat))

    mapping = {h: new_color(h) for h in body}
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
    template = icon.template if a.tint is None else tinted_template(icon.template, a.tint, icon.width, icon.height)
    body = template.replace("\x00", prefix)
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
        if a.layer == layer and a.image is None:  # cut-outs are drawn by render.rasterize_plan
            out += asset_svg(a, n, w, h, shadows)
    return out
