"""Plan → SVG document → PNG (skia)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

import skia

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.fonts import FontKey, registry
from openbanana.generators.compose.plan import Background, ComposePlan, TextElement
from openbanana.generators.compose.text import FittedText, fit_text


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
    s = min(w, h)
    grad = _linear(defs, bg.colors, bg.angle)
    out.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="url(#{grad})"/>')
    kind = bg.kind
    if kind == "gradient":
        for cx, cy, r, op in bg.decorations:
            rid = _radial(defs, "#ffffff", op * 2.2)
            out.append(
                f'<circle cx="{_f(cx * w)}" cy="{_f(cy * h)}" r="{_f(r * math.hypot(w, h) / 1.6)}" fill="url(#{rid})"/>'
            )
    elif kind == "night":
        *stars, moon = bg.decorations
        for cx, cy, r, op in stars:
            out.append(
                f'<circle cx="{_f(cx * w)}" cy="{_f(cy * h)}" r="{_f(max(0.6, r * s))}" fill="#fff" '
                f'opacity="{op:.2f}"/>'
            )
        mx, my, mr, _ = moon
        glow = _radial(defs, "#fff6d5", 0.35)
        out.append(f'<circle cx="{_f(mx * w)}" cy="{_f(my * h)}" r="{_f(mr * s * 2.4)}" fill="url(#{glow})"/>')
        out.append(f'<circle cx="{_f(mx * w)}" cy="{_f(my * h)}" r="{_f(mr * s)}" fill="#fff3c4"/>')
        out.append(
            f'<circle cx="{_f(mx * w + mr * s * 0.45)}" cy="{_f(my * h - mr * s * 0.2)}" r="{_f(mr * s * 0.85)}" '
            f'fill="{bg.colors[0]}"/>'
        )
    elif kind == "snow":
        *flakes, _sun = bg.decorations
        out.append(
            f'<path d="M0 {_f(h * 0.82)} Q {_f(w * 0.5)} {_f(h * 0.74)} {w} {_f(h * 0.84)} L {w} {h} L 0 '
            f'{h} Z" fill="#ffffff"/>'
        )
        for cx, cy, r, op in flakes:
            out.append(
                f'<circle cx="{_f(cx * w)}" cy="{_f(cy * h)}" r="{_f(max(0.8, r * s))}" fill="#fff" '
                f'opacity="{op:.2f}"/>'
            )
    else:
        sun = bg.decorations[-1] if bg.decorations else None
        clouds = bg.decorations[:-1]
        if sun is not None and kind != "sunset":
            sx, sy, sr, _ = sun
            glow = _radial(defs, "#fff3b0", 0.6)
            out.append(f'<circle cx="{_f(sx * w)}" cy="{_f(sy * h)}" r="{_f(sr * s * 2.2)}" fill="url(#{glow})"/>')
            out.append(f'<circle cx="{_f(sx * w)}" cy="{_f(sy * h)}" r="{_f(sr * s)}" fill="#ffe066"/>')
        if kind == "sunset" and sun is not None:
            sx, sy, sr, _ = sun
            out.append(f'<circle cx="{_f(sx * w)}" cy="{_f(sy * h)}" r="{_f(sr * s)}" fill="#ffe9a8" opacity="0.9"/>')
            out.append(
                f'<rect x="0" y="{_f(h * 0.7)}" width="{w}" height="{_f(h * 0.3)}" fill="#3b2454" opacity="0.85"/>'
            )
        if kind in ("sky", "sea"):
            for cx, cy, r, op in clouds:
                rx, ry = r * w, r * s * 0.45
                x, y = cx * w, cy * h
                out.append(
                    f'<g fill="#ffffff" opacity="{op:.2f}"><ellipse cx="{_f(x)}" cy="{_f(y)}" '
                    f'rx="{_f(rx)}" ry="{_f(ry)}"/>'
                    f'<ellipse cx="{_f(x - rx * 0.35)}" cy="{_f(y - ry * 0.6)}" rx="{_f(rx * 0.45)}" '
                    f'ry="{_f(ry * 1.1)}"/>'
                    f'<ellipse cx="{_f(x + rx * 0.25)}" cy="{_f(y - ry * 0.8)}" rx="{_f(rx * 0.5)}" '
                    f'ry="{_f(ry * 1.3)}"/></g>'
                )
        if kind == "sea":
            top = h * 0.58
            sea = _linear(defs, ("#2a8fd8", "#0b4f8a"), 180.0)
            waves = " ".join(
                f"Q {_f(w * (i + 0.25) / 6)} {_f(top - s * 0.02)} {_f(w * (i + 0.5) / 6)} {_f(top)} "
                f"T {_f(w * (i + 1) / 6)} {_f(top)}"
                for i in range(6)
            )
            out.append(f'<path d="M0 {_f(top)} {waves} L {w} {h} L 0 {h} Z" fill="url(#{sea})"/>')
        elif kind == "forest":
            out.append(
                f'<ellipse cx="{_f(w * 0.25)}" cy="{_f(h * 1.02)}" rx="{_f(w * 0.7)}" '
                f'ry="{_f(h * 0.42)}" fill="#5aa651"/>'
            )
            out.append(
                f'<ellipse cx="{_f(w * 0.85)}" cy="{_f(h * 1.05)}" rx="{_f(w * 0.6)}" '
                f'ry="{_f(h * 0.38)}" fill="#3f8a3c"/>'
            )
            for i in range(7):
                tx = w * (0.04 + i * 0.155)
                th = s * (0.16 + 0.05 * ((i * 37) % 3))
                base = h * (0.7 + 0.03 * ((i * 17) % 3))
                out.append(
                    f'<path d="M{_f(tx)} {_f(base - th)} L{_f(tx + th * 0.32)} {_f(base)} '
                    f'L{_f(tx - th * 0.32)} {_f(base)} Z" '
                    f'fill="#2e6b30" opacity="0.9"/>'
                )
        elif kind == "desert":
            out.append(
                f'<ellipse cx="{_f(w * 0.3)}" cy="{_f(h * 1.05)}" rx="{_f(w * 0.75)}" ry="{_f(h * 0.4)}" '
                f'fill="#e8b463"/>'
            )
            out.append(
                f'<ellipse cx="{_f(w * 0.9)}" cy="{_f(h * 1.1)}" rx="{_f(w * 0.6)}" ry="{_f(h * 0.38)}" '
                f'fill="#d39a4c"/>'
            )
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
    reg = registry()
    for li, line in enumerate(fit.lines):
        baseline = top + (fit.ascender + li * fit.line_height) * size
        x = fx + (fw - line.width * size) / 2
        for unit, gap in zip(line.units, line.gaps, strict=True):
            x += gap * size
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
    if not glyph_uses:
        return out
    body = "".join(glyph_uses)
    if placed.plate is None and el.role == "title":
        shadow = "#000000" if C.luminance(el.color) > 0.5 else "#ffffff"
        off = max(0.5, size * 0.025)
        out.append(f'<g fill="{shadow}" opacity="0.25" transform="translate({off:.2f},{off:.2f})">{body}</g>')
    out.append(f'<g fill="{el.color}">{body}</g>')
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
    defs = _Defs()
    body: list[str] = []
    body += _background(plan.background, width, height, defs)
    body += _assets(plan, width, height)
    for el in plan.texts:
        body += _text(place_text(el, width, height), defs)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(plan.summary())}</title>"
        f"<defs>{''.join(defs.items)}</defs>{''.join(body)}</svg>"
    )


def rasterize(svg: str, width: int, height: int) -> bytes:
    dom = skia.SVGDOM.MakeFromStream(skia.MemoryStream(svg.encode("utf-8")))
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
