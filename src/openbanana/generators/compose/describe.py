"""One paragraph saying what a compose plan draws: the TEXT modality's answer.

It names the kind of image ("a bar chart with 4 bars", "a storyboard of 3 panels"), the backdrop, the
illustrations with their colours ("a red car"), the text word for word, the style and finishes, and the
corrections the self-check made. Everything comes from the plan that was rendered, so the paragraph
describes the picture actually returned.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from openbanana.generators.compose import colors as C
from openbanana.generators.compose import lexicon
from openbanana.generators.compose.plan import Background, ComposePlan, Shape

#: At most this many text elements are quoted and kinds of illustration named; the rest are counted.
MAX_QUOTED = 8
MAX_ICONS = 6

BACKGROUNDS: dict[str, str] = {
    "gradient": "a soft colour gradient background",
    "sky": "a bright sky with clouds",
    "sea": "the open sea under the sky",
    "beach": "a sandy beach by the sea",
    "lake": "a lake with a tree-lined far shore",
    "underwater": "an underwater scene with a sandy sea bed",
    "city": "a city street in front of a skyline",
    "forest": "a meadow in front of a line of trees",
    "park": "a green park with trees and hills",
    "mountain": "a meadow below snow-capped mountains",
    "snow": "a snowy landscape below snow-capped mountains",
    "desert": "sunlit desert dunes",
    "space": "outer space full of stars",
    "night": "a starry night sky with a crescent moon",
    "sunset": "a glowing sunset",
    "kitchen": "a kitchen with a tiled wall",
    "office": "an office",
    "studio": "a bright studio",
    "bedroom": "a bedroom",
    "cafe": "a cosy café",
    "room": "a room with a wooden floor",
}

FINISHES: dict[str, str] = {
    "grain": "film grain",
    "halftone": "a halftone screen",
    "vignette": "a vignette",
    "scanlines": "scanlines",
    "paper": "a paper texture",
}

#: What a shape is called when its id says nothing (ids like ``bar3`` or ``card_1`` name it).
SHAPE_NOUNS: dict[str, str] = {"wedge": "slice", "arrow": "arrow", "polyline": "line", "polygon": "polygon"}

_ID_NOUN = re.compile(r"^([a-z]+?)(?:[-_]?\d+)?(?:[-_].*)?$")
_GRID = re.compile(r"(\d+)x(\d+)")


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def article(noun: str) -> str:
    """'a bar', 'an arrow'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def counted(n: int, noun: str) -> str:
    """'a bar', '4 bars', 'an arrow'."""
    if n == 1:
        return article(noun)
    if noun.endswith(("s", "x", "ch", "sh")):
        plural = noun + "es"
    elif noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        plural = noun[:-1] + "ies"
    else:
        plural = noun + "s"
    return f"{n} {plural}"


def color_name(color: str) -> str:
    """The nearest colour word the prompt reader knows ('#e53935' → 'red')."""
    rgb = C.to_rgb(color)

    def distance(item: tuple[str, str]) -> float:
        other = C.to_rgb(item[1])
        return sum((a - b) ** 2 for a, b in zip(rgb, other, strict=True))

    return min(lexicon.COLORS.items(), key=distance)[0] if lexicon.COLORS else color


def shape_counts(shapes: tuple[Shape, ...]) -> Counter[str]:
    """How many shapes of each kind a plan draws, named from their ids (``bar0`` → bar) or their kind."""
    counts: Counter[str] = Counter()
    for s in shapes:
        match = _ID_NOUN.match(s.id.lower())
        noun = match.group(1) if match else ""
        if s.kind in SHAPE_NOUNS and noun in ("", "shape", s.kind):
            noun = SHAPE_NOUNS[s.kind]
        counts[noun or s.kind] += 1
    return counts


def _with(counts: Counter[str], *nouns: str) -> str:
    found = [counted(counts[n], n) for n in nouns if counts[n]]
    return f" with {join(found)}" if found else ""


def _chart(p: ComposePlan, counts: Counter[str]) -> str:
    if counts["slice"] or counts["wedge"]:
        donut = any(s.kind == "wedge" and s.inner > 0 for s in p.shapes)
        return f"a {'donut' if donut else 'pie'} chart with {counted(counts['slice'] + counts['wedge'], 'slice')}"
    if counts["bar"]:
        return f"a bar chart with {counted(counts['bar'], 'bar')}"
    lines = [s for s in p.shapes if s.kind == "polyline"]
    if lines:
        points = max(len(s.points) for s in lines)
        return f"a line chart with {counted(len(lines), 'line')} through {points} points"
    return "a chart"


def _diagram(p: ComposePlan, counts: Counter[str]) -> str:
    parts = sum(1 for t in p.texts if t.role == "label")
    text = f"a diagram with {counted(parts, 'labelled part')}" if parts else "a diagram"
    arrows = counts["arrow"]
    return text + (f" joined by {counted(arrows, 'arrow')}" if arrows else "")


def grid_cells(layout: str) -> int:
    """Cells of a grid layout named like ``storyboard-2x3`` (0: not a grid)."""
    match = _GRID.search(layout)
    return int(match.group(1)) * int(match.group(2)) if match else 0


def _storyboard(p: ComposePlan, counts: Counter[str]) -> str:
    panels = counts["panel"] or grid_cells(p.layout)
    return f"a storyboard of {counted(panels, 'panel')}" if panels else "a storyboard"


#: What a user-interface mock-up shows, by a word of its layout name.
UI_SCREENS: dict[str, str] = {
    "dashboard": "a dashboard mock-up",
    "phone": "a phone app screen mock-up",
    "landing": "a web page mock-up",
    "web": "a web page mock-up",
}


def _ui(p: ComposePlan, counts: Counter[str]) -> str:
    words = set(re.split(r"[-_ ]", p.layout))
    screen = next((phrase for word, phrase in UI_SCREENS.items() if word in words), "a user-interface mock-up")
    return screen + _with(counts, "button", "field", "input")


KINDS: dict[str, Callable[[ComposePlan, Counter[str]], str]] = {
    "chart": _chart,
    "diagram": _diagram,
    "infographic": lambda p, n: "an infographic" + _with(n, "card", "panel", "icon", "step"),
    "ui": _ui,
    "logo": lambda p, n: "a logo",
    "storyboard": _storyboard,
    "product": lambda p, n: "a product shot",
    "poster": lambda p, n: "a poster",
    "banner": lambda p, n: "a banner",
    "social": lambda p, n: "a social media post",
}


def background_phrase(bg: Background) -> str:
    phrase = BACKGROUNDS.get(bg.kind, f"a {bg.kind} background")
    if bg.time == "night" and bg.kind not in ("night", "space"):
        phrase += " at night"
    elif bg.time == "sunset" and bg.kind != "sunset":
        phrase += " at sunset"
    return phrase


def _illustrations(p: ComposePlan) -> str:
    groups: Counter[tuple[str, str | None]] = Counter((a.icon, a.tint) for a in p.assets)
    if not groups and p.subjects:
        groups = Counter({(icon, None): count for _noun, icon, count in p.subjects})
    things = []
    for (icon, tint), count in list(groups.items())[:MAX_ICONS]:
        label = icon.replace("-", " ").replace("_", " ")
        if tint:
            label = f"{color_name(tint)} {label}"
        things.append(counted(count, f"{label} illustration"))
    rest = sum(list(groups.values())[MAX_ICONS:])
    if rest:
        things.append(counted(rest, "more illustration"))
    return join(things)


def _texts(p: ComposePlan) -> str:
    quoted = [f'the {t.role} "{t.text}"' for t in p.texts[:MAX_QUOTED]]
    rest = len(p.texts) - len(quoted)
    if rest:
        quoted.append(counted(rest, "more label"))
    return join(quoted)


def describe_plan(p: ComposePlan) -> str:
    """What ``p`` draws, in one paragraph."""
    backdrop = background_phrase(p.background)
    if p.kind in KINDS:
        what = KINDS[p.kind](p, shape_counts(p.shapes))
        sentences = [f"Here is {what} ({p.width}×{p.height} pixels) on {backdrop}."]
    else:
        sentences = [f"Here is a {p.width}×{p.height} image of {backdrop}."]
    things = _illustrations(p)
    if things and p.kind in KINDS:  # the kind already says how a document is laid out
        sentences.append(f"It shows {things}.")
    elif things:
        sentences.append(f"It shows {things} in {article(p.layout.replace('-', ' '))} layout.")
    if p.texts:
        sentences.append(f"The text reads {_texts(p)}.")
    finishes = [FINISHES.get(f, f) for f in p.filters]
    finished = f"finished with {join(finishes)}" if finishes else ""
    if p.styles:
        sentences.append(f"Style: {', '.join(p.styles)}" + (f", {finished}." if finished else "."))
    elif finished:
        sentences.append(f"It is {finished}.")
    if p.revision:
        times = "once" if p.revision == 1 else f"{p.revision} times"
        sentences.append(f"After checking the render, the layout was corrected {times}.")
    return " ".join(sentences)
