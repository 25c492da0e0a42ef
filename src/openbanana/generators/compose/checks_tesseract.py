"""Tesseract readings of a rendered image (the OCR for Hebrew and Arabic text, which rapidocr's bundled
models do not read)."""

from __future__ import annotations

from typing import Any

from openbanana.generators.compose.checks_pixels import Pixels

#: Tesseract reads the image scaled down to at most this many pixels on its long side: text at 4K is far
#: larger than it needs, and it would run several times slower.
TESSERACT_MAX_SIDE = 2048
#: Per check, at most this many text elements that the whole-image reading misses get a reading of their
#: region alone (each is another tesseract run).
TESSERACT_MAX_REGIONS = 6


class TesseractReader:
    """Tesseract readings of one rendered image: the whole image (sparse text) once per language, and
    an element's region alone on request."""

    def __init__(self, pixels: Pixels) -> None:
        self._pixels = pixels
        self._image: Any = None
        self._scale = 1.0
        self._whole: dict[str, str] = {}
        self.regions_left = TESSERACT_MAX_REGIONS

    def _load(self) -> Any:
        if self._image is None:
            from PIL import Image

            image = Image.fromarray(self._pixels)
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
