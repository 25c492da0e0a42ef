"""Document templates: one kind of image per module, each a ``build(ctx) -> DocumentParts`` function.

The planner calls :func:`detect_kind` on the prompt (quotes masked) and, when a kind is found, the
template of that kind lays the image out; otherwise it composes a free scene. Kinds are tried in
:data:`KINDS` order, so "a bar chart for a poster" is a chart and "a comic strip banner" a storyboard.
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
    #: Regular expression over the lower-cased, quote-masked prompt.
    pattern: re.Pattern[str]


def _kind(name: str, module: str, words: str) -> DocumentKind:
    return DocumentKind(name, module, re.compile(rf"\b(?:{words})\b"))


KINDS: tuple[DocumentKind, ...] = (
    _kind(
        "chart",
        "chart",
        # "flow chart" is a diagram; "chart" alone (or "graph", "plot") is a chart.
        r"(?:bar|line|pie|donut|doughnut|column|area)\s+(?:chart|graph)s?|(?<!flow )(?<!flow-)charts?|graphs?|plot|"
        r"histograms?|sparklines?",
    ),
    _kind(
        "diagram",
        "diagram",
        r"diagrams?|flow[\s-]?charts?|labell?ed|with labels|cycle|life ?cycle|process of|anatomy of|parts of|"
        r"workflows?|process (?:map|flow)|step[\s-]by[\s-]step",
    ),
    _kind(
        "infographic",
        "infographic",
        r"infographics?|key (?:metrics|figures|stats|facts)|statistics|stats|by the numbers|in numbers|"
        r"fact ?sheets?|at a glance",
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
        r"app screens?|apps?(?![\s-]*icons?)|(?:login|log-in|sign.?up|sign.?in|settings|checkout|home|profile) "
        r"(?:screen|page|form)|log.?in|sign.?up forms?|websites?|web ?pages?|web ?apps?|homepage|home page|"
        r"landing page|dashboards?|admin panel|ui|ux|user interface|mock.?ups?|wireframes?|screenshots?",
    ),
    _kind("logo", "logo", r"logos?|logotypes?|wordmarks?|emblems?|monograms?|app icons?|brand ?marks?|crests?"),
    _kind("product", "product", r"product (?:shot|photo|photograph|image|render)s?|packshot|on a pedestal|studio shot"),
    _kind(
        "social",
        "social",
        r"social (?:media )?posts?|instagram|tweet|facebook post|linkedin post|story (?:post|slide)|social card",
    ),
    _kind("banner", "banner", r"banners?|billboard|header image|cover (?:image|photo)|leaderboard ad|hero image"),
    _kind("poster", "poster", r"posters?|flyers?|placards?|leaflets?"),
)

_BY_NAME = {k.name: k for k in KINDS}


def detect_kind(unquoted: str) -> str | None:
    """The document kind a prompt asks for (quotes already masked, lower case), or None for a scene."""
    for kind in KINDS:
        if kind.pattern.search(unquoted):
            return kind.name
    return None


def builder(kind: str) -> Callable[[DocumentContext], DocumentParts] | None:
    """The ``build`` function of ``kind``'s template (None when there is no template)."""
    entry = _BY_NAME.get(kind)
    if entry is None:
        return None
    try:
        module = importlib.import_module(f"{__name__}.{entry.module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{entry.module}":
            return None
        raise
    build: Callable[[DocumentContext], DocumentParts] = module.build
    return build
