"""A theme: the colours and typefaces one image uses, derived from the prompt's style words and colours.

Document templates (charts, infographics, UI mock-ups …) draw everything from a theme so that "dark
mode", "pastel", "corporate" or "a blue and orange palette" change the whole image consistently. The
styles themselves are data in :mod:`~openbanana.generators.compose.styles`, shared with the free-scene
planner.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose import styles as S

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
    #: Effect on titles (see ``TextElement.effect``): "" | neon | outline | shadow.
    title_effect: str = ""
    #: Soft light blobs on gradient backgrounds suit the style.
    glows: bool = True

    def ink_on(self, color: str) -> str:
        """Black-ish or white-ish text, whichever reads better on ``color``."""
        return "#ffffff" if C.contrast("#ffffff", color) >= C.contrast("#1a1a1a", color) else "#1a1a1a"


def _accent(color: str, style: S.Style) -> str:
    """An accent colour as ``style`` treats it: pastel lightens, dark styles brighten (accents must pop
    on a dark page), saturation and colour mixes apply as to backgrounds."""
    if style.shade > 0:
        color = C.lighten(color, style.shade * 0.8)
    elif style.dark:
        color = C.lighten(color, 0.15)
    if style.saturation != 1.0:
        color = C.adjust(color, saturation=style.saturation)
    if style.mix is not None:
        color = C.mix(color, style.mix[0], style.mix[1])
    return color


def build_theme(styles: tuple[str, ...], named: tuple[str, ...], rng: random.Random) -> Theme:
    """The theme for a prompt's styles and named colours (named colours become the accents and tint
    the page; without them the style's own palette is used)."""
    chosen = S.ordered(styles)
    accents = list(rng.choice(ACCENTS))
    own = next((style.accents for _n, style in reversed(chosen) if style.accents), ())
    if own:
        accents = list(own)
    if named:
        accents = list(dict.fromkeys([*named, *accents]))
    for _name, style in chosen:
        if not (own and style.accents):
            accents = [_accent(c, style) for c in accents]
    background = S.background_colors(styles, (), rng)
    dark = S.is_dark(styles) or C.luminance(background[0]) < 0.12
    if named and not dark and not any(n in ("minimal", "corporate") for n, _s in chosen):
        background = (C.lighten(named[0], 0.85), C.lighten(named[-1], 0.75))
    surface = "#262b36" if dark else "#ffffff"
    ink = "#f2f4f8" if dark else "#1a1d24"
    muted = "#aab2c0" if dark else "#5b6270"
    title_font, body_font, effect = S.typography(styles)
    return Theme(
        background=tuple(background),
        surface=surface,
        ink=ink,
        muted=muted,
        accents=tuple(accents),
        title_font=title_font,
        body_font=body_font,
        filters=S.finishes(styles),
        dark=dark,
        title_effect=effect,
        glows=S.glows(styles),
    )
