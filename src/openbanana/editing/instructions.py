"""Edit instructions in English → :class:`~openbanana.editing.ops.EditOp` tuples.

"make the car blue and move it to the left" becomes a RECOLOR then a MOVE of the car. The reader splits
the instruction into clauses ("and", commas, "then"), reads each clause on its own, and resolves "it" /
"them" against what the previous clause (or the previous turn, :attr:`EditContext.last_target`) edited.
A piece that reads as nothing alone is read together with the clause before it ("make the heading bold
*and red*") or with that clause's verb ("add a cat *and a dog*"). Colours, nouns, settings, times, styles
and regions are compose's own word tables, so a word means the same in an edit as in a prompt.
Anything not understood gives ``()``: the caller then says so rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from openbanana.editing.ops import EditOp

__all__ = ["EditContext", "parse_instruction"]


@dataclass(frozen=True)
class EditContext:
    """What the image being edited holds, for resolving "it", "the title" and synonyms."""

    #: Nouns of the things in the image (e.g. the plan's asset nouns), main subject first.
    subjects: tuple[str, ...] = ()
    #: (id, role, text) of the image's text elements.
    texts: tuple[tuple[str, str, str], ...] = ()
    #: What the previous turn edited: "it" / "them" mean this.
    last_target: str | None = None
    reference_count: int = 0


def parse_instruction(text: str, context: EditContext | None = None) -> tuple[EditOp, ...]:
    """The edit operations an instruction asks for, in order (``()`` when it asks for none we know).

    "it" / "them" / "that" mean ``context.last_target``, else the image's first subject, else the whole
    image (target None). ``TEXT`` with target None adds a new text (``direction``: where). ``MOVE`` with
    a ``value`` moves the target next to that thing (``direction``: which side, None: beside)."""
    # The readers use compose's word tables; compose's edit planner imports this module, so they are
    # imported on first use rather than with this module.
    from openbanana.editing.instruction_reader import parse

    return parse(text, context or EditContext())
