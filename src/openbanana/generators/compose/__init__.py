"""``compose``: the embedded default generator (CPU only, no model weights).

It reads the prompt (quoted strings, subjects and counts, colours, scene and style words), lays out a
scene for the exact output size, draws it as SVG (vendored Fluent Emoji illustrations, HarfBuzz-shaped
text as outlines) and rasterises it with skia. Fonts and the illustration index load lazily on first
use and are shared by all threads.
"""

from __future__ import annotations

from openbanana.engine.request import ImageRequest
from openbanana.generators.base import CheckReport, Plan, RenderedImage
from openbanana.generators.compose.checks import run_checks
from openbanana.generators.compose.correct import correct_plan
from openbanana.generators.compose.describe import describe_plan
from openbanana.generators.compose.edit_planner import plan_edit
from openbanana.generators.compose.photo_edit import PhotoEditPlan
from openbanana.generators.compose.photo_render import check_photo_edit, describe_photo_edit, render_photo_edit
from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.planner import build_plan
from openbanana.generators.compose.render import build_svg, rasterize_plan

__all__ = ["ComposeGenerator", "ComposePlan", "describe_plan"]


def _as_plan(plan: Plan) -> ComposePlan:
    if not isinstance(plan, ComposePlan):
        raise TypeError(f"compose cannot use a {type(plan).__name__}")
    return plan


class ComposeGenerator:
    """The default generator. Stateless apart from process-wide caches, so one instance may serve every
    thread. ``thorough_ocr=False`` turns the OCR part of thorough checks off (guard and pixel checks remain).

    Fonts come from the directories in ``OPENBANANA_FONT_DIRS`` plus the usual system font directories
    (see :mod:`~openbanana.generators.compose.fonts`). :meth:`plan` raises ``InvalidArgument`` when the
    prompt's quoted text is over :data:`~openbanana.generators.compose.planner.MAX_QUOTED_CHARS`
    characters or :data:`~openbanana.generators.compose.planner.MAX_QUOTED_STRINGS` strings."""

    name = "compose"

    def __init__(self, *, thorough_ocr: bool = True) -> None:
        self.thorough_ocr = thorough_ocr

    # -- protocol --------------------------------------------------------------------------------
    def plan(self, request: ImageRequest, seed: int, variant: int) -> ComposePlan | PhotoEditPlan:
        if request.input_images or request.latest_model_image() is not None:
            edit = plan_edit(request, seed)
            if edit is not None:
                return edit  # type: ignore[return-value]
        return build_plan(request, seed, variant)

    def render(self, plan: Plan, request: ImageRequest) -> RenderedImage:
        width, height = request.output.width, request.output.height
        if isinstance(plan, PhotoEditPlan):
            return render_photo_edit(plan, width, height, request.seed or 0)
        p = _as_plan(plan)
        svg = build_svg(p, width, height)
        return RenderedImage(png=rasterize_plan(p, svg, width, height), width=width, height=height, svg=svg)

    def check(self, plan: Plan, image: RenderedImage, request: ImageRequest, thorough: bool) -> CheckReport:
        if isinstance(plan, PhotoEditPlan):
            return check_photo_edit(plan, image, thorough and self.thorough_ocr)
        p = _as_plan(plan)
        return run_checks(p, image, request.output.width, request.output.height, thorough, self.thorough_ocr)

    def correct(self, plan: Plan, report: CheckReport, request: ImageRequest) -> ComposePlan | None:
        if isinstance(plan, PhotoEditPlan) or _as_plan(plan).edits:
            return None  # an edit changes what was asked and nothing else: no corrections elsewhere
        return correct_plan(_as_plan(plan), report)

    def describe(self, plan: Plan, request: ImageRequest) -> str:
        if isinstance(plan, PhotoEditPlan):
            return describe_photo_edit(plan)
        return describe_plan(_as_plan(plan))
