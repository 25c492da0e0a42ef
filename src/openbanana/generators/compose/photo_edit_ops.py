"""One handler per edit kind for pixel edits (see :mod:`.photo_edit`).

A handler gets the canvas (pixels, the client's mask, notes for the reply) and one op, and changes
only the region the op is about: the mask when the client sent one, else a region found in the
pixels (text by OCR, people by the person segmenter, the main subject by saliency + GrabCut).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from openbanana.editing.masks import Mask
from openbanana.editing.ops import EditKind, EditOp
from openbanana.editing.photo import RGB

PERSON_WORDS = frozenset({"person", "people", "man", "woman", "boy", "girl", "child", "kid", "astronaut", "guy"})
TEXT_WORDS = frozenset({"text", "title", "heading", "headline", "caption", "sign", "label", "words", "writing"})
BACKGROUND_WORDS = frozenset({"background", "backdrop", "sky", "surroundings"})
#: Where "move it to the left" puts a thing's centre, in canvas fractions.
DIRECTIONS = {
    "left": (0.25, None), "right": (0.75, None), "up": (None, 0.3), "down": (None, 0.72),
    "top": (None, 0.25), "bottom": (None, 0.75), "center": (0.5, 0.5),
    "top-left": (0.25, 0.25), "top-right": (0.75, 0.25), "bottom-left": (0.25, 0.75), "bottom-right": (0.75, 0.75),
}  # fmt: skip
TIME_GRADES = {"night": ((0.45, 0.5, 0.75), 0.0), "sunset": ((1.08, 0.86, 0.7), 0.0), "day": ((1.0, 1.0, 1.0), 0.0)}


@dataclass
class Canvas:
    rgb: RGB
    mask: Mask | None
    seed: int
    notes: list[str] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        return self.rgb.shape[1], self.rgb.shape[0]


# -- regions ---------------------------------------------------------------------------------------


def subject_region(canvas: Canvas, target: str | None) -> Mask:
    """The pixels ``target`` names: the client's mask, people, the background, or the main subject."""
    if canvas.mask is not None:
        return canvas.mask
    from openbanana.editing import segment

    if target in BACKGROUND_WORDS:
        return ~_subject(canvas)
    if target in PERSON_WORDS:
        return segment.person_mask(canvas.rgb) > 0.5
    if target is None:
        return np.ones(canvas.rgb.shape[:2], dtype=bool)
    return _subject(canvas)


def _subject(canvas: Canvas) -> Mask:
    from openbanana.editing import segment

    return segment.subject_mask(canvas.rgb) > 0.5  # the person when there is one


def _box(mask: Mask) -> tuple[int, int, int, int] | None:
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def icon_rgba(noun: str, size: int) -> NDArray[np.uint8] | None:
    """An illustration of ``noun`` from the vendored library, as a ``size``-px RGBA array (None: no icon)."""
    from openbanana.generators.compose.assets import load_library
    from openbanana.generators.compose.plan import AssetPlacement, Box
    from openbanana.generators.compose.raster import rgba, svg_document
    from openbanana.generators.compose.render_assets import asset_svg

    found = load_library().lookup_form(noun)
    if found is None:
        return None
    placement = AssetPlacement(id="x", icon=found[0], noun=noun, box=Box(0, 0, 1, 1), shadow=False)
    body = "".join(asset_svg(placement, 0, size, size, shadow=False))
    return np.asarray(rgba(svg_document(size, size, f"0 0 {size} {size}", body), size, size), dtype=np.uint8)


def _place_icon(canvas: Canvas, noun: str, box: tuple[int, int, int, int]) -> bool:
    from openbanana.editing.composite import place

    art = icon_rgba(noun, max(box[2], box[3], 16))
    if art is None:
        canvas.notes.append(f"I have no illustration of “{noun}” to place.")
        return False
    canvas.rgb = place(canvas.rgb, art, box, shadow=True)
    return True


# -- handlers --------------------------------------------------------------------------------------


def _remove(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import inpaint, masks

    if canvas.mask is None and op.target in TEXT_WORDS | {None}:
        from openbanana.editing import photo_text

        regions = photo_text.match_region(photo_text.find_text(canvas.rgb), op.target)
        if regions:
            canvas.rgb = photo_text.erase_text(canvas.rgb, regions)
            return
        if op.target in TEXT_WORDS:
            canvas.notes.append("I found no text to remove.")
            return
    if canvas.mask is None and op.target in BACKGROUND_WORDS:
        _background(canvas, EditOp(EditKind.BACKGROUND, value="white", color="#ffffff"))
        return
    region = subject_region(canvas, op.target)
    if not region.any():
        canvas.notes.append(f"I could not find the {op.target or 'region'} to remove.")
        return
    canvas.rgb = inpaint.remove_region(canvas.rgb, masks.dilate(region, 4))


def _fill(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import inpaint

    if canvas.mask is None:
        canvas.notes.append("“Fill” needs a mask image marking the area (white = fill).")
        return
    texture = op.value if op.value in inpaint.TEXTURES else None
    if op.value and texture is None and op.color is None:
        box = _box(canvas.mask)
        if box is not None:
            canvas.rgb = inpaint.remove_region(canvas.rgb, canvas.mask)
            _place_icon(canvas, op.value, box)
            return
    canvas.rgb = inpaint.fill_region(canvas.rgb, canvas.mask, op.color or "#808080", texture=texture)


def _recolor(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import inpaint

    if op.color is None:
        canvas.notes.append(f"I did not understand which colour to make the {op.target or 'image'}.")
        return
    canvas.rgb = inpaint.fill_region(canvas.rgb, subject_region(canvas, op.target), op.color)


def _background(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import composite, segment

    width, height = canvas.size
    alpha = (~canvas.mask).astype(np.float32) if canvas.mask is not None else segment.subject_mask(canvas.rgb)
    backdrop = backdrop_for(op, width, height, canvas.seed)
    canvas.rgb = composite.replace_background(canvas.rgb, alpha, backdrop, shadow=True)


def backdrop_for(op: EditOp, width: int, height: int, seed: int) -> RGB:
    """A new background: a plain colour, or the compose planner's setting for the words."""
    from openbanana.editing.inpaint import parse_color

    if op.color is not None:
        return np.full((height, width, 3), parse_color(op.color), dtype=np.uint8)
    from openbanana.generators.compose.scene_backdrop import render_backdrop

    return render_backdrop(op.value or "studio", width, height, seed)


def _text(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import photo_text

    regions = photo_text.match_region(photo_text.find_text(canvas.rgb), op.target)
    if not regions:
        canvas.notes.append("I found no text in the image to change.")
        return
    for n, region in enumerate(regions):
        new = op.value if op.kind is EditKind.TEXT else region.text
        if op.kind is EditKind.TEXT and n > 0:
            canvas.rgb = photo_text.erase_text(canvas.rgb, [region])  # one new text replaces the block
            continue
        canvas.rgb = photo_text.replace_text(canvas.rgb, region, new or "", color=op.color, bold=op.bold)


def _translate(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import photo_text, translate

    target = op.value or "es"
    regions = photo_text.match_region(photo_text.find_text(canvas.rgb), op.target)
    if not regions:
        canvas.notes.append("I found no text in the image to translate.")
        return
    for region in regions:
        result = translate.translate(region.text, target)
        if result is None:
            canvas.notes.append(translate.unavailable_message("en", target))
            return
        if not result.complete:
            canvas.notes.append(f"Some words of “{region.text}” had no translation and were kept.")
        canvas.rgb = photo_text.replace_text(canvas.rgb, region, result.text)


def _restyle(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import filters

    name = filters.filter_for(op.value or "") or (op.value if op.value in filters.FILTERS else None)
    if name is None:
        known = ", ".join(sorted(filters.FILTERS))
        canvas.notes.append(f"I have no “{op.value}” look for photos; known looks: {known}.")
        return
    restyled = filters.apply_filter(canvas.rgb, name)
    canvas.rgb = restyled if canvas.mask is None else np.where(canvas.mask[:, :, None], restyled, canvas.rgb)


def _time(canvas: Canvas, op: EditOp) -> None:
    gains, _ = TIME_GRADES.get(op.value or "day", TIME_GRADES["day"])
    graded = np.clip(canvas.rgb.astype(np.float32) * np.array(gains, dtype=np.float32), 0, 255).astype(np.uint8)
    canvas.rgb = graded if canvas.mask is None else np.where(canvas.mask[:, :, None], graded, canvas.rgb)


def _add(canvas: Canvas, op: EditOp) -> None:
    width, height = canvas.size
    if not op.value:
        return
    if canvas.mask is not None and (box := _box(canvas.mask)) is not None:
        _place_icon(canvas, op.value, box)
        return
    side = int(min(width, height) * 0.3)
    cx, cy = DIRECTIONS.get(op.direction or "bottom-right", (0.75, 0.75))
    x = int((cx if cx is not None else 0.75) * width - side / 2)
    y = int((cy if cy is not None else 0.75) * height - side / 2)
    for _ in range(max(1, min(op.count or 1, 6))):
        _place_icon(canvas, op.value, (max(0, x), max(0, y), side, side))
        x = max(0, x - side)


def _replace(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import inpaint, masks

    region = subject_region(canvas, op.target)
    box = _box(region)
    if box is None or not op.value:
        canvas.notes.append(f"I could not find the {op.target} to replace.")
        return
    canvas.rgb = inpaint.remove_region(canvas.rgb, masks.dilate(region, 4))
    _place_icon(canvas, op.value, box)


def _move_or_resize(canvas: Canvas, op: EditOp) -> None:
    from openbanana.editing import composite, inpaint, masks, segment

    region = subject_region(canvas, op.target)
    box = _box(region)
    if box is None:
        canvas.notes.append(f"I could not find the {op.target or 'subject'} to move.")
        return
    cut = segment.cutout(canvas.rgb, region.astype(np.float32))
    canvas.rgb = inpaint.remove_region(canvas.rgb, masks.dilate(region, 4))
    width, height = canvas.size
    x, y, w, h = box
    if op.kind is EditKind.RESIZE:
        k = float(np.clip(op.factor or 1.5, 0.2, 3.0))
        nw, nh = int(w * k), int(h * k)
        x, y, w, h = x + (w - nw) // 2, y + h - nh, nw, nh
    else:
        cx, cy = DIRECTIONS.get(op.direction or "left", (0.25, None))
        x = int(cx * width - w / 2) if cx is not None else x
        y = int(cy * height - h / 2) if cy is not None else y
    x, y = min(max(0, x), max(0, width - w)), min(max(0, y), max(0, height - h))
    canvas.rgb = composite.place(canvas.rgb, cut, (x, y, w, h), shadow=False)


HANDLERS: dict[EditKind, Callable[[Canvas, EditOp], None]] = {
    EditKind.REMOVE: _remove,
    EditKind.FILL: _fill,
    EditKind.RECOLOR: _recolor,
    EditKind.BACKGROUND: _background,
    EditKind.TEXT: _text,
    EditKind.TEXT_STYLE: _text,
    EditKind.TRANSLATE: _translate,
    EditKind.RESTYLE: _restyle,
    EditKind.TIME: _time,
    EditKind.ADD: _add,
    EditKind.REPLACE: _replace,
    EditKind.MOVE: _move_or_resize,
    EditKind.RESIZE: _move_or_resize,
}
#: Kinds handled before the handlers run, when the starting pixels are made (see ``start_pixels``).
AT_START = frozenset({EditKind.REFRAME, EditKind.UPSCALE, EditKind.ROLLBACK})


def apply_ops(canvas: Canvas, ops: tuple[EditOp, ...]) -> Canvas:
    for op in ops:
        handler = HANDLERS.get(op.kind)
        if handler is not None:
            handler(canvas, op)
    return canvas
