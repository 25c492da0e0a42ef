"""Edit-aware marking: an edit keeps what it did not change, the watermark included.

Re-marking every pixel of every output would break two promises editing makes: the regions an edit
keeps stay as they were (≥ 45 dB; byte for byte in openbanana's own images), and going back to an
earlier version of a chat returns exactly that version. So the watermark step of an edit looks at the
output's *parent* (the image being edited: this turn's first input, else the chat's latest model image):

* **The parent carries openbanana's mark** (its exact bytes are in the marks table, or the detector
  finds the mark in its pixels). The output gets the *same* mark id: an image and its edits form one
  lineage, which the marks table tells apart by thumbnail (:mod:`.verify`). The mark at a pixel depends
  only on the pixel, its position, the image size and the id, so a pixel the generator re-rendered
  unchanged comes out equal to the parent's marked pixel (that is why a chat rollback is exact), and a
  pixel the generator copied from the parent, mark and all, is handed on as it is instead of being
  marked a second time (when it copied at least :data:`COPIED_SHARE` of them; fewer are chance).
* **The parent is the user's own image** (no mark). Pixels the edit kept, those within
  :data:`KEPT_TOLERANCE` grey levels of the parent fitted to the output (cover or contain, whichever
  keeps more), are marked at :data:`KEPT_STRENGTH`; the pixels the edit made carry the full mark. A photo
  carries the mark well (a whole photo marked at 30 % still scores about 13 against a threshold of 9,
  also after JPEG q75) while the untouched area stays near 49 dB.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from openbanana.editing import photo
from openbanana.editing.reframe import contain_box
from openbanana.provenance.base import RGB, Watermarker

#: Mark strength in the pixels an edit kept from a user's (unmarked) image: at most 2.6 × 1.2 × 0.3 ≈ 0.9 RMS.
KEPT_STRENGTH = 0.3
#: A pixel is kept when the mean of its 5×5 neighbourhood's largest channel difference is at most this.
KEPT_TOLERANCE = 4.0
#: Sigma (pixels) of the ramp between the light and the full mark, so no seam shows along an edit.
EDGE_SIGMA = 1.5
#: Share of pixels copied unchanged from a marked parent above which the generator is taken to have copied.
COPIED_SHARE = 0.01
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Parent:
    """The image an output was edited from, decoded, and the openbanana mark id it carries (None: none)."""

    rgb: RGB
    mark_id: int | None


def mark_edit(watermarker: Watermarker, out: RGB, parent: Parent, mark_id: int) -> RGB:
    """``out`` (an edit of ``parent``) marked with ``mark_id`` as the module docstring describes."""
    if parent.mark_id is not None:
        marked = watermarker.embed(out, mark_id)
        if parent.rgb.shape == out.shape:
            # Pixels equal to the parent's marked ones that the new mark would change. A generator that
            # copied the parent's pixels leaves many; a re-render (a plan edit, a rollback) reproduces the
            # parent's marked pixels through the mark itself, and equality elsewhere is chance (about 1 in
            # 100,000 pixels) that must not be copied, or a rollback would not be exact.
            copied = np.all(out == parent.rgb, axis=2) & np.any(marked != parent.rgb, axis=2)
            if copied.mean() >= COPIED_SHARE:
                marked[copied] = parent.rgb[copied]
        return marked
    kept = kept_region(out, parent.rgb)
    if not kept.any():
        return watermarker.embed(out, mark_id)
    changed = (~kept).astype(np.float32)
    ramp = cv2.GaussianBlur(changed, (0, 0), EDGE_SIGMA)
    strength = np.maximum(np.float32(KEPT_STRENGTH) + np.float32(1 - KEPT_STRENGTH) * ramp, changed)
    return watermarker.embed(out, mark_id, strength)


def kept_region(out: RGB, parent: RGB) -> Mask:
    """The pixels of ``out`` that show ``parent`` unchanged, for the better of its two natural fits."""
    best: Mask | None = None
    for reference, inside in _fits(parent, out.shape[1], out.shape[0]):
        diff = np.max(cv2.absdiff(out, reference), axis=2).astype(np.float32)
        kept = (cv2.blur(diff, (5, 5)) <= KEPT_TOLERANCE) & inside
        if best is None or int(kept.sum()) > int(best.sum()):
            best = kept
    assert best is not None
    return best


def _fits(parent: RGB, width: int, height: int) -> list[tuple[RGB, Mask]]:
    """``parent`` at ``width``×``height``: cropped to cover it (a mask edit), and scaled to fit inside it,
    centred (a reframe that outpaints the margins); each with the mask of pixels it covers."""
    fits = [(photo.fit(parent, width, height), np.ones((height, width), dtype=bool))]
    x, y, w, h = contain_box(parent.shape[1], parent.shape[0], width, height)
    if (w, h) != (width, height):
        contain = np.zeros((height, width, 3), dtype=np.uint8)
        contain[y : y + h, x : x + w] = photo.resize(parent, w, h)
        inside = np.zeros((height, width), dtype=bool)
        inside[y : y + h, x : x + w] = True
        fits.append((contain, inside))
    return fits
