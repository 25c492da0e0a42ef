"""A theme: the colours and typefaces one image uses, derived from the prompt's style words and colours.

Document templates (charts, infographics, UI mock-ups …) draw everything from a theme so that "dark
mode", "pastel", "corporate" or "a blue and orange palette" change the whole image consistently.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose import lexicon

#: Accent sets for charts, cards and buttons (ordered: first is the primary colour).
ACCENTS: tuple[tuple[str, ...], ...] = (
    ("#1e88e5", "#fb8c00", "#43a047", "#e53935", "#8e24aa", "#00897b"),
    ("#3949ab", "#00acc1", "#fdd835", "#d81b60", "#7cb342", "#f4511e"),
    ("#00897b", "#f9a825", "#5e35b1", "#ef5350", "#29b6f6", "#8d6e63"),
    ("#d81b60", "#1e88e5", "#ffb300", "#26a69a", "#7e57c2", "#78909c"),
)


@dataclass(frozen=True)
class Theme:
    #: Page background gradient (top/left first).
    background: tuple[str, ...]
    #: Cards, panels and plates drawn on the background.
    surface: str
    #: Main text colour (readable on ``surface``) and secondary text colour.
    ink: str
    muted: str
    #: Chart series, buttons, highlights: the first is the primary.
    accents: tuple[str, ...]
    #: Typeface family for headings and for body text (see ``TextElement.font``).
    title_font: str = "sans"
    body_font: str = "sans"
    #: Whole-image finishes (``ComposePlan.filters``).
    filters: tuple[str, ...] = ()
    dark: bool = False

    def ink_on(self, color: str) -> str:
        """Black-ish or white-ish text, whichever reads better on ``color``."""
        return "#ffffff" if C.contrast("#ffffff", color) >= C.contrast("#1a1a1a", color) else "#1a1a1a"


def build_theme(styles: tuple[str, ...], named: tuple[str, ...], rng: random.Random) -> Theme:
    """The theme for a prompt's styles and named colours (named colours become the accents)."""
    style = set(styles)
    accents = list(rng.choice(ACCENTS))
    if named:
        accents = list(dict.fromkeys([*named, *accents]))
    dark = "dark" in style or "neon" in style
    background: tuple[str, ...] = rng.choice(lexicon.PALETTES)
    if "minimal" in style or "corporate" in style:
        background = ("#ffffff", "#f3f5f8")
    if "pastel" in style:
        accents = [C.lighten(c, 0.35) for c in accents]
        background = (C.lighten(background[0], 0.5), C.lighten(background[-1], 0.5))
    if "vibrant" in style or "pop-art" in style or "playful" in style:
        accents = [C.adjust(c, saturation=1.4) for c in accents]
    if "retro" in style:
        accents = [C.mix(c, "#d9b77e", 0.3) for c in accents]
        background = ("#f4e4c1", "#e8cf9f")
    if dark:
        background = ("#14161c", "#1f2430")
        if "neon" in style:
            accents = [C.adjust(C.lighten(c, 0.15), saturation=1.6) for c in accents]
    if named and not dark and "minimal" not in style and "corporate" not in style:
        background = (C.lighten(named[0], 0.85), C.lighten(named[-1], 0.75))
    surface = "#262b36" if dark else "#ffffff"
    ink = "#f2f4f8" if dark else "#1a1d24"
    muted = "#aab2c0" if dark else "#5b6270"
    title_font = "sans"
    if "elegant" in style or "vintage" in style:
        title_font = "serif"
    if "playful" in style:
        title_font = "handwritten"
    if "retro" in style:
        title_font = "display"
    if "tech" in style:
        title_font = "mono"
    filters: list[str] = []
    if "retro" in style or "vintage" in style:
        filters += ["grain", "vignette"]
    if "pop-art" in style:
        filters.append("halftone")
    if "cinematic" in style:
        filters.append("vignette")
    return Theme(
        background=tuple(background),
        surface=surface,
        ink=ink,
        muted=muted,
        accents=tuple(accents),
        title_font=title_font,
        filters=tuple(dict.fromkeys(filters)),
        dark=dark,
    )
