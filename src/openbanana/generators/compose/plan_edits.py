"""Edits of openbanana's own images, made on their scene plan.

An instruction's ops (:mod:`openbanana.editing.instructions`) change the plan; the plan is rendered by
the same deterministic renderer, so every pixel the edit does not touch stays identical. Things are
found by noun (synonyms and plurals: "the automobile" is the car), text by role or by its words, and a
thing the plan does not have changes nothing (:func:`missing_targets` lists them for the caller to say
so). Ops a plan cannot carry (upscaling, translation, masked fills, pixel filters, version rollback) are
left to the caller (:func:`unapplied`). Scene-wide edits (background, time, restyle, reframe) live in
:mod:`.plan_edits_scene`, text edits in :mod:`.plan_edits_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from statistics import median

from openbanana.editing.ops import EditKind, EditOp
from openbanana.engine.request import ImageRequest
from openbanana.generators.compose import nouns
from openbanana.generators.compose import plan_edits_find as F
from openbanana.generators.compose import plan_edits_scene as SC
from openbanana.generators.compose import plan_edits_text as T
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.icon_colors import artwork_top
from openbanana.generators.compose.plan import AssetPlacement, Box, ComposePlan, Decoration
from openbanana.generators.compose.scene import decoration_box, placement

__all__ = ["apply_ops", "edit_context", "edit_plan", "missing_targets", "unapplied"]

edit_context = SC.edit_context

K = EditKind
#: Things one wears: added onto the top of what they are for, at a fraction of its size.
WEARABLES = frozenset({"hat", "cap", "crown", "helmet", "glasses", "sunglasses", "bow", "halo"})
#: Ops that only the pixel path can carry out.
_PIXEL_ONLY = frozenset({K.UPSCALE, K.TRANSLATE, K.ROLLBACK, K.FILL})
#: Ops whose ``target`` must be found in the plan.
_TARGETED = frozenset({K.RECOLOR, K.REPLACE, K.REMOVE, K.MOVE, K.RESIZE, K.TEXT, K.TEXT_STYLE})
#: A shift ("move it left") as a fraction of the canvas; resize limits; margin from the canvas edge.
SHIFT = 0.25
MIN_FACTOR, MAX_FACTOR = 0.2, 4.0
MARGIN = 0.04
#: Where a region or direction puts a thing: the centre of its box, as canvas fractions.
SPOTS: dict[str, tuple[float, float]] = {
    "top-left": (0.2, 0.2), "top": (0.5, 0.18), "top-right": (0.8, 0.2), "left": (0.2, 0.55),
    "center": (0.5, 0.5), "right": (0.8, 0.55), "bottom-left": (0.2, 0.8), "bottom": (0.5, 0.82),
    "bottom-right": (0.8, 0.8), "up": (0.5, 0.18), "down": (0.5, 0.82),
}  # fmt: skip


def _found(plan: ComposePlan, op: EditOp) -> bool:
    """Whether the plan has what ``op`` is about."""
    t = op.target
    if op.kind is K.TEXT:
        return t is None or bool(F.text_indices(plan, t))
    if F.is_text_target(plan, t):
        return True
    return bool(F.asset_indices(plan, t) or F.prop_ids(plan, t) or F.decoration_indices(plan, t))


def missing_targets(plan: ComposePlan, ops: Sequence[EditOp]) -> tuple[str, ...]:
    """The things ops name that the plan does not have ("make the car blue" with no car → ("car",))."""
    missing: list[str] = []
    for op in ops:
        if op.kind in _TARGETED and op.target is not None and not _found(plan, op):
            missing.append(op.target)
        if op.kind is K.MOVE and op.value and not F.asset_indices(plan, op.value) and not F.prop_ids(plan, op.value):
            missing.append(op.value)
    return tuple(dict.fromkeys(missing))


def unapplied(plan: ComposePlan, ops: Sequence[EditOp]) -> tuple[EditOp, ...]:
    """The ops a plan edit does not carry out, for the caller to do on the pixels (or explain)."""
    out: list[EditOp] = []
    for op in ops:
        if op.kind in _PIXEL_ONLY or (op.kind is K.RESTYLE and not SC.is_plan_style(op.value)):
            out.append(op)
        elif op.kind is K.RECOLOR and op.target is None:
            out.append(op)  # a whole-image colour cast is a pixel filter
        elif op.kind in (K.REPLACE, K.ADD) and op.value and F.icon_for(op.value) is None:
            out.append(op)  # no illustration for that noun
    return tuple(out)


def edit_plan(plan: ComposePlan, ops: Sequence[EditOp], request: ImageRequest, instruction: str) -> ComposePlan:
    """``plan`` with ``ops`` applied and ``instruction`` appended to its ``edits``. Ops about things the
    plan lacks, and ops only pixels can carry, change nothing (see :func:`missing_targets`,
    :func:`unapplied`). A reframe re-lays the plan out for ``request.output`` and replays earlier edits."""
    skip = set(unapplied(plan, ops))
    out = plan
    for op in ops:
        if op in skip or (op.kind in _TARGETED and op.target is not None and not _found(out, op)):
            continue
        if op.kind is K.REFRAME:
            out = SC.reframe(out, request, lambda p, replayed: apply_ops(p, replayed, request))
        else:
            out = apply_ops(out, [op], request)
    return replace(out, edits=(*plan.edits, instruction))


def apply_ops(plan: ComposePlan, ops: Sequence[EditOp], request: ImageRequest) -> ComposePlan:
    """Every op the plan can carry, in order (reframes excepted), without recording an instruction."""
    out = plan
    skip = set(unapplied(plan, ops))
    for op in ops:
        handler = _HANDLERS.get(op.kind)
        if handler is None or op in skip or (op.kind in _TARGETED and op.target and not _found(out, op)):
            continue
        out = handler(out, op, request)
    return out


# -- geometry ----------------------------------------------------------------------------------------


def _clamp_box(b: Box) -> Box:
    w, h = min(b.w, 1.0), min(b.h, 1.0)
    return Box(round(min(max(b.x, 0.0), 1.0 - w), 5), round(min(max(b.y, 0.0), 1.0 - h), 5), w, h)


def _stands(plan: ComposePlan, a: AssetPlacement) -> bool:
    bg = plan.background
    return bool(bg.layers) and placement(a.icon, bg.kind) == "ground" and a.box.y + a.box.h >= bg.horizon


def _keep_on_ground(plan: ComposePlan, a: AssetPlacement, box: Box) -> Box:
    """A standing thing's feet stay below the horizon (on the ground plane)."""
    if not _stands(plan, a):
        return box
    lowest_top = plan.background.horizon + 0.02 - box.h
    return replace(box, y=max(box.y, lowest_top)) if box.y < lowest_top else box


def _spot_box(b: Box, direction: str) -> Box:
    """``b`` moved by a direction: shifts for left/right/up/down, the named edge or corner otherwise."""
    dx = {"left": -SHIFT, "right": SHIFT}.get(direction, 0.0)
    dy = {"up": -SHIFT, "down": SHIFT}.get(direction, 0.0)
    if dx or dy:
        return Box(b.x + dx, b.y + dy, b.w, b.h)
    x, y = b.x, b.y
    if "left" in direction:
        x = MARGIN
    elif "right" in direction:
        x = 1 - MARGIN - b.w
    elif direction in ("center", "top", "bottom"):
        x = 0.5 - b.w / 2
    if "top" in direction:
        y = MARGIN
    elif "bottom" in direction:
        y = 1 - MARGIN - b.h
    elif direction == "center":
        y = 0.5 - b.h / 2
    return Box(x, y, b.w, b.h)


def _union(boxes: list[Box]) -> Box:
    x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
    return Box(x0, y0, max(b.x + b.w for b in boxes) - x0, max(b.y + b.h for b in boxes) - y0)


def _beside(anchor: Box, w: float, h: float, direction: str | None, avoid: list[Box]) -> Box:
    """A box of size (w, h) next to ``anchor``: above it ("up": a hat on a dog overlaps its top), below,
    left or right of it on the same ground line, or on the freer side."""
    cx, bottom = anchor.x + anchor.w / 2, anchor.y + anchor.h
    if direction is None:
        options = [Box(anchor.x + anchor.w + w * 0.05, bottom - h, w, h), Box(anchor.x - w * 1.05, bottom - h, w, h)]
        return min((_clamp_box(o) for o in options), key=lambda o: (_overlap(o, avoid), abs(o.x + w / 2 - cx)))
    if direction == "up":  # ``anchor`` is the artwork's box: sit on its top edge
        return _clamp_box(Box(cx - w / 2, anchor.y - h * 0.9, w, h))
    if direction == "down":
        return _clamp_box(Box(cx - w / 2, bottom, w, h))
    x = anchor.x - w * 1.05 if direction == "left" else anchor.x + anchor.w + w * 0.05
    return _clamp_box(Box(x, bottom - h, w, h))


def _overlap(b: Box, others: list[Box]) -> float:
    total = 0.0
    for o in others:
        ix = min(b.x + b.w, o.x + o.w) - max(b.x, o.x)
        iy = min(b.y + b.h, o.y + o.h) - max(b.y, o.y)
        if ix > 0 and iy > 0:
            total += ix * iy
    return total


def _free_box(
    plan: ComposePlan, w: float, h: float, icon: str, want: tuple[float, float] | None, avoid: list[Box]
) -> Box:
    """The clearest place for a (w, h) box: on the ground plane for things that stand, in the sky for
    things that fly, near ``want`` when a place was asked for; the grid makes it deterministic."""
    bg = plan.background
    where = placement(icon, bg.kind) if bg.layers else "free"
    best: tuple[float, float, Box] | None = None
    for gy in range(13):
        for gx in range(13):
            span_x, span_y = max(0.0, 1 - w - 2 * MARGIN), max(0.0, 1 - h - 2 * MARGIN)
            b = _clamp_box(Box(MARGIN + gx / 12 * span_x, MARGIN + gy / 12 * span_y, w, h))
            foot = b.y + b.h
            if where == "ground" and not (bg.horizon + 0.02 <= foot <= 0.97):
                continue
            if where == "air" and bg.layers and foot > bg.horizon:
                continue
            cx, cy = b.x + w / 2, b.y + h / 2
            dist = (cx - want[0]) ** 2 + (cy - want[1]) ** 2 if want else (cx - 0.5) ** 2 * 0.1
            score = (_overlap(b, avoid) / (w * h), dist)
            if best is None or score < best[:2]:
                best = (*score, b)
    return best[2] if best else _clamp_box(Box(0.5 - w / 2, 0.5 - h / 2, w, h))


def art_box(a: AssetPlacement, width: int, height: int) -> Box:
    """The part of an illustration's box its artwork covers, from the artwork's top edge down (a car is
    drawn low in its square; what goes *on* it or above it starts there)."""
    icon = load_library().icon(a.icon)
    side = min(a.box.w * width, a.box.h * height)
    top = (a.box.y + a.box.h / 2) * height - side / 2 + artwork_top(icon.template, icon.width, icon.height) * side
    y = max(a.box.y, top / height)
    return Box(a.box.x, y, a.box.w, a.box.y + a.box.h - y)


def _occupied(plan: ComposePlan, decorations: bool = False) -> list[Box]:
    """Where the illustrations' artwork and the texts are (and the sun, moon, clouds … with
    ``decorations``)."""
    boxes = [art_box(a, plan.width, plan.height) for a in plan.assets] + [t.box for t in plan.texts]
    if decorations:
        bg = plan.background
        boxes += [b for d in bg.decorations if (b := decoration_box(bg, d, plan.width, plan.height)) is not None]
    return boxes


# -- the ops -----------------------------------------------------------------------------------------


def _recolor(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    if F.is_text_target(plan, op.target):
        return T.text_style(plan, replace(op, kind=K.TEXT_STYLE), every=True)
    idx = set(F.asset_indices(plan, op.target))
    assets = tuple(replace(a, tint=op.color) if i in idx else a for i, a in enumerate(plan.assets))
    parts = {
        f"{ident}-{F.PROP_MAIN[kind]}" for ident, kind in F.props(plan).items() if ident in F.prop_ids(plan, op.target)
    }
    shapes = tuple(replace(s, fill=op.color) if s.id in parts else s for s in plan.shapes)
    return replace(plan, assets=assets, shapes=shapes)


def _replace(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    icon = F.icon_for(op.value or "")
    if icon is None or op.value is None:
        return plan
    idx = F.asset_indices(plan, op.target)
    if op.count:
        idx = idx[: op.count]
    assets = list(plan.assets)
    for i in idx:
        a = assets[i]
        k = nouns.NATURAL_SIZE.get(icon, 0.8) / nouns.NATURAL_SIZE.get(a.icon, 0.8)
        k = min(1.33, max(0.75, k))
        b = a.box
        box = _clamp_box(Box(b.x + b.w * (1 - k) / 2, b.y + b.h * (1 - k), b.w * k, b.h * k))
        assets[i] = replace(a, icon=icon, noun=op.value, box=box, tint=None, image=None)
    return replace(plan, assets=tuple(assets))


def _add(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    icon = F.icon_for(op.value or "")
    if icon is None or op.value is None:
        return plan
    W, H = request.output.width, request.output.height
    short = min(W, H)
    sides = [min(a.box.w * W, a.box.h * H) for a in plan.assets]
    naturals = [nouns.NATURAL_SIZE.get(a.icon, 0.8) for a in plan.assets]
    side = (
        median(sides) * min(1.5, max(0.5, nouns.NATURAL_SIZE.get(icon, 0.8) / median(naturals)))
        if sides
        else short * 0.25
    )
    w, h = side / W, side / H
    anchor = F.asset_indices(plan, op.target)
    avoid = _occupied(plan, decorations=True)
    added: list[AssetPlacement] = []
    floating = placement(icon, plan.background.kind) == "air"
    shadow = not floating and (all(a.shadow for a in plan.assets) if plan.assets else plan.kind == "scene")
    for n in range(max(1, min(op.count or 1, 12))):
        if anchor:
            on = art_box(plan.assets[anchor[n % len(anchor)]], W, H)
            if op.value in WEARABLES:  # a hat on a dog: a third of its size, on its top
                ws, hs = on.w * 0.45, on.w * 0.45 * W / H
                box = _clamp_box(Box(on.x + (on.w - ws) / 2, on.y - hs * 0.6, ws, hs))
            else:
                box = _beside(on, w, h, op.direction, avoid)
        else:
            box = _free_box(plan, w, h, icon, SPOTS.get(op.direction or ""), avoid)
        ident = f"edit{len(plan.assets) + len(added)}"
        added.append(AssetPlacement(ident, icon, op.value, box, tint=op.color, shadow=shadow))
        avoid.append(box)
    return replace(plan, assets=(*plan.assets, *added))


def _remove(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    if F.is_text_target(plan, op.target):
        drop = set(F.text_indices(plan, op.target, every=True))
        return replace(plan, texts=tuple(t for i, t in enumerate(plan.texts) if i not in drop))
    idx = F.asset_indices(plan, op.target)
    drop = set(idx[-op.count :] if op.count else idx)
    props = F.prop_ids(plan, op.target)
    shapes = tuple(s for s in plan.shapes if not any(s.id.startswith(f"{p}-") for p in props))
    texts = tuple(t for t in plan.texts if not (props and t.role == "sign"))
    decor = set(F.decoration_indices(plan, op.target))
    background = plan.background
    if decor:
        kept = tuple(d for i, d in enumerate(background.decorations) if i not in decor)
        background = replace(background, decorations=kept)
    assets = tuple(a for i, a in enumerate(plan.assets) if i not in drop)
    return replace(plan, assets=assets, shapes=shapes, texts=texts, background=background)


def _moved_decorations(plan: ComposePlan, idx: list[int], fn: Callable[[Decoration], Decoration]) -> ComposePlan:
    decorations = tuple(fn(d) if i in idx else d for i, d in enumerate(plan.background.decorations))
    return replace(plan, background=replace(plan.background, decorations=decorations))


def _move(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    if F.is_text_target(plan, op.target):
        return T.move_text(plan, op, lambda b: _clamp_box(_spot_box(b, op.direction or "center")))
    idx = F.asset_indices(plan, op.target)
    if not idx:
        decor = F.decoration_indices(plan, op.target)
        spot = SPOTS.get(op.direction or "", (0.5, 0.5))
        return _moved_decorations(plan, decor, lambda d: replace(d, x=spot[0], y=min(spot[1], plan.background.horizon)))
    group = _union([plan.assets[i].box for i in idx])
    anchor = F.asset_indices(plan, op.value) if op.value else []
    if anchor:
        others = [b for j, b in enumerate(_occupied(plan)) if j not in idx]
        target = _beside(plan.assets[anchor[0]].box, group.w, group.h, op.direction, others)
    elif op.direction:
        target = _clamp_box(_spot_box(group, op.direction))
    else:
        return plan
    target = _keep_on_ground(plan, plan.assets[idx[0]], target)
    dx, dy = target.x - group.x, target.y - group.y
    assets = list(plan.assets)
    for i in idx:
        b = assets[i].box
        assets[i] = replace(assets[i], box=_clamp_box(Box(b.x + dx, b.y + dy, b.w, b.h)))
    return replace(plan, assets=tuple(assets))


def _resize(plan: ComposePlan, op: EditOp, request: ImageRequest) -> ComposePlan:
    if F.is_text_target(plan, op.target):
        return T.text_style(plan, replace(op, kind=K.TEXT_STYLE), every=True)
    k = min(MAX_FACTOR, max(MIN_FACTOR, op.factor or 1.5))
    idx = F.asset_indices(plan, op.target)
    if not idx:
        decor = F.decoration_indices(plan, op.target)
        return _moved_decorations(plan, decor, lambda d: replace(d, r=round(min(0.4, d.r * k), 4)))
    assets = list(plan.assets)
    for i in idx:
        b = assets[i].box
        kk = min(k, 0.95 / max(b.w, b.h))  # never larger than the canvas
        w, h = max(0.02, b.w * kk), max(0.02, b.h * kk)
        box = _clamp_box(Box(b.x + (b.w - w) / 2, b.y + b.h - h, w, h))
        assets[i] = replace(assets[i], box=box)
    return replace(plan, assets=tuple(assets))


_Handler = Callable[[ComposePlan, EditOp, ImageRequest], ComposePlan]
_HANDLERS: dict[EditKind, _Handler] = {
    K.RECOLOR: _recolor,
    K.REPLACE: _replace,
    K.ADD: _add,
    K.REMOVE: _remove,
    K.MOVE: _move,
    K.RESIZE: _resize,
    K.BACKGROUND: lambda p, op, rq: SC.background(p, op, rq),
    K.TIME: lambda p, op, rq: SC.time_of_day(p, op, rq),
    K.RESTYLE: lambda p, op, rq: SC.restyle(p, op),
    K.TEXT: lambda p, op, rq: T.change_text(p, op),
    K.TEXT_STYLE: lambda p, op, rq: T.text_style(p, op),
}
