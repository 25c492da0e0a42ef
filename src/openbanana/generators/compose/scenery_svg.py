"""Scenery as SVG: backgrounds, ground layers (sea, sand, skyline, hills, rooms…) and sky decorations."""

from __future__ import annotations

import math

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.plan import Background, Decoration, GroundLayer
from openbanana.generators.compose.scene import SKY, WINDOW_ASPECT
from openbanana.generators.compose.svg_defs import SvgDefs, fmt, linear_gradient, radial_gradient


def background_svg(bg: Background, w: int, h: int, defs: SvgDefs) -> list[str]:
    out: list[str] = []
    if bg.kind == "gradient":
        grad = linear_gradient(defs, bg.colors, bg.angle)
        out.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="url(#{grad})"/>')
        for d in bg.decorations:
            rid = radial_gradient(defs, "#ffffff", d.opacity * 2.2)
            out.append(
                f'<circle cx="{fmt(d.x * w)}" cy="{fmt(d.y * h)}" r="{fmt(d.r * math.hypot(w, h) / 1.6)}" '
                f'fill="url(#{rid})"/>'
            )
        return out
    sky = linear_gradient(defs, bg.colors, 180.0)
    sky_h = h if bg.horizon >= 1.0 else min(float(h), bg.horizon * h + 2)
    out.append(f'<rect x="0" y="0" width="{w}" height="{fmt(sky_h)}" fill="url(#{sky})"/>')
    if bg.horizon < 1.0 and not bg.layers:  # pragma: no cover - every grounded scene has layers
        out.append(f'<rect x="0" y="{fmt(sky_h)}" width="{w}" height="{fmt(h - sky_h)}" fill="{bg.colors[-1]}"/>')
    for d in bg.decorations:
        if d.kind != "flake":
            out += _decoration(bg, d, w, h, defs)
    for layer in bg.layers:
        out += draw_layer(bg, layer, w, h, defs)
    for d in bg.decorations:
        if d.kind == "flake":
            out += _decoration(bg, d, w, h, defs)
    return out


def _decoration(bg: Background, d: Decoration, w: int, h: int, defs: SvgDefs) -> list[str]:
    s = min(w, h)
    x, y, r = d.x * w, d.y * h, d.r * s
    if d.kind in ("star", "flake"):
        return [f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(max(0.6, r))}" fill="#fff" opacity="{d.opacity:.2f}"/>']
    if d.kind == "bubble":
        return [
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(max(1.0, r))}" fill="#ffffff" fill-opacity="0.15" '
            f'stroke="#ffffff" stroke-opacity="{d.opacity:.2f}" stroke-width="{fmt(max(0.8, r * 0.18))}"/>'
        ]
    if d.kind == "sun":
        glow = radial_gradient(defs, "#fff3b0", 0.55 if bg.time == "day" else 0.7)
        color = "#ffe066" if bg.time == "day" else "#ffd27a"
        return [
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r * 1.8)}" fill="url(#{glow})"/>',
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="{color}"/>',
        ]
    if d.kind == "moon":
        glow = radial_gradient(defs, "#fff6d5", 0.35)
        return [
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r * 2.2)}" fill="url(#{glow})"/>',
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="#fff3c4"/>',
            f'<circle cx="{fmt(x + r * 0.45)}" cy="{fmt(y - r * 0.2)}" r="{fmt(r * 0.85)}" '
            f'fill="{bg.color_at(d.x + d.r * 0.45 * s / w, d.y)}"/>',
        ]
    if d.kind == "cloud":
        rx, ry = r * 1.6, r * 0.5
        return [
            f'<g fill="#ffffff" opacity="{0.95 if bg.time == "day" else 0.8}">'
            f'<ellipse cx="{fmt(x)}" cy="{fmt(y)}" rx="{fmt(rx)}" ry="{fmt(ry)}"/>'
            f'<ellipse cx="{fmt(x - rx * 0.35)}" cy="{fmt(y - ry * 0.6)}" rx="{fmt(rx * 0.45)}" ry="{fmt(ry * 1.1)}"/>'
            f'<ellipse cx="{fmt(x + rx * 0.25)}" cy="{fmt(y - ry * 0.8)}" '
            f'rx="{fmt(rx * 0.5)}" ry="{fmt(ry * 1.3)}"/></g>'
        ]
    if d.kind == "planet":
        body = linear_gradient(defs, ("#ffb86b", "#d9577a", "#6a3d9a"), 160.0)
        return [
            f'<g transform="translate({fmt(x)},{fmt(y)}) rotate(-16)">'
            f'<ellipse cx="0" cy="0" rx="{fmt(r * 1.9)}" ry="{fmt(r * 0.42)}" fill="none" stroke="#f6d7a7" '
            f'stroke-opacity="0.55" stroke-width="{fmt(r * 0.16)}"/>'
            f'<circle cx="0" cy="0" r="{fmt(r)}" fill="url(#{body})"/>'
            f'<path d="M {fmt(-r * 1.9)} 0 A {fmt(r * 1.9)} {fmt(r * 0.42)} 0 0 0 {fmt(r * 1.9)} 0" fill="none" '
            f'stroke="#f6d7a7" stroke-opacity="0.9" stroke-width="{fmt(r * 0.16)}"/></g>'
        ]
    if d.kind == "window":
        ww, wh = d.r * s, d.r * s * WINDOW_ASPECT
        x0, y0 = x - ww / 2, y - wh / 2
        frame = max(1.5, ww * 0.06)
        view = linear_gradient(defs, SKY["night" if bg.time == "night" else "day"], 180.0)
        return [
            f'<rect x="{fmt(x0 + frame * 0.6)}" y="{fmt(y0 + wh + frame * 0.2)}" width="{fmt(ww - frame * 1.2)}" '
            f'height="{fmt(frame * 1.2)}" fill="#000" opacity="0.08"/>',
            f'<rect x="{fmt(x0)}" y="{fmt(y0)}" width="{fmt(ww)}" height="{fmt(wh)}" fill="#ffffff"/>',
            f'<rect x="{fmt(x0 + frame)}" y="{fmt(y0 + frame)}" width="{fmt(ww - 2 * frame)}" '
            f'height="{fmt(wh - 2 * frame)}" fill="url(#{view})"/>',
            f'<rect x="{fmt(x - frame / 2)}" y="{fmt(y0)}" width="{fmt(frame)}" height="{fmt(wh)}" fill="#ffffff"/>',
            f'<rect x="{fmt(x0)}" y="{fmt(y - frame / 2)}" width="{fmt(ww)}" height="{fmt(frame)}" fill="#ffffff"/>',
        ]
    return []


def _wave_path(w: int, top: float, amp: float, waves: int, phase: float, bottom: int) -> str:
    """A closed band from a gently waving top edge down to ``bottom``."""
    n = max(2, waves)
    step = w / n
    off = phase * step
    parts = [f"M0 {fmt(top)}"]
    for i in range(-1, n + 1):
        x0 = i * step - off
        parts.append(
            f"Q {fmt(x0 + step * 0.25)} {fmt(top - amp)} {fmt(x0 + step * 0.5)} {fmt(top)} "
            f"T {fmt(x0 + step)} {fmt(top)}"
        )
    parts.append(f"L {w} {fmt(top)} L {w} {bottom} L 0 {bottom} Z")
    return " ".join(parts)


def draw_layer(bg: Background, layer: GroundLayer, w: int, h: int, defs: SvgDefs) -> list[str]:
    """SVG for one ground layer (see :class:`GroundLayer` for the kinds)."""
    s = min(w, h)
    top = layer.top * h
    rise = layer.height * h
    p = layer.shape or (0.5,)
    color = layer.color
    out: list[str] = []
    k = layer.kind
    if k in ("sea", "water"):
        grad = linear_gradient(defs, (color, C.darken(color, 0.4)), 180.0)
        amp = s * (0.006 if k == "water" else 0.012)
        waves = max(3, round(w / (s * 0.35)))
        out.append(f'<path d="{_wave_path(w, top, amp, waves, p[0], h)}" fill="url(#{grad})"/>')
        out.append(
            f'<rect x="0" y="{fmt(top - amp * 0.2)}" width="{w}" height="{fmt(max(1.0, s * 0.004))}" '
            f'fill="#ffffff" opacity="0.35"/>'
        )
        depth = h - top
        for i in range(3):
            y = top + depth * (0.25 + 0.22 * i)
            if y > h:
                break
            x0 = w * ((p[-1] + 0.37 * i) % 1.0) * 0.7
            out.append(
                f'<rect x="{fmt(x0)}" y="{fmt(y)}" width="{fmt(w * 0.18)}" height="{fmt(max(1.0, s * 0.004))}" '
                f'rx="{fmt(s * 0.002)}" fill="#ffffff" opacity="0.22"/>'
            )
    elif k in ("sand", "seabed"):
        amp = s * 0.014
        waves = max(2, round(w / (s * 0.6)))
        if k == "sand" and bg.layer("sea") is not None:
            out.append(
                f'<path d="{_wave_path(w, top - s * 0.006, amp, waves, p[0], h)}" fill="#ffffff" opacity="0.75"/>'
            )
        out.append(f'<path d="{_wave_path(w, top, amp, waves, p[0], h)}" fill="{color}"/>')
    elif k in ("grass", "snowfield"):
        grad = linear_gradient(defs, (color, C.darken(color, 0.18 if k == "grass" else 0.06)), 180.0)
        out.append(f'<rect x="0" y="{fmt(top)}" width="{w}" height="{fmt(h - top)}" fill="url(#{grad})"/>')
        # A nearer, lighter rise along the bottom.
        lift = (h - top) * (0.3 + 0.2 * p[0])
        light = C.lighten(color, 0.12)
        out.append(
            f'<path d="M0 {fmt(h - lift * 0.6)} Q {fmt(w * (0.3 + 0.4 * p[-1]))} {fmt(h - lift * 1.3)} {w} '
            f'{fmt(h - lift * 0.5)} L {w} {h} L 0 {h} Z" fill="{light}" opacity="0.6"/>'
        )
    elif k == "street":
        out.append(f'<rect x="0" y="{fmt(top)}" width="{w}" height="{fmt(h - top)}" fill="{color}"/>')
        walk = (h - top) * 0.16
        out.append(
            f'<rect x="0" y="{fmt(top)}" width="{w}" height="{fmt(walk)}" fill="{C.lighten(color, 0.25)}"/>'
            f'<rect x="0" y="{fmt(top + walk)}" width="{w}" height="{fmt(max(1.0, s * 0.006))}" '
            f'fill="{C.darken(color, 0.25)}"/>'
        )
        lane = top + (h - top) * 0.62
        if lane < h:
            dash = s * 0.08
            out.append(
                f'<path d="M0 {fmt(lane)} L {w} {fmt(lane)}" stroke="#f5f0d8" stroke-opacity="0.8" '
                f'stroke-width="{fmt(max(1.0, s * 0.008))}" stroke-dasharray="{fmt(dash)} {fmt(dash)}"/>'
            )
    elif k == "floor":
        grad = linear_gradient(defs, (C.darken(color, 0.08), C.lighten(color, 0.06)), 180.0)
        out.append(f'<rect x="0" y="{fmt(top)}" width="{w}" height="{fmt(h - top)}" fill="url(#{grad})"/>')
        depth = h - top
        lines = []
        for i in range(1, 7):
            y = top + depth * (i / 7) ** 1.6
            lines.append(f"M0 {fmt(y)} L {w} {fmt(y)}")
        out.append(
            f'<path d="{" ".join(lines)}" stroke="{C.darken(color, 0.2)}" stroke-opacity="0.35" '
            f'stroke-width="{fmt(max(0.8, s * 0.002))}"/>'
        )
        if bg.kind != "studio":
            base = max(2.0, s * 0.014)
            out.append(
                f'<rect x="0" y="{fmt(top - base)}" width="{w}" height="{fmt(base)}" fill="#ffffff" opacity="0.85"/>'
            )
    elif k == "tiles":
        y0 = top - rise
        out.append(f'<rect x="0" y="{fmt(y0)}" width="{w}" height="{fmt(rise)}" fill="{color}"/>')
        size = max(6.0, s * 0.045)
        lines = [f"M0 {fmt(y)} L {w} {fmt(y)}" for y in _frange(y0, top, size)]
        lines += [f"M{fmt(x)} {fmt(y0)} L {fmt(x)} {fmt(top)}" for x in _frange(0.0, float(w), size)]
        out.append(
            f'<path d="{" ".join(lines)}" stroke="#ffffff" stroke-width="{fmt(max(0.8, s * 0.003))}" opacity="0.9"/>'
        )
    elif k == "skyline":
        far = C.mix(color, bg.colors[-1], 0.45)
        near_paths: list[str] = []
        windows: list[str] = []
        for row, (shade, scale) in enumerate(((far, 1.0), (color, 0.72))):
            x = -s * 0.02 * (row + 1)
            i = row * 7
            rects = []
            while x < w:
                a, b = p[i % len(p)], p[(i + 1) % len(p)]
                bw = s * (0.07 + 0.07 * a)
                bh = rise * scale * (0.35 + 0.65 * b)
                rects.append(f"M{fmt(x)} {fmt(top)} V {fmt(top - bh)} H {fmt(x + bw)} V {fmt(top)} Z")
                if row == 1:
                    cell = max(3.0, s * 0.022)
                    cols = max(1, min(4, int(bw / (cell * 1.6))))
                    rows = max(1, min(6, int(bh / (cell * 1.8)) - 1))
                    for r_ in range(rows):
                        for c_ in range(cols):
                            if (i * 7 + r_ * 3 + c_) % 5 == 0:
                                continue
                            wx = x + (bw - cols * cell * 1.6) / 2 + c_ * cell * 1.6 + cell * 0.3
                            wy = top - bh + cell * (0.8 + r_ * 1.8)
                            windows.append(f"M{fmt(wx)} {fmt(wy)} h {fmt(cell)} v {fmt(cell * 1.1)} h {fmt(-cell)} Z")
                x += bw + s * 0.004
                i += 2
            near_paths.append(f'<path d="{" ".join(rects)}" fill="{shade}"/>')
        out += near_paths
        if bg.light == "neon":
            out += _neon_windows(windows, s, defs)
        else:
            lit = "#ffd98a" if bg.time == "night" else "#dbe7f3"
            opacity = 0.9 if bg.time == "night" else 0.45
            out.append(f'<path d="{" ".join(windows)}" fill="{lit}" opacity="{opacity}"/>')
    elif k in ("treeline", "trees"):
        dark = C.darken(color, 0.15)
        if k == "treeline":
            x = -s * 0.03
            i = 0
            tri = []
            while x < w + s * 0.05:
                a = p[i % len(p)]
                th = rise * (0.55 + 0.45 * a)
                tw = th * 0.42
                tri.append(f"M{fmt(x - tw)} {fmt(top + 1)} L {fmt(x)} {fmt(top - th)} L {fmt(x + tw)} {fmt(top + 1)} Z")
                x += tw * (0.9 + 0.5 * p[(i + 3) % len(p)])
                i += 1
            out.append(f'<path d="{" ".join(tri)}" fill="{dark}"/>')
        else:
            count = max(2, round(w / (s * 0.45)))
            for i in range(count):
                a = p[i % len(p)]
                cx = w * (i + 0.2 + 0.6 * a) / count
                th = rise * (0.7 + 0.3 * p[(i + 5) % len(p)])
                trunk = max(1.5, th * 0.08)
                out.append(
                    f'<rect x="{fmt(cx - trunk / 2)}" y="{fmt(top - th * 0.45)}" width="{fmt(trunk)}" '
                    f'height="{fmt(th * 0.45 + 1)}" fill="#6d4c41"/>'
                    f'<circle cx="{fmt(cx)}" cy="{fmt(top - th * 0.62)}" r="{fmt(th * 0.38)}" fill="{dark}"/>'
                )
    elif k in ("hills", "dunes"):
        back = C.mix(color, bg.colors[-1], 0.35)
        for shade, lift, phase in ((back, 1.0, p[0]), (color, 0.6, p[1 % len(p)])):
            peak_x = w * (0.2 + 0.6 * phase)
            out.append(
                f'<path d="M0 {fmt(top + 1)} L 0 {fmt(top - rise * lift * 0.4)} '
                f"Q {fmt(peak_x)} {fmt(top - rise * lift * 1.6)} {w} {fmt(top - rise * lift * 0.3)} "
                f'L {w} {fmt(top + 1)} Z" fill="{shade}"/>'
            )
    elif k == "mountains":
        far = C.mix(color, bg.colors[-1], 0.45)
        for shade, scale, offset in ((far, 1.0, 0.5), (color, 0.72, 0.0)):
            count = max(2, round(w / (s * 0.55)))
            step = w / count
            pts = [(-step * 0.5, top + 1.0)]
            caps = []
            for i in range(count + 1):
                a, b = p[(2 * i) % len(p)], p[(2 * i + 1) % len(p)]
                px = (i + offset * 0.5 + (a - 0.5) * 0.4) * step
                ph = rise * scale * (0.55 + 0.45 * b)
                valley = top - rise * scale * 0.12
                pts.append((px - step * 0.5, valley))
                pts.append((px, top - ph))
                f = 0.28
                depth = ph - rise * scale * 0.12
                lx, rx = px - step * 0.5 * f, px + step * 0.5 * f
                cy = top - ph + depth * f
                caps.append(
                    f"M{fmt(px)} {fmt(top - ph)} L {fmt(rx)} {fmt(cy)} "
                    f"L {fmt(px + step * 0.06)} {fmt(cy - depth * 0.06)} "
                    f"L {fmt(px - step * 0.03)} {fmt(cy + depth * 0.04)} L {fmt(lx)} {fmt(cy)} Z"
                )
            pts.append((w + step * 0.5, top + 1.0))
            d = "M" + " L ".join(f"{fmt(x)} {fmt(y)}" for x, y in pts) + " Z"
            out.append(f'<path d="{d}" fill="{shade}"/>')
            out.append(f'<path d="{" ".join(caps)}" fill="#ffffff" opacity="{0.85 if scale < 1 else 0.7}"/>')
    return out


#: Sign colours of a neon-lit city: magenta, cyan, violet, amber.
NEON_SIGNS = ("#ff2bd6", "#22e4ff", "#b26bff", "#ffb020")


def _neon_windows(windows: list[str], s: float, defs: SvgDefs) -> list[str]:
    """A neon-lit skyline: the lit windows glow in sign colours, each colour with a soft halo."""
    out: list[str] = []
    blur = defs.blur(max(0.8, s * 0.006))
    for k, color in enumerate(NEON_SIGNS):
        group = " ".join(windows[k :: len(NEON_SIGNS)])
        if group:
            out.append(f'<path d="{group}" fill="{color}" opacity="0.85" filter="url(#{blur})"/>')
            out.append(f'<path d="{group}" fill="{color}"/>')
    return out


def _frange(start: float, stop: float, step: float) -> list[float]:
    out: list[float] = []
    v = start
    while v < stop and len(out) < 400:
        out.append(v)
        v += step
    return out
