"""Finding what an edit is about in a plan: illustrations by noun (synonyms and plurals included),
vector props (a table, a sign) by their part ids, sky decorations (the sun, the moon, clouds) and text
elements by role or by their words. Shared by the plan edit modules."""

from __future__ import annotations

import re

from openbanana.generators.compose import nouns
from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.plan import AssetPlacement, Box, ComposePlan

#: Text target words → roles they match ("text": every role).
TEXT_ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title",), "subtitle": ("subtitle",), "caption": ("caption",), "label": ("label",),
    "button": ("button",), "sign": ("sign",), "text": (),
}  # fmt: skip
#: Sky decorations an edit can name.
DECORATIONS: dict[str, str] = {
    "sun": "sun", "moon": "moon", "cloud": "cloud", "star": "star", "planet": "planet", "window": "window",
}  # fmt: skip
#: A prop's kind from the parts it is drawn with (see :mod:`~openbanana.generators.compose.props`).
_PROP_PARTS: tuple[tuple[str, str], ...] = (("board", "sign"), ("plank", "shelf"), ("back", "bench"), ("top", "table"))
#: The part a recolour paints.
PROP_MAIN = {"sign": "board", "chalkboard": "board", "shelf": "plank", "bench": "top", "table": "top"}
_PROP_ID = re.compile(r"^(prop\d+)-([a-z]+)\d*$")


def icon_for(noun: str) -> str | None:
    """The illustration a noun stands for ("car" → automobile, "puppies" → dog), or None."""
    hit = load_library().lookup_form(noun.replace(" ", "-"))
    return hit[0] if hit is not None else None


def asset_matches(a: AssetPlacement, noun: str) -> bool:
    if a.noun == noun or noun in nouns.singular_forms(a.noun) or a.icon == noun:
        return True
    icon = icon_for(noun)
    return icon is not None and icon == a.icon


def asset_indices(plan: ComposePlan, noun: str | None) -> list[int]:
    if noun is None:
        return []
    return [i for i, a in enumerate(plan.assets) if asset_matches(a, noun)]


def props(plan: ComposePlan) -> dict[str, str]:
    """Prop id ("prop0") → kind (sign | chalkboard | shelf | bench | table)."""
    parts: dict[str, set[str]] = {}
    for s in plan.shapes:
        m = _PROP_ID.match(s.id)
        if m is not None:
            parts.setdefault(m[1], set()).add(m[2])
    found: dict[str, str] = {}
    for ident, have in parts.items():
        kind = next((k for part, k in _PROP_PARTS if part in have), None)
        if kind == "sign" and _chalk(plan, ident):
            kind = "chalkboard"
        if kind is not None:
            found[ident] = kind
    return found


def _chalk(plan: ComposePlan, ident: str) -> bool:
    board = next((s for s in plan.shapes if s.id == f"{ident}-board"), None)
    return board is not None and (board.fill or "").lower() == "#2f4a3c"


def prop_ids(plan: ComposePlan, noun: str | None) -> list[str]:
    if noun is None:
        return []
    kind = nouns.PROPS.get(noun, noun)
    return [ident for ident, k in props(plan).items() if k == kind]


def prop_box(plan: ComposePlan, ident: str) -> Box:
    boxes = [s.box for s in plan.shapes if s.id.startswith(f"{ident}-") and not s.id.endswith("-shadow")]
    x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
    x1, y1 = max(b.x + b.w for b in boxes), max(b.y + b.h for b in boxes)
    return Box(x0, y0, x1 - x0, y1 - y0)


def decoration_indices(plan: ComposePlan, noun: str | None) -> list[int]:
    kind = DECORATIONS.get(noun or "")
    if kind is None or plan.background.kind == "gradient":
        return []
    return [i for i, d in enumerate(plan.background.decorations) if d.kind == kind]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def text_indices(plan: ComposePlan, target: str | None, every: bool = False) -> list[int]:
    """The text elements ``target`` means: a role word (the only/first title when ``every`` is off), "text"
    (all of them, or the title / first one), or the words of a quoted old text."""
    if target is None or not plan.texts:
        return []
    if target in TEXT_ROLES:
        roles = TEXT_ROLES[target]
        hits = [i for i, t in enumerate(plan.texts) if not roles or t.role in roles]
        if not hits and target == "title":
            hits = [max(range(len(plan.texts)), key=lambda i: plan.texts[i].max_size)]
        if every or len(hits) <= 1:
            return hits
        titled = [i for i in hits if plan.texts[i].role == "title"]
        return titled[:1] or hits[:1]
    want = _norm(target)
    exact = [i for i, t in enumerate(plan.texts) if _norm(t.text) == want]
    return exact or [i for i, t in enumerate(plan.texts) if want and want in _norm(t.text)]


def is_text_target(plan: ComposePlan, target: str | None) -> bool:
    """Whether ``target`` names text rather than a thing."""
    if target is None:
        return False
    if target in TEXT_ROLES and target != "sign":
        return True
    if target == "sign":
        return not prop_ids(plan, "sign") and bool(text_indices(plan, "sign"))
    return not asset_indices(plan, target) and bool(text_indices(plan, target))
