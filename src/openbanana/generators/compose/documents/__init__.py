"""Document templates: one kind of image per module, each a ``build(ctx) -> DocumentParts`` function.

The planner calls :func:`detect_kind` on the prompt (quotes masked) and, when a kind is found, the
template of that kind lays the image out; otherwise it composes a free scene (see :func:`detect_kind`
for how a prompt that names several kinds is read).
To add a kind: write ``documents/<kind>.py`` with ``build`` and add a row here.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts

__all__ = ["KINDS", "DocumentContext", "DocumentKind", "DocumentParts", "builder", "detect_kind"]


@dataclass(frozen=True)
class DocumentKind:
    name: str
    #: Module under ``openbanana.generators.compose.documents`` holding ``build``.
    module: str
    #: The nouns that name this kind of image ("poster", "bar chart"), over the lower-cased,
    #: quote-masked prompt.
    pattern: re.Pattern[str]
    #: Weaker hints ("labelled", "stats", "app") that choose the kind only when no noun names one:
    #: "a poster for my app" is a poster, "the water cycle" a diagram.
    cues: re.Pattern[str] | None = None


def _kind(name: str, module: str, words: str, cues: str | None = None) -> DocumentKind:
    return DocumentKind(name, module, re.compile(rf"\b(?:{words})\b"), re.compile(rf"\b(?:{cues})\b") if cues else None)


KINDS: tuple[DocumentKind, ...] = (
    _kind(
        "chart",
        "chart",
        # "flow chart" is a diagram; "chart" alone (or "graph") is a chart.
        r"(?:bar|line|pie|donut|doughnut|column|area)\s+(?:chart|graph)s?|(?<!flow )(?<!flow-)charts?|graphs?|"
        r"histograms?|sparklines?",
        r"plot",
    ),
    _kind(
        "diagram",
        "diagram",
        r"diagrams?|flow[\s-]?charts?|workflows?|process (?:map|flow)",
        r"labell?ed|with labels|cycle|life ?cycle|process of|anatomy of|parts of|step[\s-]by[\s-]step",
    ),
    _kind(
        "infographic",
        "infographic",
        r"infographics?|fact ?sheets?",
        r"key (?:metrics|figures|stats|facts)|statistics|stats|by the numbers|in numbers|at a glance",
    ),
    _kind(
        "storyboard",
        "storyboard",
        # "comic" and "manga" as a style ("comic-style poster", "Comic Sans") are not strips of panels.
        r"storyboards?|comic[\s-]?strips?|comics|(?:comic|manga)(?![\s-]*(?:style|font|sans|art|look|effect|lettering))"
        r"(?: book| page)?|graphic novel|(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|multi)"
        r"[\s-]*(?:panels?|frames?)(?= comic| strip| story|\b)(?! (?:house|roof|window|door))|panel \d|"
        r"(?:first|second|third|fourth|last|final) panel",
    ),
    _kind(
        "ui",
        "ui",
        r"app screens?|(?:login|log-in|sign.?up|sign.?in|settings|checkout|home|profile) "
        r"(?:screen|page|form)|sign.?up forms?|websites?|web ?pages?|web ?apps?|homepage|home page|"
        r"landing page|dashboards?|admin panel|user interface|mock.?ups?|wireframes?|mobile apps?",
        r"apps?(?![\s-]*icons?)|log.?in|ui|ux|screenshots?",
    ),
    _kind("logo", "logo", r"logos?|logotypes?|wordmarks?|emblems?|monograms?|app icons?|brand ?marks?|crests?"),
    _kind(
        "product",
        "product",
        r"product (?:shot|photo|photograph|image|render)s?|packshots?|studio shots?",
        r"on a (?:pedestal|podium|plinth)",
    ),
    _kind(
        "social",
        "social",
        r"social (?:media )?posts?|instagram(?: posts?| stor(?:y|ies))?|tweets?|facebook posts?|linkedin posts?|"
        r"story (?:post|slide)s?|social cards?",
    ),
    _kind(
        "banner", "banner", r"banners?|billboards?|header images?|cover (?:image|photo)s?|leaderboard ads?|hero images?"
    ),
    _kind("poster", "poster", r"posters?|flyers?|placards?|leaflets?"),
)

_BY_NAME = {k.name: k for k in KINDS}

#: "… as a comic strip", "turn it into an infographic": the form named there wins over everything.
_AS_FORM = re.compile(r"\b(?:as|into|in the form of|laid out as|styled as)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$")


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    rank: int
    kind: str


def _matches(text: str, cues: bool) -> list[_Match]:
    found: list[_Match] = []
    for rank, kind in enumerate(KINDS):
        pattern = kind.cues if cues else kind.pattern
        if pattern is not None:
            found += [_Match(m.start(), m.end(), rank, kind.name) for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: (m.start, m.rank))


def detect_kind(unquoted: str) -> str | None:
    """The document kind a prompt asks for (quotes already masked, lower case), or None for a scene.

    The first noun that names a kind wins, since English names the thing before what it holds or is
    for ("a dashboard with charts", "a poster for my app", "a bar chart for a poster"); a kind noun
    directly before another only modifies it ("a website banner", "a product poster"); and a form
    asked for with "as a …" / "into a …" beats both. With no kind noun at all, the weaker cues decide,
    in :data:`KINDS` order ("the water cycle with labels" is a diagram).
    """
    nouns = _matches(unquoted, cues=False)
    for m in nouns:
        if _AS_FORM.search(unquoted[max(0, m.start - 40) : m.start]):
            return m.kind
    heads = [m for m in nouns if not any(n.kind != m.kind and 0 <= n.start - m.end <= 1 for n in nouns)]
    if heads:
        return heads[0].kind
    cues = _matches(unquoted, cues=True)
    return min(cues, key=lambda m: m.rank).kind if cues else None


def builder(kind: str) -> Callable[[DocumentContext], DocumentParts]:
    """The ``build`` function of ``kind``'s template (``kind`` as :func:`detect_kind` returns it)."""
    module = importlib.import_module(f"{__name__}.{_BY_NAME[kind].module}")
    build: Callable[[DocumentContext], DocumentParts] = module.build
    return build
