"""Which font files each typeface family and each script prefers, by file name.

Pure data plus one ordering helper, kept apart from :mod:`~openbanana.generators.compose.fonts` (which
finds, loads and resolves them) so the tables read at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
class Family:
    """A typeface family: its own faces per weight, tried first, then ``scripts`` (companion faces for
    other scripts in the same style), then the shared sans chain. File names may hold ``{w}`` (Regular or
    Bold); a ``.ttc`` entry names its face index."""

    regular: tuple[tuple[str, int], ...] = ()
    bold: tuple[tuple[str, int], ...] = ()
    scripts: tuple[tuple[str, int], ...] = ()
    #: A heavy family (display) takes the bold weight of the shared fallbacks even for regular text.
    heavy: bool = False


_SERIF_SCRIPTS = tuple(
    (f"NotoSerif{script}-{{w}}.ttf", 0)
    for script in (
        "Hebrew", "Devanagari", "Thai", "Bengali", "Tamil", "Armenian", "Georgian", "Ethiopic", "Khmer",
        "Lao", "Myanmar", "Sinhala", "Gujarati", "Gurmukhi", "Kannada", "Telugu", "Malayalam",
    )
)  # fmt: skip

#: Family name → faces. Unknown names are drawn as sans.
FAMILIES: dict[str, Family] = {
    "sans": Family(),
    "serif": Family(
        regular=(("NotoSerif-Regular.ttf", 0), ("DejaVuSerif.ttf", 0)),
        bold=(("NotoSerif-Bold.ttf", 0), ("DejaVuSerif-Bold.ttf", 0)),
        scripts=(
            *_SERIF_SCRIPTS,
            ("NotoNaskhArabic-{w}.ttf", 0),
            ("NotoSerifCJK-{w}.ttc", 2),
            ("NotoSerifCJK-{w}.ttc", 0),
            ("NotoSerifCJK-{w}.ttc", 1),
            ("NotoSerifCJKsc-{w}.otf", 0),
            ("NotoSerifCJKjp-{w}.otf", 0),
            ("NotoSerifCJKkr-{w}.otf", 0),
        ),
    ),
    "mono": Family(
        regular=(("NotoSansMono-Regular.ttf", 0), ("NotoMono-Regular.ttf", 0), ("DejaVuSansMono.ttf", 0)),
        bold=(("NotoSansMono-Bold.ttf", 0), ("DejaVuSansMono-Bold.ttf", 0)),
    ),
    "handwritten": Family(regular=(("ComicNeue-Regular.otf", 0),), bold=(("ComicNeue-Bold.otf", 0),)),
    "cursive": Family(regular=(("DancingScript-Regular.otf", 0),), bold=(("DancingScript-Bold.otf", 0),)),
    "display": Family(
        regular=(("LeagueSpartan-Bold.otf", 0), ("NotoSansDisplay-Bold.ttf", 0)),
        bold=(("LeagueSpartan-Black.otf", 0), ("NotoSansDisplay-Bold.ttf", 0)),
        heavy=True,
    ),
}

#: Face index of each CJK preference in the Noto CJK collections (sans and serif alike).
_CJK_INDEX = {"sc": 2, "jp": 0, "kr": 1}


def cjk_first(entries: Iterable[tuple[str, int]], cjk: str) -> list[tuple[str, int]]:
    """``entries`` with the collection face for the preferred CJK locale moved to the front (stable)."""
    index = _CJK_INDEX.get(cjk, 2)
    return sorted(entries, key=lambda e: 0 if e[0].endswith("CJK-{w}.ttc") and e[1] == index else 1)
