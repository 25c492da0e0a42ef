"""Whole-image finishes a style asks for (retro grain, pop-art halftone, vignette, scanlines, paper)."""

from __future__ import annotations

from collections.abc import Callable

from openbanana.generators.compose.svg_defs import SvgDefs, fmt


def _vignette(w: int, h: int, defs: SvgDefs) -> str:
    ident = defs.new_id("vig")
    defs.items.append(
        f'<radialGradient id="{ident}" cx="0.5" cy="0.5" r="0.75"><stop offset="0.55" stop-color="#000" '
        f'stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.45"/></radialGradient>'
    )
    return f'<rect width="{w}" height="{h}" fill="url(#{ident})"/>'


def _pattern(w: int, h: int, defs: SvgDefs, prefix: str, step: float, cell: str, opacity: float) -> str:
    """The whole canvas tiled with ``cell`` (SVG drawn in a ``step`` × ``step`` tile) at ``opacity``."""
    ident = defs.new_id(prefix)
    defs.items.append(
        f'<pattern id="{ident}" width="{fmt(step)}" height="{fmt(step)}" patternUnits="userSpaceOnUse">{cell}</pattern>'
    )
    return f'<rect width="{w}" height="{h}" fill="url(#{ident})" opacity="{opacity}"/>'


def _halftone(w: int, h: int, defs: SvgDefs) -> str:
    step = max(4.0, min(w, h) / 90)
    dot = f'<circle cx="{fmt(step / 2)}" cy="{fmt(step / 2)}" r="{fmt(step * 0.22)}" fill="#000"/>'
    return _pattern(w, h, defs, "dots", step, dot, 0.12)


def _scanlines(w: int, h: int, defs: SvgDefs) -> str:
    step = max(3.0, min(w, h) / 160)
    line = f'<rect width="{fmt(step)}" height="{fmt(step * 0.35)}" fill="#000"/>'
    return _pattern(w, h, defs, "scan", step, line, 0.14)


def _grain(w: int, h: int, defs: SvgDefs) -> str:
    ident = defs.new_id("grain")
    defs.items.append(
        f'<filter id="{ident}" x="0" y="0" width="100%" height="100%">'
        f'<feTurbulence type="fractalNoise" baseFrequency="0.85" '
        f'numOctaves="2" seed="3"/><feColorMatrix type="saturate" values="0"/></filter>'
    )
    return f'<rect width="{w}" height="{h}" filter="url(#{ident})" opacity="0.10"/>'


def _paper(w: int, h: int, defs: SvgDefs) -> str:
    return f'<rect width="{w}" height="{h}" fill="#c8a96e" opacity="0.10"/>' + _grain(w, h, defs)


FINISHES: dict[str, Callable[[int, int, SvgDefs], str]] = {
    "vignette": _vignette,
    "halftone": _halftone,
    "scanlines": _scanlines,
    "grain": _grain,
    "paper": _paper,
}


def finish_svg(filters: tuple[str, ...], w: int, h: int, defs: SvgDefs) -> list[str]:
    """Overlays for the plan's finishes, drawn over the artwork but under the text."""
    return [FINISHES[f](w, h, defs) for f in filters if f in FINISHES]
