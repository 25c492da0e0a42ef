"""Diagrams: cycles, flowcharts/processes and labelled objects (see :mod:`.diagram_data` for reading
the prompt).

* cycle (:mod:`.diagram_cycle`): the stages around an ellipse, each an icon badge with its label
  beside it, curved arrows from stage to stage; on strips (≥ 3:1 or ≤ 1:3) a row or column of
  stages with a return arrow;
* flow (:mod:`.diagram_flow`): boxes joined by arrows in a row, a column or a snake, whichever
  gives the largest text; a step ending in "?" is a decision diamond with a "No" path back;
* object (:mod:`.diagram_object`): the object's illustration large in the middle, labels around it
  with leader lines to the parts.

All of it sits on one card on the theme's gradient, titled like a chart. Every label is placed at a
measured size and checked against every arrow, node and other label before it is kept.
"""

from __future__ import annotations

from dataclasses import replace

from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.chart import header
from openbanana.generators.compose.documents.chart_kit import (
    R,
    Sheet,
    area_root,
    card,
    margin,
    page_background,
)
from openbanana.generators.compose.documents.diagram_cycle import draw_cycle
from openbanana.generators.compose.documents.diagram_data import read_spec
from openbanana.generators.compose.documents.diagram_flow import draw_flow
from openbanana.generators.compose.documents.diagram_object import draw_object


def build(ctx: DocumentContext) -> DocumentParts:
    rng = ctx.rng
    spec = read_spec(ctx)
    sheet = Sheet(ctx)
    background = page_background(ctx)
    m = margin(ctx)
    frame = R(m, m, ctx.width - 2 * m, ctx.height - 2 * m)
    sheet.shape(card(ctx, "card", frame, ctx.theme.surface, radius=0.03))
    pad = max(2.0, min(0.04 * area_root(ctx), 0.09 * min(frame.w, frame.h)))
    inner = frame.inset(pad)
    wide = ctx.aspect >= 3.0
    body = inner
    if spec.title:
        body = header(sheet, inner, spec.title, None, rng.choice(("left", "center")), wide)
    style = rng.randrange(3)
    if spec.mode == "cycle":
        layout = draw_cycle(sheet, body, spec.steps, style)
    elif spec.mode == "object" and spec.object_icon:
        layout = draw_object(sheet, body, spec.steps, spec.object_icon, style)
    else:
        layout = draw_flow(sheet, body, spec.steps, style, loop=False)
    notes = ("The prompt named no stages or labels: the diagram shows placeholders.",) if spec.sample else ()
    if spec.title:
        sheet.texts = [replace(t, effect=ctx.theme.title_effect) if t.id == "title" else t for t in sheet.texts]
    return DocumentParts(
        layout=f"{spec.mode}-{layout}",
        background=background,
        texts=tuple(sheet.texts),
        assets=tuple(sheet.assets),
        shapes=tuple(sheet.shapes),
        filters=ctx.theme.filters,
        notes=notes,
    )
