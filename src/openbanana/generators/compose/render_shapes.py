"""Shapes → SVG: the vector primitives of document templates (cards, bars, wedges, arrows, panels)."""

from __future__ import annotations

import math

from openbanana.generators.compose.plan import ComposePlan, Shape
from openbanana.generators.compose.svg_defs import SvgDefs, fmt


def _paint(s: Shape, short: float) -> str:
    fill = f'fill="{s.fill}"' if s.fill else 'fill="none"'
    stroke = ""
    if s.stroke and s.stroke_width > 0:
        sw = max(0.5, s.stroke_width * short)
        stroke = f' stroke="{s.stroke}" stroke-width="{fmt(sw)}" stroke-linecap="round" stroke-linejoin="round"'
        if s.dashed:
            stroke += f' stroke-dasharray="{fmt(sw * 3)} {fmt(sw * 2.2)}"'
    opacity = f' opacity="{s.opacity:.3f}"' if s.opacity < 1 else ""
    return fill + stroke + opacity


def _wedge_path(s: Shape, w: int, h: int) -> str:
    x, y, bw, bh = s.box.px(w, h)
    cx, cy, rx, ry = x + bw / 2, y + bh / 2, bw / 2, bh / 2
    start, end = s.start, s.end
    if end - start >= 359.99:  # a full ring: two halves, since one arc cannot close on itself
        end = start + 359.99
    large = 1 if end - start > 180 else 0

    def point(angle: float, k: float) -> tuple[float, float]:
        a = math.radians(angle)
        return cx + rx * k * math.sin(a), cy - ry * k * math.cos(a)

    x0, y0 = point(start, 1.0)
    x1, y1 = point(end, 1.0)
    d = f"M{fmt(x0)} {fmt(y0)}A{fmt(rx)} {fmt(ry)} 0 {large} 1 {fmt(x1)} {fmt(y1)}"
    if s.inner > 0:
        ix1, iy1 = point(end, s.inner)
        ix0, iy0 = point(start, s.inner)
        d += f"L{fmt(ix1)} {fmt(iy1)}A{fmt(rx * s.inner)} {fmt(ry * s.inner)} 0 {large} 0 {fmt(ix0)} {fmt(iy0)}Z"
    else:
        d += f"L{fmt(cx)} {fmt(cy)}Z"
    return d


def shape_svg(s: Shape, w: int, h: int, defs: SvgDefs) -> list[str]:
    short = float(min(w, h))
    paint = _paint(s, short)
    x, y, bw, bh = s.box.px(w, h)
    out: list[str] = []
    if s.shadow and s.kind in ("rect", "ellipse"):
        off = max(1.0, short * 0.008)
        blur = defs.blur(max(0.6, short * 0.01))
        r = s.radius * short
        out.append(
            f'<rect x="{fmt(x + off * 0.3)}" y="{fmt(y + off)}" width="{fmt(bw)}" height="{fmt(bh)}" rx="{fmt(r)}" '
            f'fill="#000" opacity="0.18" filter="url(#{blur})"/>'
            if s.kind == "rect"
            else f'<ellipse cx="{fmt(x + bw / 2)}" cy="{fmt(y + bh / 2 + off)}" rx="{fmt(bw / 2)}" ry="{fmt(bh / 2)}" '
            f'fill="#000" opacity="0.18" filter="url(#{blur})"/>'
        )
    if s.kind == "rect":
        r = min(s.radius * short, bw / 2, bh / 2)
        out.append(f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(bw)}" height="{fmt(bh)}" rx="{fmt(r)}" {paint}/>')
    elif s.kind == "ellipse":
        cx, cy = fmt(x + bw / 2), fmt(y + bh / 2)
        out.append(f'<ellipse cx="{cx}" cy="{cy}" rx="{fmt(bw / 2)}" ry="{fmt(bh / 2)}" {paint}/>')
    elif s.kind == "wedge":
        out.append(f'<path d="{_wedge_path(s, w, h)}" {paint}/>')
    elif s.kind in ("line", "arrow"):
        x1, y1 = x + bw, y + bh
        out.append(f'<line x1="{fmt(x)}" y1="{fmt(y)}" x2="{fmt(x1)}" y2="{fmt(y1)}" {paint}/>')
        if s.kind == "arrow":
            length = math.hypot(bw, bh) or 1.0
            ux, uy = bw / length, bh / length
            head = max(3.0, s.stroke_width * short * 4.0, length * 0.0)
            bx, by = x1 - ux * head, y1 - uy * head
            px, py = -uy * head * 0.55, ux * head * 0.55
            color = s.stroke or s.fill or "#333333"
            out.append(
                f'<path d="M{fmt(x1)} {fmt(y1)}L{fmt(bx + px)} {fmt(by + py)}L{fmt(bx - px)} {fmt(by - py)}Z" '
                f'fill="{color}"/>'
            )
    elif s.kind in ("polyline", "polygon") and s.points:
        pts = " ".join(f"{fmt(px * w)},{fmt(py * h)}" for px, py in s.points)
        out.append(f'<{s.kind} points="{pts}" {paint}/>')
    return out


def shapes_svg(plan: ComposePlan, w: int, h: int, defs: SvgDefs, layer: int) -> list[str]:
    out: list[str] = []
    for s in plan.shapes:
        if s.layer == layer:
            out += shape_svg(s, w, h, defs)
    return out
