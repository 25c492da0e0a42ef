"""Checks on a rendered compose image, and the OCR engines they read text with.

Three tiers, from cheap to thorough:

* guard checks (:mod:`~openbanana.generators.compose.checks_guard`): the PNG's exact size, missing glyphs,
  text that cannot fit, things placed off the canvas. Plan geometry only; every request runs them.
* pixel checks (:mod:`~openbanana.generators.compose.checks_layout`): text ink cut off or spilling out,
  WCAG contrast of the ink against the pixels around it, text colliding with text or illustrations,
  illustrations colliding. Thorough checks only (tens of milliseconds).
* OCR of every text element, compared with the requested string: thorough checks only, one OCR pass per
  render, skipped for elements whose pixels were already read correctly in an earlier render.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import shutil
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from openbanana.generators.base import CheckIssue, RenderedImage
from openbanana.generators.compose import checks_report as R
from openbanana.generators.compose.checks_guard import guard_checks
from openbanana.generators.compose.checks_layout import PATCHY, pixel_checks
from openbanana.generators.compose.checks_match import (
    OcrItem,
    element_region,
    items_in_region,
    normalise,
    reading_order_text,
    text_found,
)
from openbanana.generators.compose.checks_pixels import Contrast, Pixels, decode_rgb, to_hex
from openbanana.generators.compose.checks_report import ComposeIssue, ComposeReport
from openbanana.generators.compose.checks_tesseract import TesseractReader
from openbanana.generators.compose.plan import ComposePlan, TextElement
from openbanana.generators.compose.render_text import place_text
from openbanana.generators.compose.text import ocr_parts

__all__ = [
    "RAPIDOCR_MODELS",
    "element_region",
    "guard_checks",
    "items_in_region",
    "normalise",
    "ocr_checks",
    "rapidocr_engine",
    "reading_order_text",
    "run_checks",
    "text_found",
]

log = logging.getLogger(__name__)


# -- OCR -------------------------------------------------------------------------------------------

#: The models rapidocr's wheel ships, by the config key that takes each one's path. OCR only ever runs
#: from these files: rapidocr fetches any model it cannot find from a model hub, and a server must not.
RAPIDOCR_MODELS: dict[str, str] = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}

_ocr_lock = threading.Lock()
_rapid: Any = None
_rapid_failed = False
_tesseract_langs: frozenset[str] | None = None
_tesseract_warned: set[str] = set()


def rapidocr_model_dir() -> Path | None:
    """Where the installed rapidocr keeps its bundled models (None: rapidocr is not installed)."""
    try:
        spec = importlib.util.find_spec("rapidocr")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "models"


def rapidocr_params(model_dir: Path) -> dict[str, Any]:
    """RapidOCR parameters that pin every model to a file in ``model_dir``. FileNotFoundError names
    the bundled files that are missing."""
    missing = [name for name in RAPIDOCR_MODELS.values() if not (model_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"rapidocr's bundled models are missing from {model_dir}: {', '.join(missing)}")
    params: dict[str, Any] = {key: str(model_dir / name) for key, name in RAPIDOCR_MODELS.items()}
    params["Global.model_root_dir"] = str(model_dir)
    params["Global.log_level"] = "error"  # not "the text detection result is empty" per check
    # Compose never draws text upside down, and the orientation classifier turns short words over
    # ("dogs" → "sbop"): read every line as it stands.
    params["Global.use_cls"] = False
    return params


def _build_rapidocr() -> Any:
    model_dir = rapidocr_model_dir()
    if model_dir is None:
        log.warning("OCR checks disabled: rapidocr is not installed (pip install 'openbanana[ocr]')")
        return None
    try:
        params = rapidocr_params(model_dir)
    except FileNotFoundError as exc:
        log.warning("OCR checks disabled: %s (models are never downloaded; reinstall rapidocr)", exc)
        return None
    try:
        from rapidocr import RapidOCR

        return RapidOCR(params=params)
    except Exception as exc:
        log.warning("OCR checks disabled: rapidocr could not start: %s", exc)
        return None


def rapidocr_engine() -> Any:
    """The process-wide RapidOCR engine built from the bundled models, or None (logged once) when
    rapidocr or its bundled models are missing."""
    global _rapid, _rapid_failed
    if _rapid is None and not _rapid_failed:
        with _ocr_lock:
            if _rapid is None and not _rapid_failed:
                _rapid = _build_rapidocr()
                _rapid_failed = _rapid is None
    return _rapid


def reset_ocr_engines() -> None:
    """Forget the cached OCR engines and warnings (tests)."""
    global _rapid, _rapid_failed, _tesseract_langs
    with _ocr_lock:
        _rapid, _rapid_failed, _tesseract_langs = None, False, None
        _tesseract_warned.clear()


def rapidocr_supports(text: str) -> bool:
    """rapidocr's bundled model reads Latin (incl. accents), Chinese and Japanese, not RTL/Indic/Hangul."""
    for ch in text:
        cp = ord(ch)
        if ch.isspace():
            continue
        if 0x0370 <= cp <= 0x1DFF:  # Greek, Cyrillic, Hebrew, Arabic, Indic, ... (Latin resumes at U+1E00)
            return False
        if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF:
            return False
        if 0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFEFF:
            return False
    return True


def tesseract_lang(text: str) -> str | None:
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi == "AL":
            return "ara"
        if bidi == "R":
            return "heb"
    return None


def tesseract_languages() -> frozenset[str]:
    """The language packs the installed tesseract has (empty without tesseract or pytesseract)."""
    global _tesseract_langs
    if _tesseract_langs is None:
        langs: frozenset[str] = frozenset()
        if shutil.which("tesseract") is not None:
            try:
                import pytesseract

                langs = frozenset(str(lang) for lang in pytesseract.get_languages(config=""))
            except Exception:
                langs = frozenset()
        _tesseract_langs = langs
    return _tesseract_langs


def tesseract_available(lang: str) -> bool:
    """Whether tesseract can read ``lang``; the first time it cannot, a warning says why."""
    if lang in tesseract_languages():
        return True
    with _ocr_lock:
        if lang not in _tesseract_warned:
            _tesseract_warned.add(lang)
            why = (
                f"the tesseract language pack {lang!r} is not installed"
                if shutil.which("tesseract") is not None
                else "tesseract is not installed"
            )
            log.warning("OCR checks for %r text disabled: %s", lang, why)
    return False


def luminance_bgr(pixels: Pixels) -> Pixels:
    """An H × W × 3 uint8 array whose three channels all hold the Rec. 601 luma of ``pixels``."""
    rgb = pixels[..., :3].astype(np.float32)
    luma = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    grey = np.clip(luma + 0.5, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2))


def ocr_rapid(image: bytes | Pixels) -> list[OcrItem]:
    """rapidocr's readings of a PNG or an H × W × 3 RGB array: (text, confidence, quadrilateral) each.

    rapidocr reads arrays as OpenCV's BGR; handing it RGB swapped red and blue, and its detector then
    missed small text beside large saturated areas (labels next to red bars). It gets the luminance in
    all three channels instead: channel order no longer matters, and text is found by exactly the
    lightness difference the contrast check measures."""
    engine = rapidocr_engine()
    if engine is None:
        return []
    arr = decode_rgb(image) if isinstance(image, bytes) else image
    result = engine(luminance_bgr(arr))
    txts = list(result.txts or ())
    scores = list(result.scores or ())
    boxes = [] if result.boxes is None else [b.tolist() for b in result.boxes]
    return list(zip(txts, scores, boxes, strict=False))


# -- reading each element back ---------------------------------------------------------------------

#: Elements read back correctly, by (text, bold, digest of the pixels of their region): a correction
#: round that leaves an element's pixels alone does not pay for reading it again.
_READ_OK: OrderedDict[tuple[str, bool, bytes], None] = OrderedDict()
_READ_OK_SIZE = 512


def _region_digest(pixels: Pixels, region: tuple[float, float, float, float]) -> bytes:
    height, width = pixels.shape[:2]
    x, y, w, h = region
    x0, y0 = max(0, int(x)), max(0, int(y))
    x1, y1 = min(width, int(x + w) + 1), min(height, int(y + h) + 1)
    crop = pixels[y0:y1, x0:x1]
    return hashlib.blake2b(crop.tobytes(), digest_size=16, person=f"{x0},{y0},{x1},{y1}".encode()[:16]).digest()


def _read_before(key: tuple[str, bool, bytes]) -> bool:
    with _ocr_lock:
        if key in _READ_OK:
            _READ_OK.move_to_end(key)
            return True
    return False


def _remember_read(key: tuple[str, bool, bytes]) -> None:
    with _ocr_lock:
        _READ_OK[key] = None
        while len(_READ_OK) > _READ_OK_SIZE:
            _READ_OK.popitem(last=False)


#: rapidocr reads the render scaled down until its smallest text is about this many px per em, but no
#: further than this long side: text far larger than that reads worse (a 4K title breaks into pieces)
#: and costs several times more.
OCR_EM_PX = 22.0
OCR_MIN_SIDE = 1024


def ocr_scale(plan: ComposePlan, width: int, height: int) -> float:
    """The factor rapidocr's copy of the render is scaled by (≤ 1)."""
    sizes = [place_text(el, width, height).fitted.size for el in plan.texts if rapidocr_supports(el.text)]
    if not sizes:
        return 1.0
    return min(1.0, max(OCR_EM_PX / max(1.0, min(sizes)), OCR_MIN_SIDE / max(width, height)))


class _Readings:
    """The OCR of one render, made at most once per engine and only when an element needs it."""

    def __init__(self, pixels: Pixels, scale: float = 1.0) -> None:
        self.pixels = pixels
        self.scale = scale
        self._rapid: list[OcrItem] | None = None
        self._tesseract: TesseractReader | None = None
        self.passes = 0

    def rapid(self) -> list[OcrItem]:
        """rapidocr's readings, boxes in px of the full-size render."""
        if self._rapid is None:
            self._rapid = _scaled_read(self.pixels, self.scale)
            self.passes += 1
        return self._rapid

    def tesseract(self) -> TesseractReader:
        if self._tesseract is None:
            self._tesseract = TesseractReader(self.pixels)
        return self._tesseract


def _scaled_read(pixels: Pixels, scale: float) -> list[OcrItem]:
    if scale >= 0.95:
        return ocr_rapid(pixels)
    from PIL import Image

    height, width = pixels.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BOX))
    kx, ky = width / size[0], height / size[1]
    return [(text, score, [[x * kx, y * ky] for x, y in box]) for text, score, box in ocr_rapid(small)]


def _read_element(plan: ComposePlan, el: TextElement, readings: _Readings) -> tuple[bool, float] | None:
    """Whether ``el`` reads back exactly, and the best partial match (None: no OCR reads its script)."""
    expected = ocr_parts(el.text, el.bold)
    region = element_region(plan, el.id)
    if rapidocr_supports(el.text):
        if rapidocr_engine() is None:
            return None
        items = readings.rapid()
        return text_found(expected, reading_order_text(items_in_region(items, region)) + reading_order_text(items))
    lang = tesseract_lang(el.text)
    if lang is None or not tesseract_available(lang):
        return None
    tesseract = readings.tesseract()
    texts = [tesseract.whole(lang)]
    found, accuracy = text_found(expected, texts)
    if not found and tesseract.regions_left > 0:
        texts.append(tesseract.region(lang, region))
        found, accuracy = text_found(expected, texts)
    return found, accuracy


def ocr_checks(plan: ComposePlan, pixels: Pixels) -> tuple[list[CheckIssue], dict[str, float]]:
    """Read every text element back and compare it with the requested string (whitespace aside)."""
    issues: list[CheckIssue] = []
    metrics: dict[str, float] = {}
    readings = _Readings(pixels, ocr_scale(plan, pixels.shape[1], pixels.shape[0]))
    scores: list[float] = []
    for el in plan.texts:
        if place_text(el, plan.width, plan.height).fitted.missing:
            continue  # drawn with missing glyphs: the guard check reports it and OCR cannot read it back
        if len(normalise(el.text)) == 1 and el.text.strip().isascii():
            continue  # a lone letter or digit (an axis tick "0"): detectors skip single glyphs
        key = (el.text, el.bold, _region_digest(pixels, element_region(plan, el.id)))
        if _read_before(key):
            scores.append(1.0)
            continue
        result = _read_element(plan, el, readings)
        if result is None:
            continue
        found, accuracy = result
        scores.append(accuracy)
        if found:
            _remember_read(key)
        else:
            message = f"could not read back {el.text!r} (best match {accuracy:.0%})"
            issues.append(ComposeIssue(R.OCR, message, 0.7, el.id))
    if scores:
        metrics["ocr_char_accuracy"] = sum(scores) / len(scores)
        metrics["ocr_exact"] = float(sum(1 for s in scores if s >= 1.0)) / len(scores)
        metrics["ocr_passes"] = float(readings.passes)
    return issues, metrics


def _with_contrast(issue: CheckIssue, contrasts: dict[str, Contrast]) -> CheckIssue:
    """An OCR issue with the contrast measured around its text: the correction differs for text on a
    busy or faint ground (a plate) and text that reads well to people but not to OCR (weight, size)."""
    measured = contrasts.get(issue.target or "")
    if measured is None or not isinstance(issue, ComposeIssue):
        return issue
    return replace(
        issue,
        background=to_hex(measured.background),
        contrast=round(measured.ratio, 2),
        busy=measured.low_share > PATCHY,
    )


#: Pixel issues that repeat what a guard issue on the same element already says.
_SAME_AS_GUARD = {R.BOUNDS: {R.BOUNDS, R.EDGE, R.CLIP}, R.OVERFLOW: {R.BOUNDS, R.EDGE, R.CLIP}}


def run_checks(
    plan: ComposePlan, image: RenderedImage, width: int, height: int, thorough: bool, ocr: bool = True
) -> ComposeReport:
    """Guard checks always; with ``thorough``, the pixel checks and (with ``ocr``) OCR as well."""
    issues = guard_checks(plan, image, width, height)
    metrics: dict[str, float] = {"text_elements": float(len(plan.texts)), "assets": float(len(plan.assets))}
    if thorough and not any(i.check == R.SIZE for i in issues):
        pixels = decode_rgb(image.png)
        found = pixel_checks(plan, pixels)
        covered = {(c, i.target) for i in issues for c in _SAME_AS_GUARD.get(i.check, ())}
        issues += [i for i in found.issues if (i.check, i.target) not in covered]
        if found.contrast_min is not None:
            metrics["contrast_min"] = round(found.contrast_min, 2)
        if ocr:
            ocr_issues, ocr_metrics = ocr_checks(plan, pixels)
            issues += [_with_contrast(i, found.contrasts) for i in ocr_issues]
            metrics.update(ocr_metrics)
        metrics["overlaps"] = float(sum(1 for i in issues if i.check in R.OVERLAPS))
        metrics["outside"] = float(sum(1 for i in issues if i.check in R.OUTSIDE))
    change = plan.notes[-1] if plan.revision and plan.notes else ""
    return ComposeReport(tuple(issues), metrics, change)
