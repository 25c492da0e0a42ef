"""Thumbnails that tell apart outputs sharing a mark id.

Mark ids are 16 bits, and an image and its edits share one (:mod:`.edit_marks`), so a mark id alone may
point to several outputs. Each ``marks`` row therefore keeps a 16×16 RGB thumbnail of the marked pixels
(768 bytes); a verifier holding a re-encoded or resized copy picks the row whose thumbnail is clearly the
nearest. Area-averaged 16×16 thumbnails barely move under JPEG, WebP or resizing, while two versions of
an edit differ where the edit changed them.
"""

from __future__ import annotations

import cv2
import numpy as np

from openbanana.provenance.base import RGB

SIDE = 16
#: A row is chosen only when its distance is at most this (mean absolute difference, grey levels) ...
MAX_DISTANCE = 12.0
#: ... and the runner-up's is larger by this margin.
MARGIN = 1.5


def thumbnail(rgb: RGB) -> bytes:
    """The 16×16 RGB area-average of ``rgb``, as 768 bytes."""
    small = cv2.resize(rgb, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(small, dtype=np.uint8).tobytes()


def distance(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two thumbnails, in grey levels (inf when one is malformed)."""
    if len(a) != SIDE * SIDE * 3 or len(b) != len(a):
        return float("inf")
    return float(np.mean(np.abs(np.frombuffer(a, np.uint8).astype(np.int16) - np.frombuffer(b, np.uint8))))


def nearest(target: bytes, candidates: list[bytes | None]) -> int | None:
    """Index of the candidate clearly nearest ``target`` (see :data:`MAX_DISTANCE`, :data:`MARGIN`), or None."""
    distances = [distance(target, c) if c is not None else float("inf") for c in candidates]
    if not distances:
        return None
    order = sorted(range(len(distances)), key=distances.__getitem__)
    best = distances[order[0]]
    runner_up = distances[order[1]] if len(order) > 1 else float("inf")
    if best <= MAX_DISTANCE and runner_up - best >= MARGIN:
        return order[0]
    return None
