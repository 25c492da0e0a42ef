"""Scene-wide plan edits: a new background (a setting or a plain colour), another time of day, a
compose style, and a new aspect ratio (re-laid out from the prompt, earlier edits replayed).

Backgrounds are rebuilt by the scene builder with the plan's own illustrations and text boxes, so the
horizon still runs behind the feet of what stands and sky decorations stay off everything; the
illustrations and texts themselves are not touched.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace

from openbanana.editing.instructions import EditContext, parse_instruction
from openbanana.editing.ops import EditKind, EditOp
from openbanana.engine.request import ImageRequest, Turn
from openbanana.generators.compose import colors as C
from openbanana.generators.compose import styles as S
from openbanana.generators.compose.plan import Background, ComposePlan
from openbanana.generators.compose.plan_edits_text import reink
from openbanana.generators.compose.planner import build_plan
from openbanana.generators.compose.scene import GROUNDED, Subject, build_background, placement

#: Settings the scene builder draws.
SETTINGS = GROUNDED | {"sky", "night", "sunset", "space"}
#: A time of day over a plain sky or gradient → the setting that shows it.
_TIME_SETTING = {"day": "sky", "sunset": "sunset", "night": "night"}
#: Ops a replayed edit does not redo (the size comes from the request; versions are the caller's).
_NOT_REPLAYED = frozenset({EditKind.REFRAME, EditKind.ROLLBACK})


def edit_context(plan: ComposePlan, last_target: str | None = None) -> EditContext:
    """What an instruction about ``plan`` can refer to."""
    subjects = tuple(dict.fromkeys(a.noun for a in plan.assets))
    return EditContext(subjects, tuple((t.id, t.role, t.text) for t in plan.texts), last_target)


def is_plan_style(value: str | None) -> bool:
    return value in S.STYLES


def _rebuild(plan: ComposePlan, setting: str, time: str, request: ImageRequest, light: str | None) -> ComposePlan:
    width, height = request.output.width, request.output.height
    subjects = [Subject(a.box, placement(a.icon, setting)) for a in plan.assets]
    rng = random.Random(f"{plan.seed}:{plan.variant}:{setting}:{time}")
    texts = [t.box for t in plan.texts]
    background = build_background(setting, time, rng, texts, subjects, width, height, light)
    return reink(replace(plan, background=background))


def background(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    """A plain gradient of ``op.color``, or the scene for the setting ``op.value``."""
    if op.color is not None:
        colors = (C.lighten(op.color, 0.12), C.darken(op.color, 0.12))
        return reink(replace(plan, background=Background("gradient", colors, 180.0)))
    setting = op.value or ""
    if setting not in SETTINGS:
        return plan
    time = {"night": "night", "space": "night", "sunset": "sunset"}.get(setting, plan.background.time)
    return _rebuild(plan, setting, time, request, plan.background.light)


def time_of_day(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    """The same setting at ``op.value`` (day | sunset | night); a plain sky or gradient becomes the sky
    at that time."""
    time = op.value if op.value in _TIME_SETTING else None
    if time is None or plan.background.kind == "space":
        return plan
    kind = plan.background.kind
    setting = _TIME_SETTING[time] if kind in ("gradient", *_TIME_SETTING.values()) else kind
    return _rebuild(plan, setting, time, request, None)


def restyle(plan: ComposePlan, op: EditOp) -> ComposePlan:
    """A compose style: its finishes, typefaces and title effect, and its palette on a gradient."""
    name = op.value or ""
    style = S.STYLES.get(name)
    if style is None:
        return plan
    bg = plan.background
    if bg.kind == "gradient":
        if style.palettes:
            colors = random.Random(plan.seed * 7919 + plan.variant).choice(style.palettes)
        else:
            colors = tuple(S.treat(c, style) for c in bg.colors)
        decorations = bg.decorations if style.glows else tuple(d for d in bg.decorations if d.kind != "glow")
        bg = replace(bg, colors=tuple(colors), decorations=decorations)
    texts = tuple(
        replace(t, font=style.title_font or t.font, effect=style.title_effect or t.effect)
        if t.role == "title"
        else replace(t, font=style.body_font or t.font)
        for t in plan.texts
    )
    styles = tuple(dict.fromkeys((*plan.styles, name)))
    filters = tuple(dict.fromkeys((*plan.filters, *style.filters)))
    return reink(replace(plan, background=bg, texts=texts, styles=styles, filters=filters))


def replay_ops(plan: ComposePlan, instruction: str, last: str | None = None) -> tuple[EditOp, ...]:
    """The ops of an earlier instruction, read again against ``plan`` (reframes and rollbacks left out)."""
    ops = parse_instruction(instruction, edit_context(plan, last))
    return tuple(op for op in ops if op.kind not in _NOT_REPLAYED)


def reframe(
    plan: ComposePlan, request: ImageRequest, apply: Callable[[ComposePlan, Sequence[EditOp]], ComposePlan]
) -> ComposePlan:
    """``plan``'s prompt laid out afresh for ``request.output`` at the plan's seed and variant, with the
    plan's earlier edits replayed by ``apply`` so they stick. A scene with reference cut-outs keeps its
    plan (a fresh layout would lose the user's images): its fractional boxes are drawn at the new size
    and each cut-out keeps its own shape inside its box."""
    if any(a.image for a in plan.assets):
        return plan
    original = replace(request, turns=(Turn("user", (plan.prompt,)),))
    fresh = build_plan(original, plan.seed, plan.variant)
    last: str | None = None
    for instruction in plan.edits:
        ops = replay_ops(fresh, instruction, last)
        fresh = apply(fresh, ops)
        last = next((op.target for op in reversed(ops) if op.target), last)
    return replace(fresh, edits=plan.edits)
