"""Props: furniture and signs drawn from vector shapes, for the nouns the illustration set lacks (a table
to put a cat on, a sign to write "Open" on).

A prop has a natural size (relative to a standing person, like ``nouns.NATURAL_SIZE``) and an aspect
ratio; :func:`prop_shapes` draws one into a box (canvas fractions) and :func:`writing_box` says where
text goes on a sign.
"""

from __future__ import annotations

from dataclasses import dataclass

from openbanana.generators.compose import colors as C
from openbanana.generators.compose.plan import Box, Shape


@dataclass(frozen=True)
class PropKind:
    #: Height relative to a standing person, and width over height.
    size: float
    aspect: float
    color: str
    #: Where something put *on* it stands, as a fraction of the height from the top.
    surface: float = 0.0


PROPS: dict[str, PropKind] = {
    "table": PropKind(0.75, 1.7, "#b57a48", 0.03),
    "bench": PropKind(0.6, 2.0, "#a86b3c", 0.4),
    "shelf": PropKind(0.25, 3.2, "#b98553", 0.0),
    "sign": PropKind(1.0, 1.25, "#f4e6c8"),
    "chalkboard": PropKind(1.05, 1.2, "#2f4a3c"),
}


def prop_kind(name: str) -> PropKind:
    return PROPS.get(name, PROPS["table"])


def _rect(ident: str, x: float, y: float, w: float, h: float, fill: str, **kw: object) -> Shape:
    return Shape(ident, "rect", Box(round(x, 5), round(y, 5), round(w, 5), round(h, 5)), fill=fill, **kw)  # type: ignore[arg-type]


def _board(box: Box, kind: str) -> Box:
    """The writing surface of a sign or chalkboard (above its posts or legs)."""
    return Box(box.x, box.y, box.w, box.h * (0.66 if kind == "sign" else 0.78))


def writing_box(box: Box, kind: str) -> Box:
    """Where text goes on a sign or chalkboard in ``box``: the board, inset by its frame."""
    board = _board(box, kind)
    return Box(board.x + board.w * 0.09, board.y + board.h * 0.12, board.w * 0.82, board.h * 0.76)


def prop_shapes(ident: str, kind: str, box: Box, color: str | None, aspect: float) -> list[Shape]:
    """Shapes drawing prop ``kind`` into ``box`` (canvas fractions; ``aspect``: canvas width over height,
    to keep strokes and radii even). ``color`` recolours the wood or the board."""
    base = color or prop_kind(kind).color
    dark = C.darken(base, 0.28)
    x, y, w, h = box.x, box.y, box.w, box.h
    out: list[Shape] = [
        Shape(
            f"{ident}-shadow",
            "ellipse",
            Box(x + w * 0.04, y + h * 0.95, w * 0.92, h * 0.1),
            fill="#000000",
            opacity=0.12,
        )
    ]
    if kind in ("table", "bench"):
        top = 0.14 if kind == "table" else 0.12
        seat = 0.0 if kind == "table" else 0.4
        legs_from = seat + top
        for k, lx in enumerate((0.07, 0.83) if kind == "table" else (0.1, 0.82)):
            out.append(_rect(f"{ident}-leg{k}", x + w * lx, y + h * legs_from, w * 0.08, h * (1 - legs_from), dark))
        if kind == "bench":
            out.append(_rect(f"{ident}-back", x, y, w, h * 0.12, base, radius=0.006))
            for k, lx in enumerate((0.12, 0.8)):
                out.append(_rect(f"{ident}-post{k}", x + w * lx, y + h * 0.1, w * 0.06, h * 0.32, dark))
        out.append(_rect(f"{ident}-top", x, y + h * seat, w, h * top, base, radius=0.006))
        out.append(_rect(f"{ident}-edge", x, y + h * (seat + top * 0.72), w, h * top * 0.28, C.darken(base, 0.15)))
    elif kind == "shelf":
        out = [_rect(f"{ident}-plank", x, y, w, h * 0.35, base, radius=0.004)]
        for k, lx in enumerate((0.15, 0.8)):
            out.append(_rect(f"{ident}-bracket{k}", x + w * lx, y + h * 0.35, w * 0.05, h * 0.65, dark))
    else:
        board = _board(box, kind)
        post = "#8a5a35"
        if kind == "sign":
            for k, lx in enumerate((0.18, 0.76)):
                out.append(_rect(f"{ident}-post{k}", x + w * lx, y + h * 0.5, w * 0.06, h * 0.5, post))
            frame = dark
        else:  # a chalkboard on an easel
            out.append(
                Shape(
                    f"{ident}-legs",
                    "polyline",
                    Box(x, y, w, h),
                    points=((x + w * 0.2, y + h), (x + w * 0.5, y + h * 0.1), (x + w * 0.8, y + h)),
                    stroke=post,
                    stroke_width=0.012,
                )
            )
            frame = "#a0703f"
        out.append(
            _rect(
                f"{ident}-board",
                board.x,
                board.y,
                board.w,
                board.h,
                base,
                radius=0.012,
                stroke=frame,
                stroke_width=0.012,
                shadow=True,
            )
        )
    return out
