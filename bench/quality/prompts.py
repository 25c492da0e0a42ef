"""The prompt set: each prompt with the machine checks that decide whether its image is right.

A :class:`Case` is data only. The checks a case declares are judged on the output pixels by
:mod:`bench.quality.judge`; every case also gets the exact-size check. Expected values come from the
prompt itself (quoted strings, counts, colours, relations, numbers), never from what the generator
happens to do today, so cases for features the generator lacks simply fail.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

#: Category → what it covers (report order).
CATEGORIES: dict[str, str] = {
    "subjects": "subjects, synonyms and plurals",
    "counts": "exact numbers of a subject",
    "colours": "colour bound to the right object",
    "sizes": "relative and absolute object sizes",
    "spatial": "left/right, above/below, on/under, in front/behind, inside, around, corners, rows",
    "settings": "places, time of day and weather",
    "styles": "flat, minimal, retro, pop art, pastel, dark mode, corporate, playful",
    "text-latin": "quoted Latin and accented-Latin text, with role, font, colour and placement hints",
    "text-cjk": "quoted Chinese and Japanese text",
    "text-other": "quoted RTL, Devanagari, Thai, Hangul, Greek and Cyrillic text (reported separately)",
    "poster": "posters",
    "banner": "banners",
    "social": "social media posts",
    "infographic": "infographics",
    "diagram": "labelled diagrams and flowcharts",
    "chart": "bar, line and pie charts from numbers",
    "ui": "UI, app and website mock-ups",
    "logo": "logos",
    "storyboard": "storyboards and comic strips with N panels",
    "product": "product shots",
    "aspect": "aspect ratios 1:8 … 8:1 and sizes 512 … 4K",
    "unknown": "unknown words (must not error, quoted text still drawn)",
}


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    prompt: str
    ratio: str = "1:1"
    size: str = "512"
    #: Quoted strings that OCR must read back exactly (whitespace-insensitive).
    texts: tuple[str, ...] = ()
    #: Unquoted words the image must show as text (case-insensitive), e.g. diagram labels.
    labels: tuple[str, ...] = ()
    #: Subjects that must be visible at least once.
    present: tuple[str, ...] = ()
    #: (subject, exact number of visible instances).
    count: tuple[tuple[str, int], ...] = ()
    #: (subject, colour word): every visible instance shows that colour.
    colors: tuple[tuple[str, str], ...] = ()
    #: (A, relation, B) with relation in geometry.RELATIONS or geometry.NEEDS_IMAGE.
    relations: tuple[tuple[str, str, str], ...] = ()
    #: (subject, where) with where in geometry.POSITIONS.
    positions: tuple[tuple[str, str], ...] = ()
    #: (subject, n): exactly n of them side by side.
    row: tuple[tuple[str, int], ...] = ()
    #: (bigger subject, smaller subject, minimum linear size ratio).
    bigger: tuple[tuple[str, str, float], ...] = ()
    #: (subject, tiny | small | large | huge).
    scales: tuple[tuple[str, str], ...] = ()
    #: The plan's document kind.
    kind: str = ""
    bars: tuple[float, ...] = ()
    pie: tuple[float, ...] = ()
    line: tuple[float, ...] = ()
    panels: int = 0
    #: Acceptable background kinds.
    scene: tuple[str, ...] = ()
    #: day | sunset | night.
    time: str = ""
    #: rain | snow | fog | storm.
    weather: str = ""
    #: A style look: see judge.STYLE_NAMES.
    style: str = ""
    #: (quoted text, colour word of its letters).
    text_colors: tuple[tuple[str, str], ...] = ()
    #: (quoted text, where).
    text_at: tuple[tuple[str, str], ...] = ()
    #: A quoted text that must be the largest text on the image.
    largest: str = ""
    #: (quoted text, font family).
    fonts: tuple[tuple[str, str], ...] = ()


def _tuple(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_tuple(v) for v in value)
    return value


def case(id: str, category: str, prompt: str, **checks: Any) -> Case:
    """A case from literals (lists become tuples; unknown check names raise TypeError)."""
    return Case(id, category, prompt, **{k: _tuple(v) for k, v in checks.items()})


def check_names(c: Case) -> list[str]:
    """The checks a case declares (fields left at their defaults are not checks)."""
    skip = {"id", "category", "prompt", "ratio", "size"}
    return [f.name for f in fields(Case) if f.name not in skip and getattr(c, f.name) not in ((), "", 0)]


def load() -> list[Case]:
    """Every case, in report order; ids are unique."""
    from bench.quality import cases_docs, cases_scene, cases_text

    cases = [*cases_scene.CASES, *cases_text.CASES, *cases_docs.CASES]
    order = list(CATEGORIES)
    return sorted(cases, key=lambda c: order.index(c.category))
