"""Fonts: vendored faces plus system fonts found by scanning font directories.

A font is chosen per character by cmap coverage, in priority order: the typeface family's own faces
(:data:`FAMILIES`: serif, mono, handwritten, cursive, display), its per-script companions (serif Hebrew,
serif CJK...), the vendored Noto Sans, then well-known system fonts per script, then every other font
found. So a Devanagari word in a cursive title still renders (in Noto Sans Devanagari) when the cursive
face has no Devanagari. Faces, cmaps and glyph outlines are loaded lazily and cached process-wide;
everything here is safe to call from several threads.

The handwritten (Comic Neue), cursive (Dancing Script) and display (League Spartan) faces are vendored
under ``openbanana/assets/fonts`` with their OFL licences, so a plain install has them; serif and mono
come from system Noto fonts (``fonts-noto-core``) and fall back to sans when those are absent.

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

from openbanana.generators.compose.font_families import FAMILIES, PREFERRED, cjk_first

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


def _vendored_dir() -> Path:
    return Path(str(resources.files("openbanana").joinpath("assets", "fonts")))


def vendored_font_paths() -> tuple[str, str]:
    base = _vendored_dir()
    return (str(base / "NotoSans-Regular.ttf"), str(base / "NotoSans-Bold.ttf"))


def vendored_files() -> dict[str, str]:
    """File name → path of every font shipped in ``openbanana/assets/fonts`` (subfolders included)."""
    files: dict[str, str] = {}
    for root, _dirs, names in sorted(os.walk(_vendored_dir())):
        for name in sorted(names):
            if name.lower().endswith(FONT_SUFFIXES):
                files.setdefault(name, os.path.join(root, name))
    return files


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

    def __init__(self, font_dirs: Iterable[str], vendored: Mapping[str, str] | None = None) -> None:
        self._dirs = [Path(d).expanduser() for d in font_dirs]
        #: Vendored files by name; they win over system files of the same name.
        self._vendored = dict(vendored_files() if vendored is None else vendored)
        self._lock = threading.RLock()
        self._blobs: dict[str, Any] = {}
        self._fonts: dict[FontKey, LoadedFont | None] = {}
        self._files: dict[str, str] | None = None  # file name → path
        self._everything: list[FontKey] | None = None
        self._chains: dict[tuple[bool, str, str], list[FontKey]] = {}
        self._char_cache: dict[tuple[int, bool, str, str], LoadedFont | None] = {}
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

    def find(self, name: str) -> str | None:
        """Path of a font file by name: vendored first, then the scanned directories."""
        return self._vendored.get(name) or self._scan_files().get(name)

    def chain(self, bold: bool, cjk: str = "sc", family: str = "sans") -> list[FontKey]:
        """Ordered candidate fonts for a weight, CJK preference (sc/jp/kr) and typeface family: the
        family's own faces, its per-script companions, the vendored Noto Sans, then system fonts per
        script. A family whose files are missing simply contributes nothing."""
        ck = (bold, cjk, family)
        cached = self._chains.get(ck)
        if cached is not None:
            return cached
        fam = FAMILIES.get(family, FAMILIES["sans"])
        heavy = bold or fam.heavy
        weights = ("Bold", "Regular") if heavy else ("Regular",)
        keys: list[FontKey] = []

        def add(entries: Iterable[tuple[str, int]], weight: str, first_only: bool = False) -> None:
            for pattern, index in entries:
                path = self.find(pattern.format(w=weight, dw="-Bold" if weight == "Bold" else ""))
                if path and FontKey(path, index) not in keys:
                    keys.append(FontKey(path, index))
                if path and first_only:
                    return

        # A family's faces are alternatives: only the first one here is used, so a stand-in (DejaVu Sans
        # Mono for Noto Sans Mono) never draws scripts it covers badly when the preferred face exists.
        add(fam.bold if bold else fam.regular, "", first_only=True)
        if bold:
            add(fam.regular, "", first_only=True)
        for weight in weights:
            add(cjk_first(fam.scripts, cjk), weight)
        regular, bold_path = vendored_font_paths()
        for path in (bold_path, regular) if heavy else (regular,):
            if FontKey(path, 0) not in keys:
                keys.append(FontKey(path, 0))
        for weight in weights:
            add(cjk_first(PREFERRED, cjk), weight)
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
    def font_for(self, ch: str, bold: bool = False, cjk: str = "sc", family: str = "sans") -> LoadedFont | None:
        """The first font in priority order that has a glyph for ``ch`` (None: nothing covers it)."""
        cp = ord(ch)
        ck = (cp, bold, cjk, family)
        if ck in self._char_cache:
            return self._char_cache[ck]
        if cp in self._uncovered:
            return None
        found: LoadedFont | None = None
        for key in self.chain(bold, cjk, family):
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

    def primary(self, bold: bool = False, family: str = "sans") -> LoadedFont:
        """The family's first loadable face (the vendored Noto Sans when the family has none here)."""
        for key in self.chain(bold, "sc", family):
            font = self.load(key)
            if font is not None:
                return font
        raise RuntimeError("the vendored Noto Sans font is missing from openbanana/assets/fonts")  # pragma: no cover


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
