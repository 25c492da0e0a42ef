"""Finding a named object on the pixels: which plan illustrations stand for it and which are visible.

The plan says where the generator *meant* to draw each illustration; only the pixels say whether it did
and whether it can still be seen (text plates, other illustrations, finishes and the canvas edge can
hide it). Each illustration is rendered again on its own, transparent, exactly as the renderer places
it (same box, rotation, flip and tint), and that rendering is compared with the output inside the
icon's alpha mask. An instance counts as visible when most of its mask still looks like the icon.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from openbanana.generators.compose.assets import load_library
from openbanana.generators.compose.plan import AssetPlacement, Box
from openbanana.generators.compose.raster import rgba, svg_document
from openbanana.generators.compose.render_assets import asset_svg

#: Mask pixels whose rendered alpha is at least this are the icon's interior (edges are antialiased).
ALPHA_INTERIOR = 230
#: A pixel "looks like the icon" when no channel differs by more than this.
PIXEL_TOLERANCE = 40
#: Visible: this share of the in-canvas mask agrees with the icon, or the luminance correlates this well.
MIN_AGREEMENT = 0.6
MIN_CORRELATION = 0.6
#: And at least this share of the icon's mask lies on the canvas.
MIN_ON_CANVAS = 0.5


@dataclass
class Instance:
    """One illustration of the plan, measured on the output. Masks and the icon's own rendering are
    stored for the frame ``(x0, y0)``..``(x0 + w, y0 + h)`` around it (canvas pixels), not the canvas."""

    asset: dict[str, Any]
    x0: int
    y0: int
    #: Interior alpha mask over the frame, limited to pixels on the canvas.
    mask: Any = dataclasses.field(repr=False)
    #: The icon alone (RGB) over the frame.
    icon_rgb: Any = dataclasses.field(repr=False)
    #: The part of ``mask`` that no illustration drawn later covers.
    own: Any = dataclasses.field(repr=False, default=None)
    agreement: float = 0.0
    correlation: float = 0.0
    visible: bool = False

    @property
    def area(self) -> int:
        return int(self.mask.sum())

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        """Tight bounding box of the on-canvas mask in canvas pixels (x0, y0, x1, y1)."""
        if not self.area:
            return (self.x0, self.y0, self.x0, self.y0)
        ys, xs = np.nonzero(self.mask)
        return (
            self.x0 + int(xs.min()),
            self.y0 + int(ys.min()),
            self.x0 + int(xs.max()) + 1,
            self.y0 + int(ys.max()) + 1,
        )

    @property
    def centre(self) -> tuple[float, float]:
        if not self.area:
            return (float(self.x0), float(self.y0))
        ys, xs = np.nonzero(self.mask)
        return (self.x0 + float(xs.mean()), self.y0 + float(ys.mean()))

    @property
    def width(self) -> int:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> int:
        return self.bbox[3] - self.bbox[1]

    @property
    def extent(self) -> int:
        """Linear size: the longer side of the mask's bounding box."""
        return max(self.width, self.height)

    def canvas_mask(self, width: int, height: int) -> Any:
        """The mask placed on a full (height, width) canvas."""
        full = np.zeros((height, width), dtype=bool)
        ys, xs = np.nonzero(self.mask)
        full[ys + self.y0, xs + self.x0] = True
        return full

    def pixels(self, image: Any) -> Any:
        """The output's RGB pixels of the object where nothing drawn later covers it, (N, 3)."""
        ys, xs = np.nonzero(self.mask if self.own is None else self.own)
        return image[ys + self.y0, xs + self.x0]


def placement(asset: dict[str, Any]) -> AssetPlacement:
    """An :class:`AssetPlacement` back from its ``to_dict`` form (unknown extra keys are ignored)."""
    names = {f.name for f in dataclasses.fields(AssetPlacement)}
    values = {k: v for k, v in asset.items() if k in names}
    values["box"] = Box(**asset["box"])
    return AssetPlacement(**values)


def frame(asset: dict[str, Any], width: int, height: int) -> tuple[int, int, int, int]:
    """A frame (x0, y0, w, h) in canvas px that holds the illustration at any rotation; it may reach
    past the canvas edges."""
    box = asset["box"]
    bw, bh = box["w"] * width, box["h"] * height
    cx, cy = box["x"] * width + bw / 2, box["y"] * height + bh / 2
    half = max(bw, bh) * 0.75 + 2
    x0, y0 = int(np.floor(cx - half)), int(np.floor(cy - half))
    side = int(np.ceil(2 * half)) + 1
    return x0, y0, side, side


def render_alone(asset: dict[str, Any], width: int, height: int) -> tuple[int, int, Any, Any]:
    """The illustration alone, transparent, over its :func:`frame`: (x0, y0, RGB uint8, alpha uint8)."""
    x0, y0, fw, fh = frame(asset, width, height)
    elements = asset_svg(placement(asset), 0, width, height, False)
    svg = svg_document(fw, fh, f"{x0} {y0} {fw} {fh}", "".join(elements))
    try:
        pixels = rgba(svg, fw, fh)
    except RuntimeError as exc:
        raise RuntimeError(f"could not render icon {asset.get('icon')!r}") from exc
    return x0, y0, pixels[..., :3], pixels[..., 3]


Rendering = tuple[int, int, Any, Any]

#: An illustration drawn later covers a pixel where its alpha is at least this.
ALPHA_COVER = 128
#: Visible also needs this share of the on-canvas mask left uncovered by illustrations drawn later
#: (two identical icons stacked in one place are one visible thing, not two).
MIN_UNCOVERED = 0.4


def _covered(frame_of: Rendering, later: list[Rendering]) -> Any:
    """Pixels of ``frame_of``'s frame that illustrations drawn after it cover."""
    x0, y0, _rgb, alpha = frame_of
    fh, fw = alpha.shape
    covered = np.zeros((fh, fw), dtype=bool)
    for lx0, ly0, _lrgb, lalpha in later:
        lh, lw = lalpha.shape
        ix0, iy0 = max(x0, lx0), max(y0, ly0)
        ix1, iy1 = min(x0 + fw, lx0 + lw), min(y0 + fh, ly0 + lh)
        if ix0 < ix1 and iy0 < iy1:
            part = lalpha[iy0 - ly0 : iy1 - ly0, ix0 - lx0 : ix1 - lx0] >= ALPHA_COVER
            covered[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0] |= part
    return covered


def measure_instance(image: Any, asset: dict[str, Any], later: list[Rendering] | None = None) -> Instance:
    """Compare one plan illustration with the output ``image`` (H, W, 3 uint8); ``later`` are the
    renderings of the illustrations drawn after it."""
    height, width = image.shape[:2]
    rendering = render_alone(asset, width, height)
    x0, y0, icon_rgb, alpha = rendering
    fh, fw = alpha.shape
    full = alpha >= ALPHA_INTERIOR
    total = int(full.sum())
    ys, xs = np.mgrid[y0 : y0 + fh, x0 : x0 + fw]
    on_canvas = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
    mask = full & on_canvas
    own = mask & ~_covered(rendering, later or [])
    inst = Instance(asset, x0, y0, mask, icon_rgb, own)
    area = int(mask.sum())
    if not total or area < MIN_ON_CANVAS * total or int(own.sum()) < MIN_UNCOVERED * area:
        return inst
    # Crop the output to the frame (padding with black where the frame leaves the canvas).
    region = np.zeros((fh, fw, 3), dtype=np.int16)
    sx0, sy0 = max(0, x0), max(0, y0)
    sx1, sy1 = min(width, x0 + fw), min(height, y0 + fh)
    region[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0] = image[sy0:sy1, sx0:sx1]
    out = region[own]
    ref = icon_rgb[own].astype(np.int16)
    inst.agreement = float((np.abs(out - ref).max(axis=1) <= PIXEL_TOLERANCE).mean())
    inst.correlation = _correlation(out, ref)
    inst.visible = inst.agreement >= MIN_AGREEMENT or inst.correlation >= MIN_CORRELATION
    return inst


def measure_all(image: Any, plan: dict[str, Any]) -> list[Instance]:
    """Every illustration of the plan, measured, each against the ones drawn after it (layer 0 in plan
    order, then layer 1)."""
    height, width = image.shape[:2]
    assets = list(plan.get("assets", ()))
    renders = [render_alone(a, width, height) for a in assets]
    rank = {i: r for r, i in enumerate(sorted(range(len(assets)), key=lambda i: (int(assets[i].get("layer", 0)), i)))}
    return [
        measure_instance(image, a, [renders[j] for j in range(len(assets)) if rank[j] > rank[i]])
        for i, a in enumerate(assets)
    ]


def _correlation(out: Any, ref: Any) -> float:
    """Pearson correlation of luminance (0 when either side is a single flat colour)."""
    weights = np.array([0.299, 0.587, 0.114])
    a = out @ weights
    b = ref @ weights
    if a.std() < 2.0 or b.std() < 2.0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def subject_icons(word: str) -> tuple[str | None, str]:
    """(icon, singular form) the library resolves an expected subject word to (icon None: unknown)."""
    hit = load_library().lookup_form(word.lower())
    return (hit[0], hit[1]) if hit else (None, word.lower())


#: Icons whose head noun names something else ("hot-dog" is no dog, "teddy-bear" no bear).
NOT_THE_THING: frozenset[str] = frozenset({
    "hot-dog", "computer-mouse", "teddy-bear", "railway-car", "tram-car", "fish-cake-with-swirl", "moon-cake",
    "speech-balloon", "thought-balloon", "carousel-horse", "star-and-crescent",
})  # fmt: skip


def head_noun(icon: str) -> str:
    """What an icon name is a picture of: "red-apple" → apple, "dog-face" → dog, "cloud-with-rain" →
    cloud, "sun-behind-cloud" → sun."""
    name = icon.removesuffix("-face")
    for joint in ("-with-", "-behind-", "-on-"):
        name = name.split(joint, 1)[0]
    return name.rsplit("-", 1)[-1]


def matches(asset: dict[str, Any], word: str) -> bool:
    """Whether a plan illustration is a picture of ``word``: the icon the library gives the word, or
    an icon whose head noun is the word's singular ("dog" → "guide-dog", "dog-face"; "apple" →
    "green-apple"; not "hot-dog"). The picture decides, not the noun the plan labels it with."""
    icon, form = subject_icons(word)
    name = str(asset.get("icon", ""))
    if icon is not None and name == icon:
        return True
    return name not in NOT_THE_THING and head_noun(name) == form


def find(image: Any, plan: dict[str, Any], word: str, measured: list[Instance] | None = None) -> list[Instance]:
    """Every plan illustration standing for ``word``, measured (visible or not); ``measured`` is a
    :func:`measure_all` result to reuse."""
    return [inst for inst in (measured or measure_all(image, plan)) if matches(inst.asset, word)]
