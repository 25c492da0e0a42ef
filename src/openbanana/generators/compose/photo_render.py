"""Running a :class:`~.photo_edit.PhotoEditPlan`: pixels in, pixels out, then the checks and the reply.

The checks read back what a user would: replaced or translated text by OCR. The reply says what was
done and, plainly, what could not be (no such object, no translator for that language, no mask).
"""

from __future__ import annotations

from openbanana.editing import photo
from openbanana.editing.ops import EditKind
from openbanana.generators.base import CheckIssue, CheckReport, RenderedImage
from openbanana.generators.compose.photo_edit import PhotoEditPlan, mask_pixels, start_pixels
from openbanana.generators.compose.photo_edit_ops import Canvas, apply_ops


def render_photo_edit(plan: PhotoEditPlan, width: int, height: int, seed: int) -> RenderedImage:
    canvas = Canvas(
        rgb=start_pixels(plan, width, height),
        mask=mask_pixels(plan, width, height),
        seed=seed,
    )
    apply_ops(canvas, plan.ops)
    plan.findings[:] = canvas.notes
    return RenderedImage(png=photo.encode_png(canvas.rgb), width=width, height=height)


def check_photo_edit(plan: PhotoEditPlan, image: RenderedImage, ocr: bool) -> CheckReport:
    wanted = [op.value for op in plan.ops if op.kind is EditKind.TEXT and op.value]
    if not ocr or not wanted:
        return CheckReport()
    from openbanana.editing.photo_text import find_text

    rgb = photo.to_rgb(image.png)
    read = " ".join(region.text for region in find_text(rgb)).casefold()
    issues = tuple(
        CheckIssue("edit-text", f"“{text}” was not read back from the edited image", 0.5)
        for text in wanted
        if "".join(text.casefold().split()) not in "".join(read.split())
    )
    return CheckReport(issues=issues, metrics={"edit_texts_read": float(len(wanted) - len(issues))})


def describe_photo_edit(plan: PhotoEditPlan) -> str:
    done = ", ".join(op.describe() for op in plan.ops) or "returned the requested version unchanged"
    where = " (inside the masked area)" if plan.mask is not None else ""
    notes = (*plan.notes, *dict.fromkeys(plan.findings))
    text = f"I {done}{where}."
    return text + ("" if not notes else " " + " ".join(notes))
