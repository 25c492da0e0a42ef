"""Guard checks: cheap tests on the plan's geometry and the PNG header, run on every request (MINIMAL
thinking included), in well under a millisecond per element.

They catch what needs no pixels: the exact output size, characters no font covers, text that cannot fit
its box, and illustrations or shapes placed off the canvas.
"""

from __future__ import annotations

from openbanana.generators.base import CheckIssue, RenderedImage
from openbanana.generators.compose import checks_report as R
from openbanana.generators.compose.checks_report import ComposeIssue
from openbanana.generators.compose.plan import AssetPlacement, ComposePlan, Shape
from openbanana.generators.compose.render_text import place_text
from openbanana.imaging.png import png_dimensions

Rect = tuple[float, float, float, float]

#: An illustration may hang this much of its drawn square off the canvas (its artwork has margins).
ASSET_OUTSIDE_OK = 0.08
#: A filled shape may bleed this much of its area off the canvas (full-bleed panels, corner blobs).
SHAPE_OUTSIDE_OK = 0.35
#: Line, arrow and polygon points may lie this far (canvas fraction) outside.
POINT_SLACK = 0.01
#: Text smaller than this fraction of the canvas' geometric mean side (and 6 px) is too small to read at
#: the size the image is shown (9 px on a 1K square).
LEGIBLE = 0.009
#: Shapes whose area lies in their box; the others are drawn through points.
_AREA_SHAPES = frozenset({"rect", "ellipse", "wedge"})


def legible_px(width: int, height: int) -> float:
    """The smallest text size (px) a reader can take in at this canvas size."""
    return max(6.0, LEGIBLE * (width * height) ** 0.5) if min(width, height) >= 256 else 4.0


def asset_rect(a: AssetPlacement, width: int, height: int) -> Rect:
    """The square (px) an illustration is drawn into: the largest one centred in its box."""
    x, y, w, h = a.box.px(width, height)
    side = min(w, h)
    return (x + (w - side) / 2, y + (h - side) / 2, side, side)


def outside_fraction(rect: Rect, width: float, height: float) -> float:
    """How much of ``rect``'s area lies off a ``width`` × ``height`` canvas (0..1)."""
    x, y, w, h = rect
    if w <= 0 or h <= 0:
        return 0.0
    iw = max(0.0, min(x + w, width) - max(x, 0.0))
    ih = max(0.0, min(y + h, height) - max(y, 0.0))
    return 1.0 - (iw * ih) / (w * h)


def shape_points(s: Shape) -> list[tuple[float, float]]:
    """The points (canvas fractions) that a line, arrow, polyline or polygon runs through."""
    if s.kind in ("line", "arrow"):
        return [(s.box.x, s.box.y), (s.box.x + s.box.w, s.box.y + s.box.h)]
    return list(s.points)


def _size_issue(image: RenderedImage, width: int, height: int) -> list[CheckIssue]:
    size: tuple[int, int] | None
    try:
        size = png_dimensions(image.png)
    except ValueError:
        size = None
    if size == (width, height) and (image.width, image.height) == (width, height):
        return []
    found = "not a PNG" if size is None else f"{size[0]}x{size[1]}"
    return [ComposeIssue(R.SIZE, f"image is {found}, expected {width}x{height}", 1.0)]


def _text_issues(plan: ComposePlan, width: int, height: int) -> list[CheckIssue]:
    issues: list[CheckIssue] = []
    for el in plan.texts:
        placed = place_text(el, width, height)
        fit = placed.fitted
        if fit.missing:
            issues.append(ComposeIssue(R.GLYPHS, f"no font covers {''.join(fit.missing)!r} in {el.text!r}", 0.9, el.id))
        x, y, w, h = placed.block
        if x < -0.5 or y < -0.5 or x + w > width + 0.5 or y + h > height + 0.5:
            issues.append(ComposeIssue(R.BOUNDS, f"text {el.id} leaves the canvas", 1.0, el.id))
        if fit.overflow:
            issues.append(ComposeIssue(R.OVERFLOW, f"text {el.id} does not fit its box", 0.8, el.id))
        if fit.size < legible_px(width, height) - 0.05 and not fit.overflow:
            issues.append(ComposeIssue(R.LEGIBILITY, f"text {el.id} is only {fit.size:.1f}px tall", 0.3, el.id))
    return issues


def _asset_issues(plan: ComposePlan, width: int, height: int) -> list[CheckIssue]:
    issues: list[CheckIssue] = []
    for a in plan.assets:
        out = outside_fraction(asset_rect(a, width, height), width, height)
        if out > ASSET_OUTSIDE_OK:
            severity = min(0.8, 0.3 + 0.5 * out)
            message = f"{out:.0%} of {a.id} ({a.icon}) is off the canvas"
            issues.append(ComposeIssue(R.ART_BOUNDS, message, severity, a.id))
    return issues


def _shape_issues(plan: ComposePlan, width: int, height: int) -> list[CheckIssue]:
    issues: list[CheckIssue] = []
    for s in plan.shapes:
        if s.kind in _AREA_SHAPES:
            out = outside_fraction(s.box.px(width, height), width, height)
            if out > SHAPE_OUTSIDE_OK:
                issues.append(ComposeIssue(R.SHAPE_BOUNDS, f"{out:.0%} of shape {s.id} is off the canvas", 0.3, s.id))
            continue
        lo, hi = -POINT_SLACK, 1.0 + POINT_SLACK
        if any(not (lo <= px <= hi and lo <= py <= hi) for px, py in shape_points(s)):
            issues.append(ComposeIssue(R.SHAPE_BOUNDS, f"shape {s.id} ({s.kind}) runs off the canvas", 0.3, s.id))
    return issues


def guard_checks(plan: ComposePlan, image: RenderedImage, width: int, height: int) -> list[CheckIssue]:
    """Every guard issue: output size, then text, illustrations and shapes."""
    return [
        *_size_issue(image, width, height),
        *_text_issues(plan, width, height),
        *_asset_issues(plan, width, height),
        *_shape_issues(plan, width, height),
    ]
