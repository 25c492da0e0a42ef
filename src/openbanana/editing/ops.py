"""What an edit instruction asks for, as data.

The instruction parser (:mod:`.instructions`) turns "make the car blue and move it to the left" into
``(EditOp(RECOLOR, target="car", color="#2563eb"), EditOp(MOVE, target="car", direction="left"))``.
Both edit paths read the same ops: scene-plan edits for openbanana's own images and pixel edits for
photos, so an instruction means the same thing whichever image it lands on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EditKind(StrEnum):
    #: "make the car blue": ``target`` noun, ``color`` hex.
    RECOLOR = "recolor"
    #: "replace the dog with a cat": ``target`` noun → ``value`` noun.
    REPLACE = "replace"
    #: "add two birds": ``value`` noun, ``count``; optional ``direction`` (where) and ``target`` (next to what).
    ADD = "add"
    #: "remove the dog" / "remove the text" / "remove the person": ``target``.
    REMOVE = "remove"
    #: "move the car to the left": ``target``, ``direction`` (left | right | up | down | center | top-left …).
    MOVE = "move"
    #: "make the cat bigger" / "twice as big": ``target``, ``factor`` (> 1 bigger).
    RESIZE = "resize"
    #: "change the background to a beach" / "put it on a white background": ``value`` (a setting word or a
    #: colour name) and ``color`` when it is a plain colour.
    BACKGROUND = "background"
    #: "make it night" / "at sunset": ``value`` (day | sunset | night).
    TIME = "time"
    #: "change the title to "Open 24/7"": ``target`` (title | subtitle | label | text | a quoted old text),
    #: ``value`` the new text.
    TEXT = "text"
    #: "make the heading bold and red": ``target``, optional ``color``, ``bold``, ``font``, ``scale``.
    TEXT_STYLE = "text_style"
    #: "make it look like a watercolour" / "in pop-art style": ``value`` a style or filter name.
    RESTYLE = "restyle"
    #: "make it 16:9" / "make it wider": ``value`` the ratio ("16:9"), or None when only the request's
    #: imageConfig says.
    REFRAME = "reframe"
    #: "make it 4K" / "upscale 2x": ``value`` the size ("2K", "4K") and/or ``factor``.
    UPSCALE = "upscale"
    #: "translate the sign into Spanish": ``value`` the target language code ("es"), ``target`` optional.
    TRANSLATE = "translate"
    #: "go back to the second version": ``index`` (1-based; -1 = the previous one).
    ROLLBACK = "rollback"
    #: Fill the masked region ("fill it with grass", "make the masked area blue"): ``value`` a noun or
    #: texture word, or ``color``.
    FILL = "fill"


@dataclass(frozen=True)
class EditOp:
    """One thing to change. Fields not used by a kind stay None (see :class:`EditKind`)."""

    kind: EditKind
    #: The thing the edit is about, as a noun from the instruction ("car", "title", "person", "text",
    #: "background"); "it" is resolved by the caller against the conversation before this is built.
    target: str | None = None
    #: The new thing: a noun (replace/add), text (text), style (restyle), ratio, language, time …
    value: str | None = None
    #: A colour as ``#rrggbb``.
    color: str | None = None
    #: left | right | up | down | center | top | bottom | top-left | top-right | bottom-left | bottom-right
    direction: str | None = None
    #: Resize factor (> 1: bigger) or upscale factor.
    factor: float | None = None
    count: int | None = None
    #: A version number (rollback) or a reference image number ("the dog from image 2").
    index: int | None = None
    bold: bool | None = None
    #: A font family word: sans | serif | mono | handwritten | cursive | display.
    font: str | None = None

    def describe(self) -> str:
        """A short past-tense phrase for thoughts and the reply ("recoloured the car blue")."""
        what = self.value or self.color or ""
        if self.kind is EditKind.TRANSLATE and self.value:
            from openbanana.editing.translate.languages import language_name

            what = language_name(self.value) or self.value
        fields = {
            "target": self.target or "image",
            "text": "the text" if self.target in (None, "text") else f"the {self.target} text",
            "what": what,
            "count": str(self.count) if self.count and self.count > 1 else "a",
            "direction": self.direction or "",
            "factor": f"×{self.factor:g}" if self.factor else "",
            "index": str(self.index) if self.index is not None else "",
        }
        return " ".join(_PHRASES[self.kind].format(**fields).split())


_PHRASES = {
    EditKind.RECOLOR: "recoloured the {target} {what}",
    EditKind.REPLACE: "replaced the {target} with {what}",
    EditKind.ADD: "added {count} {what} {direction}",
    EditKind.REMOVE: "removed the {target}",
    EditKind.MOVE: "moved the {target} {direction}",
    EditKind.RESIZE: "resized the {target} {factor}",
    EditKind.BACKGROUND: "changed the background to {what}",
    EditKind.TIME: "changed the time of day to {what}",
    EditKind.TEXT: "changed {text} to “{what}”",
    EditKind.TEXT_STYLE: "restyled {text} {what}",
    EditKind.RESTYLE: "restyled the {target} as {what}",
    EditKind.REFRAME: "reframed the image to {what}",
    EditKind.UPSCALE: "upscaled the image to {what} {factor}",
    EditKind.TRANSLATE: "translated {text} into {what}",
    EditKind.ROLLBACK: "returned version {index}",
    EditKind.FILL: "filled the area with {what}",
}
