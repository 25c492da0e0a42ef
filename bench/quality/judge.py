"""Judging one output against its case: every declared check, measured on the pixels.

:func:`judge` returns one :class:`Check` per expectation (one per quoted string, per counted subject,
per relation …), so pass rates can be reported per check kind as well as per prompt. A check is
``passed=None`` only when it cannot be measured on this machine (text in a script no installed OCR
reads); such checks are counted apart and never as passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.quality import charts, geometry, legibility, look, ocrtext
from bench.quality.colors import dominant_is
from bench.quality.objects import Instance, find, measure_all
from bench.quality.prompts import Case
from openbanana.imaging.png import png_dimensions


@dataclass(frozen=True)
class Check:
    #: Kind of check: size, ocr, labels, present, count, color, relation, position, row, bigger, scale, kind,
    #: bars, pie, line, panels, scene, time, weather, style, text_color, text_at, largest, font, glyphs.
    name: str
    #: What was checked, e.g. "apple × 3" or a quoted string.
    target: str
    passed: bool | None
    detail: str
    #: For OCR checks: latin | cjk | other.
    script: str = ""


#: Style looks a case may ask for → plan style names that satisfy it (any) and the pixel measure.
STYLE_NAMES: dict[str, tuple[str, ...]] = {
    "minimal": ("minimal", "flat"),
    "retro": ("retro", "vintage"),
    "pop": ("pop", "pop-art", "popart", "comic"),
    "pastel": ("pastel",),
    "dark": ("dark", "dark-mode"),
    "corporate": ("corporate", "business", "professional"),
    "playful": ("playful",),
    "neon": ("neon",),
}
STYLE_PIXELS: dict[str, str] = {
    "minimal": "minimal",
    "pastel": "pastel",
    "dark": "dark",
    "neon": "neon",
    "pop": "vibrant",
}


class Scene:
    """The output under judgement, with per-subject measurements cached."""

    def __init__(self, png: bytes, plan: dict[str, Any]) -> None:
        self.png = png
        self.plan = plan
        self.image = ocrtext.decode(png)
        self.height, self.width = self.image.shape[:2]
        self.reading = ocrtext.Reading(png, self.image)
        self._measured: list[Instance] | None = None

    def found(self, word: str) -> list[Instance]:
        if self._measured is None:
            self._measured = measure_all(self.image, self.plan)
        return find(self.image, self.plan, word, self._measured)

    def visible(self, word: str) -> list[Instance]:
        return [i for i in self.found(word) if i.visible]

    def describe(self, word: str) -> str:
        found = self.found(word)
        if not found:
            return f"no {word!r} in the plan"
        return f"{sum(i.visible for i in found)} of {len(found)} planned {word!r} visible"


def _objects(scene: Scene, *words: str) -> tuple[list[list[Instance]], str | None]:
    groups = [scene.visible(w) for w in words]
    for w, g in zip(words, groups, strict=True):
        if not g:
            return groups, scene.describe(w)
    return groups, None


def _relation(scene: Scene, a: str, rel: str, b: str) -> tuple[bool, str]:
    (ga, gb), missing = _objects(scene, a, b)
    if missing:
        return False, missing
    if rel in geometry.NEEDS_IMAGE:
        return geometry.NEEDS_IMAGE[rel](ga, gb, scene.image)
    return geometry.RELATIONS[rel](ga, gb)


def _count(scene: Scene, word: str, n: int) -> tuple[bool, str]:
    shown = len(scene.visible(word))
    return shown == n, f"{scene.describe(word)}; expected {n}"


def _colour(scene: Scene, word: str, colour: str) -> tuple[bool, str]:
    group = scene.visible(word)
    if not group:
        return False, scene.describe(word)
    verdicts = [dominant_is(i.pixels(scene.image), colour) for i in group]
    bad = [d for ok, d in verdicts if not ok]
    return not bad, bad[0] if bad else verdicts[0][1]


def _position(scene: Scene, word: str, where: str) -> tuple[bool, str]:
    group = scene.visible(word)
    return geometry.position(group, where, scene.width, scene.height) if group else (False, scene.describe(word))


def _scale(scene: Scene, word: str, scale: str) -> tuple[bool, str]:
    group = scene.visible(word)
    return geometry.scale(group, scale, scene.width, scene.height) if group else (False, scene.describe(word))


def _style(scene: Scene, name: str) -> tuple[bool, str]:
    styles = [str(s) for s in scene.plan.get("styles", ())]
    named = any(s in STYLE_NAMES[name] for s in styles)
    pixels = STYLE_PIXELS.get(name)
    ok, detail = look.STYLE_LOOKS[pixels](scene.image) if pixels else (True, "no pixel measure")
    return named and ok, f"plan styles {styles}; {detail}"


def judge(case: Case, png: bytes, plan: dict[str, Any], width: int, height: int) -> list[Check]:
    """Every check of ``case`` on one output (``width`` × ``height``: the size asked for)."""
    out: list[Check] = []

    def add(name: str, target: str, verdict: tuple[bool | None, str], script: str = "") -> None:
        out.append(Check(name, target, verdict[0], verdict[1], script))

    try:
        size = png_dimensions(png)
    except ValueError:
        size = (0, 0)
    add("size", f"{width}×{height}", (size == (width, height), f"got {size[0]}×{size[1]}"))
    if size == (0, 0):
        return out
    s = Scene(png, plan)
    for text in case.texts:
        script = ocrtext.script_group(text)
        verdict = ocrtext.read_exact(s.reading, plan, text)
        add("ocr", text, verdict, script)
        if verdict[0] is None:
            add("glyphs", text, ocrtext.glyphs(plan, text), script)
        elif verdict[0]:
            add("contrast", text, legibility.contrast(s.reading, plan, text), script)
    for label in case.labels:
        add("labels", label, ocrtext.read_exact(s.reading, plan, label, ignore_case=True))
    for word in case.present:
        add("present", word, (bool(s.visible(word)), s.describe(word)))
    for word, n in case.count:
        add("count", f"{word} × {n}", _count(s, word, n))
    for word, colour in case.colors:
        add("color", f"{colour} {word}", _colour(s, word, colour))
    for a, rel, b in case.relations:
        add("relation", f"{a} {rel} {b}", _relation(s, a, rel, b))
    for word, where in case.positions:
        add("position", f"{word} {where}", _position(s, word, where))
    for word, n in case.row:
        add("row", f"row of {n} {word}", geometry.row(s.visible(word), n))
    for big, small, ratio in case.bigger:
        groups, missing = _objects(s, big, small)
        add("bigger", f"{big} > {small}", (False, missing) if missing else geometry.bigger(groups[0], groups[1], ratio))
    for word, scale in case.scales:
        add("scale", f"{scale} {word}", _scale(s, word, scale))
    if case.kind:
        add("kind", case.kind, (plan.get("kind") == case.kind, f"plan kind {plan.get('kind')!r}"))
    for name, values, fn in (
        ("bars", case.bars, charts.bars),
        ("pie", case.pie, charts.pie),
        ("line", case.line, charts.line),
    ):
        if values:
            add(name, ", ".join(f"{v:g}" for v in values), fn(s.image, plan, values))
    if case.panels:
        add("panels", str(case.panels), charts.panels(s.image, plan, case.panels))
    if case.scene:
        add("scene", "/".join(case.scene), look.scene(plan, case.scene))
    if case.time:
        add("time", case.time, look.time_of_day(s.image, plan, case.time))
    if case.weather:
        add("weather", case.weather, look.weather(plan, case.weather))
    if case.style:
        add("style", case.style, _style(s, case.style))
    for text, colour in case.text_colors:
        add("text_color", f"{colour} {text!r}", ocrtext.ink_color(s.reading, plan, text, colour))
    for text, where in case.text_at:
        add("text_at", f"{text!r} {where}", ocrtext.placed(s.reading, plan, text, where))
    if case.largest:
        add("largest", case.largest, ocrtext.largest(s.reading, plan, case.largest))
    for text, family in case.fonts:
        add("font", f"{family} {text!r}", ocrtext.font(plan, text, family))
    return out
