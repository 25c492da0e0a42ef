"""What the compose checks report: issues that name their target (and what they measured, so
:mod:`~openbanana.generators.compose.correct` can fix them) and a summary with the numbers."""

from __future__ import annotations

from dataclasses import dataclass

from openbanana.generators.base import CheckIssue, CheckReport

# Check names. Each issue's ``target`` is the id of the text, illustration or shape to fix.
SIZE = "size"
GLYPHS = "glyphs"
#: The text block leaves the canvas (plan geometry) or its ink is cut off by the canvas edge (pixels).
BOUNDS = "bounds"
#: The text does not fit its box even at the smallest size.
OVERFLOW = "overflow"
LEGIBILITY = "legibility"
OCR = "ocr"
#: Ink of a text element beyond its box (pixels).
CLIP = "clip"
#: Ink of a text element touching the canvas edge (pixels).
EDGE = "edge"
#: Text ink against the pixels around it below the WCAG ratio for its size.
CONTRAST = "contrast"
#: Readable (WCAG AA) but short of AAA: a soft issue HIGH thinking still improves on.
CONTRAST_AAA = "contrast-aaa"
#: Two text elements drawn into each other (``other``: the one it collides with).
TEXT_OVERLAP = "text-overlap"
#: Text without a plate drawn over an illustration (``other``: the illustration).
TEXT_ON_ART = "text-on-illustration"
#: Two illustrations drawn into each other (``other``: the second one).
ART_OVERLAP = "asset-overlap"
ART_BOUNDS = "asset-bounds"
SHAPE_BOUNDS = "shape-bounds"

#: Checks whose issues count as overlaps and as things outside the canvas in the metrics.
OVERLAPS = frozenset({TEXT_OVERLAP, TEXT_ON_ART, ART_OVERLAP})
OUTSIDE = frozenset({BOUNDS, EDGE, ART_BOUNDS, SHAPE_BOUNDS})


@dataclass(frozen=True)
class ComposeIssue(CheckIssue):
    """A :class:`CheckIssue` with what the pixel checks measured."""

    #: The second element of a collision.
    other: str | None = None
    #: The colour measured around the text (hex), for a contrast issue.
    background: str | None = None
    #: The contrast ratio the text needs (3.0 for large text, 4.5 otherwise).
    need: float = 0.0
    #: The contrast ratio measured (0: not measured), and whether the ground around the text is patchy.
    contrast: float = 0.0
    busy: bool = False


OVERLAP_NOTE = "overlap ok:"


def overlap_note(*ids: str) -> str:
    """The plan note that exempts the elements ``ids`` from the overlap checks."""
    return f"{OVERLAP_NOTE} {' '.join(ids)}"


def plan_notes_allow(notes: tuple[str, ...], a: str, b: str) -> bool:
    """Whether a plan note lets ``a`` and ``b`` overlap on purpose. Templates say so with a note made by
    :func:`overlap_note` (e.g. a badge pinned onto an illustration)."""
    wanted = {a, b}
    for note in notes:
        if note.startswith(OVERLAP_NOTE):
            ids = set(note[len(OVERLAP_NOTE) :].replace(",", " ").split())
            if wanted <= ids:
                return True
    return False


@dataclass(frozen=True)
class ComposeReport(CheckReport):
    """A :class:`CheckReport` whose summary carries the measurements (OCR accuracy, lowest text contrast,
    overlaps) and, for a corrected plan, what the correction changed: the summary is what a thinking
    model shows of its checks."""

    #: The correction note of the plan checked (empty for a plan as first drawn).
    change: str = ""

    def summary(self) -> str:
        m = self.metrics
        numbers: list[str] = []
        if "ocr_char_accuracy" in m:
            numbers.append(f"OCR {m['ocr_exact']:.0%} exact, {m['ocr_char_accuracy']:.0%} of characters")
        if "contrast_min" in m:
            numbers.append(f"lowest text contrast {m['contrast_min']:.1f}:1")
        if "overlaps" in m:
            numbers.append(f"{m['overlaps']:.0f} overlaps")
        if "outside" in m:
            numbers.append(f"{m['outside']:.0f} outside the canvas")
        found = "all checks passed" if self.passed else "; ".join(f"{i.check}: {i.message}" for i in self.issues)
        text = f"{found} ({', '.join(numbers)})" if numbers else found
        return f"{text} after: {self.change}" if self.change else text
