"""Labelled objects: the object's illustration large in the middle, labels around it with leader lines.

Labels stand in two columns beside the illustration (or two rows above and below it on portrait
canvases), each column aligned on the edge that faces the object, so a leader line runs from its
chip straight into the picture and can never pass through another chip. Where the part is known for
that illustration (the saddle of a bicycle, the roof of a house) the line ends on it; otherwise on a
point of an inner ring in the label's direction. Canvases too narrow for columns number the parts on
the picture and list the numbers underneath.
"""

from __future__ import annotations

import math

from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    area_root,
    line,
    line_metrics,
    readable,
    tight_text,
    unit,
)
from openbanana.generators.compose.documents.diagram_data import Step
from openbanana.generators.compose.documents.diagram_parts import Chip, Look, chip, commit_chip, look
from openbanana.generators.compose.plan import Shape

#: Where parts are on an illustration: icon → word → (x, y) as fractions of the icon's square.
ANCHORS: dict[str, dict[str, tuple[float, float]]] = {
    "bicycle": {
        "wheel": (0.11, 0.61), "tire": (0.11, 0.61), "tyre": (0.11, 0.61), "spoke": (0.22, 0.8), "rim": (0.89, 0.61),
        "saddle": (0.62, 0.4), "seat": (0.62, 0.4), "handlebar": (0.36, 0.31), "handle": (0.36, 0.31),
        "bell": (0.36, 0.31), "brake": (0.4, 0.33), "pedal": (0.67, 0.75), "chain": (0.6, 0.74), "gear": (0.67, 0.75),
        "frame": (0.5, 0.55), "fork": (0.33, 0.52), "light": (0.3, 0.35),
    },
    "deciduous-tree": {
        "leaf": (0.5, 0.2), "leaves": (0.5, 0.2), "crown": (0.5, 0.25), "canopy": (0.5, 0.25), "branch": (0.3, 0.5),
        "trunk": (0.5, 0.8), "bark": (0.5, 0.8), "root": (0.5, 0.97),
    },
    "house": {
        "roof": (0.5, 0.1), "chimney": (0.2, 0.06), "door": (0.4, 0.68), "window": (0.63, 0.55), "wall": (0.8, 0.72),
        "garden": (0.5, 0.97), "lawn": (0.5, 0.97), "grass": (0.5, 0.97), "step": (0.4, 0.9),
    },
    "automobile": {
        "wheel": (0.22, 0.8), "tire": (0.22, 0.8), "tyre": (0.22, 0.8), "window": (0.5, 0.32),
        "windshield": (0.22, 0.32),
        "roof": (0.55, 0.17), "door": (0.5, 0.55), "headlight": (0.05, 0.55), "light": (0.05, 0.55),
        "bumper": (0.05, 0.68), "hood": (0.15, 0.45), "bonnet": (0.15, 0.45), "trunk": (0.92, 0.45),
        "boot": (0.92, 0.45), "mirror": (0.3, 0.45),
    },
    "potted-plant": {
        "leaf": (0.3, 0.2), "leaves": (0.3, 0.2), "stem": (0.5, 0.45), "soil": (0.5, 0.6), "pot": (0.5, 0.82),
        "root": (0.5, 0.65), "flower": (0.5, 0.1),
    },
    "tulip": {"petal": (0.5, 0.2), "flower": (0.5, 0.2), "bloom": (0.5, 0.2), "stem": (0.5, 0.7), "leaf": (0.3, 0.78)},
    "sunflower": {
        "petal": (0.1, 0.3), "seed": (0.5, 0.3), "head": (0.5, 0.3), "centre": (0.5, 0.3), "center": (0.5, 0.3),
        "stem": (0.5, 0.8), "leaf": (0.2, 0.88),
    },
    "butterfly": {
        "wing": (0.2, 0.35), "forewing": (0.2, 0.3), "hindwing": (0.25, 0.7), "antenna": (0.45, 0.06),
        "head": (0.5, 0.25), "thorax": (0.5, 0.38), "abdomen": (0.5, 0.6), "body": (0.5, 0.5),
    },
    "laptop": {
        "screen": (0.5, 0.3), "display": (0.5, 0.3), "keyboard": (0.5, 0.8), "trackpad": (0.5, 0.9),
        "touchpad": (0.5, 0.9), "camera": (0.5, 0.1), "webcam": (0.5, 0.1), "hinge": (0.5, 0.62),
    },
    "rocket": {
        "nose": (0.82, 0.1), "tip": (0.82, 0.1), "window": (0.62, 0.28), "porthole": (0.62, 0.28),
        "fin": (0.3, 0.55), "body": (0.5, 0.42), "engine": (0.2, 0.78), "flame": (0.12, 0.88), "exhaust": (0.12, 0.88),
    },
    "tropical-fish": {
        "fin": (0.55, 0.06), "tail": (0.92, 0.5), "eye": (0.2, 0.45), "mouth": (0.04, 0.55), "gill": (0.35, 0.5),
        "scale": (0.55, 0.6), "body": (0.5, 0.55),
    },
    "eye": {"pupil": (0.5, 0.48), "iris": (0.35, 0.5), "sclera": (0.15, 0.3), "lens": (0.42, 0.38)},
}  # fmt: skip


def _singular(word: str) -> list[str]:
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return forms


def known_anchor(icon: str, label: str) -> tuple[float, float] | None:
    """Where the part ``label`` names is on ``icon``, when the table knows it."""
    table = ANCHORS.get(icon, {})
    for word in reversed(label.lower().split()):
        for form in _singular(word.strip(".,")):
            if form in table:
                return table[form]
    return None


def anchor_for(icon: str, label: str, index: int, count: int) -> tuple[float, float]:
    """Where the leader line of ``label`` ends on the icon (fractions of its square)."""
    known = known_anchor(icon, label)
    if known is not None:
        return known
    # Unknown part: a point on an inner ring, spread around by index.
    angle = math.radians(-60 + 300 * (index + 0.5) / max(1, count))
    return 0.5 + 0.22 * math.sin(angle), 0.5 - 0.22 * math.cos(angle)


def _spread(wanted: list[float], spacing: float, lo: float, hi: float) -> list[float] | None:
    """Positions as close to ``wanted`` (sorted) as keeps them ``spacing`` apart inside [lo, hi]."""
    if not wanted:
        return []
    if spacing * (len(wanted) - 1) > hi - lo:
        return None
    out: list[float] = []
    for w in wanted:
        out.append(max(w, out[-1] + spacing) if out else max(lo, w))
    overflow = out[-1] - hi
    if overflow > 0:
        out[-1] -= overflow
        for k in range(len(out) - 2, -1, -1):
            out[k] = min(out[k], out[k + 1] - spacing)
    return out if out[0] >= lo - 0.5 else None


def _columns(sheet: Sheet, body: R, steps: tuple[Step, ...], icon: str, lk: Look, size: float) -> list[Chip] | None:
    """Chips in a left and a right column (or a top and a bottom row); None when they do not fit."""
    u = unit(sheet.ctx)
    n = len(steps)
    probes = [chip(sheet, s.text, 0, 0, size, lk) for s in steps]
    lead = 2.2 * u
    portrait = body.w / max(1.0, body.h) < 0.85
    chip_w = max(c.rect.w for c in probes)
    chip_h = max(c.rect.h for c in probes)
    if portrait:
        side = min(body.w * 0.96, body.h - 2 * (chip_h + lead))
    else:
        side = min(body.h * 0.94, body.w - 2 * (chip_w + lead))
    if side < min(body.w, body.h) * 0.3:
        return None
    pic = R(body.cx - side / 2, body.cy - side / 2, side, side)
    anchors = [anchor_for(icon, s.text, i, n) for i, s in enumerate(steps)]
    split = 1 if portrait else 0
    near = sorted(range(n), key=lambda i: (anchors[i][split], i))
    first = [i for i in near if anchors[i][split] < 0.5]
    second = [i for i in near if anchors[i][split] >= 0.5]
    # Unknown parts: as many labels on each side.
    if not any(known_anchor(icon, s.text) for s in steps):
        both = first + second
        first, second = both[: (n + 1) // 2], both[(n + 1) // 2 :]
    chips: list[Chip | None] = [None] * n
    along = 0 if portrait else 1
    for group, outer in ((first, True), (second, False)):
        group = sorted(group, key=lambda i: anchors[i][along])
        if portrait:
            wanted = [pic.x + anchors[i][0] * side for i in group]
            widths = [probes[i].rect.w for i in group]
            xs = _spread_sizes(wanted, widths, 0.6 * u, body.x, body.r)
            if xs is None:
                return None
            y = pic.y - lead if outer else pic.b + lead
            for i, x in zip(group, xs, strict=True):
                chips[i] = chip(sheet, steps[i].text, x, y, size, lk, "cb" if outer else "ct")
        else:
            wanted = [pic.y + anchors[i][1] * side for i in group]
            ys = _spread(wanted, chip_h + 0.5 * u, body.y + chip_h / 2, body.b - chip_h / 2)
            if ys is None:
                return None
            x = pic.x - lead if outer else pic.r + lead
            for i, y in zip(group, ys, strict=True):
                chips[i] = chip(sheet, steps[i].text, x, y, size, lk, "rm" if outer else "lm")
    done = [c for c in chips if c is not None]
    if len(done) != n or any(not body.contains(c.rect) for c in done):
        return None
    sheet.icon(icon, "object", pic)
    _leaders(sheet, done, [(pic.x + ax * side, pic.y + ay * side) for ax, ay in anchors], lk, portrait)
    return done


def _spread_sizes(wanted: list[float], widths: list[float], gap: float, lo: float, hi: float) -> list[float] | None:
    """Centres near ``wanted`` for boxes of ``widths`` in a row inside [lo, hi], ``gap`` apart."""
    if sum(widths) + gap * (len(widths) - 1) > hi - lo:
        return None
    out: list[float] = []
    for k, (w, size) in enumerate(zip(wanted, widths, strict=True)):
        left = lo if k == 0 else out[-1] + widths[k - 1] / 2 + gap
        out.append(max(w, left + size / 2))
    over = out[-1] + widths[-1] / 2 - hi
    if over > 0:
        out[-1] -= over
        for k in range(len(out) - 2, -1, -1):
            out[k] = min(out[k], out[k + 1] - widths[k + 1] / 2 - gap - widths[k] / 2)
    return out


def _leaders(sheet: Sheet, chips: list[Chip], anchors: list[tuple[float, float]], lk: Look, portrait: bool) -> None:
    ctx = sheet.ctx
    width = max(1.0, 0.0025 * area_root(ctx))
    dot = max(2.0, 0.006 * area_root(ctx))
    for c, (ax, ay) in zip(chips, anchors, strict=True):
        r = c.rect
        if portrait:
            sx, sy = r.cx, (r.b if ay > r.b else r.y)
        else:
            sx, sy = (r.r if ax > r.r else r.x), r.cy
        sheet.shape(line(ctx, sheet.ident("leader"), sx, sy, ax, ay, lk.accent, width, layer=1))
        sheet.shape(Shape(sheet.ident("dot"), "ellipse", ctx.box(ax - dot, ay - dot, 2 * dot, 2 * dot), fill=lk.accent,
                          stroke=ctx.theme.surface, stroke_width=width * 0.8 / ctx.short, layer=1))  # fmt: skip
        commit_chip(sheet, c, lk)


def _numbered(sheet: Sheet, body: R, steps: tuple[Step, ...], icon: str, lk: Look) -> None:
    """Numbers on the picture and a numbered list beside it (wide canvases) or under it, for canvases
    with no room for labelled columns."""
    ctx = sheet.ctx
    u = unit(ctx)
    n = len(steps)
    wide = body.w > body.h * 1.3
    side = min(body.h, body.w * 0.4) if wide else min(body.w, body.h * 0.5)
    pic = R(body.x, body.cy - side / 2, side, side) if wide else R(body.cx - side / 2, body.y, side, side)
    area = body.right_of(side, u) if wide else body.below(side, u)
    # The list's size and columns: entries are a number dot and the label, ~1.9 lines apart.
    widest = max(line_metrics(s.text, False, 1.0)[0] for s in steps) + 2.2
    best = (0.0, 1)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        fit = min(1.05 * u, area.w / (cols * widest + (cols - 1) * 1.2), area.h / (rows * 1.9))
        if fit > best[0] + 1e-9:
            best = (fit, cols)
    size, cols = max(4.0, best[0]), best[1]
    rows = math.ceil(n / cols)
    row, col_w = size * 1.9, size * (widest + 1.2)
    sheet.icon(icon, "object", pic)
    dot = size * 0.75
    num_ink = readable("#ffffff", lk.accent)
    ink = readable(ctx.theme.ink, ctx.theme.surface)
    placed: list[tuple[float, float]] = []
    for i, s in enumerate(steps):
        ax, ay = anchor_for(icon, s.text, i, n)
        px, py = pic.x + ax * side, pic.y + ay * side
        while any(math.dist((px, py), q) < 2.3 * dot for q in placed):
            px += 2.3 * dot  # two parts at one spot: the second number sits beside the first
        placed.append((px, py))
        col, k = divmod(i, rows)
        lx, ly = area.x + col * col_w + dot, area.y + k * row + row / 2
        for cx, cy in ((px, py), (lx, ly)):
            sheet.shape(Shape(sheet.ident("dot"), "ellipse", ctx.box(cx - dot, cy - dot, 2 * dot, 2 * dot),
                              fill=lk.accent, layer=1))  # fmt: skip
            sheet.text(tight_text(ctx, sheet.ident("num"), str(i + 1), cx, cy, size * 0.8, anchor="cm",
                                  color=num_ink, bold=True))  # fmt: skip
        sheet.text(tight_text(ctx, sheet.ident("label"), s.text, lx + dot + 0.5 * size, ly, size, anchor="lm",
                              color=ink))  # fmt: skip


def draw_object(sheet: Sheet, body: R, steps: tuple[Step, ...], icon: str, style: int) -> str:
    lk = look(sheet, style)
    u = unit(sheet.ctx)
    for scale in (1.15, 1.0, 0.86, 0.74, 0.62):
        mark = len(sheet.shapes), len(sheet.texts), len(sheet.assets)
        if _columns(sheet, body, steps, icon, lk, u * scale) is not None:
            return "rows" if body.w / max(1.0, body.h) < 0.85 else "columns"
        del sheet.shapes[mark[0] :], sheet.texts[mark[1] :], sheet.assets[mark[2] :]
    _numbered(sheet, body, steps, icon, lk)
    return "numbered"
