"""``compose``: the embedded default generator (CPU only, no model weights).

It reads the prompt (quoted strings, subjects and counts, colours, scene and style words), lays out a
scene for the exact output size, draws it as SVG (vendored Fluent Emoji illustrations, HarfBuzz-shaped
text as outlines) and rasterises it with skia. Fonts and the illustration index load lazily on first
use and are shared by all threads.
"""

from __future__ import annotations

from dataclasses import replace

from openbanana.engine.request import ImageRequest
from openbanana.generators.base import CheckReport, Plan, RenderedImage
from openbanana.generators.compose.checks import run_checks
from openbanana.generators.compose.plan import ComposePlan, TextElement
from openbanana.generators.compose.planner import build_plan, style_text
from openbanana.generators.compose.render import build_svg, rasterize

__all__ = ["ComposeGenerator", "ComposePlan"]


def _as_plan(plan: Plan) -> ComposePlan:
    if not isinstance(plan, ComposePlan):
        raise TypeError(f"compose cannot use a {type(plan).__name__}")
    return plan


class ComposeGenerator:
    """The default generator. Stateless apart from process-wide caches, so one instance may serve every
    thread. ``thorough_ocr=False`` turns the OCR part of thorough checks off (guard checks remain).

    Fonts come from the directories in ``OPENBANANA_FONT_DIRS`` plus the usual system font directories
    (see :mod:`~openbanana.generators.compose.fonts`). :meth:`plan` raises ``InvalidArgument`` when the
    prompt's quoted text is over :data:`~openbanana.generators.compose.planner.MAX_QUOTED_CHARS`
    characters or :data:`~openbanana.generators.compose.planner.MAX_QUOTED_STRINGS` strings."""

    name = "compose"

    def __init__(self, *, thorough_ocr: bool = True) -> None:
        self.thorough_ocr = thorough_ocr

    # -- protocol --------------------------------------------------------------------------------
    def plan(self, request: ImageRequest, seed: int, variant: int) -> ComposePlan:
        return build_plan(request, seed, variant)

    def render(self, plan: Plan, request: ImageRequest) -> RenderedImage:
        p = _as_plan(plan)
        width, height = request.output.width, request.output.height
        svg = build_svg(p, width, height)
        return RenderedImage(png=rasterize(svg, width, height), width=width, height=height, svg=svg)

    def check(self, plan: Plan, image: RenderedImage, request: ImageRequest, thorough: bool) -> CheckReport:
        p = _as_plan(plan)
        return run_checks(p, image, request.output.width, request.output.height, thorough and self.thorough_ocr)

    def correct(self, plan: Plan, report: CheckReport, request: ImageRequest) -> ComposePlan | None:
        p = _as_plan(plan)
        if report.passed or p.revision >= 3:
            return None
        targets: dict[str, set[str]] = {}
        for issue in report.issues:
            if issue.target:
                targets.setdefault(issue.target, set()).add(issue.check)
        if not targets:
            return None
        texts: list[TextElement] = []
        changed: list[str] = []
        for el in p.texts:
            checks = targets.get(el.id, set())
            new = el
            if "overflow" in checks or "bounds" in checks:
                new = replace(new, scale=round(new.scale * 0.85, 3))
                changed.append(f"shrank {el.id}")
            if "ocr" in checks or "legibility" in checks:
                if new.plate_opacity < 0.85 or not new.bold:
                    new = style_text(replace(new, bold=True), p.background, el.requested_color, force_plate=True)
                    new = replace(new, plate_opacity=0.95)
                    changed.append(f"bold text on a plate for {el.id}")
                elif new.max_size < 0.3:
                    new = replace(new, max_size=round(new.max_size * 1.3, 4))
                    changed.append(f"enlarged {el.id}")
            texts.append(new)
        if not changed:
            return None
        return p.with_texts(tuple(texts), "; ".join(changed))

    def describe(self, plan: Plan, request: ImageRequest) -> str:
        return describe_plan(_as_plan(plan))


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe_plan(p: ComposePlan) -> str:
    bg = p.background
    if bg.kind == "gradient":
        background = "a soft colour gradient background"
    else:
        background = {
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
        }.get(bg.kind, f"a {bg.kind} background")
        if bg.time == "night" and bg.kind not in ("night", "space"):
            background += " at night"
        elif bg.time == "sunset" and bg.kind != "sunset":
            background += " at sunset"
    sentences = [f"Here is a {p.width}×{p.height} image with {background}."]
    if p.subjects:
        things = []
        for _noun, icon, count in p.subjects:
            label = icon.replace("-", " ")
            things.append(f"{count} {label} illustrations" if count > 1 else f"a {label} illustration")
        sentences.append(f"It shows {_join(things)} in a {p.layout.replace('-', ' ')} layout.")
    if p.texts:
        parts = [f'the {t.role} "{t.text}"' for t in p.texts]
        sentences.append(f"The text reads {_join(parts)}.")
    if p.styles:
        sentences.append(f"Style: {', '.join(p.styles)}.")
    return " ".join(sentences)
