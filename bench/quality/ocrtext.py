"""Reading text back from the output: exact matches, per script, and where and in what colour it is.

rapidocr (the bundled models the generator's own checks use) reads Latin, accented Latin, Chinese and
Japanese; tesseract reads Hebrew and Arabic where its language packs are installed. Text in any other
script (Devanagari, Thai, Hangul …) has no OCR on this machine: its check is reported as *not
measured*, never as passed, and a separate glyph-coverage check says whether it was at least drawn
with real glyphs.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from bench.quality.colors import dominant_is, to_lab
from bench.quality.geometry import POSITIONS
from openbanana.generators.compose import checks as C
from openbanana.generators.compose.plan import Box, TextElement
from openbanana.generators.compose.render_text import place_text
from openbanana.generators.compose.text import ocr_parts

Item = tuple[str, float, list[list[float]]]
#: (passed or None when it cannot be measured here, detail)
Verdict = tuple[bool | None, str]

#: Tesseract reads images scaled down to at most this long side (4K text is far larger than it needs).
TESSERACT_SIDE = 2048
#: Script families reported separately: OCR exact-match rates are given for each.
SCRIPT_GROUPS = ("latin", "cjk", "other")


def script_group(text: str) -> str:
    """latin (ASCII and accented Latin), cjk (Han, kana) or other (RTL, Indic, Thai, Hangul …)."""
    group = "latin"
    for ch in text:
        cp = ord(ch)
        if ch.isspace() or (unicodedata.category(ch)[0] in "PSNZ" and cp < 0x2E80):
            continue
        if 0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF:
            group = "cjk"
        elif cp <= 0x024F or 0x1E00 <= cp <= 0x1EFF or 0x2000 <= cp <= 0x2BFF:
            continue
        else:
            return "other"
    return group


@dataclass
class Reading:
    """The OCR of one output image, computed on first use."""

    png: bytes
    image: Any
    _rapid: list[Item] | None = None
    _whole: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def items(self) -> list[Item]:
        if self._rapid is None:
            self._rapid = C.ocr_rapid(self.png)
        return self._rapid

    def region_items(self, box: tuple[float, float, float, float]) -> list[Item]:
        """rapidocr's reading of ``box`` (x, y, w, h px, clipped to the image) alone."""
        x, y, w, h = box
        height, width = self.image.shape[:2]
        x0, y0 = int(max(0, x)), int(max(0, y))
        x1, y1 = int(min(width, x + w)), int(min(height, y + h))
        if x1 - x0 < 8 or y1 - y0 < 8:
            return []
        return C.ocr_rapid(np.ascontiguousarray(self.image[y0:y1, x0:x1]))

    def tesseract(self, lang: str, box: tuple[float, float, float, float] | None = None) -> str:
        """Tesseract's reading of the whole image (sparse text, cached) or of ``box`` (x, y, w, h px)
        alone, on the image scaled to at most :data:`TESSERACT_SIDE` pixels."""
        import pytesseract
        from PIL import Image

        if box is None and lang in self._whole:
            return self._whole[lang]
        image = Image.fromarray(self.image)
        scale = min(1.0, TESSERACT_SIDE / max(image.width, image.height))
        if box is not None:
            x, y, w, h = box
            image = image.crop(
                (int(max(0, x)), int(max(0, y)), int(min(image.width, x + w)), int(min(image.height, y + h)))
            )
        if scale < 1.0:
            image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
        text = str(pytesseract.image_to_string(image, lang=lang, config="--psm 6" if box else "--psm 11"))
        if box is None:
            self._whole[lang] = text
        return text


def element(plan: dict[str, Any], text: str) -> dict[str, Any] | None:
    """The plan's text element drawing ``text`` (whitespace-insensitive), if any."""
    want = C.normalise(text)
    return next((t for t in plan.get("texts", ()) if C.normalise(t["text"]) == want), None)


def text_element(data: dict[str, Any]) -> TextElement:
    names = {f.name for f in dataclasses.fields(TextElement)}
    values = {k: v for k, v in data.items() if k in names}
    values["box"] = Box(**data["box"])
    return TextElement(**values)


def _region(plan: dict[str, Any], el: dict[str, Any]) -> tuple[float, float, float, float]:
    b = el["box"]
    width, height = plan["width"], plan["height"]
    pad = 0.02 * max(width, height)
    return (b["x"] * width - pad, b["y"] * height - pad, b["w"] * width + 2 * pad, b["h"] * height + 2 * pad)


@lru_cache(maxsize=1)
def rapid_alphabet() -> frozenset[str]:
    """Every character rapidocr's bundled recogniser can output (empty when it cannot be read). Text
    with a character outside it (e.g. Vietnamese ở, ạ, ế …) cannot be confirmed by this OCR at all, so
    such a check is reported as not measured rather than failed."""
    model_dir = C.rapidocr_model_dir()
    if model_dir is None:
        return frozenset()
    try:
        import onnxruntime

        path = model_dir / C.RAPIDOCR_MODELS["Rec.model_path"]
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        chars = str(session.get_modelmeta().custom_metadata_map.get("character", ""))
    except Exception:
        return frozenset()
    return frozenset(chars.split("\n")) - {""}


def compatible(text: str, ignore_case: bool = False) -> str:
    """Compatibility form (NFKC): the readers spell "°C" as the single character "℃" and may return
    full-width digits; both are the same text on the page."""
    out = unicodedata.normalize("NFKC", text)
    return out.lower() if ignore_case else out


def blocks(items: list[Item]) -> list[str]:
    """The text of each block of lines, read top to bottom: a card's big number over its unit ("8" over
    "hours") or a label over its value is one block, which line-by-line reading across the whole
    image splits up when cards stand side by side. Items join a block when they share a line and
    nearly touch, or stack with overlapping columns and at most a line's height between them."""
    spans = []
    for item in items:
        xs = [p[0] for p in item[2]]
        ys = [p[1] for p in item[2]]
        spans.append((min(xs), max(xs), min(ys), max(ys)))
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(spans):
        for j in range(i + 1, len(spans)):
            b = spans[j]
            line = max(a[3] - a[2], b[3] - b[2])
            x_overlap = min(a[1], b[1]) - max(a[0], b[0])
            y_overlap = min(a[3], b[3]) - max(a[2], b[2])
            same_line = y_overlap >= 0.5 * min(a[3] - a[2], b[3] - b[2]) and -x_overlap <= line
            stacked = x_overlap >= 0.3 * min(a[1] - a[0], b[1] - b[0]) and -y_overlap <= line
            if same_line or stacked:
                parent[root(i)] = root(j)
    groups: dict[int, list[Item]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return [C.reading_order_text(g)[-1] for g in groups.values() if len(g) > 1]


def read_exact(reading: Reading, plan: dict[str, Any], text: str, ignore_case: bool = False) -> Verdict:
    """Whether ``text`` is read back exactly (whitespace-insensitive; case-insensitive for labels the
    prompt did not quote). The plan's element, when there is one, only narrows where OCR looks first;
    the whole image is always read too."""
    el = element(plan, text)
    bold = bool(el["bold"]) if el else False
    expected: list[str] = ocr_parts(text, bold)
    if C.rapidocr_supports(text):
        if C.rapidocr_engine() is None:
            return None, "rapidocr is not installed"
        drawn = "".join(expected)  # emoji drawn as icons are not letters to read
        unreadable = sorted({ch for ch in drawn if not ch.isspace() and ch not in rapid_alphabet()})
        if unreadable and rapid_alphabet():
            return None, f"the OCR model cannot output {''.join(unreadable)!r}"
        items = reading.items
        candidates = C.reading_order_text(items) + blocks(items)
        if el is not None:
            candidates = C.reading_order_text(C.items_in_region(items, _region(plan, el))) + candidates
    else:
        lang = C.tesseract_lang(text)
        if lang is None or not C.tesseract_available(lang):
            return None, "no OCR for this script here"
        candidates = [reading.tesseract(lang)]
        items = reading.items  # rapidocr's detector finds the lines even where it cannot read them
        if el is not None:
            candidates.append(reading.tesseract(lang, _region(plan, el)))
            items = C.items_in_region(items, _region(plan, el))
        if items:
            x0, y0, x1, y1 = _bbox([box for _t, _s, box in items])
            pad = 0.1 * (y1 - y0)
            candidates.append(reading.tesseract(lang, (x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)))
    expected = [compatible(p, ignore_case) for p in expected]
    candidates = [compatible(c, ignore_case) for c in candidates]
    found, score = C.text_found(expected, candidates)
    if not found and el is not None and C.rapidocr_supports(text):
        # The element's region read on its own: the detector sometimes splits a line of a large display
        # face into overlapping boxes across the whole image and reads a stray glyph into the overlap.
        region = reading.region_items(_region(plan, el))
        more = [compatible(c, ignore_case) for c in C.reading_order_text(region) + blocks(region)]
        found, again = C.text_found(expected, more)
        score = max(score, again)
    return found, "read exactly" if found else f"best match {score:.0%}; read {candidates[-1][:60]!r}"


def glyphs(plan: dict[str, Any], text: str) -> Verdict:
    """The text is in the plan and every character has a glyph in some font (so it is really drawn)."""
    el = element(plan, text)
    if el is None:
        return False, "not in the plan"
    missing = place_text(text_element(el), plan["width"], plan["height"]).fitted.missing
    return (not missing), f"missing glyphs {''.join(missing)!r}" if missing else "all glyphs drawn"


def boxes(reading: Reading, plan: dict[str, Any], text: str) -> list[list[list[float]]]:
    """OCR boxes of the pieces of ``text`` (items whose reading is a piece of it), within the plan
    element's region when there is one."""
    want = C.normalise(text).lower()
    el = element(plan, text)
    items = C.items_in_region(reading.items, _region(plan, el)) if el else reading.items
    out = []
    for item_text, _score, box in items:
        have = C.normalise(item_text).lower()
        if have and (have == want or (len(have) >= 2 and have in want)):
            out.append(box)
    return out


def _bbox(quads: list[list[list[float]]]) -> tuple[int, int, int, int]:
    xs = [p[0] for q in quads for p in q]
    ys = [p[1] for q in quads for p in q]
    return int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1


def _quad_height(quad: list[list[float]]) -> float:
    a = np.hypot(quad[3][0] - quad[0][0], quad[3][1] - quad[0][1])
    b = np.hypot(quad[2][0] - quad[1][0], quad[2][1] - quad[1][1])
    return float(a + b) / 2


def ink_color(reading: Reading, plan: dict[str, Any], text: str, word: str) -> Verdict:
    """The colour of the letters: inside the OCR boxes, pixels far (ΔE > 20) from the box's border
    colour (the background or plate) are ink, and ``word`` must be their dominant colour."""
    quads = boxes(reading, plan, text)
    if not quads:
        return False, "text not found by OCR"
    image = reading.image
    ink: list[Any] = []
    for quad in quads:
        x0, y0, x1, y1 = _bbox([quad])
        crop = image[max(0, y0) : y1, max(0, x0) : x1]
        if crop.size == 0:
            continue
        border = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
        bg = to_lab(np.median(border, axis=0))
        lab = to_lab(crop.reshape(-1, 3))
        far = np.sqrt(((lab - bg) ** 2).sum(axis=1)) > 20
        ink.append(crop.reshape(-1, 3)[far])
    pixels = np.concatenate(ink) if ink else np.zeros((0, 3))
    return dominant_is(pixels, word)


def placed(reading: Reading, plan: dict[str, Any], text: str, where: str) -> Verdict:
    quads = boxes(reading, plan, text)
    if not quads:
        return False, "text not found by OCR"
    x0, y0, x1, y1 = _bbox(quads)
    fx, fy = (x0 + x1) / 2 / plan["width"], (y0 + y1) / 2 / plan["height"]
    return POSITIONS[where](fx, fy), f"text centre at ({fx:.2f}, {fy:.2f})"


def largest(reading: Reading, plan: dict[str, Any], text: str) -> Verdict:
    """``text`` is set larger than any other text read on the image (line height, 5 % slack)."""
    quads = boxes(reading, plan, text)
    if not quads:
        return False, "text not found by OCR"
    mine = {id(q) for q in quads}
    size = max(_quad_height(q) for q in quads)
    others = [_quad_height(b) for _t, _s, b in reading.items if id(b) not in mine]
    top = max(others, default=0.0)
    return size >= 0.95 * top, f"line height {size:.0f} px vs largest other {top:.0f} px"


def font(plan: dict[str, Any], text: str, family: str) -> Verdict:
    el = element(plan, text)
    if el is None:
        return False, "not in the plan"
    return el.get("font") == family, f"font {el.get('font')!r}"


def decode(png: bytes) -> Any:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
