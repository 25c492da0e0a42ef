"""Who or what a photo is of: person masks, subject masks and cut-outs.

People are found by mediapipe's selfie-segmentation model (vendored, Apache-2.0, 245 KB; LiteRT runs it
in a few milliseconds). Everything else — a product, an animal, a cup — has no learned model available
offline, so the subject is cut out classically: cues for "subject" (sharp focus against a blurred
background, or not being part of the frame's border) seed OpenCV's GrabCut, which then follows colour
edges. Results are ``float32`` alpha arrays (H, W) in 0..1.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from openbanana.editing.masks import Alpha, Mask
from openbanana.editing.photo import RGB

MODEL = Path(__file__).resolve().parent.parent / "assets" / "models" / "mediapipe" / "selfie_segmentation.tflite"
#: The selfie model's input side.
_SIDE = 256
#: A pixel is confidently a person above this probability.
_CONFIDENT = 0.7
#: ... and a photo has a person when at least this share of it is confidently one (and a face confirms it).
_PERSON_SHARE = 0.03
#: GrabCut works on a copy this size (longer side): the cut follows the shapes, not fine texture.
_WORK_SIDE = 256
_GRABCUT_ITERATIONS = 5
#: Border band (share of the shorter side) taken as background when the subject stands free of the frame.
_BAND = 0.04

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _interpreter() -> Any:
    """The LiteRT interpreter, loaded once; callers hold ``_lock``."""
    if "interp" not in _state:
        from ai_edge_litert.interpreter import Interpreter

        interp = Interpreter(model_path=str(MODEL), num_threads=max(1, os.cpu_count() or 1))
        interp.allocate_tensors()
        _state["interp"] = interp
        _state["in"] = interp.get_input_details()[0]["index"]
        _state["out"] = interp.get_output_details()[0]["index"]
    return _state["interp"]


def person_mask(rgb: RGB) -> Alpha:
    """Probability (0..1) that each pixel belongs to a person, at the photo's size.

    The model sees the photo squeezed to 256 × 256; its output is scaled back bilinearly. It is made for
    people filling a good part of the frame (portraits, selfies, product shots with a model).
    """
    h, w = rgb.shape[:2]
    x = cv2.resize(rgb, (_SIDE, _SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)[None] / np.float32(255)
    with _lock:
        interp = _interpreter()
        interp.set_tensor(_state["in"], x)
        interp.invoke()
        prob = np.array(interp.get_tensor(_state["out"])[0, :, :, 0], dtype=np.float32)
    out = cv2.resize(prob, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(np.clip(out, 0.0, 1.0), dtype=np.float32)


def _face_detector() -> Any:
    """dlib's HOG frontal-face detector (no model file), or None without the ``faces`` extra."""
    if "faces" not in _state:
        try:
            import dlib

            _state["faces"] = dlib.get_frontal_face_detector()
        except ImportError:
            _state["faces"] = None
    return _state["faces"]


def _faces(rgb: RGB) -> list[tuple[int, int, int, int]] | None:
    """Face boxes (x, y, w, h) at the photo's scale; None when no detector is installed."""
    with _lock:
        detector = _face_detector()
    if detector is None:
        return None
    scale = min(1.0, 800 / max(rgb.shape[:2]))
    small = np.ascontiguousarray(cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    with _lock:  # dlib's detector object is not documented as thread-safe
        found = detector(small, 0)
    return [
        (int(r.left() / scale), int(r.top() / scale), int(r.width() / scale), int(r.height() / scale)) for r in found
    ]


def has_person(rgb: RGB) -> bool:
    """Whether a person is a main part of the photo: enough confident person area, with a face in it.

    The selfie model also answers "person" for a close-up cat or a cup, so its area alone is not
    enough; a frontal face inside the confident area confirms it (dlib, when the ``faces`` extra is
    installed). Without it, a person-like mask is one that is confident (few in-between values).
    """
    prob = person_mask(rgb)
    confident = prob > _CONFIDENT
    if confident.mean() < _PERSON_SHARE:
        return False
    faces = _faces(rgb)
    if faces is None:
        unsure = ((prob > 0.2) & (prob <= _CONFIDENT)).sum()
        return bool(unsure < 0.25 * confident.sum())
    return any(confident[y + h // 2 - h // 4 : y + h // 2 + h // 4, x : x + w].mean() > 0.5 for x, y, w, h in faces)


def _sharpness(rgb: RGB) -> NDArray[np.float32]:
    """Local focus: Laplacian energy averaged over a few percent of the frame, 0..1."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    energy = cv2.GaussianBlur(np.abs(cv2.Laplacian(grey, cv2.CV_32F, ksize=3)), (0, 0), 0.03 * max(grey.shape))
    return np.asarray(np.clip(energy / (np.percentile(energy, 99) + 1e-3), 0, 1), dtype=np.float32)


def _seeds(rgb: RGB) -> NDArray[np.uint8]:
    """GrabCut's starting labels.

    Shallow depth of field (the border much less sharp than the centre, typical of animal and product
    photos) means sharp = subject, blurred = background, wherever the subject touches the frame.
    Otherwise the subject stands free: the border band is background, the central ellipse probably not.
    """
    h, w = rgb.shape[:2]
    band = np.zeros((h, w), bool)
    b = max(3, int(_BAND * min(h, w)))
    band[:b], band[-b:], band[:, :b], band[:, -b:] = True, True, True, True
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    centre = ((yy - h / 2) / (0.35 * h)) ** 2 + ((xx - w / 2) / (0.35 * w)) ** 2 <= 1
    sharp = _sharpness(rgb)
    border_sharp, centre_sharp = float(np.median(sharp[band])), float(np.median(sharp[centre]))
    seeds = np.full((h, w), cv2.GC_PR_BGD, np.uint8)
    if border_sharp < 0.5 * centre_sharp:
        seeds[sharp > 0.6 * centre_sharp] = cv2.GC_PR_FGD
        seeds[sharp > centre_sharp] = cv2.GC_FGD
        seeds[band & (sharp < 0.5 * border_sharp)] = cv2.GC_BGD
    else:
        seeds[centre] = cv2.GC_PR_FGD
        seeds[band] = cv2.GC_BGD
    return seeds


def _clean(fg: Mask) -> Mask:
    """The main blob(s) of a rough mask: specks dropped, largest components kept, holes filled."""
    h, w = fg.shape
    k = max(1, round(0.01 * max(h, w)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * k + 1, 2 * k + 1))
    m = cv2.morphologyEx(fg.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    if n <= 1:
        return fg.copy()
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(n, bool)
    keep[1:] = areas >= 0.25 * areas.max()
    kept = keep[labels]
    # Holes: background pixels not connected to the frame's edge.
    outside = np.pad(~kept, 1, constant_values=True).astype(np.uint8)
    flood = np.zeros((h + 4, w + 4), np.uint8)
    cv2.floodFill(outside, flood, (0, 0), 2)
    return np.asarray(outside[1:-1, 1:-1] != 2, dtype=np.bool_)


def subject_mask(rgb: RGB) -> Alpha:
    """Soft mask (0..1) of the photo's main subject: the person if there is one, else the object or
    animal the photo is of. Works on a 256-px copy; the edge is upsampled and feathered by ~1 px."""
    if has_person(rgb):
        # The person, without the model's stray specks elsewhere (a flag's stripe, a poster).
        prob = person_mask(rgb)
        main = _clean(prob > 0.5)
        reach = max(2, round(0.01 * max(prob.shape)))
        main = cv2.dilate(main.astype(np.uint8), np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)) > 0
        return np.asarray(prob * main, dtype=np.float32)
    h, w = rgb.shape[:2]
    scale = min(1.0, _WORK_SIDE / max(h, w))
    size = (max(8, round(w * scale)), max(8, round(h * scale)))
    small = np.asarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    labels = _seeds(small)
    bgr = np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2BGR), dtype=np.uint8)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    try:
        cv2.grabCut(bgr, labels, (0, 0, 1, 1), bgd, fgd, _GRABCUT_ITERATIONS, cv2.GC_INIT_WITH_MASK)  # rect unused
    except cv2.error:
        # GrabCut needs both labels present; a flat image has no subject to find.
        return np.zeros((h, w), np.float32)
    fg = _clean((labels == cv2.GC_FGD) | (labels == cv2.GC_PR_FGD))
    soft = cv2.resize(fg.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    hard = (soft > 0.5).astype(np.float32)
    alpha = cv2.GaussianBlur(hard, (0, 0), max(0.8, 0.5 / scale))
    return np.asarray(np.clip(alpha, 0, 1), dtype=np.float32)


def cutout(rgb: RGB, alpha: Alpha) -> NDArray[np.uint8]:
    """RGBA of the subject cropped to its alpha's bounding box, to place into another scene."""
    ys, xs = np.nonzero(alpha > 1 / 255)
    if len(ys) == 0:
        return np.zeros((1, 1, 4), np.uint8)
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    a = np.clip(alpha[y0:y1, x0:x1] * 255 + 0.5, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.dstack([rgb[y0:y1, x0:x1, :3], a]))
