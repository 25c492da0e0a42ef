"""Checks on a rendered compose image: guard checks (cheap, always) and OCR (thorough only)."""

from __future__ import annotations

import difflib
import importlib.util
import io
import logging
import re
import shutil
import threading
import unicodedata
from pathlib import Path
from typing import Any

from openbanana.generators.base import CheckIssue, CheckReport, RenderedImage
from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.render_text import place_text
from openbanana.generators.compose.text import ocr_parts
from openbanana.imaging.png import png_dimensions

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Whitespace-insensitive comparison form (NFC, no whitespace at all)."""
    return _WS.sub("", unicodedata.normalize("NFC", text))


def guard_checks(plan: ComposePlan, image: RenderedImage, width: int, height: int) -> list[CheckIssue]:
    issues: list[CheckIssue] = []
    size: tuple[int, int] | None
    try:
        size = png_dimensions(image.png)
    except ValueError:
        size = None
    if size != (width, height) or (image.width, image.height) != (width, height):
        found = "not a PNG" if size is None else f"{size[0]}x{size[1]}"
        issues.append(CheckIssue("size", f"image is {found}, expected {width}x{height}", 1.0))
    for el in plan.texts:
        placed = place_text(el, width, height)
        fit = placed.fitted
        if fit.missing:
            issues.append(CheckIssue("glyphs", f"no font covers {''.join(fit.missing)!r} in {el.text!r}", 0.9, el.id))
        x, y, w, h = placed.block
        if x < -0.5 or y < -0.5 or x + w > width + 0.5 or y + h > height + 0.5:
            issues.append(CheckIssue("bounds", f"text {el.id} leaves the canvas", 1.0, el.id))
        if fit.overflow:
            issues.append(CheckIssue("overflow", f"text {el.id} does not fit its box", 0.8, el.id))
        if fit.size < 6.0 and min(width, height) >= 256:
            issues.append(CheckIssue("legibility", f"text {el.id} is only {fit.size:.1f}px tall", 0.3, el.id))
    return issues


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


def ocr_rapid(png: bytes) -> list[tuple[str, float, list[list[float]]]]:
    engine = rapidocr_engine()
    if engine is None:
        return []
    import numpy as np
    from PIL import Image

    arr = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    result = engine(arr)
    txts = list(result.txts or ())
    scores = list(result.scores or ())
    boxes = [] if result.boxes is None else [b.tolist() for b in result.boxes]
    return list(zip(txts, scores, boxes, strict=False))


#: Tesseract reads the image scaled down to at most this many pixels on its long side: text at 4K is far
#: larger than it needs, and it would run several times slower.
TESSERACT_MAX_SIDE = 2048
#: Per check, at most this many text elements that the whole-image reading misses get a reading of their
#: region alone (each is another tesseract run).
TESSERACT_MAX_REGIONS = 6


class TesseractReader:
    """Tesseract readings of one rendered image: the whole image (sparse text) once per language, and
    an element's region alone on request."""

    def __init__(self, png: bytes) -> None:
        self._png = png
        self._image: Any = None
        self._scale = 1.0
        self._whole: dict[str, str] = {}
        self.regions_left = TESSERACT_MAX_REGIONS

    def _load(self) -> Any:
        if self._image is None:
            from PIL import Image

            image = Image.open(io.BytesIO(self._png)).convert("RGB")
            longest = max(image.width, image.height)
            if longest > TESSERACT_MAX_SIDE:
                self._scale = TESSERACT_MAX_SIDE / longest
                size = (max(1, round(image.width * self._scale)), max(1, round(image.height * self._scale)))
                image = image.resize(size, Image.Resampling.LANCZOS)
            self._image = image
        return self._image

    def whole(self, lang: str) -> str:
        if lang not in self._whole:
            import pytesseract

            self._whole[lang] = str(pytesseract.image_to_string(self._load(), lang=lang, config="--psm 11"))
        return self._whole[lang]

    def region(self, lang: str, box: tuple[float, float, float, float]) -> str:
        """The reading of ``box`` (x, y, w, h in px of the full-size image) alone."""
        import pytesseract

        image = self._load()
        x, y, w, h = (v * self._scale for v in box)
        crop = image.crop((int(max(0, x)), int(max(0, y)), int(min(image.width, x + w)), int(min(image.height, y + h))))
        self.regions_left -= 1
        return str(pytesseract.image_to_string(crop, lang=lang, config="--psm 6"))


def items_in_region(
    items: list[tuple[str, float, list[list[float]]]], region: tuple[float, float, float, float]
) -> list[tuple[str, float, list[list[float]]]]:
    """OCR detections whose centre lies inside ``region`` (x, y, w, h in px)."""
    x, y, w, h = region
    out = []
    for item in items:
        box = item[2]
        cx = sum(p[0] for p in box) / len(box)
        cy = sum(p[1] for p in box) / len(box)
        if x <= cx <= x + w and y <= cy <= y + h:
            out.append(item)
    return out


def element_region(plan: ComposePlan, element_id: str) -> tuple[float, float, float, float]:
    """The layout box of a text element in px, grown by 2% of the canvas on every side."""
    el = next(t for t in plan.texts if t.id == element_id)
    x, y, w, h = el.box.px(plan.width, plan.height)
    pad = 0.02 * max(plan.width, plan.height)
    return (x - pad, y - pad, w + 2 * pad, h + 2 * pad)


def reading_order_text(items: list[tuple[str, float, list[list[float]]]]) -> list[str]:
    """Joined OCR text in plausible reading orders: the engine's, and lines (boxes grouped by vertical
    overlap) top to bottom with boxes left to right inside each line."""
    if not items:
        return [""]
    engine_order = "".join(t for t, _s, _b in items)
    spans = []
    for text, _score, box in items:
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        spans.append((min(ys), max(ys), min(xs), text))
    spans.sort(key=lambda s: (s[0] + s[1]) / 2)
    lines: list[list[tuple[float, float, float, str]]] = []
    for span in spans:
        centre = (span[0] + span[1]) / 2
        for line in lines:
            top = sum(s[0] for s in line) / len(line)
            bottom = sum(s[1] for s in line) / len(line)
            if top <= centre <= bottom:
                line.append(span)
                break
        else:
            lines.append([span])
    lines.sort(key=lambda line: sum(s[0] + s[1] for s in line) / len(line))
    by_lines = "".join(s[3] for line in lines for s in sorted(line, key=lambda s: s[2]))
    return [engine_order, by_lines]


def text_found(expected: str | list[str], candidates: list[str]) -> tuple[bool, float]:
    """Whether a candidate reading contains ``expected`` exactly (up to whitespace), and the best
    partial match. A list means pieces that must all appear, in order (text split by inline emoji
    icons, which OCR reads as nothing or as noise)."""
    wants = [w for w in (normalise(p) for p in ([expected] if isinstance(expected, str) else expected)) if w]
    if not wants:
        return True, 1.0
    best = 0.0
    total = sum(len(w) for w in wants)
    for cand in candidates:
        have = normalise(cand)
        pos = 0
        for want in wants:
            found = have.find(want, pos)
            if found < 0:
                break
            pos = found + len(want)
        else:
            return True, 1.0
        matched = 0
        for want in wants:
            m = difflib.SequenceMatcher(None, want, have)
            matched += max((b.size for b in m.get_matching_blocks()), default=0)
        best = max(best, matched / total)
    return False, best


def ocr_checks(plan: ComposePlan, image: RenderedImage) -> tuple[list[CheckIssue], dict[str, float]]:
    issues: list[CheckIssue] = []
    metrics: dict[str, float] = {}
    if not plan.texts:
        return issues, metrics
    rapid_items: list[tuple[str, float, list[list[float]]]] | None = None
    tesseract: TesseractReader | None = None
    scores: list[float] = []
    for el in plan.texts:
        found: bool
        accuracy: float
        if place_text(el, plan.width, plan.height).fitted.missing:
            continue  # drawn with missing glyphs: the guard check reports it and OCR cannot read it back
        if rapidocr_supports(el.text):
            if rapidocr_engine() is None:
                continue
            if rapid_items is None:
                rapid_items = ocr_rapid(image.png)
            region = element_region(plan, el.id)
            candidates = reading_order_text(items_in_region(rapid_items, region)) + reading_order_text(rapid_items)
            found, accuracy = text_found(ocr_parts(el.text, el.bold), candidates)
        else:
            lang = tesseract_lang(el.text)
            if lang is None or not tesseract_available(lang):
                continue
            tesseract = tesseract or TesseractReader(image.png)
            expected = ocr_parts(el.text, el.bold)
            readings = [tesseract.whole(lang)]
            found, accuracy = text_found(expected, readings)
            if not found and tesseract.regions_left > 0:
                readings.append(tesseract.region(lang, element_region(plan, el.id)))
                found, accuracy = text_found(expected, readings)
        scores.append(accuracy)
        if not found:
            issues.append(CheckIssue("ocr", f"could not read back {el.text!r} (best match {accuracy:.0%})", 0.7, el.id))
    if scores:
        metrics["ocr_char_accuracy"] = sum(scores) / len(scores)
        metrics["ocr_exact"] = float(sum(1 for s in scores if s >= 1.0)) / len(scores)
    return issues, metrics


def run_checks(plan: ComposePlan, image: RenderedImage, width: int, height: int, thorough: bool) -> CheckReport:
    issues = guard_checks(plan, image, width, height)
    metrics: dict[str, float] = {"text_elements": float(len(plan.texts)), "assets": float(len(plan.assets))}
    if thorough:
        ocr_issues, ocr_metrics = ocr_checks(plan, image)
        issues += ocr_issues
        metrics.update(ocr_metrics)
    return CheckReport(tuple(issues), metrics)
