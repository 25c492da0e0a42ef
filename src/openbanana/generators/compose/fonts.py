"""Fonts: the vendored Latin sans plus system fonts found by scanning font directories.

A font is chosen per character by cmap coverage, in priority order (vendored Noto Sans, then well-known
system fonts per script, then every other font found). Faces, cmaps and glyph outlines are loaded
lazily and cached process-wide; everything here is safe to call from several threads.

The directories searched are those in the ``OPENBANANA_FONT_DIRS`` environment variable (separated by
``os.pathsep``, a colon on POSIX), then :data:`DEFAULT_FONT_DIRS`. The variable is read once, when the
process-wide registry is first built.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import uharfbuzz as hb
from fontTools.pens.svgPathPen import SVGPathPen

FONT_DIRS_ENV = "OPENBANANA_FONT_DIRS"
DEFAULT_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

#: Preferred system font files (by file name), tried in this order after the vendored font.
#: ``(file name, face index)``; CJK collections list JP first, SC is preferred for Han-only text.
PREFERRED: tuple[tuple[str, int], ...] = (
    ("NotoSansHebrew-{w}.ttf", 0),
    ("NotoSansArabic-{w}.ttf", 0),
    ("NotoNaskhArabic-{w}.ttf", 0),
    ("NotoSansDevanagari-{w}.ttf", 0),
    ("NotoSansThai-{w}.ttf", 0),
    ("NotoSansBengali-{w}.ttf", 0),
    ("NotoSansTamil-{w}.ttf", 0),
    ("NotoSansArmenian-{w}.ttf", 0),
    ("NotoSansGeorgian-{w}.ttf", 0),
    ("NotoSansEthiopic-{w}.ttf", 0),
    ("NotoSansKhmer-{w}.ttf", 0),
    ("NotoSansLao-{w}.ttf", 0),
    ("NotoSansMyanmar-{w}.ttf", 0),
    ("NotoSansSinhala-{w}.ttf", 0),
    ("NotoSansGujarati-{w}.ttf", 0),
    ("NotoSansGurmukhi-{w}.ttf", 0),
    ("NotoSansKannada-{w}.ttf", 0),
    ("NotoSansTelugu-{w}.ttf", 0),
    ("NotoSansMalayalam-{w}.ttf", 0),
    ("NotoSansCJK-{w}.ttc", 2),
    ("NotoSansCJK-{w}.ttc", 0),
    ("NotoSansCJK-{w}.ttc", 1),
    ("NotoSansCJKsc-{w}.otf", 0),
    ("NotoSansCJKjp-{w}.otf", 0),
    ("NotoSansCJKkr-{w}.otf", 0),
    ("NotoSansSymbols-{w}.ttf", 0),
    ("NotoSansSymbols2-Regular.ttf", 0),
    ("NotoSansMath-Regular.ttf", 0),
    ("DejaVuSans{dw}.ttf", 0),
)


@dataclass(frozen=True)
class FontKey:
    path: str
    index: int


class LoadedFont:
    """One face: HarfBuzz font at unscaled (upem) coordinates, its cmap and a glyph-path cache."""

    def __init__(self, key: FontKey, blob: Any) -> None:
        self.key = key
        self.face = hb.Face(blob, key.index)
        self.font = hb.Font(self.face)
        self.upem = int(self.face.upem) or 1000
        self.unicodes: frozenset[int] = frozenset(self.face.unicodes)
        ext = self.font.get_font_extents("ltr")
        self.ascender = ext.ascender / self.upem if ext else 0.95
        self.descender = -ext.descender / self.upem if ext else 0.25
        self._paths: dict[int, str] = {}
        self._lock = threading.Lock()

    def covers(self, cp: int) -> bool:
        return cp in self.unicodes

    def glyph_path(self, gid: int) -> str:
        """SVG path data of a glyph in font units (y up)."""
        path = self._paths.get(gid)
        if path is None:
            pen = SVGPathPen(None, ntos=_ntos)
            with self._lock:
                self.font.draw_glyph_with_pen(gid, pen)
            path = pen.getCommands()
            self._paths[gid] = path
        return path


def _ntos(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def vendored_font_paths() -> tuple[str, str]:
    base = resources.files("openbanana").joinpath("assets", "fonts")
    return (str(base.joinpath("NotoSans-Regular.ttf")), str(base.joinpath("NotoSans-Bold.ttf")))


def is_cjk(cp: int) -> bool:
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
        or 0x3000 <= cp <= 0x303F
    )


def is_kana(cp: int) -> bool:
    return 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF


def is_hangul(cp: int) -> bool:
    return 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


def needs_glyph(ch: str) -> bool:
    """False for whitespace, controls, format characters and variation selectors (those never need a
    visible glyph)."""
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return False
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


#: Tables that hold vector outlines; a face with none of them (a bitmap-only colour emoji font such as
#: Noto Color Emoji) covers characters it cannot draw as paths, so it is not used.
OUTLINE_TABLES = frozenset({"glyf", "CFF ", "CFF2"})


def font_search_path(environ: Mapping[str, str] | None = None) -> list[str]:
    """Directories to scan: ``OPENBANANA_FONT_DIRS`` entries first, then :data:`DEFAULT_FONT_DIRS`."""
    env = (os.environ if environ is None else environ).get(FONT_DIRS_ENV, "")
    return [d for d in env.split(os.pathsep) if d.strip()] + list(DEFAULT_FONT_DIRS)


class FontRegistry:
    """Finds and caches fonts in ``font_dirs`` (scanned in order; the first file of a name wins);
    resolves each character to a font that covers it."""

    def __init__(self, font_dirs: Iterable[str]) -> None:
        self._dirs = [Path(d).expanduser() for d in font_dirs]
        self._lock = threading.RLock()
        self._blobs: dict[str, Any] = {}
        self._fonts: dict[FontKey, LoadedFont | None] = {}
        self._files: dict[str, str] | None = None  # file name → path
        self._everything: list[FontKey] | None = None
        self._chains: dict[tuple[bool, str], list[FontKey]] = {}
        self._char_cache: dict[tuple[int, bool, str], LoadedFont | None] = {}
        #: Code points no font at all covers (whatever the weight or CJK preference): never searched again.
        self._uncovered: set[int] = set()

    # -- discovery ---------------------------------------------------------------------------
    def _scan_files(self) -> dict[str, str]:
        if self._files is None:
            with self._lock:
                if self._files is None:
                    files: dict[str, str] = {}
                    for d in self._dirs:
                        if not d.is_dir():
                            continue
                        for root, _dirs, names in os.walk(d):
                            for name in sorted(names):
                                if name.lower().endswith(FONT_SUFFIXES):
                                    files.setdefault(name, os.path.join(root, name))
                    self._files = files
        return self._files

    def load(self, key: FontKey) -> LoadedFont | None:
        if key in self._fonts:
            return self._fonts[key]
        with self._lock:
            if key in self._fonts:
                return self._fonts[key]
            loaded: LoadedFont | None
            try:
                blob = self._blobs.get(key.path)
                if blob is None:
                    blob = hb.Blob.from_file_path(key.path)
                    self._blobs[key.path] = blob
                loaded = LoadedFont(key, blob)
                if loaded.face.glyph_count == 0 or not OUTLINE_TABLES & set(loaded.face.table_tags):
                    loaded = None
            except Exception:
                loaded = None
            self._fonts[key] = loaded
            return loaded

    def chain(self, bold: bool, cjk: str = "sc") -> list[FontKey]:
        """Ordered candidate fonts (vendored first) for a weight and CJK preference (sc/jp/kr)."""
        ck = (bold, cjk)
        cached = self._chains.get(ck)
        if cached is not None:
            return cached
        regular, bold_path = vendored_font_paths()
        keys = [FontKey(bold_path if bold else regular, 0)]
        if bold:
            keys.append(FontKey(regular, 0))
        files = self._scan_files()
        order = list(PREFERRED)
        cjk_index = {"sc": 2, "jp": 0, "kr": 1}.get(cjk, 2)
        order.sort(key=lambda e: 0 if e[0].startswith("NotoSansCJK-") and e[1] == cjk_index else 1)
        weights = ("Bold", "Regular") if bold else ("Regular",)
        for weight in weights:
            for pattern, index in order:
                name = pattern.format(w=weight, dw="-Bold" if weight == "Bold" else "")
                path = files.get(name)
                if path:
                    key = FontKey(path, index)
                    if key not in keys:
                        keys.append(key)
        with self._lock:
            self._chains[ck] = keys
        return keys

    def _all_fonts(self) -> list[FontKey]:
        if self._everything is not None:
            return self._everything
        files = self._scan_files()

        def rank(name: str) -> tuple[int, str]:
            n = name.lower()
            return (
                (0 if "sans" in n else 1)
                + (0 if "regular" in n else 2)
                + (4 if "mono" in n else 0)
                + (3 if "italic" in n else 0),
                n,
            )

        everything = [FontKey(files[name], 0) for name in sorted(files, key=rank)]
        with self._lock:
            self._everything = everything
        return everything

    # -- resolution --------------------------------------------------------------------------
    def font_for(self, ch: str, bold: bool = False, cjk: str = "sc") -> LoadedFont | None:
        """The first font in priority order that has a glyph for ``ch`` (None: nothing covers it)."""
        cp = ord(ch)
        ck = (cp, bold, cjk)
        if ck in self._char_cache:
            return self._char_cache[ck]
        if cp in self._uncovered:
            return None
        found: LoadedFont | None = None
        for key in self.chain(bold, cjk):
            font = self.load(key)
            if font is not None and font.covers(cp):
                found = font
                break
        if found is None and needs_glyph(ch):
            for key in self._all_fonts():
                font = self.load(key)
                if font is not None and font.covers(cp):
                    found = font
                    break
        with self._lock:
            self._char_cache[ck] = found
            if found is None and needs_glyph(ch):
                self._uncovered.add(cp)
        return found

    def primary(self, bold: bool = False) -> LoadedFont:
        font = self.load(self.chain(bold)[0])
        if font is None:  # pragma: no cover - broken install
            raise RuntimeError("the vendored Noto Sans font is missing from openbanana/assets/fonts")
        return font


_registry: FontRegistry | None = None
_registry_lock = threading.Lock()


def registry() -> FontRegistry:
    """The process-wide registry, built on first use from :func:`font_search_path`."""
    global _registry
    if _registry is None:
        with _registry_lock:
            if _registry is None:
                _registry = FontRegistry(font_search_path())
    return _registry
