"""The things of a free scene (illustrations and props) as placed boxes.

Two paths: a plain list of things ("three puppies and a balloon") goes into the seeded grid of the
layout, as it always has; anything with relations, regions, arrangements, sizes or props goes through
the relation solver (:mod:`~openbanana.generators.compose.relations`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from openbanana.generators.compose import lexicon
from openbanana.generators.compose.checks_report import overlap_note
from openbanana.generators.compose.layout_bands import Pinned
from openbanana.generators.compose.plan import AssetPlacement, Box, Shape
from openbanana.generators.compose.props import prop_kind, prop_shapes, writing_box
from openbanana.generators.compose.relations import Solver, Thing, pack, unit_size
from openbanana.generators.compose.scene import AIR_ICONS, Subject, placement
from openbanana.generators.compose.subjects import Relation, SubjectSpec

Rect = tuple[float, float, float, float]

#: Side of a pinned thing's square, as a fraction of the canvas' short side.
PINNED_SIZE = 0.3


@dataclass
class Things:
    assets: list[AssetPlacement] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    #: For the scene's horizon: each thing's box and where it belongs (ground, water, air).
    subjects: list[Subject] = field(default_factory=list)
    #: Writing boxes of the signs and their board colours, in prompt order.
    signs: list[tuple[Box, str]] = field(default_factory=list)
    #: Plan notes: things a relation puts together ("a cat on a table", "a tree behind a car") may
    #: overlap, so the overlap check must not pull them apart.
    notes: list[str] = field(default_factory=list)


def needs_solver(specs: tuple[SubjectSpec, ...], relations: tuple[Relation, ...]) -> bool:
    """Whether the things need the relation solver rather than the plain grid."""
    return bool(relations) or any(s.region or s.arrangement or s.prop or s.size_word for s in specs)


def grid_instances(specs: tuple[SubjectSpec, ...], rng: random.Random) -> list[int]:
    """Spec index per drawn copy, capped, shuffled when there are several kinds (grid path)."""
    instances: list[int] = []
    for i, s in enumerate(specs):
        instances.extend([i] * s.count)
    instances = instances[: lexicon.MAX_INSTANCES]
    if len({specs[i].icon for i in instances}) > 1:
        rng.shuffle(instances)
    return instances


def place_on_grid(
    specs: tuple[SubjectSpec, ...],
    instances: list[int],
    placements: list[tuple[Box, float, bool]],
    setting: str | None,
) -> Things:
    """Grid path: copies into the layout's grid slots. In a setting, things that float take the
    highest slots, and on a beach a boat that shares a row with things on the sand is drawn smaller and
    higher, out on the water band."""
    n = min(len(instances), len(placements))
    instances, placements = list(instances[:n]), list(placements[:n])
    where = [placement(specs[i].icon, setting or "") for i in instances]
    if setting is not None and "water" in where and "ground" in where:
        slots = sorted(range(n), key=lambda k: placements[k][0].y + placements[k][0].h)
        order = [k for k in range(n) if where[k] == "water"] + [k for k in range(n) if where[k] != "water"]
        instances = [instances[k] for k in order]
        where = [where[k] for k in order]
        placements = [placements[slots[k]] for k in range(n)]
        if setting == "beach":
            ground_feet = min(placements[k][0].y + placements[k][0].h for k in range(n) if where[k] == "ground")
            for k in range(n):
                box, rotation, flip = placements[k]
                if where[k] == "water" and box.y + box.h > ground_feet - box.h * 0.2:
                    small = Box(
                        round(box.x + box.w * 0.14, 5), round(box.y + box.h * 0.06, 5),
                        round(box.w * 0.72, 5), round(box.h * 0.72, 5),
                    )  # fmt: skip
                    placements[k] = (small, rotation * 0.3, flip)
    placements = _natural_sizes(specs, instances, placements, where)
    out = Things()
    for n_, (i, (box, rotation, flip), w) in enumerate(zip(instances, placements, where, strict=True)):
        s = specs[i]
        out.assets.append(AssetPlacement(f"asset{n_}", s.icon, s.noun, box, rotation, flip, tint=s.color))
        out.subjects.append(Subject(box, w))
    return out


def _natural_sizes(
    specs: tuple[SubjectSpec, ...], instances: list[int], placements: list[tuple[Box, float, bool]], where: list[str]
) -> list[tuple[Box, float, bool]]:
    """Grid slots are all one size: when the things differ clearly in size (a dog and a ball), the
    smaller ones shrink in their slot, feet kept on the slot's floor (air things stay centred)."""
    sizes = [unit_size(specs[i])[1] for i in instances]
    if not sizes or max(sizes) < 1.3 * min(sizes):
        return placements
    out = []
    for (box, rotation, flip), size, w in zip(placements, sizes, where, strict=True):
        k = max(0.6 if w == "air" else 0.55, size / max(sizes))
        bottom = box.y + box.h if w != "air" else box.y + box.h * (0.5 + k / 2)
        small = Box(
            round(box.x + box.w * (1 - k) / 2, 5),
            round(bottom - box.h * k, 5),
            round(box.w * k, 5),
            round(box.h * k, 5),
        )
        out.append((small, rotation, flip))
    return out


def _frac(t: Thing, width: int, height: int) -> Box:
    return Box(round(t.x / width, 5), round(t.y / height, 5), round(t.w / width, 5), round(t.h / height, 5))


class SolvedScene:
    """Solver path, in two steps: :meth:`pinned` says which composites need a band at the canvas edge
    (so the layout can reserve it), :meth:`finish` packs everything once the layout is known."""

    def __init__(self, specs: tuple[SubjectSpec, ...], relations: tuple[Relation, ...], rng: random.Random) -> None:
        self.specs = specs
        self.solver = Solver(list(specs), list(relations), rng)
        self.groups = {root: self.solver.build(root) for root in self.solver.roots}
        self._cap()
        regions = {r: specs[r].region for r in self.groups}
        self.edge = [r for r in self.groups if regions[r] not in (None, "center")]
        self.middle = [r for r in self.groups if r not in self.edge]

    def _cap(self) -> None:
        """At most :data:`lexicon.MAX_INSTANCES` illustrations: the last roots lose copies first."""
        total = sum(len(g) for g in self.groups.values())
        for root in reversed(list(self.groups)):
            if total <= lexicon.MAX_INSTANCES:
                break
            group = self.groups[root]
            keep = max(1, len(group) - (total - lexicon.MAX_INSTANCES))
            total -= len(group) - keep
            self.groups[root] = group[:keep]

    @property
    def middle_count(self) -> int:
        return sum(len(self.groups[r]) for r in self.middle)

    def pinned(self, width: int, height: int) -> list[Pinned]:
        short = min(width, height)
        strip = not 1 / 2.2 < width / height < 2.2
        out = []
        for r in self.edge:
            scale = max(0.7, min(1.5, self.specs[r].scale))
            # On a strip a pinned thing takes the strip's whole thickness at its end.
            side = short * (0.9 if strip else PINNED_SIZE * scale)
            out.append(Pinned(f"thing{r}", self.specs[r].region or "", "thing", size=side))
        return out

    def finish(
        self, asset_rect: Rect | None, bands: dict[str, Rect], setting: str | None, width: int, height: int
    ) -> Things:
        if self.middle and asset_rect is not None:
            ordered = sorted(self.middle, key=lambda r: self.specs[r].region != "center")
            pack([self.groups[r] for r in ordered], asset_rect)
        for r in self.edge:
            pack([self.groups[r]], bands[f"thing{r}"], fill=0.9)
        things = [t for r in self.groups for t in self.groups[r] if r in self.edge or asset_rect is not None]
        things.sort(key=lambda t: t.z)
        out = Things()
        signs: list[tuple[int, float, Box, str]] = []
        asset_of: dict[int, str] = {}
        for n, t in enumerate(things):
            s = self.specs[t.spec]
            box = _frac(t, width, height)
            if s.prop:
                out.shapes += prop_shapes(f"prop{n}", s.prop, box, s.color, width / height)
                out.subjects.append(Subject(box, "ground"))
                if s.prop in ("sign", "chalkboard"):
                    signs.append((t.spec, t.x, writing_box(box, s.prop), s.color or prop_kind(s.prop).color))
                continue
            where = "air" if t.support == "air" or s.icon in AIR_ICONS else placement(s.icon, setting or "")
            if s.region in ("top-left", "top", "top-right"):
                where = "air"
            asset_of[id(t)] = f"asset{len(out.assets)}"
            out.assets.append(
                AssetPlacement(
                    f"asset{len(out.assets)}", s.icon, s.noun, box, round(t.rotation, 2), t.flip, tint=s.color
                )
            )
            out.subjects.append(Subject(box, where))
        for group in self.groups.values():
            ids = [asset_of[id(t)] for t in group if id(t) in asset_of]
            if len({t.spec for t in group}) > 1 and len(ids) > 1:
                out.notes.append(overlap_note(*ids))
        out.signs = [(box, color) for _s, _x, box, color in sorted(signs, key=lambda g: (g[0], g[1]))]
        return out
