"""Face identity with dlib: find faces and tell whether two of them are the same person.

Used to keep a person recognisable across edits ("the same woman, now on a beach") and to check it.
Only the models bundled in the ``face_recognition_models`` package are used: dlib's HOG frontal face
detector (no model file), the 5-point landmark model (to align each face) and the ResNet model that
maps an aligned face to a 128-D embedding in which one person's photos lie within about 0.6 of each
other. The 68-point landmark model in the same package is never loaded: it was trained on iBUG 300-W,
whose terms exclude commercial use.

Models load lazily, once, behind a lock; dlib objects are not documented as thread-safe, so every
inference holds the same lock (a face costs about 70 ms to find and 65 ms to embed).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from openbanana.editing.photo import RGB

log = logging.getLogger(__name__)

#: Euclidean distance below which two embeddings are the same person (dlib's published operating point:
#: 99.38% on LFW).
SAME_PERSON = 0.6
#: Images whose long side is at most this are upsampled once before detection, so faces down to about
#: 40 px are found (the HOG detector's window is 80 px).
UPSAMPLE_BELOW = 1024
#: Detections scoring below this are dropped. dlib's own cut is 0; on skimage's astronaut photo the
#: mission patch on her suit scores 0.12 as a "face" while her face scores 1.2 (0.8 to 2 is typical).
MIN_SCORE = 0.3
#: Larger images are scaled down to this long side to find and embed faces (a face there is still
#: far larger than the 150 px chip the embedding model reads).
WORK_SIDE = 1600


@dataclass(frozen=True)
class Face:
    """One face: its box ``(x, y, w, h)`` in px of the image given, and its 128-D identity embedding."""

    box: tuple[int, int, int, int]
    embedding: NDArray[np.float64] = field(compare=False, repr=False)


class _Models:
    def __init__(self, detector: Any, landmarks: Any, encoder: Any) -> None:
        self.detector = detector
        self.landmarks = landmarks
        self.encoder = encoder


_lock = threading.Lock()
_models: _Models | None = None
_failed = False


def _load() -> _Models | None:
    """Build the models (None, logged once, when dlib or the bundled model files are missing)."""
    global _models, _failed
    if _models is not None or _failed:
        return _models
    with _lock:
        if _models is None and not _failed:
            try:
                import dlib
                import face_recognition_models as bundled

                _models = _Models(
                    dlib.get_frontal_face_detector(),
                    dlib.shape_predictor(bundled.pose_predictor_five_point_model_location()),
                    dlib.face_recognition_model_v1(bundled.face_recognition_model_location()),
                )
            except Exception as exc:  # ImportError, or RuntimeError for a missing/corrupt model file
                log.warning("face identity disabled: %s (pip install 'openbanana[faces]')", exc)
                _failed = True
    return _models


def available() -> bool:
    """Whether dlib and its bundled face models are installed and load."""
    return _load() is not None


def find_faces(rgb: RGB) -> list[Face]:
    """Every frontal face in ``rgb``, largest first; empty when there is none or dlib is missing."""
    models = _load()
    if models is None:
        return []
    height, width = rgb.shape[:2]
    scale = min(1.0, WORK_SIDE / max(height, width))
    work = rgb
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        work = np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.BILINEAR), dtype=np.uint8)
    work = np.ascontiguousarray(work[..., :3])
    upsample = 1 if max(work.shape[:2]) <= UPSAMPLE_BELOW else 0
    faces: list[Face] = []
    with _lock:
        rects, _scores, _kinds = models.detector.run(work, upsample, MIN_SCORE)
        for rect in rects:
            shape = models.landmarks(work, rect)
            embedding = np.array(models.encoder.compute_face_descriptor(work, shape), dtype=np.float64)
            x0, y0 = max(0, rect.left()), max(0, rect.top())
            x1, y1 = min(work.shape[1], rect.right() + 1), min(work.shape[0], rect.bottom() + 1)
            box = (round(x0 / scale), round(y0 / scale), round((x1 - x0) / scale), round((y1 - y0) / scale))
            faces.append(Face(box, embedding))
    return sorted(faces, key=lambda f: (-f.box[2] * f.box[3], f.box[0], f.box[1]))


def distance(a: Face | NDArray[np.float64], b: Face | NDArray[np.float64]) -> float:
    """Euclidean distance between two faces' embeddings (0 = identical; < 0.6 = same person)."""
    ea = a.embedding if isinstance(a, Face) else a
    eb = b.embedding if isinstance(b, Face) else b
    return float(np.linalg.norm(np.asarray(ea, dtype=np.float64) - np.asarray(eb, dtype=np.float64)))


def same_person(a: Face | NDArray[np.float64], b: Face | NDArray[np.float64], threshold: float = SAME_PERSON) -> bool:
    """Whether two faces are the same person (embedding distance below ``threshold``)."""
    return distance(a, b) < threshold
