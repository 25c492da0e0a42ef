"""Plan → SVG document → PNG (skia)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import skia

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.fonts import FontKey, registry
from openbanana.generators.compose.plan import Background, ComposePlan, Decoration, GroundLayer, TextElement
from openbanana.generators.compose.scene import SKY, WINDOW_ASPECT
from openbanana.generators.compose.text import EMOJI_DROP, EMOJI_SIZE, FittedText, fit_text


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else "0"


@dataclass(frozen=True)
class PlacedText:
    """A text element fitted at a pixel size: where its block and plate land on the canvas."""

    element: TextElement
    fitted: FittedText
    #: Box the text was fitted into (px) and the text block inside it.
    fit_box: tuple[float, float, float, float]
    block: tuple[float, float, float, float]
    plate: tuple[float, float, float, float] | None


@lru_cache(maxsize=1024)
def place_text(element: TextElement, width: int, height: int) -> PlacedText:
    bx, by, bw, bh = element.box.px(width, height)
    plated = element.plate_opacity > 0
    inset = min(bw, bh) * (0.1 if plated else 0.02)
    fx, fy, fw, fh = bx + inset, by + inset, max(1.0, bw - 2 * inset), max(1.0, bh - 2 * inset)
    max_px = max(4.0, element.max_size * math.sqrt(width * height))
    scale = max(0.2, min(1.0, element.scale))
    min_px = 4.0 if min(width, height) < 200 else 6.0
    fitted = fit_text(element.text, element.bold, fw * scale, fh * scale, max_px * scale, min(min_px, max_px))
    block_x = fx + (fw - fitted.block_width) / 2
    block_y = fy + (fh - fitted.block_height) / 2
    block = (block_x, block_y, fitted.block_width, fitted.block_height)
    plate = None
    if plated:
        pad = min(inset, fitted.size * 0.45)
        px0, py0 = max(0.0, block_x - pad), max(0.0, block_y - pad * 0.7)
        px1 = min(float(width), block_x + fitted.block_width + pad)
        py1 = min(float(height), block_y + fitted.block_height + pad * 0.7)
        plate = (px0, py0, px1 - px0, py1 - py0)
    return PlacedText(element, fitted, (fx, fy, fw, fh), block, plate)


class _Defs:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.glyph_ids: dict[tuple[FontKey, int], str] = {}
        self.font_ids: dict[FontKey, int] = {}
        self.counter = 0

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def glyph(self, key: FontKey, gid: int) -> str | None:
        ident = self.glyph_ids.get((key, gid))
        if ident is not None:
            return ident
        font = registry().load(key)
        if font is None:
            return None
        path = font.glyph_path(gid)
        if not path:
            return None
        fi = self.font_ids.setdefault(key, len(self.font_ids))
        ident = f"g{fi}_{gid}"
        self.items.append(f'<path id="{ident}" d="{path}"/>')
        self.glyph_ids[(key, gid)] = ident
        return ident


def _linear(defs: _Defs, colors: tuple[str, ...], angle: float, opacity: float = 1.0) -> str:
    ident = defs.new_id("lg")
    rad = math.radians(angle)
    dx, dy = math.sin(rad), -math.cos(rad)
    stops = "".join(
        f'<stop offset="{i / max(1, len(colors) - 1):.3f}" stop-color="{c}" stop-opacity="{opacity}"/>'
        for i, c in enumerate(colors)
    )
    defs.items.append(
        f'<linearGradient id="{ident}" x1="{0.5 - dx / 2:.3f}" y1="{0.5 - dy / 2:.3f}" '
        f'x2="{0.5 + dx / 2:.3f}" y2="{0.5 + dy / 2:.3f}">{stops}</linearGradient>'
    )
    return ident


def _radial(defs: _Defs, color: str, opacity: float) -> str:
    ident = defs.new_id("rg")
    defs.items.append(
        f'<radialGradient id="{ident}"><stop offset="0" stop-color="{color}" stop-opacity="{opacity:.2f}"/>'
        f'<stop offset="1" stop-color="{color}" stop-opacity="0"/></radialGradient>'
    )
    return ident


def _background(bg: Background, w: int, h: int, defs: _Defs) -> list[str]:
    out: list[str] = []
    if bg.kind == "gradient":
        grad = _linear(defs, bg.colors, bg.angle)
        out.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="url(#{grad})"/>')
        for d in bg.decorations:
            rid = _radial(defs, "#ffffff", d.opacity * 2.2)
            out.append(
                f'<circle cx="{_f(d.x * w)}" cy="{_f(d.y * h)}" r="{_f(d.r * math.hypot(w, h) / 1.6)}" '
                f'fill="url(#{rid})"/>'
            )
        return out
    sky = _linear(defs, bg.colors, 180.0)
    sky_h = h if bg.horizon >= 1.0 else min(float(h), bg.horizon * h + 2)
    out.append(f'<rect x="0" y="0" width="{w}" height="{_f(sky_h)}" fill="url(#{sky})"/>')
    if bg.horizon < 1.0 and not bg.layers:  # pragma: no cover - every grounded scene has layers
        out.append(f'<rect x="0" y="{_f(sky_h)}" width="{w}" height="{_f(h - sky_h)}" fill="{bg.colors[-1]}"/>')
    for d in bg.decorations:
        if d.kind != "flake":
            out += _decoration(bg, d, w, h, defs)
    for layer in bg.layers:
        out += draw_layer(bg, layer, w, h, defs)
    for d in bg.decorations:
        if d.kind == "flake":
            out += _decoration(bg, d, w, h, defs)
    return out


def _decoration(bg: Background, d: Decoration, w: int, h: int, defs: _Defs) -> list[str]:
    s = min(w, h)
    x, y, r = d.x * w, d.y * h, d.r * s
    if d.kind in ("star", "flake"):
        return [f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(max(0.6, r))}" fill="#fff" opacity="{d.opacity:.2f}"/>']
    if d.kind == "bubble":
        return [
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(max(1.0, r))}" fill="#ffffff" fill-opacity="0.15" '
            f'stroke="#ffffff" stroke-opacity="{d.opacity:.2f}" stroke-width="{_f(max(0.8, r * 0.18))}"/>'
        ]
    if d.kind == "sun":
        glow = _radial(defs, "#fff3b0", 0.55 if bg.time == "day" else 0.7)
        color = "#ffe066" if bg.time == "day" else "#ffd27a"
        return [
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r * 1.8)}" fill="url(#{glow})"/>',
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{color}"/>',
        ]
    if d.kind == "moon":
        glow = _radial(defs, "#fff6d5", 0.35)
        return [
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r * 2.2)}" fill="url(#{glow})"/>',
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="#fff3c4"/>',
            f'<circle cx="{_f(x + r * 0.45)}" cy="{_f(y - r * 0.2)}" r="{_f(r * 0.85)}" '
            f'fill="{bg.color_at(d.x + d.r * 0.45 * s / w, d.y)}"/>',
        ]
    if d.kind == "cloud":
        rx, ry = r * 1.6, r * 0.5
        return [
            f'<g fill="#ffffff" opacity="{0.95 if bg.time == "day" else 0.8}">'
            f'<ellipse cx="{_f(x)}" cy="{_f(y)}" rx="{_f(rx)}" ry="{_f(ry)}"/>'
            f'<ellipse cx="{_f(x - rx * 0.35)}" cy="{_f(y - ry * 0.6)}" rx="{_f(rx * 0.45)}" ry="{_f(ry * 1.1)}"/>'
            f'<ellipse cx="{_f(x + rx * 0.25)}" cy="{_f(y - ry * 0.8)}" rx="{_f(rx * 0.5)}" ry="{_f(ry * 1.3)}"/></g>'
        ]
    if d.kind == "planet":
        body = _linear(defs, ("#ffb86b", "#d9577a", "#6a3d9a"), 160.0)
        return [
            f'<g transform="translate({_f(x)},{_f(y)}) rotate(-16)">'
            f'<ellipse cx="0" cy="0" rx="{_f(r * 1.9)}" ry="{_f(r * 0.42)}" fill="none" stroke="#f6d7a7" '
            f'stroke-opacity="0.55" stroke-width="{_f(r * 0.16)}"/>'
            f'<circle cx="0" cy="0" r="{_f(r)}" fill="url(#{body})"/>'
            f'<path d="M {_f(-r * 1.9)} 0 A {_f(r * 1.9)} {_f(r * 0.42)} 0 0 0 {_f(r * 1.9)} 0" fill="none" '
            f'stroke="#f6d7a7" stroke-opacity="0.9" stroke-width="{_f(r * 0.16)}"/></g>'
        ]
    if d.kind == "window":
        ww, wh = d.r * s, d.r * s * WINDOW_ASPECT
        x0, y0 = x - ww / 2, y - wh / 2
        frame = max(1.5, ww * 0.06)
        view = _linear(defs, SKY["night" if bg.time == "night" else "day"], 180.0)
        return [
            f'<rect x="{_f(x0 + frame * 0.6)}" y="{_f(y0 + wh + frame * 0.2)}" width="{_f(ww - frame * 1.2)}" '
            f'height="{_f(frame * 1.2)}" fill="#000" opacity="0.08"/>',
            f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(ww)}" height="{_f(wh)}" fill="#ffffff"/>',
            f'<rect x="{_f(x0 + frame)}" y="{_f(y0 + frame)}" width="{_f(ww - 2 * frame)}" '
            f'height="{_f(wh - 2 * frame)}" fill="url(#{view})"/>',
            f'<rect x="{_f(x - frame / 2)}" y="{_f(y0)}" width="{_f(frame)}" height="{_f(wh)}" fill="#ffffff"/>',
            f'<rect x="{_f(x0)}" y="{_f(y - frame / 2)}" width="{_f(ww)}" height="{_f(frame)}" fill="#ffffff"/>',
        ]
    return []


def _wave_path(w: int, top: float, amp: float, waves: int, phase: float, bottom: int) -> str:
    """A closed band from a gently waving top edge down to ``bottom``."""
    n = max(2, waves)
    step = w / n
    off = phase * step
    parts = [f"M0 {_f(top)}"]
    for i in range(-1, n + 1):
        x0 = i * step - off
        parts.append(
            f"Q {_f(x0 + step * 0.25)} {_f(top - amp)} {_f(x0 + step * 0.5)} {_f(top)} T {_f(x0 + step)} {_f(top)}"
        )
    parts.append(f"L {w} {_f(top)} L {w} {bottom} L 0 {bottom} Z")
    return " ".join(parts)


def draw_layer(bg: Background, layer: GroundLayer, w: int, h: int, defs: _Defs) -> list[str]:
    """SVG for one ground layer (see :class:`GroundLayer` for the kinds)."""
    s = min(w, h)
    top = layer.top * h
    rise = layer.height * h
    p = layer.shape or (0.5,)
    color = layer.color
    out: list[str] = []
    k = layer.kind
    if k in ("sea", "water"):
        grad = _linear(defs, (color, C.darken(color, 0.4)), 180.0)
        amp = s * (0.006 if k == "water" else 0.012)
        waves = max(3, round(w / (s * 0.35)))
        out.append(f'<path d="{_wave_path(w, top, amp, waves, p[0], h)}" fill="url(#{grad})"/>')
        out.append(
            f'<rect x="0" y="{_f(top - amp * 0.2)}" width="{w}" height="{_f(max(1.0, s * 0.004))}" '
            f'fill="#ffffff" opacity="0.35"/>'
        )
        depth = h - top
        for i in range(3):
            y = top + depth * (0.25 + 0.22 * i)
            if y > h:
                break
            x0 = w * ((p[-1] + 0.37 * i) % 1.0) * 0.7
            out.append(
                f'<rect x="{_f(x0)}" y="{_f(y)}" width="{_f(w * 0.18)}" height="{_f(max(1.0, s * 0.004))}" '
                f'rx="{_f(s * 0.002)}" fill="#ffffff" opacity="0.22"/>'
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
        grad = _linear(defs, (color, C.darken(color, 0.18 if k == "grass" else 0.06)), 180.0)
        out.append(f'<rect x="0" y="{_f(top)}" width="{w}" height="{_f(h - top)}" fill="url(#{grad})"/>')
        # A nearer, lighter rise along the bottom.
        lift = (h - top) * (0.3 + 0.2 * p[0])
        light = C.lighten(color, 0.12)
        out.append(
            f'<path d="M0 {_f(h - lift * 0.6)} Q {_f(w * (0.3 + 0.4 * p[-1]))} {_f(h - lift * 1.3)} {w} '
            f'{_f(h - lift * 0.5)} L {w} {h} L 0 {h} Z" fill="{light}" opacity="0.6"/>'
        )
    elif k == "street":
        out.append(f'<rect x="0" y="{_f(top)}" width="{w}" height="{_f(h - top)}" fill="{color}"/>')
        walk = (h - top) * 0.16
        out.append(
            f'<rect x="0" y="{_f(top)}" width="{w}" height="{_f(walk)}" fill="{C.lighten(color, 0.25)}"/>'
            f'<rect x="0" y="{_f(top + walk)}" width="{w}" height="{_f(max(1.0, s * 0.006))}" '
            f'fill="{C.darken(color, 0.25)}"/>'
        )
        lane = top + (h - top) * 0.62
        if lane < h:
            dash = s * 0.08
            out.append(
                f'<path d="M0 {_f(lane)} L {w} {_f(lane)}" stroke="#f5f0d8" stroke-opacity="0.8" '
                f'stroke-width="{_f(max(1.0, s * 0.008))}" stroke-dasharray="{_f(dash)} {_f(dash)}"/>'
            )
    elif k == "floor":
        grad = _linear(defs, (C.darken(color, 0.08), C.lighten(color, 0.06)), 180.0)
        out.append(f'<rect x="0" y="{_f(top)}" width="{w}" height="{_f(h - top)}" fill="url(#{grad})"/>')
        depth = h - top
        lines = []
        for i in range(1, 7):
            y = top + depth * (i / 7) ** 1.6
            lines.append(f"M0 {_f(y)} L {w} {_f(y)}")
        out.append(
            f'<path d="{" ".join(lines)}" stroke="{C.darken(color, 0.2)}" stroke-opacity="0.35" '
            f'stroke-width="{_f(max(0.8, s * 0.002))}"/>'
        )
        if bg.kind != "studio":
            base = max(2.0, s * 0.014)
            out.append(
                f'<rect x="0" y="{_f(top - base)}" width="{w}" height="{_f(base)}" fill="#ffffff" opacity="0.85"/>'
            )
    elif k == "tiles":
        y0 = top - rise
        out.append(f'<rect x="0" y="{_f(y0)}" width="{w}" height="{_f(rise)}" fill="{color}"/>')
        size = max(6.0, s * 0.045)
        lines = [f"M0 {_f(y)} L {w} {_f(y)}" for y in _frange(y0, top, size)]
        lines += [f"M{_f(x)} {_f(y0)} L {_f(x)} {_f(top)}" for x in _frange(0.0, float(w), size)]
        out.append(
            f'<path d="{" ".join(lines)}" stroke="#ffffff" stroke-width="{_f(max(0.8, s * 0.003))}" opacity="0.9"/>'
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
                rects.append(f"M{_f(x)} {_f(top)} V {_f(top - bh)} H {_f(x + bw)} V {_f(top)} Z")
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
                            windows.append(f"M{_f(wx)} {_f(wy)} h {_f(cell)} v {_f(cell * 1.1)} h {_f(-cell)} Z")
                x += bw + s * 0.004
                i += 2
            near_paths.append(f'<path d="{" ".join(rects)}" fill="{shade}"/>')
        out += near_paths
        lit = "#ffd98a" if bg.time == "night" else "#dbe7f3"
        out.append(f'<path d="{" ".join(windows)}" fill="{lit}" opacity="{0.9 if bg.time == "night" else 0.45}"/>')
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
                tri.append(f"M{_f(x - tw)} {_f(top + 1)} L {_f(x)} {_f(top - th)} L {_f(x + tw)} {_f(top + 1)} Z")
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
                    f'<rect x="{_f(cx - trunk / 2)}" y="{_f(top - th * 0.45)}" width="{_f(trunk)}" '
                    f'height="{_f(th * 0.45 + 1)}" fill="#6d4c41"/>'
                    f'<circle cx="{_f(cx)}" cy="{_f(top - th * 0.62)}" r="{_f(th * 0.38)}" fill="{dark}"/>'
                )
    elif k in ("hills", "dunes"):
        back = C.mix(color, bg.colors[-1], 0.35)
        for shade, lift, phase in ((back, 1.0, p[0]), (color, 0.6, p[1 % len(p)])):
            peak_x = w * (0.2 + 0.6 * phase)
            out.append(
                f'<path d="M0 {_f(top + 1)} L 0 {_f(top - rise * lift * 0.4)} '
                f"Q {_f(peak_x)} {_f(top - rise * lift * 1.6)} {w} {_f(top - rise * lift * 0.3)} "
                f'L {w} {_f(top + 1)} Z" fill="{shade}"/>'
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
                    f"M{_f(px)} {_f(top - ph)} L {_f(rx)} {_f(cy)} L {_f(px + step * 0.06)} {_f(cy - depth * 0.06)} "
                    f"L {_f(px - step * 0.03)} {_f(cy + depth * 0.04)} L {_f(lx)} {_f(cy)} Z"
                )
            pts.append((w + step * 0.5, top + 1.0))
            d = "M" + " L ".join(f"{_f(x)} {_f(y)}" for x, y in pts) + " Z"
            out.append(f'<path d="{d}" fill="{shade}"/>')
            out.append(f'<path d="{" ".join(caps)}" fill="#ffffff" opacity="{0.85 if scale < 1 else 0.7}"/>')
    return out


def _frange(start: float, stop: float, step: float) -> list[float]:
    out: list[float] = []
    v = start
    while v < stop and len(out) < 400:
        out.append(v)
        v += step
    return out


def _text(placed: PlacedText, defs: _Defs) -> list[str]:
    el = placed.element
    fit = placed.fitted
    out: list[str] = []
    if placed.plate is not None:
        x, y, w, h = placed.plate
        rx = min(h * 0.25, fit.size * 0.35)
        out.append(
            f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" rx="{_f(rx)}" '
            f'fill="{el.plate}" fill-opacity="{el.plate_opacity:.2f}"/>'
        )
    size = fit.size
    fx, _fy, fw, _fh = placed.fit_box
    top = placed.block[1]
    glyph_uses: list[str] = []
    icon_uses: list[str] = []
    reg = registry()
    library = load_library()
    for li, line in enumerate(fit.lines):
        baseline = top + (fit.ascender + li * fit.line_height) * size
        x = fx + (fw - line.width * size) / 2
        for unit, gap in zip(line.units, line.gaps, strict=True):
            x += gap * size
            for inline in unit.icons:
                icon = library.icon(inline.name)
                side = EMOJI_SIZE * size
                k = side / max(icon.width, icon.height)
                prefix = defs.new_id("emoji")
                ix = x + inline.x * size + (side - icon.width * k) / 2
                iy = baseline - (EMOJI_SIZE - EMOJI_DROP) * size + (side - icon.height * k) / 2
                icon_uses.append(
                    f'<g id="{prefix}-{inline.name}" transform="translate({ix:.2f},{iy:.2f}) scale({k:.5f})">'
                    f"{icon.body(prefix + '_')}</g>"
                )
            for g in unit.glyphs:
                ident = defs.glyph(g.font, g.gid)
                if ident is None:
                    continue
                font = reg.load(g.font)
                k = size / (font.upem if font else 1000)
                gx, gy = x + g.x * size, baseline - g.y * size
                glyph_uses.append(
                    f'<use xlink:href="#{ident}" transform="matrix({k:.5f} 0 0 {-k:.5f} {gx:.2f} {gy:.2f})"/>'
                )
            x += unit.width * size
    if glyph_uses:
        body = "".join(glyph_uses)
        if placed.plate is None and el.role == "title":
            shadow = "#000000" if C.luminance(el.color) > 0.5 else "#ffffff"
            off = max(0.5, size * 0.025)
            out.append(f'<g fill="{shadow}" opacity="0.25" transform="translate({off:.2f},{off:.2f})">{body}</g>')
        out.append(f'<g fill="{el.color}">{body}</g>')
    out.extend(icon_uses)
    return out


def _assets(plan: ComposePlan, w: int, h: int) -> list[str]:
    library = load_library()
    out: list[str] = []
    for n, a in enumerate(plan.assets):
        icon = library.icon(a.icon)
        x, y, bw, bh = a.box.px(w, h)
        size = min(bw, bh)
        cx, cy = x + bw / 2, y + bh / 2
        k = size / max(icon.width, icon.height)
        sx = -k if a.flip else k
        if plan.background.kind != "space":  # nothing to cast a shadow on out there
            out.append(
                f'<ellipse cx="{_f(cx)}" cy="{_f(cy + size * 0.46)}" rx="{_f(size * 0.34)}" ry="{_f(size * 0.05)}" '
                f'fill="#000" opacity="0.13"/>'
            )
        out.append(
            f'<g transform="translate({cx:.2f},{cy:.2f}) rotate({a.rotation:.2f}) scale({sx:.5f},{k:.5f}) '
            f'translate({-icon.width / 2:.2f},{-icon.height / 2:.2f})">{icon.body(f"a{n}_")}</g>'
        )
    return out


def build_svg(plan: ComposePlan, width: int, height: int) -> str:
    """The scene as one SVG document. No user text appears in it verbatim: text is drawn as glyph
    outlines, and ids and attributes hold only numbers, colours and vendored icon names."""
    defs = _Defs()
    body: list[str] = []
    body += _background(plan.background, width, height, defs)
    body += _assets(plan, width, height)
    for el in plan.texts:
        body += _text(place_text(el, width, height), defs)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<defs>{''.join(defs.items)}</defs>{''.join(body)}</svg>"
    )


def rasterize(svg: str, width: int, height: int) -> bytes:
    # skia.MemoryStream does not copy or own its buffer: the bytes must stay referenced until parsing
    # is done. A temporary ``svg.encode()`` here was freed mid-parse and made some documents fail.
    source = svg.encode("utf-8")
    stream = skia.MemoryStream(source)
    dom = skia.SVGDOM.MakeFromStream(stream)
    del stream, source
    if dom is None:  # pragma: no cover - would be a bug in build_svg
        raise RuntimeError("skia could not parse the generated SVG")
    dom.setContainerSize(skia.Size(width, height))
    surface = skia.Surface(width, height)
    with surface as canvas:
        canvas.clear(skia.ColorWHITE)
        dom.render(canvas)
    image = surface.makeImageSnapshot()
    data = image.encodeToData(skia.kPNG, 100)
    if data is None:  # pragma: no cover
        raise RuntimeError("PNG encoding failed")
    return bytes(data)
