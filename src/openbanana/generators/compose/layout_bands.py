"""Reserving the edges of the canvas for things the prompt pins there ("a cat in the top-right corner",
"the caption at the bottom").

Pinned texts and illustrations go into bands along the edges (top, bottom, left, right); whatever is
left in the middle is laid out as usual. On strips (8:1, 1:8) the corners map to the ends of the strip,
so a pinned thing never lands in a band too thin to hold it.
"""

from __future__ import annotations

from dataclasses import dataclass

Rect = tuple[float, float, float, float]

#: region → (band, position along the band: 0 start, 1 middle, 2 end) on an ordinary canvas.
_BANDS: dict[str, tuple[str, int]] = {
    "top-left": ("top", 0), "top": ("top", 1), "top-right": ("top", 2),
    "bottom-left": ("bottom", 0), "bottom": ("bottom", 1), "bottom-right": ("bottom", 2),
    "left": ("left", 1), "right": ("right", 1),
}  # fmt: skip
#: On a wide strip the corners and sides sit at the strip's ends.
_WIDE: dict[str, tuple[str, int]] = {
    **_BANDS,
    "top-left": ("left", 0), "bottom-left": ("left", 2), "top-right": ("right", 0), "bottom-right": ("right", 2),
}  # fmt: skip
#: Thickness of a text band, as a fraction of the canvas side across it, by role.
_TEXT_THICKNESS = {"title": 0.2, "subtitle": 0.13}


@dataclass(frozen=True)
class Pinned:
    id: str
    #: top-left | top | top-right | left | right | bottom-left | bottom | bottom-right
    region: str
    #: text | thing
    kind: str
    #: Texts: the role; things: unused.
    role: str = ""
    #: Things: the side of their square in pixels.
    size: float = 0.0


def _band_of(region: str, aspect: float) -> tuple[str, int]:
    table = _WIDE if aspect >= 2.2 else _BANDS
    band, pos = table.get(region, ("top", 1))
    if aspect <= 1 / 2.2 and band in ("left", "right"):  # a tall strip has no room at its sides
        band = "top" if band == "left" else "bottom"
    return band, pos


def _thickness(item: Pinned, band: str, inner: Rect) -> float:
    across = inner[3] if band in ("top", "bottom") else inner[2]
    along = inner[2] if band in ("top", "bottom") else inner[3]
    if item.kind == "thing":
        return min(item.size, across * (0.95 if along > across * 2.2 else 0.4))
    if band in ("left", "right"):
        return across * 0.32
    # A band along a long strip is thin: give its text more of the strip's thickness.
    stretch = 2.4 if along > across * 2.2 else 1.0
    return across * min(0.45, _TEXT_THICKNESS.get(item.role, 0.1) * stretch)


def reserve(inner: Rect, pinned: list[Pinned], gap: float, aspect: float) -> tuple[Rect, dict[str, Rect]]:
    """(the area left in the middle, a rectangle per pinned item), all in pixels."""
    by_band: dict[str, list[tuple[Pinned, int]]] = {}
    for item in pinned:
        band, pos = _band_of(item.region, aspect)
        by_band.setdefault(band, []).append((item, pos))
    x, y, w, h = inner
    thick = {band: max(_thickness(it, band, inner) for it, _p in items) for band, items in by_band.items()}
    top, bottom = thick.get("top", 0.0), thick.get("bottom", 0.0)
    left, right = thick.get("left", 0.0), thick.get("right", 0.0)
    rects: dict[str, Rect] = {}
    for band, items in by_band.items():
        t = thick[band]
        if band in ("top", "bottom"):
            origin, length = x, w
            cross = y if band == "top" else y + h - t
        else:
            origin, length = (
                y + top + (gap if top else 0),
                h - top - bottom - (gap if top else 0) - (gap if bottom else 0),
            )
            cross = x if band == "left" else x + w - t
        for pos in (0, 1, 2):
            group = [it for it, p in items if p == pos]
            if not group:
                continue
            alone = len({p for _it, p in items}) == 1
            # A centred item alone spans the band; a corner keeps to its end of it.
            share = length if alone and pos == 1 else length * (0.48 if pos != 1 else 0.3)
            sizes = [min(share / len(group), _thickness(it, band, inner)) if it.kind == "thing" else share / len(group)
                     for it in group]  # fmt: skip
            total = sum(sizes)
            start = origin if pos == 0 else (origin + length - total if pos == 2 else origin + (length - total) / 2)
            for it, size in zip(group, sizes, strict=True):
                along = (start, size)
                start += size
                if band in ("top", "bottom"):
                    depth = size if it.kind == "thing" else t
                    off = cross if band == "top" else cross + t - depth
                    rects[it.id] = (along[0], off, along[1], depth)
                else:
                    depth = size if it.kind == "thing" else t
                    off = cross if band == "left" else cross + t - depth
                    rects[it.id] = (off, along[0], depth, along[1])
    area = (
        x + (left + gap if left else 0.0),
        y + (top + gap if top else 0.0),
        w - (left + gap if left else 0.0) - (right + gap if right else 0.0),
        h - (top + gap if top else 0.0) - (bottom + gap if bottom else 0.0),
    )
    return (area[0], area[1], max(1.0, area[2]), max(1.0, area[3])), rects
