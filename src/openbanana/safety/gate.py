"""What the engine calls: check a request's prompt before planning, and each candidate's plan before
its image is rendered and sent.

**Prompt check** (:meth:`SafetyGate.check_prompt`): the system instruction, the text of every user
turn (a forged history is as much the prompt as the last turn), and the text inside the images of the
current turn. An image this server made carries its verified plan (lineage), whose texts are read
directly; any other image is read with OCR (rapidocr, when installed; the result is cached by the
image's hash, so a chat that resends an image pays once). Without OCR the images' text is simply not
scored.

**Output check** (:meth:`SafetyGate.check_output`): the texts the plan draws into the image. For the
compose generator these are exactly the rendered words, known before a pixel is drawn, so no OCR of
the output is needed; they differ from the prompt when an edit carries over text from an earlier
image (say, one made under ``BLOCK_NONE``) or when a generator invents text.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openbanana.engine.request import ImageRequest, InputImage
from openbanana.safety.categories import Category, Threshold
from openbanana.safety.classifier import Classifier, LexiconClassifier
from openbanana.safety.policy import OTHER, PROHIBITED_CONTENT, SAFETY, SafetyPolicy, Verdict

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from openbanana.config import Settings

log = logging.getLogger("openbanana.safety")

#: Output finish reasons for the prompt-level block reasons.
OUTPUT_REASONS = {SAFETY: "IMAGE_SAFETY", PROHIBITED_CONTENT: "IMAGE_PROHIBITED_CONTENT", OTHER: "IMAGE_OTHER"}
#: Longest side an image is scaled to before OCR: text a person can read survives, and the detector's
#: time stays near a tenth of a second instead of growing with 4K inputs.
OCR_MAX_SIDE = 960
#: Readings below this confidence are noise (textures read as letters) and are not scored.
OCR_MIN_CONFIDENCE = 0.5
#: Images thinner than this hold no readable text and are not read.
OCR_MIN_SIDE = 20
#: An extreme strip is read in at most this many pieces.
OCR_MAX_TILES = 3
_OCR_CACHE_SIZE = 256


class SafetyGate:
    """The classifier, the policy and the OCR cache, for the engine. Thread-safe."""

    def __init__(
        self,
        classifier: Classifier | None = None,
        policy: SafetyPolicy | None = None,
        ocr: bool = True,
        max_ocr_images: int = 4,
    ) -> None:
        self.classifier = classifier or LexiconClassifier()
        self.policy = policy or SafetyPolicy()
        self.ocr = ocr
        self.max_ocr_images = max_ocr_images
        self._ocr_cache: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_config(
        cls, off: Sequence[str] = (), default: str | None = None, lexicons: Sequence[Path] = (), ocr: bool = True
    ) -> SafetyGate:
        """The gate an operator configured (``OPENBANANA_SAFETY_*``); raises ValueError (an unknown
        category or threshold) or :class:`~openbanana.safety.lexicon.LexiconError` (a bad lexicon file)."""
        threshold = Threshold.parse(default) if default else Threshold.UNSPECIFIED
        policy = SafetyPolicy(threshold, SafetyPolicy.parse_disabled(off))
        return cls(LexiconClassifier(extra=lexicons), policy, ocr=ocr)

    @classmethod
    def from_settings(cls, settings: Settings) -> SafetyGate:
        """The gate ``serve`` runs with; a configuration error stops the start with its message."""
        try:
            return cls.from_config(
                settings.safety_off, settings.safety_default, settings.safety_lexicons, settings.safety_ocr
            )
        except ValueError as exc:  # LexiconError is one too
            raise SystemExit(f"safety configuration: {exc}") from exc

    # -- the two checks ---------------------------------------------------------------------------

    def check_prompt(self, request: ImageRequest) -> Verdict:
        texts = [request.system_instruction, *(t.text for t in request.turns if t.role == "user")]
        texts.extend(self._image_texts(request.input_images))
        return self.policy.decide(self.classifier.score(texts), request.safety_settings)

    def check_output(self, request: ImageRequest, plan: dict[str, Any] | None) -> Verdict:
        """The verdict on a candidate's plan; ``reason`` is already the candidate ``finishReason``
        (IMAGE_SAFETY, IMAGE_PROHIBITED_CONTENT, IMAGE_OTHER) when it blocks."""
        texts = list(drawn_texts(plan or {}))
        if not texts:
            return Verdict(None, ())
        verdict = self.policy.decide(self.classifier.score(texts), request.safety_settings)
        if verdict.reason is None:
            return verdict
        return Verdict(OUTPUT_REASONS[verdict.reason], verdict.ratings, verdict.categories)

    @staticmethod
    def finish_message(verdict: Verdict) -> str:
        """A short human-readable finishMessage for a withheld candidate."""
        if verdict.reason == "IMAGE_PROHIBITED_CONTENT":
            return "The image was not generated because it would contain prohibited content."
        names = ", ".join(Category(c).short.replace("_", " ") for c in verdict.categories)
        return f"The image was not generated because it would violate the safety policy ({names or 'blocklist'})."

    # -- text inside input images -------------------------------------------------------------------

    def _image_texts(self, images: Sequence[InputImage]) -> list[str]:
        texts: list[str] = []
        read = 0
        for image in images:
            if image.lineage is not None:  # ours: the plan says exactly what is written on it
                texts.extend(drawn_texts(image.lineage.plan))
            elif self.ocr and read < self.max_ocr_images:
                read += 1
                texts.append(self._ocr(image.data))
        return texts

    def _ocr(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()
        with self._lock:
            if key in self._ocr_cache:
                self._ocr_cache.move_to_end(key)
                return self._ocr_cache[key]
        text = read_text(data)
        with self._lock:
            self._ocr_cache[key] = text
            while len(self._ocr_cache) > _OCR_CACHE_SIZE:
                self._ocr_cache.popitem(last=False)
        return text


def drawn_texts(plan: dict[str, Any]) -> Iterator[str]:
    """The strings a plan draws: every ``texts[].text`` (compose plans keep them there)."""
    for element in plan.get("texts") or ():
        if isinstance(element, dict) and isinstance(element.get("text"), str):
            yield element["text"]


def _tiles(image: PILImage) -> list[PILImage]:
    """``image`` cut into at most :data:`OCR_MAX_TILES` pieces no longer than 4:1, each scaled to fit
    :data:`OCR_MAX_SIDE`. The text detector misbehaves on extreme strips (a 1×5000 image made it eat
    memory without end), and text cannot be read on anything thinner than :data:`OCR_MIN_SIDE` px."""
    width, height = image.size
    short, long = min(width, height), max(width, height)
    if short < OCR_MIN_SIDE:
        return []
    pieces = min(OCR_MAX_TILES, -(-long // (4 * short)))  # ceil(long / 4 short), capped
    if long > pieces * 4 * short:  # still too long: shrink along the long side to fit the pieces
        size = (pieces * 4 * short, height) if width > height else (width, pieces * 4 * short)
        image = image.resize(size)
        width, height = image.size
    step = -(-max(width, height) // pieces)
    tiles = []
    for n in range(pieces):
        box = (n * step, 0, min(width, (n + 1) * step), height) if width > height else (
            0, n * step, width, min(height, (n + 1) * step))  # fmt: skip
        tile = image.crop(box)
        tile.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
        if min(tile.size) >= OCR_MIN_SIDE:
            tiles.append(tile)
    return tiles


def read_text(data: bytes) -> str:
    """The text rapidocr reads in an image ('' when OCR is unavailable or the image cannot be read)."""
    try:
        from openbanana.generators.compose.checks import ocr_rapid, rapidocr_engine
    except ImportError:  # pragma: no cover - the compose generator ships with openbanana
        return ""
    if rapidocr_engine() is None:
        return ""
    try:
        import numpy as np
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.draft("RGB", (OCR_MAX_SIDE, OCR_MAX_SIDE))  # JPEG: decode at a reduced scale directly
            rgb = img.convert("RGB")
        items = [item for tile in _tiles(rgb) for item in ocr_rapid(np.asarray(tile))]
    except Exception as exc:  # a picture OCR cannot read is scored on its prompt alone
        log.warning("OCR of an input image failed: %s", exc)
        return ""
    return " ".join(text for text, confidence, _ in items if confidence >= OCR_MIN_CONFIDENCE)
