"""Pixel edits: the plan and renderer for changing an image that has no scene plan (a user's photo),
or for the pixel-only steps on top of one (filters, masked fills, upscaling, text in the pixels).

The plan lists :class:`~openbanana.editing.ops.EditOp` s and where the starting pixels come from: the
source photo fitted to the output size (or outpainted / upscaled to it when the instruction asks), or
a scene plan rendered afresh. Each op is one handler in :data:`HANDLERS` (``photo_edit_ops``); every
handler changes only the pixels its op is about, so a masked edit leaves the rest identical.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from openbanana.editing import photo
from openbanana.editing.masks import Mask
from openbanana.editing.ops import EditKind, EditOp
from openbanana.editing.photo import RGB
from openbanana.engine.request import InputImage
from openbanana.generators.compose.plan import ComposePlan

#: Ops that a scene plan cannot express and that are replayed, in order, over the plan's render when a
#: later turn edits the plan again (so "make it black and white" sticks through "make the car blue").
REPLAYABLE = frozenset({EditKind.RESTYLE, EditKind.TIME})


@dataclass(frozen=True)
class PhotoEditPlan:
    """What to do to which pixels. ``source`` and ``mask`` are the client's images (not serialised:
    the plan names them by hash)."""

    instruction: str
    ops: tuple[EditOp, ...]
    source: InputImage | None = field(default=None, repr=False)
    base: ComposePlan | None = None
    mask: InputImage | None = field(default=None, repr=False)
    #: Things the edit could not do, found while planning; said in the response text.
    notes: tuple[str, ...] = ()
    #: The same, found while rendering (no text in the photo, no translator …); filled by the renderer
    #: and read by the reply for this very plan object.
    findings: list[str] = field(default_factory=list, compare=False, repr=False)

    def summary(self) -> str:
        start = "the scene plan" if self.base is not None else "the photo"
        steps = "; ".join(op.describe() for op in self.ops) or "no change"
        masked = " inside the mask" if self.mask is not None else ""
        return f"pixel edit of {start}{masked}: {steps}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "generator": "compose-photo",
            "instruction": self.instruction,
            "ops": [{k: v for k, v in asdict(op).items() if v is not None} for op in self.ops],
            "source_sha256": hashlib.sha256(self.source.data).hexdigest() if self.source else None,
            "mask_sha256": hashlib.sha256(self.mask.data).hexdigest() if self.mask else None,
            "base": self.base.to_dict() if self.base is not None else None,
            "notes": [*self.notes, *self.findings],
        }


def ops_from_dict(items: list[dict[str, Any]]) -> tuple[EditOp, ...]:
    """Ops back from :meth:`PhotoEditPlan.to_dict` (unknown kinds are skipped)."""
    out: list[EditOp] = []
    for item in items:
        try:
            kind = EditKind(item["kind"])
            fields = {k: v for k, v in item.items() if k != "kind" and k in EditOp.__dataclass_fields__}
            out.append(EditOp(kind=kind, **fields))
        except (KeyError, ValueError, TypeError):
            continue
    return tuple(out)


def start_pixels(plan: PhotoEditPlan, width: int, height: int) -> RGB:
    """The pixels the ops start from, exactly ``width`` × ``height``."""
    if plan.base is not None:
        from openbanana.generators.compose.render import plan_pixels

        return plan_pixels(plan.base, width, height)
    assert plan.source is not None
    src = photo.to_rgb(plan.source.data)
    kinds = {op.kind for op in plan.ops}
    if EditKind.REFRAME in kinds:
        from openbanana.editing.reframe import reframe

        return reframe(src, width, height, mode=reframe_mode(plan.instruction))
    if EditKind.UPSCALE in kinds and (width > src.shape[1] or height > src.shape[0]):
        from openbanana.editing.upscale import upscale_to

        target_ratio = width / height
        crop = photo.fit(src, *_ratio_crop(src.shape[1], src.shape[0], target_ratio))
        return upscale_to(crop, width, height)
    return photo.fit(src, width, height)


def reframe_mode(instruction: str) -> str:
    """ "Crop it to 16:9" crops; any other new shape ("make it 16:9", "extend it") is outpainted."""
    return "crop" if re.search(r"\bcrop", instruction, re.IGNORECASE) else "outpaint"


def _ratio_crop(w: int, h: int, ratio: float) -> tuple[int, int]:
    """The largest size of aspect ``ratio`` inside ``w`` × ``h`` (the crop ``fit`` would take)."""
    if w / h > ratio:
        return max(1, round(h * ratio)), h
    return w, max(1, round(w / ratio))


def mask_pixels(plan: PhotoEditPlan, width: int, height: int) -> Mask | None:
    """The client's mask mapped onto the output pixels the same way the photo was (fit or outpaint)."""
    if plan.mask is None:
        return None
    from openbanana.editing.masks import mask_from_bytes

    ref_w, ref_h = (plan.source.width, plan.source.height) if plan.source is not None else (width, height)
    mask = Image.fromarray(mask_from_bytes(plan.mask.data, ref_w, ref_h, "mask").astype(np.uint8) * 255)
    reframed = any(op.kind is EditKind.REFRAME for op in plan.ops) and reframe_mode(plan.instruction) == "outpaint"
    if plan.source is not None and reframed:
        from openbanana.editing.reframe import contain_box

        x, y, w, h = contain_box(ref_w, ref_h, width, height)
        canvas = np.zeros((height, width), dtype=bool)
        canvas[y : y + h, x : x + w] = np.asarray(mask.resize((w, h), Image.Resampling.NEAREST)) > 127
        return canvas
    return np.asarray(ImageOps.fit(mask, (width, height), Image.Resampling.NEAREST)) > 127
