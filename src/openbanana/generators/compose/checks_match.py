"""Comparing OCR readings with the requested text: regions, reading orders and exact/partial matches.

Kept apart from the OCR engines (:mod:`~openbanana.generators.compose.checks`) so the matching rules can
be tested without any OCR installed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from openbanana.generators.compose.plan import ComposePlan

#: One OCR detection: (text, confidence, quadrilateral in px).
OcrItem = tuple[str, float, list[list[float]]]

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Whitespace-insensitive comparison form (NFC, no whitespace at all)."""
    return _WS.sub("", unicodedata.normalize("NFC", text))


def items_in_region(items: list[OcrItem], region: tuple[float, float, float, float]) -> list[OcrItem]:
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


def reading_order_text(items: list[OcrItem]) -> list[str]:
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
