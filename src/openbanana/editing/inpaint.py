"""Filling a masked region of a photo: removing what is there, or painting a colour or texture over it.

Removal has no learned model (none is available offline, see ``docs``/bundled-models): PatchMatch
(``pypatchmatch``) copies patches from the surroundings, which keeps texture (wood grain, grass, sky
noise); OpenCV's Telea is used for thin masks such as text strokes, where it is 20× faster and the
diffusion blur is invisible. Only the region's neighbourhood is processed (and, when that is large,
a downscaled copy of it), so the cost follows the hole, not the photo.

Every function returns a new array in which pixels outside the mask are exactly the input's.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from numpy.typing import NDArray
from patchmatch import patch_match
from PIL import ImageColor

from openbanana.editing.masks import Mask, feather_inside
from openbanana.editing.photo import RGB
from openbanana.engine.errors import InvalidArgument

F32 = NDArray[np.float32]

#: A mask component whose deepest pixel is at most this far from its edge is a stroke (text, a line;
#: letters' junctions run a little deeper than their strokes' half-width).
THIN_PX = 5.0
#: PatchMatch's time grows mostly with the hole's area (≈ 1 s for 200 × 200 px on one core) and then with the
#: neighbourhood's: above either budget the work is done on a downscaled copy, which softens the fill a little.
HOLE_PIXELS = 48_000
WORK_PIXELS = 360_000
#: Context kept around a hole, as a share of the hole's longer side (and at least the minimum).
MARGIN_SHARE = 0.5
MARGIN_MIN = 32
#: Telea's neighbourhood radius.
TELEA_RADIUS = 5


def _bbox(mask: Mask, margin: int) -> tuple[slice, slice]:
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    return (
        slice(max(0, int(ys.min()) - margin), min(h, int(ys.max()) + 1 + margin)),
        slice(max(0, int(xs.min()) - margin), min(w, int(xs.max()) + 1 + margin)),
    )


def _split_thin(mask: Mask) -> tuple[Mask, Mask]:
    """(thin, thick): each connected component goes to the method that suits it."""
    n, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    depth = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    deepest = np.zeros(n, np.float32)
    np.maximum.at(deepest, np.asarray(labels, dtype=np.intp).ravel(), np.asarray(depth, np.float32).ravel())
    thin_label = deepest <= THIN_PX
    thin_label[0] = False
    thin = thin_label[labels] & mask
    return thin, mask & ~thin


def _patchmatch(rgb: RGB, hole: Mask) -> RGB:
    """PatchMatch over the hole's neighbourhood, downscaled when that is larger than the work budget."""
    rows, cols = np.nonzero(hole.any(axis=1))[0], np.nonzero(hole.any(axis=0))[0]
    side = max(int(rows[-1] - rows[0]), int(cols[-1] - cols[0])) + 1
    ys, xs = _bbox(hole, max(MARGIN_MIN, int(MARGIN_SHARE * side)))
    crop = np.ascontiguousarray(rgb[ys, xs])
    crop_hole = hole[ys, xs]
    ch, cw = crop_hole.shape
    scale = min(1.0, (HOLE_PIXELS / int(crop_hole.sum())) ** 0.5, (WORK_PIXELS / (ch * cw)) ** 0.5)
    if scale >= 1.0:
        filled = patch_match.inpaint(crop, crop_hole.astype(np.uint8) * 255, patch_size=3)
    else:
        sw, sh = max(8, round(cw * scale)), max(8, round(ch * scale))
        small = np.ascontiguousarray(cv2.resize(crop, (sw, sh), interpolation=cv2.INTER_AREA))
        # Any coverage makes a small pixel a hole, plus one pixel: the object's colour must not survive
        # in the small copy's "known" pixels, or PatchMatch would copy it back in.
        covered = cv2.resize(crop_hole.astype(np.float32), (sw, sh), interpolation=cv2.INTER_AREA) > 0
        small_hole = cv2.dilate(covered.astype(np.uint8), np.ones((3, 3), np.uint8)) * 255
        small_filled = patch_match.inpaint(small, small_hole, patch_size=3)
        filled = cv2.resize(np.asarray(small_filled), (cw, ch), interpolation=cv2.INTER_CUBIC)
    filled = _match_seam(np.asarray(filled, dtype=np.uint8), crop, crop_hole, side)
    out = rgb.copy()
    region = out[ys, xs]
    region[crop_hole] = filled[crop_hole]
    return out


def _match_seam(filled: RGB, crop: RGB, hole: Mask, side: int) -> RGB:
    """Shift the fill's colour near the hole's edge to the surroundings' local mean, fading inward.

    PatchMatch may copy patches from a slightly lighter or darker part of the photo; against the
    untouched pixels right beside it that reads as a pasted rectangle. The shift is the difference of
    local means just outside and just inside the edge (worked out on a small copy: it is smooth), applied
    fully at the edge and not at all deeper than a few band widths in, so the copied texture is kept.
    """
    band = max(3.0, side / 16)
    step = max(1.0, band / 4)
    h, w = hole.shape
    sw, sh = max(4, round(w / step)), max(4, round(h / step))
    small_hole = cv2.resize(hole.astype(np.uint8), (sw, sh), interpolation=cv2.INTER_NEAREST)
    kernel = np.ones((3, 3), np.uint8)
    r = max(1, round(band / step))
    grown = cv2.dilate(small_hole, kernel, iterations=r) > 0
    shrunk = cv2.erode(small_hole, kernel, iterations=r) > 0
    ring_out = (grown & (small_hole == 0)).astype(np.float32)
    ring_in = ((small_hole > 0) & ~shrunk).astype(np.float32)

    def local_mean(img: NDArray[np.uint8], weight: NDArray[np.float32]) -> NDArray[np.float32]:
        small = cv2.resize(img, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32)
        num = cv2.GaussianBlur(small * weight[..., None], (0, 0), 2.0 * r)
        den = cv2.GaussianBlur(weight, (0, 0), 2.0 * r)[..., None]
        return np.asarray(num / np.maximum(den, 1e-4), dtype=np.float32)

    # Means of one composite (the hole's old content must not bleed into the ring's when downscaled).
    comp = np.where(hole[..., None], filled, crop)
    shift = cv2.resize(local_mean(comp, ring_out) - local_mean(comp, ring_in), (w, h), interpolation=cv2.INTER_LINEAR)
    depth = cv2.distanceTransform(hole.astype(np.uint8), cv2.DIST_L2, 3)
    fade = np.clip(1.0 - depth / (3.0 * band), 0.0, 1.0)[..., None]
    out = filled.astype(np.float32) + np.clip(shift, -60, 60) * fade * hole[..., None]
    return np.asarray(np.clip(out + 0.5, 0, 255), dtype=np.uint8)


def _telea(rgb: RGB, hole: Mask) -> RGB:
    ys, xs = _bbox(hole, 2 * TELEA_RADIUS + 2)
    crop = np.ascontiguousarray(rgb[ys, xs])
    filled = cv2.inpaint(crop, hole[ys, xs].astype(np.uint8) * 255, TELEA_RADIUS, cv2.INPAINT_TELEA)
    out = rgb.copy()
    out[ys, xs][hole[ys, xs]] = np.asarray(filled, dtype=np.uint8)[hole[ys, xs]]
    return out


def remove_region(rgb: RGB, mask: Mask) -> RGB:
    """Fill the masked region from its surroundings, as if what was there had never been.

    Areas go to PatchMatch, strokes (text, wires) to Telea; each component of the mask is judged on its
    own, so "remove the text and the logo" is handled in one call. Outside the mask nothing changes.
    """
    if mask.shape != rgb.shape[:2]:
        raise ValueError(f"mask {mask.shape} does not match image {rgb.shape[:2]}")
    out = np.ascontiguousarray(rgb, dtype=np.uint8).copy()
    if not mask.any():
        return out
    if mask.all():
        # Nothing to copy from: the best neutral guess is the image's mean colour.
        out[:] = rgb.reshape(-1, 3).mean(axis=0).round().astype(np.uint8)
        return out
    thin, thick = _split_thin(mask)
    if thick.any():
        out = _patchmatch(out, thick)
    if thin.any():
        out = _telea(out, thin)
    out[~mask] = rgb[~mask]
    return out


# ---------------------------------------------------------------------------------------------- fills


def _noise(h: int, w: int, cell_y: float, cell_x: float, rng: np.random.Generator) -> F32:
    """Smooth value noise in 0..1 with features of about ``cell_y`` × ``cell_x`` pixels."""
    cell_y, cell_x = max(cell_y, 1.0), max(cell_x, 1.0)
    gy, gx = int(h / cell_y) + 2, int(w / cell_x) + 2
    grid = rng.random((gy, gx), dtype=np.float32)
    big = cv2.resize(grid, (int(gx * cell_x) + 1, int(gy * cell_y) + 1), interpolation=cv2.INTER_CUBIC)
    return np.asarray(np.clip(big[:h, :w], 0.0, 1.0), dtype=np.float32)


def _fbm(h: int, w: int, cell: float, rng: np.random.Generator, octaves: int = 4, stretch: float = 1.0) -> F32:
    """Fractal noise: octaves of :func:`_noise`, each half the size and half the weight."""
    total = np.zeros((h, w), np.float32)
    weight = 0.0
    for i in range(octaves):
        c = max(1.0, cell / 2**i)
        total += _noise(h, w, c, c * stretch, rng) * 0.5**i
        weight += 0.5**i
    return np.asarray(total / weight, dtype=np.float32)


def _lerp(a: tuple[int, int, int], b: tuple[int, int, int], t: F32) -> F32:
    ca, cb = np.asarray(a, np.float32), np.asarray(b, np.float32)
    return np.asarray(ca + (cb - ca) * t[..., None], dtype=np.float32)


def _grass(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    blades = _noise(h, w, 14 * u, 1.6 * u, rng)
    patches = _fbm(h, w, 60 * u, rng, 3)
    return _lerp((34, 84, 28), (132, 176, 64), np.clip(0.65 * blades + 0.45 * patches - 0.05, 0, 1))


def _sand(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    warp = _noise(h, w, 40 * u, 40 * u, rng) * 10 * u
    ripples = 0.5 + 0.5 * np.sin((np.arange(h, dtype=np.float32)[:, None] + warp) * (2 * np.pi / (16 * u)))
    grain = rng.random((h, w), dtype=np.float32)
    return _lerp((196, 164, 116), (238, 218, 178), np.clip(0.35 * ripples + 0.35 * grain + 0.3 * warp / (10 * u), 0, 1))


def _water(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    waves = _noise(h, w, 5 * u, 48 * u, rng)
    depth = _fbm(h, w, 120 * u, rng, 2)
    col = _lerp((22, 78, 128), (84, 156, 196), np.clip(0.6 * waves + 0.4 * depth, 0, 1))
    glint = np.clip((waves - 0.82) * 6, 0, 1)
    return np.asarray(col + (235 - col) * glint[..., None] * 0.7, dtype=np.float32)


def _wood(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    plank = 56 * u
    y = np.arange(h, dtype=np.float32)[:, None] + y0
    warp = _noise(h, w, 12 * u, 160 * u, rng) * 18 * u
    grain = 0.5 + 0.5 * np.sin((y + warp) * (2 * np.pi / (7 * u)))
    col = _lerp((112, 66, 34), (178, 120, 70), np.clip(0.55 * grain + 0.45 * _noise(h, w, 8 * u, 90 * u, rng), 0, 1))
    seam = (np.mod(y, plank) < max(1.0, 1.5 * u)).astype(np.float32)
    return np.asarray(col * (1 - 0.45 * seam[..., None]), dtype=np.float32)


def _brick(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    bh, bw, mortar = 26 * u, 64 * u, max(1.0, 3 * u)
    y = np.arange(h, dtype=np.float32)[:, None] + y0 + np.zeros((1, w), np.float32)
    row = np.floor(y / bh)
    x = np.arange(w, dtype=np.float32)[None, :] + (row % 2) * bw / 2
    col_idx = np.floor(x / bw)
    tint = rng.random((int(row.max()) + 2, int(col_idx.max()) + 2), dtype=np.float32)
    shade = tint[row.astype(int) - int(row.min()), col_idx.astype(int)]
    brick = _lerp((128, 50, 36), (176, 82, 58), np.clip(0.7 * shade + 0.3 * rng.random((h, w), dtype=np.float32), 0, 1))
    is_mortar = (np.mod(y, bh) < mortar) | (np.mod(x, bw) < mortar)
    return np.where(is_mortar[..., None], np.float32(0) + np.asarray((196, 190, 178), np.float32), brick)


def _stone(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    """Cobbles: a jittered-grid Voronoi pattern, stones shaded by their distance from the joints."""
    cell = 46 * u
    gy, gx = int(h / cell) + 3, int(w / cell) + 3
    pts = (rng.random((gy, gx, 2), dtype=np.float32) * 0.8 + 0.1 + np.mgrid[0:gy, 0:gx].transpose(1, 2, 0)) * cell
    tone = rng.random((gy, gx), dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cy, cx = (yy / cell).astype(int), (xx / cell).astype(int)
    f1 = np.full((h, w), np.inf, np.float32)
    f2 = np.full((h, w), np.inf, np.float32)
    near = np.zeros((h, w), np.float32)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            py, px = cy + dy, cx + dx
            d = np.hypot(pts[py, px, 0] - (yy + cell), pts[py, px, 1] - (xx + cell))
            closer = d < f1
            f2 = np.where(closer, f1, np.minimum(f2, d))
            near = np.where(closer, tone[py, px], near)
            f1 = np.minimum(f1, d)
    joint = np.clip((f2 - f1) / (4 * u), 0, 1)
    col = _lerp((112, 108, 102), (178, 172, 162), np.clip(0.6 * near + 0.4 * _fbm(h, w, 12 * u, rng, 3), 0, 1))
    dome = np.clip((f2 - f1) / (0.5 * cell), 0, 1) ** 0.5
    return np.asarray(col * (0.35 + 0.65 * joint * (0.8 + 0.2 * dome))[..., None], dtype=np.float32)


def _sky(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    t = (np.arange(h, dtype=np.float32)[:, None] + y0) / max(1, full_h) + np.zeros((1, w), np.float32)
    col = _lerp((70, 132, 214), (176, 212, 242), np.clip(t, 0, 1))
    cloud = np.clip((_fbm(h, w, 140 * u, rng, 5, stretch=2.2) - 0.55) * 4, 0, 1)
    return np.asarray(col + (248 - col) * cloud[..., None] * 0.85, dtype=np.float32)


def _snow(h: int, w: int, u: float, y0: int, full_h: int, rng: np.random.Generator) -> F32:
    drift = _fbm(h, w, 90 * u, rng, 3)
    col = _lerp((206, 218, 236), (250, 251, 253), np.clip(drift * 1.3 - 0.1, 0, 1))
    sparkle = (rng.random((h, w), dtype=np.float32) > 0.997).astype(np.float32)
    return np.asarray(col + (255 - col) * sparkle[..., None], dtype=np.float32)


TextureFn = Callable[[int, int, float, int, int, np.random.Generator], F32]

#: Procedural textures by name: (height, width, unit px, top row in the image, image height, rng) → RGB float.
TEXTURES: dict[str, TextureFn] = {
    "grass": _grass,
    "sand": _sand,
    "water": _water,
    "wood": _wood,
    "brick": _brick,
    "stone": _stone,
    "sky": _sky,
    "snow": _snow,
}
#: How much of the original's light and shade shows through a fill (0: flat paint, 1: all of it).
SHADING_COLOR = 0.6
SHADING_TEXTURE = 0.3
#: Width of the soft edge, inside the mask, in pixels per 1024 px of image size.
EDGE_PX = 2.5


def parse_color(color: str | tuple[int, int, int]) -> tuple[int, int, int]:
    """``"#2563eb"``, ``"red"`` or an (r, g, b) tuple as an RGB tuple."""
    if isinstance(color, tuple):
        return (int(color[0]), int(color[1]), int(color[2]))
    try:
        rgb = ImageColor.getrgb(color)
    except ValueError as exc:
        raise InvalidArgument(f"'{color}' is not a colour; use a name such as 'red' or a hex code.") from exc
    return (rgb[0], rgb[1], rgb[2])


def fill_region(rgb: RGB, mask: Mask, color: str | tuple[int, int, int], *, texture: str | None = None) -> RGB:
    """Paint the masked region with ``color`` (or a procedural ``texture`` from :data:`TEXTURES`).

    Part of the original's luminance is kept as shading, so a wall made blue still shows its light and
    shadows and reads as a recoloured surface rather than a flat cut-out. The soft edge lies inside the
    mask, so pixels outside it stay exactly as they were.
    """
    if mask.shape != rgb.shape[:2]:
        raise ValueError(f"mask {mask.shape} does not match image {rgb.shape[:2]}")
    out = np.ascontiguousarray(rgb, dtype=np.uint8).copy()
    if not mask.any():
        return out
    ys, xs = _bbox(mask, 0)
    h, w = ys.stop - ys.start, xs.stop - xs.start
    full_h, full_w = mask.shape
    unit = max(full_h, full_w) / 1024.0
    if texture is not None:
        fn = TEXTURES.get(texture)
        if fn is None:
            raise ValueError(f"unknown texture {texture!r}; known: {', '.join(TEXTURES)}")
        paint = fn(h, w, max(unit, 0.25), ys.start, full_h, np.random.default_rng(len(texture)))
        amount = SHADING_TEXTURE
    else:
        paint = np.zeros((h, w, 3), np.float32) + np.asarray(parse_color(color), np.float32)
        amount = SHADING_COLOR
    region = rgb[ys, xs].astype(np.float32)
    inside = mask[ys, xs]
    luma = region @ np.asarray([0.299, 0.587, 0.114], np.float32)
    if texture is not None:
        # A texture brings its own detail: keep only the light's broad gradient from the photo.
        luma = np.asarray(cv2.GaussianBlur(luma, (0, 0), 0.03 * max(h, w) + 1), dtype=np.float32)
    shade = np.clip(luma / max(float(luma[inside].mean()), 1.0), 0.45, 1.6)
    painted = paint * (1 - amount + amount * shade)[..., None]
    alpha = feather_inside(mask, EDGE_PX * max(unit, 0.5))[ys, xs][..., None]
    blended = region + (painted - region) * alpha
    out[ys, xs] = np.where(inside[..., None], np.clip(blended + 0.5, 0, 255).astype(np.uint8), rgb[ys, xs])
    return out
