"""Visual styles as data: the palettes, colour treatment, finishes and typography each style word asks for.

Both the free-scene planner and :func:`~openbanana.generators.compose.theme.build_theme` (document
templates) read this one table, so "retro" or "dark mode" look the same whichever path draws the image.
To add a style: add a row to :data:`STYLES` and the words that ask for it to ``lexicon.STYLES``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose import lexicon


@dataclass(frozen=True)
class Style:
    #: Backgrounds (top/left colour first) drawn from when the prompt names no colour; empty: the
    #: generic palettes, treated as below.
    palettes: tuple[tuple[str, ...], ...] = ()
    #: Treatment of named colours and generic palettes: lighten (> 0) or darken (< 0), saturation
    #: factor, and a colour mixed in (colour, amount).
    shade: float = 0.0
    saturation: float = 1.0
    mix: tuple[str, float] | None = None
    #: Accent colours for charts, buttons and highlights (empty: the seeded accent sets).
    accents: tuple[str, ...] = ()
    dark: bool = False
    #: Whole-image finishes (``ComposePlan.filters``).
    filters: tuple[str, ...] = ()
    title_font: str | None = None
    body_font: str | None = None
    #: Effect on titles: neon | outline | shadow.
    title_effect: str | None = None
    #: Soft light blobs on gradient backgrounds.
    glows: bool = True


#: Every style, in precedence order: where two styles set the same font or effect, the later wins.
STYLES: dict[str, Style] = {
    "vibrant": Style(saturation=1.5),
    "pastel": Style(
        palettes=(("#fde2e4", "#e2ece9"), ("#cddafd", "#fad2e1"), ("#fff1e6", "#dfe7fd"), ("#e4f9f5", "#fef6e4")),
        shade=0.45,
    ),
    "minimal": Style(
        palettes=(("#ffffff", "#f3f5f8"), ("#fafafa", "#eeeeee"), ("#f7f7f5", "#ecebe7")),
        glows=False,
    ),
    "flat": Style(
        palettes=(("#ffcf56", "#ffc83a"), ("#4ecdc4", "#45c4bb"), ("#ff8c7a", "#ff7f6b"), ("#a8dadc", "#9fd3d6")),
        glows=False,
    ),
    "corporate": Style(
        palettes=(("#ffffff", "#eef3f8"), ("#f5f8fc", "#e3ebf5")),
        accents=("#1f5fbf", "#2ea3f2", "#0b2545", "#8da9c4", "#13a89e", "#f2a541"),
        glows=False,
        title_font="sans",
        body_font="sans",
    ),
    "playful": Style(
        palettes=(("#ffe66d", "#ff9f9f"), ("#a0e7e5", "#ffaebc"), ("#b4f8c8", "#fbe7c6"), ("#ffd6ff", "#c8b6ff")),
        saturation=1.25,
        title_font="handwritten",
    ),
    "elegant": Style(
        palettes=(("#16161a", "#2a2620"), ("#f6f1e7", "#e9dfcc"), ("#1b2a3a", "#0f1a26")),
        accents=("#c9a227", "#8c6d1f", "#e8d9b5", "#5b4636", "#a3a3a3", "#2f2f2f"),
        mix=("#c9a227", 0.12),
        title_font="serif",
    ),
    "retro": Style(
        palettes=(("#f4e4c1", "#e8cf9f"), ("#fbe3b5", "#f29e4c"), ("#ffd6a5", "#e76f51"), ("#f6d186", "#4a9d9c")),
        mix=("#d9b77e", 0.3),
        accents=("#e76f51", "#2a9d8f", "#e9c46a", "#f4a261", "#264653", "#b5651d"),
        filters=("grain",),
        title_font="display",
        title_effect="shadow",
    ),
    "vintage": Style(
        palettes=(("#efe3c8", "#d9c39a"), ("#e9dcc3", "#c9b08a"), ("#f1e6d0", "#cdb79e")),
        mix=("#b08d57", 0.35),
        saturation=0.7,
        filters=("grain", "vignette", "paper"),
        title_font="serif",
    ),
    "pop-art": Style(
        palettes=(("#ffe600", "#ff3d7f"), ("#00d1ff", "#ffe600"), ("#ff2e63", "#ffd400")),
        saturation=1.4,
        accents=("#ff2e63", "#00d1ff", "#ffe600", "#111111", "#ff8a00", "#7a00ff"),
        filters=("halftone",),
        title_font="display",
        title_effect="outline",
    ),
    "watercolor": Style(
        palettes=(("#fdf6ec", "#e3f2fd"), ("#fef9f3", "#fde2e4"), ("#f3f9f1", "#e6e0f8")),
        shade=0.3,
        filters=("paper",),
        title_font="cursive",
    ),
    "hand-drawn": Style(
        palettes=(("#fbf8f1", "#f1ece1"), ("#fffdf7", "#f3eee2")),
        shade=0.3,
        filters=("paper",),
        glows=False,
        title_font="handwritten",
        body_font="handwritten",
    ),
    "tech": Style(
        palettes=(("#0a0f1e", "#12233f"), ("#06121f", "#0b3a53")),
        dark=True,
        title_font="mono",
    ),
    "cinematic": Style(
        palettes=(("#0f2027", "#203a43", "#2c5364"), ("#1c1c24", "#3a2a1e"), ("#102a43", "#d9822b")),
        mix=("#1d6f7a", 0.12),
        dark=True,
        filters=("vignette", "grain"),
        title_font="display",
    ),
    "dark": Style(
        palettes=(("#14161c", "#1f2430"), ("#0f1724", "#1b2a41"), ("#1a1423", "#2d1e3e")),
        shade=-0.55,
        dark=True,
    ),
    "neon": Style(
        palettes=(("#0b0221", "#2b0b4f"), ("#050816", "#1a0b3d"), ("#120018", "#3a0050")),
        shade=-0.5,
        saturation=1.6,
        accents=("#ff2bd6", "#00f0ff", "#faff00", "#7cff00", "#ff6b00", "#b026ff"),
        dark=True,
        title_effect="neon",
    ),
}


def ordered(styles: tuple[str, ...]) -> list[tuple[str, Style]]:
    """The known styles among ``styles``, in precedence order."""
    wanted = set(styles)
    return [(name, style) for name, style in STYLES.items() if name in wanted]


def treat(color: str, style: Style) -> str:
    """``color`` as ``style`` treats named colours."""
    if style.shade > 0:
        color = C.lighten(color, style.shade)
    elif style.shade < 0:
        color = C.darken(color, -style.shade)
    if style.saturation != 1.0:
        color = C.adjust(color, saturation=style.saturation)
    if style.mix is not None:
        color = C.mix(color, style.mix[0], style.mix[1])
    return color


def background_colors(styles: tuple[str, ...], named: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """A background gradient: built from the named colours when there are any, else the first style
    palette or a generic one; the other styles then treat it (pastel lightens, neon darkens …)."""
    chosen = ordered(styles)
    source: str | None = None
    if len(named) >= 2:
        colors = tuple(named[:3])
    elif len(named) == 1:
        base = named[0]
        variant = rng.choice(("light", "deep", "hue"))
        if variant == "light":
            colors = (C.lighten(base, 0.35), base)
        elif variant == "deep":
            colors = (base, C.darken(base, 0.35))
        else:
            colors = (C.lighten(base, 0.15), C.rotate_hue(base, rng.choice((-28, 28))))
    else:
        source = next((name for name, style in reversed(chosen) if style.palettes), None)
        colors = rng.choice(STYLES[source].palettes) if source else rng.choice(lexicon.PALETTES)
    for name, style in chosen:
        if name != source and not (source and style.palettes):
            colors = tuple(treat(c, style) for c in colors)
    return colors


def finishes(styles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for _n, s in ordered(styles) for f in s.filters))


def typography(styles: tuple[str, ...]) -> tuple[str, str, str]:
    """(title font, body font, title effect) for ``styles`` ("sans", "sans", "" when none is set)."""
    title, body, effect = "sans", "sans", ""
    for _name, style in ordered(styles):
        title = style.title_font or title
        body = style.body_font or body
        effect = style.title_effect or effect
    return title, body, effect


def glows(styles: tuple[str, ...]) -> bool:
    return all(style.glows for _n, style in ordered(styles))


def is_dark(styles: tuple[str, ...]) -> bool:
    return any(style.dark for _n, style in ordered(styles))
