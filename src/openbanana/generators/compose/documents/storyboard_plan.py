"""Reading a storyboard prompt: how many panels, what each one shows and says.

"a 4-panel comic: panel 1: a cat sleeps, panel 2: a dog barks saying "Wake up!", …" gives each panel
its own clause; a clause's subjects, setting and time of day are read like a whole prompt's. Quotes
introduced by says/saying/shouting become speech bubbles of the subject named just before them; other
quotes are captions under their panel (or, cued as a title, the strip's title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.documents.base import DocumentContext
from openbanana.generators.compose.documents.layout_words import NOT_SUBJECTS, Quote, count_before
from openbanana.generators.compose.intent import read_turn

MAX_PANELS = 12

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_MARKER = re.compile(
    r"\b(?:(?:panel|frame|scene|shot)\s*#?(\d{1,2})\b|(first|second|third|fourth|fifth|sixth|seventh|eighth|last|final)"
    r"\s+(?:panel|frame|scene|shot)\b)"
)
#: Characters for a strip whose prompt names nobody.
DEFAULT_CAST = ("cat", "dog", "fox", "rabbit", "penguin", "robot", "bear", "owl")


@dataclass
class Speech:
    quote: Quote
    #: Icon name of the subject that speaks (None: whoever is in the panel).
    speaker: str | None


@dataclass
class Panel:
    #: (noun, icon) drawn in this panel.
    subjects: list[tuple[str, str]] = field(default_factory=list)
    setting: str | None = None
    time: str | None = None
    #: Lines under the panel (more than one when the prompt quotes more captions than panels).
    captions: list[Quote] = field(default_factory=list)
    speech: list[Speech] = field(default_factory=list)
    #: Clause span in the source text and its lower-cased text, when the prompt described this panel.
    span: tuple[int, int] | None = None
    text: str = ""


@dataclass
class Story:
    panels: list[Panel]
    title: Quote | None


def _markers(text: str) -> list[tuple[int, int]]:
    """(position, panel number) of each "panel N" / "third panel" marker, in text order."""
    found: list[tuple[int, int]] = []
    for m in _MARKER.finditer(text.lower()):
        if m.group(1):
            number = int(m.group(1))
        else:
            word = m.group(2)
            number = _ORDINALS.get(word, (found[-1][1] + 1) if found else 1)
        found.append((m.start(), number))
    return found


#: Verbs of story clauses that the icon lookup takes for nouns ("the balloon flies", "she waves").
STORY_VERBS = frozenset({"flies", "fly", "waves", "rings", "drinks", "watches", "cooks", "leaves", "kites"})


def _clause_subjects(clause: str) -> tuple[list[tuple[str, str]], str | None, str | None]:
    turn = read_turn(clause, load_library())
    subjects = [
        (noun, icon)
        for noun, icon, _count in turn.subjects
        if noun not in NOT_SUBJECTS | STORY_VERBS and not icon.startswith("keycap") and not noun.isdigit()
    ]
    return subjects[:3], turn.scene, turn.time


def _speaker(quote: Quote, panel: Panel) -> str | None:
    """The subject named closest before the quote in its clause."""
    lead = quote.source[max(0, (panel.span[0] if panel.span else 0)) : quote.start].lower()
    best: tuple[int, str] | None = None
    for noun, icon in panel.subjects:
        pos = lead.rfind(noun)
        if pos >= 0 and (best is None or pos > best[0]):
            best = (pos, icon)
    return best[1] if best else None


def read_story(ctx: DocumentContext, items: list[Quote]) -> Story:
    """The panels of the strip with their subjects, settings, captions and speech."""
    source = ctx.intent.sources[-1] if ctx.intent.sources else ""
    unquoted = ctx.intent.unquoted
    marks = _markers(source)
    asked = count_before(unquoted, r"panels?|frames?|shots|scenes|boxes|steps")
    numbers = [n for _p, n in marks]
    count = asked or (max(numbers) if numbers else 0)
    title = next((q for q in items if q.cue == "title"), None)
    speech_q = [q for q in items if q.cue == "speech"]
    captions = [q for q in items if q is not title and q.cue != "speech"]
    if not count:
        count = max(3 if 3.0 < ctx.aspect < 5.0 and len(speech_q) < 4 else 4, min(8, len(captions)))
    count = max(1, min(MAX_PANELS, count))
    panels = [Panel() for _ in range(count)]
    # Panels the prompt does not place stay where the story was: the prompt's lead clause first.
    _s, lead_setting, lead_time = _clause_subjects(source[: marks[0][0]] if marks else unquoted)
    setting, time = lead_setting or ctx.intent.scene, lead_time
    for k, (pos, number) in enumerate(marks):
        index = min(count, max(1, number)) - 1
        end = marks[k + 1][0] if k + 1 < len(marks) else len(source)
        panel = panels[index]
        panel.span = (pos, end)
        panel.text = source[pos:end].lower()
        panel.subjects, panel.setting, panel.time = _clause_subjects(source[pos:end])
    for panel in panels:
        setting = panel.setting = panel.setting or setting
        time = panel.time = panel.time or time
    # Quotes inside a described panel's clause belong to it; the rest fill panels in order.
    loose_captions: list[Quote] = []
    loose_speech: list[Quote] = []
    for q in [*captions, *speech_q]:
        home = next((p for p in panels if p.span and p.span[0] <= q.start < p.span[1] and q.source == source), None)
        if home is None:
            (loose_speech if q.cue == "speech" else loose_captions).append(q)
        elif q.cue == "speech":
            home.speech.append(Speech(q, _speaker(q, home)))
        else:
            home.captions.append(q)
    for q in sorted(loose_captions, key=lambda q: q.index):  # in order, to the panel with fewest lines
        min(panels, key=lambda p: (len(p.captions), panels.index(p))).captions.append(q)
    for i, q in enumerate(loose_speech):
        quiet = [p for p in panels if not p.speech] or panels
        quiet[i % len(quiet)].speech.append(Speech(q, None))
    return Story(panels, title)
