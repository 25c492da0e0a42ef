"""Corrections: a revised plan that fixes what the checks found.

Each check has a fixer (:data:`FIXERS`). Issues are handled worst first; each element gets at most one
change of geometry (move, grow, shrink) and one of style (ink, plate, weight) per round, so two fixes
never fight over the same element. The plan is edited immutably and the round's changes are recorded
as one note; the engine renders and checks the result again, within its rounds and time budget.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable
from dataclasses import replace

from openbanana.generators.base import CheckIssue, CheckReport
from openbanana.generators.compose import checks_report as R
from openbanana.generators.compose import colors as C
from openbanana.generators.compose.checks_guard import legible_px, shape_points
from openbanana.generators.compose.correct_layout import (
    MARGIN,
    Draft,
    moved_box,
    overlap,
    scaled_box,
)
from openbanana.generators.compose.plan import Box, ComposePlan, TextElement
from openbanana.generators.compose.render_text import place_text

#: A plan is revised at most this many times (the engine's rounds and time budget usually stop first).
MAX_REVISIONS = 3
#: Box growth factors tried, in order, for text that does not fit (or only at an unreadable size).
GROWTH = (1.3, 1.7, 2.2, 2.9, 3.8)
#: Grown boxes aim for text this many times the smallest readable size.
COMFORT = 1.4
#: Plate colours: the lightest and darkest the plan uses for text.
LIGHT, DARK = "#ffffff", "#111111"
PLATE_OPACITY = 0.92
#: A new ink colour must beat the needed contrast by this factor (measurements are medians).
HEADROOM = 1.15
#: Below this measured contrast an unreadable text is faint and gets a plate (WCAG AA for body text).
FAINT = 4.5
#: Text shrinks by this factor when its ink spills out of its box.
SHRINK = 0.85


def _other(issue: CheckIssue) -> str | None:
    return getattr(issue, "other", None)


# -- text: geometry ---------------------------------------------------------------------------------


def _grow(d: Draft, el: TextElement) -> str | None:
    """A bigger box, at the least growth that fits the text at a comfortable size (else at a readable
    one), preferring one that runs into nothing; it grows about its centre first, then from an edge."""
    width, height = d.size
    legible = legible_px(width, height)
    mx, my = MARGIN * d.short / width, MARGIN * d.short / height
    obstacles = d.obstacles({el.id})
    readable: TextElement | None = None
    fallback: tuple[float, TextElement] | None = None
    for factor in GROWTH:
        for fw, fh in ((factor, factor), (1.0, factor), (factor, 1.0)):
            w, h = min(1 - 2 * mx, el.box.w * fw), min(1 - 2 * my, el.box.h * fh)
            if w <= el.box.w + 1e-6 and h <= el.box.h + 1e-6:
                continue
            for ax in (0.5, 0.0, 1.0):
                for ay in (0.5, 0.0, 1.0):
                    x = min(max(mx, el.box.x - (w - el.box.w) * ax), 1 - mx - w)
                    y = min(max(my, el.box.y - (h - el.box.h) * ay), 1 - my - h)
                    new = replace(el, box=Box(round(x, 5), round(y, 5), round(w, 5), round(h, 5)), scale=1.0)
                    fitted = place_text(new, width, height).fitted
                    if fitted.overflow or fitted.size < legible:
                        continue
                    hit = sum(overlap(d.text_print(new), o) for o in obstacles)
                    if hit <= 0 and fitted.size >= COMFORT * legible:
                        return _regrown(d, el, new)
                    if hit <= 0:
                        readable = readable or new
                    elif fallback is None or hit < fallback[0]:
                        fallback = (hit, new)
    new_box = readable or (fallback[1] if fallback else None)
    return _regrown(d, el, new_box) if new_box else None


def _regrown(d: Draft, el: TextElement, new: TextElement) -> str:
    d.texts[el.id] = new
    return f"gave {el.id} a {new.box.w / el.box.w:.1f}× wider, {new.box.h / el.box.h:.1f}× taller box"


def _shrink(d: Draft, el: TextElement) -> str:
    d.texts[el.id] = replace(el, scale=round(el.scale * SHRINK, 3))
    return f"shrank {el.id}"


def fix_fit(d: Draft, issue: CheckIssue) -> str | None:
    """Text that does not fit (or only at an unreadable size): a bigger box; when the fit itself is
    fine, the ink spills past the font's metrics and the text shrinks instead."""
    el = d.texts[issue.target or ""]
    if not d.once(el.id, "geometry"):
        return None
    fitted = place_text(el, *d.size).fitted
    if not fitted.overflow and fitted.size >= legible_px(*d.size) - 0.05:
        return _shrink(d, el)
    return _grow(d, el)


def fix_spill(d: Draft, issue: CheckIssue) -> str | None:
    """Ink off the canvas, at its edge or out of its box: back onto the canvas, a little smaller."""
    el = d.texts[issue.target or ""]
    if place_text(el, *d.size).fitted.overflow:
        return fix_fit(d, issue)
    if not d.once(el.id, "geometry"):
        return None
    dx, dy = d.into_canvas(d.text_print(el))
    if abs(dx) < 0.5 and abs(dy) < 0.5:
        return _shrink(d, el)
    scale = el.scale * (0.92 if issue.check != R.CLIP else 1.0)
    d.texts[el.id] = replace(el, box=moved_box(el.box, dx, dy, *d.size), scale=round(scale, 3))
    return f"moved {el.id} back onto the canvas"


def fix_text_overlap(d: Draft, issue: CheckIssue) -> str | None:
    """Two texts collide: move the later one to the nearest free place; failing that, shrink both."""
    el = d.texts[issue.target or ""]
    if not d.once(el.id, "geometry"):
        return None
    block = d.text_print(el)
    shift = d.free_shift(block, d.obstacles({el.id})) or d.free_shift(block, d.obstacles({el.id}, art=False))
    if shift is not None:
        d.texts[el.id] = replace(el, box=moved_box(el.box, *shift, *d.size))
        d.once(el.id, "style")  # new surroundings: its colour is judged on the next render
        return f"moved {el.id} clear of {_other(issue)}"
    # No room as they are: both get smaller, and the later one moves into the room that makes.
    other = d.texts.get(_other(issue) or "")
    if other is not None and d.once(other.id, "geometry"):
        d.texts[other.id] = replace(other, scale=round(other.scale * 0.8, 3))
    smaller = replace(el, scale=round(el.scale * 0.75, 3))
    shift = d.free_shift(d.text_print(smaller), d.obstacles({el.id}, art=False))
    d.texts[el.id] = smaller if shift is None else replace(smaller, box=moved_box(el.box, *shift, *d.size))
    return f"shrank {el.id} and {_other(issue)}" + ("" if shift is None else f", moved {el.id} clear")


# -- text: style -------------------------------------------------------------------------------------


def _plate_for(ink: str) -> str:
    return LIGHT if C.contrast(ink, LIGHT) >= C.contrast(ink, DARK) else DARK


def _plated(el: TextElement, bold: bool = False) -> TextElement:
    """``el`` on an opaque plate of the colour that reads best with its ink (a mid-tone ink that reads
    on neither, unless the prompt asked for it, turns near-black on white)."""
    ink = el.color
    if el.requested_color is None and max(C.contrast(ink, LIGHT), C.contrast(ink, DARK)) < 4.5:
        ink = DARK
    return replace(el, color=ink, plate=_plate_for(ink), plate_opacity=PLATE_OPACITY, bold=el.bold or bold)


def _shade_that_reads(color: str, background: str, need: float) -> str | None:
    """The closest darker shade of an asked-for colour that reaches ``need`` on a light ``background``:
    "red" stays red, only deeper, before a plate is needed. (Lighter shades are not tried: a lighter
    red reads as pink, so on a dark ground the plate keeps the colour that was asked for.)"""
    _h, _l, saturation = colorsys.rgb_to_hls(*C.to_rgb(color))
    if C.luminance(background) <= 0.18 or saturation < 0.25:  # a darker white is grey, not white
        return None
    for step in range(1, 6):
        shade = C.darken(color, step * 0.07)
        if C.contrast(shade, background) >= need:
            return shade
    return None


def fix_contrast(d: Draft, issue: CheckIssue) -> str | None:
    """Low contrast against the measured background: the best-contrast ink when one reads well and the
    prompt did not ask for a colour, otherwise a plate behind the text."""
    el = d.texts[issue.target or ""]
    if not d.once(el.id, "style"):
        return None
    cx, cy = el.box.x + el.box.w / 2, el.box.y + el.box.h / 2
    background = getattr(issue, "background", None) or d.plan.background.color_at(cx, cy)
    need = getattr(issue, "need", 0.0) or 4.5
    was = C.contrast(el.color, background)
    patchy = was >= need  # the median reads, but much of the ground around the text does not
    inks = [el.color, DARK, LIGHT, C.darken(background, 0.8), C.lighten(background, 0.88)]
    best = max(inks, key=lambda c: C.contrast(c, background))
    if el.requested_color is None and not patchy and C.contrast(best, background) >= need * HEADROOM:
        d.texts[el.id] = replace(el, color=best)
        return f"{best} ink for {el.id} on {background} ({was:.1f}:1 → {C.contrast(best, background):.1f}:1)"
    shade = _shade_that_reads(el.color, background, need * HEADROOM) if el.requested_color and not patchy else None
    if shade is not None:
        d.texts[el.id] = replace(el, color=shade)
        now = C.contrast(shade, background)
        return f"a deeper shade {shade} of the asked-for {el.color} for {el.id} ({was:.1f}:1 → {now:.1f}:1)"
    d.texts[el.id] = _plated(el)
    return f"a {d.texts[el.id].plate} plate behind {el.id}"


def _siblings(d: Draft, el: TextElement, kind: str) -> list[TextElement]:
    """``el`` and the texts styled like it (same role, typeface, weight, colour, size cap and effect: a
    row of axis labels, the captions of a set of cards) whose ``kind`` of change is still free this
    round. A style fix changes them together, so a set never ends up with one odd member."""
    style = (el.role, el.font, el.bold, el.color, el.max_size, el.effect)
    group = [el]
    for t in d.texts.values():
        if t.id != el.id and (t.role, t.font, t.bold, t.color, t.max_size, t.effect) == style and d.once(t.id, kind):
            group.append(t)
    return group


def fix_ocr(d: Draft, issue: CheckIssue) -> str | None:
    """Text OCR cannot read back. On a faint or busy ground (or unmeasured): bold on a plate. On a
    clean ground people read it already (OCR misses short labels now and then), so it gets heavier,
    then larger, together with its siblings: a plate on one axis label would be the odd one out.
    Text whose colour or surroundings another fix changed this round is read again first (its failure
    was most likely a symptom of that)."""
    el = d.texts[issue.target or ""]
    if (el.id, "style") in d.done:
        return None
    contrast: float = getattr(issue, "contrast", 0.0)
    faint = contrast < FAINT or bool(getattr(issue, "busy", False))
    if faint and el.plate_opacity < 0.85 and d.once(el.id, "style"):
        d.texts[el.id] = replace(_plated(el, bold=True), plate_opacity=0.95)
        return f"bold text on a plate for {el.id}"
    if not el.bold and d.once(el.id, "style"):
        group = _siblings(d, el, "style")
        for t in group:
            d.texts[t.id] = replace(t, bold=True)
        return f"bold {', '.join(t.id for t in group)}"
    if el.max_size < 0.3 and d.once(el.id, "geometry"):
        group = _siblings(d, el, "geometry")
        for t in group:
            d.texts[t.id] = replace(t, max_size=round(min(0.3, t.max_size * 1.3), 4), scale=1.0)
        return f"enlarged {', '.join(t.id for t in group)}"
    return None


# -- illustrations and shapes ------------------------------------------------------------------------


def _move_art(d: Draft, asset_id: str, why: str) -> str | None:
    """Move an illustration to the nearest place clear of text and other illustrations; failing that,
    make it smaller (70%) and try again."""
    a = d.assets[asset_id]
    if not d.once(a.id, "geometry"):
        return None
    obstacles = d.obstacles({a.id})
    for k in (1.0, 0.7, 0.5):
        trial = replace(a, box=scaled_box(a.box, k)) if k < 1 else a
        shift = d.free_shift(d.art_print(trial), obstacles)
        if shift is not None:
            d.assets[a.id] = replace(trial, box=moved_box(trial.box, *shift, *d.size))
            return f"moved {a.id} ({a.icon}) {why}" + (f" at {k:.0%} size" if k < 1 else "")
    return None


def fix_text_on_art(d: Draft, issue: CheckIssue) -> str | None:
    """Text over an illustration: move the illustration away; if there is no room, a plate."""
    asset_id = _other(issue)
    if asset_id in d.assets:
        note = _move_art(d, asset_id, f"off {issue.target}")
        if note:
            d.once(issue.target or "", "style")  # its ground changed: judged again on the next render
            return note
    el = d.texts[issue.target or ""]
    if not d.once(el.id, "style"):
        return None
    d.texts[el.id] = _plated(el)
    return f"a plate behind {el.id} over {asset_id}"


def fix_art_overlap(d: Draft, issue: CheckIssue) -> str | None:
    """Two illustrations collide: move the smaller; if there is no room, shrink both."""
    note = _move_art(d, issue.target or "", f"clear of {_other(issue)}")
    if note:
        return note
    shrunk = []
    for asset_id in (issue.target or "", _other(issue) or ""):
        a = d.assets.get(asset_id)
        if a is not None and (asset_id == issue.target or d.once(asset_id, "geometry")):
            d.assets[asset_id] = replace(a, box=scaled_box(a.box, 0.8))
            shrunk.append(asset_id)
    return f"shrank {' and '.join(shrunk)}" if shrunk else None


def fix_art_bounds(d: Draft, issue: CheckIssue) -> str | None:
    """An illustration off the canvas: back inside, clear of the rest where there is room."""
    a = d.assets[issue.target or ""]
    if (a.id, "geometry") in d.done:
        return None
    note = _move_art(d, a.id, "back onto the canvas")
    if note:
        return note
    dx, dy = d.into_canvas(d.art_print(a))
    d.assets[a.id] = replace(a, box=moved_box(a.box, dx, dy, *d.size))
    return f"moved {a.id} ({a.icon}) back onto the canvas"


def _clamp(v: float) -> float:
    return round(min(1.0, max(0.0, v)), 5)


def fix_shape_bounds(d: Draft, issue: CheckIssue) -> str | None:
    """A shape off the canvas: areas move back in (and shrink to the canvas if bigger); lines and
    polygons have their points pulled onto the canvas."""
    s = d.shapes[issue.target or ""]
    if not d.once(s.id, "geometry"):
        return None
    if s.kind in ("rect", "ellipse", "wedge"):
        box = s.box
        w, h = min(box.w, 1.0), min(box.h, 1.0)
        x, y = min(max(box.x, 0.0), 1.0 - w), min(max(box.y, 0.0), 1.0 - h)
        d.shapes[s.id] = replace(s, box=Box(_clamp(x), _clamp(y), round(w, 5), round(h, 5)))
    elif s.kind in ("line", "arrow"):
        (x0, y0), (x1, y1) = shape_points(s)
        x0, y0, x1, y1 = _clamp(x0), _clamp(y0), _clamp(x1), _clamp(y1)
        d.shapes[s.id] = replace(s, box=Box(x0, y0, round(x1 - x0, 5), round(y1 - y0, 5)))
    else:
        d.shapes[s.id] = replace(s, points=tuple((_clamp(x), _clamp(y)) for x, y in s.points))
    return f"brought shape {s.id} back onto the canvas"


Fixer = Callable[[Draft, CheckIssue], str | None]

FIXERS: dict[str, Fixer] = {
    R.BOUNDS: fix_spill,
    R.OVERFLOW: fix_fit,
    R.LEGIBILITY: fix_fit,
    R.EDGE: fix_spill,
    R.CLIP: fix_spill,
    R.TEXT_OVERLAP: fix_text_overlap,
    R.ART_BOUNDS: fix_art_bounds,
    R.TEXT_ON_ART: fix_text_on_art,
    R.ART_OVERLAP: fix_art_overlap,
    R.SHAPE_BOUNDS: fix_shape_bounds,
    R.CONTRAST: fix_contrast,
    R.CONTRAST_AAA: fix_contrast,
    R.OCR: fix_ocr,
}


def _exists(d: Draft, target: str | None) -> bool:
    return target is not None and (target in d.texts or target in d.assets or target in d.shapes)


#: The order fixes are tried in: placement first (a text that moves gets new surroundings, so its colour
#: waits for the next measurement), then colour, then OCR, whose failures are mostly symptoms of the rest.
ORDER = {check: n for n, check in enumerate(FIXERS)}


def correct_plan(plan: ComposePlan, report: CheckReport) -> ComposePlan | None:
    """The plan with this round's fixes, or None when nothing failed or nothing more can be done."""
    if report.passed or plan.revision >= MAX_REVISIONS:
        return None
    d = Draft(plan)
    for issue in sorted(report.issues, key=lambda i: (ORDER.get(i.check, len(ORDER)), -i.severity)):
        fixer = FIXERS.get(issue.check)
        if fixer is not None and _exists(d, issue.target):
            note = fixer(d, issue)
            if note:
                d.notes.append(note)
    return d.build() if d.notes else None
