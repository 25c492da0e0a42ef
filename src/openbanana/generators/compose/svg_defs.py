"""Shared pieces of the SVG writer: number formatting, the <defs> collector, gradients."""

from __future__ import annotations

import math

from openbanana.generators.compose.fonts import FontKey, registry


def fmt(v: float) -> str:
    """A compact number for SVG attributes (one decimal, no trailing zeros)."""
    return f"{v:.1f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else "0"


class SvgDefs:
    """Collects <defs> entries for one document: gradients and glyph outlines, each emitted once."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.glyph_ids: dict[tuple[FontKey, int], str] = {}
        self.font_ids: dict[FontKey, int] = {}
        self.counter = 0
        self._blurs: dict[str, str] = {}

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def blur(self, std_dev: float) -> str:
        """The id of a Gaussian-blur filter (one per distinct radius)."""
        key = f"{std_dev:.1f}"
        ident = self._blurs.get(key)
        if ident is None:
            ident = self.new_id("blur")
            self.items.append(
                f'<filter id="{ident}" x="-50%" y="-50%" width="200%" height="200%">'
                f'<feGaussianBlur stdDeviation="{key}"/></filter>'
            )
            self._blurs[key] = ident
        return ident

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


def linear_gradient(defs: SvgDefs, colors: tuple[str, ...], angle: float, opacity: float = 1.0) -> str:
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


def radial_gradient(defs: SvgDefs, color: str, opacity: float) -> str:
    ident = defs.new_id("rg")
    defs.items.append(
        f'<radialGradient id="{ident}"><stop offset="0" stop-color="{color}" stop-opacity="{opacity:.2f}"/>'
        f'<stop offset="1" stop-color="{color}" stop-opacity="0"/></radialGradient>'
    )
    return ident
