"""Text edits on a scene plan: new words for a text element, its weight, colour, typeface and size, where
it sits, and new text where there was none. The element keeps its box and everything else, so the
rest of the image renders identically."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from openbanana.editing.ops import EditOp
from openbanana.engine.errors import InvalidArgument
from openbanana.generators.compose import colors as C
from openbanana.generators.compose import plan_edits_find as F
from openbanana.generators.compose.intent_text import clean_quoted
from openbanana.generators.compose.plan import Box, ComposePlan, TextElement
from openbanana.generators.compose.planner import MAX_QUOTED_CHARS
from openbanana.generators.compose.scene_text import MAX_SIZE

#: Where new text goes, by direction (canvas fractions).
_NEW_BOXES: dict[str, Box] = {
    "top": Box(0.08, 0.05, 0.84, 0.16),
    "bottom": Box(0.08, 0.8, 0.84, 0.14),
    "center": Box(0.1, 0.4, 0.8, 0.2),
}


def ink_for(plan: ComposePlan, box: Box) -> str:
    """Near-black or near-white, whichever reads better on the background behind ``box``."""
    under = plan.background.color_at(box.x + box.w / 2, box.y + box.h / 2)
    return "#ffffff" if C.contrast("#ffffff", under) >= C.contrast("#1a1a1a", under) else "#1a1a1a"


def reink(plan: ComposePlan) -> ComposePlan:
    """After a background change: text with no colour of its own and no plate gets a readable ink."""
    texts = []
    for t in plan.texts:
        under = plan.background.color_at(t.box.x + t.box.w / 2, t.box.y + t.box.h / 2)
        if t.requested_color is None and t.plate_opacity == 0 and C.contrast(t.color, under) < 4.5:
            t = replace(t, color=ink_for(plan, t.box))
        texts.append(t)
    return replace(plan, texts=tuple(texts))


def _check_length(plan: ComposePlan, texts: tuple[TextElement, ...]) -> None:
    total = sum(len(t.text) for t in texts)
    if total > MAX_QUOTED_CHARS:
        raise InvalidArgument(
            f"The edited image would draw {total} characters of text; at most {MAX_QUOTED_CHARS} can be drawn."
        )


def change_text(plan: ComposePlan, op: EditOp) -> ComposePlan:
    """New words for the element ``op.target`` means (a quoted old text inside a longer one is replaced
    where it stands), or a new element when the target is None."""
    new = clean_quoted(op.value or "")
    if not new:
        return plan
    if op.target is None:
        texts = (*plan.texts, _new_element(plan, new, op.direction))
    else:
        idx = F.text_indices(plan, op.target)
        if not idx:
            return plan
        old = plan.texts[idx[0]]
        text = new
        if op.target not in F.TEXT_ROLES and op.target.casefold() != old.text.casefold():
            text = re.sub(re.escape(op.target), lambda _m: new, old.text, count=1, flags=re.IGNORECASE)
        texts = tuple(replace(t, text=text) if i == idx[0] else t for i, t in enumerate(plan.texts))
    _check_length(plan, texts)
    return replace(plan, texts=texts)


def _new_element(plan: ComposePlan, text: str, direction: str | None) -> TextElement:
    has_title = any(t.role == "title" for t in plan.texts)
    role = "caption" if has_title else "title"
    where = direction if direction in _NEW_BOXES else ("bottom" if has_title else "top")
    box = _NEW_BOXES[where]
    font = next((t.font for t in plan.texts if t.role == "title"), "sans")
    ident = f"text{len(plan.texts)}"
    while any(t.id == ident for t in plan.texts):
        ident += "e"
    return TextElement(ident, text, role, box, bold=role == "title", color=ink_for(plan, box), max_size=MAX_SIZE[role],
                       font=font)  # fmt: skip


def _grow(box: Box, k: float) -> Box:
    w, h = min(1.0, box.w * k), min(1.0, box.h * k)
    x = min(max(0.0, box.x + (box.w - w) / 2), 1.0 - w)
    y = min(max(0.0, box.y + (box.h - h) / 2), 1.0 - h)
    return Box(round(x, 5), round(y, 5), w, h)


def _styled(t: TextElement, op: EditOp) -> TextElement:
    if op.bold is not None:
        t = replace(t, bold=op.bold)
    if op.color is not None:
        t = replace(t, color=op.color, requested_color=op.color)
    if op.font is not None:
        t = replace(t, font=op.font)
    if op.factor is not None and op.factor != 1:
        k = min(4.0, max(0.25, op.factor))
        if k > 1:  # room first (the scale it had left), then a bigger box and a higher size cap
            scale = min(1.0, t.scale * k)
            rest = k * t.scale / scale
            t = replace(t, scale=scale, max_size=min(0.5, t.max_size * k), box=_grow(t.box, rest))
        else:
            t = replace(t, scale=max(0.2, t.scale * k), max_size=t.max_size * k)
    return t


def text_style(plan: ComposePlan, op: EditOp, every: bool = False) -> ComposePlan:
    """Weight, colour, typeface and size of the element(s) ``op.target`` means ("the text": all)."""
    idx = set(F.text_indices(plan, op.target, every=every or op.target == "text"))
    return replace(plan, texts=tuple(_styled(t, op) if i in idx else t for i, t in enumerate(plan.texts)))


def move_text(plan: ComposePlan, op: EditOp, move: Callable[[Box], Box]) -> ComposePlan:
    idx = set(F.text_indices(plan, op.target))
    return replace(plan, texts=tuple(replace(t, box=move(t.box)) if i in idx else t for i, t in enumerate(plan.texts)))
