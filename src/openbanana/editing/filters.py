"""Whole-image restyles a user asks for in words: "make it black and white", "sepia", "pop-art" …

Each filter is a pure function RGB → RGB of the same size, deterministic (texture noise comes from a
fixed seed), so an edit replayed from the conversation history gives the same pixels. :func:`filter_for`
turns the user's words into one of the canonical names in :data:`FILTERS` through a synonym table, so
the instruction parser and the filters agree on one vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from openbanana.editing.photo import RGB
from openbanana.engine.errors import InvalidArgument

F32 = NDArray[np.float32]

#: Rec. 601 luma weights (what "black and white" looks like to most people and to PIL's "L" mode).
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def _luma(rgb: RGB) -> F32:
    """Luminance 0..255 as float32 (H, W)."""
    return np.asarray(rgb, dtype=np.float32) @ _LUMA


def _u8(img: NDArray[np.floating]) -> RGB:
    return np.asarray(np.clip(np.rint(img), 0, 255), dtype=np.uint8)


def _grey3(grey: NDArray[np.floating]) -> RGB:
    g = _u8(grey)
    return np.ascontiguousarray(np.repeat(g[:, :, None], 3, axis=2))


def _scale(rgb: RGB) -> float:
    """Pixels per 'unit' of a filter's spatial parameters, so filters look the same at 256 px and 4K."""
    return float(max(rgb.shape[0], rgb.shape[1])) / 512.0


def _noise(h: int, w: int, seed: int, sigma: float) -> F32:
    """Fixed-seed noise blurred to ``sigma`` px and normalised to zero mean / unit std: film grain, paper."""
    rng = np.random.default_rng(seed)
    n: F32 = rng.standard_normal((h, w)).astype(np.float32)
    if sigma > 0:
        n = np.asarray(cv2.GaussianBlur(n, (0, 0), sigma), dtype=np.float32)
    std = float(n.std()) or 1.0
    return np.asarray((n - n.mean()) / std, dtype=np.float32)


def _hex(color: str) -> NDArray[np.float32]:
    """``#rrggbb`` (or ``rrggbb``) → float32 RGB; a bad value is the client's mistake."""
    c = color.strip().lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{6}", c):
        raise InvalidArgument(f"colour {color!r} is not #rrggbb")
    return np.array([int(c[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float32)


# --------------------------------------------------------------------------------------------- filters


def grayscale(rgb: RGB) -> RGB:
    """Black and white: R = G = B = luma."""
    return _grey3(_luma(rgb))


def sepia(rgb: RGB) -> RGB:
    """The classic sepia toning matrix (warm brown): mid greys come out with R > G > B."""
    m = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]], dtype=np.float32)
    return _u8(np.asarray(rgb, dtype=np.float32) @ m.T)


def invert(rgb: RGB) -> RGB:
    """The photographic negative; applying it twice gives the original back exactly."""
    return np.ascontiguousarray(255 - rgb)


def blur(rgb: RGB) -> RGB:
    """Soft focus: a Gaussian blur whose radius follows the image size, with a little glow kept so it
    reads as a dreamy lens rather than a broken one."""
    sigma = 3.0 * _scale(rgb)
    soft = cv2.GaussianBlur(rgb, (0, 0), sigma).astype(np.float32)
    glow = cv2.GaussianBlur(rgb, (0, 0), sigma * 3).astype(np.float32)
    return _u8(0.8 * soft + 0.2 * np.maximum(soft, glow))


def vivid(rgb: RGB) -> RGB:
    """High contrast and saturated: local contrast (CLAHE) on lightness, chroma × 1.4."""
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    lab[:, :, 0] = clahe.apply(np.ascontiguousarray(lab[:, :, 0]))
    ab = lab[:, :, 1:].astype(np.float32)
    lab[:, :, 1:] = _u8((ab - 128.0) * 1.4 + 128.0)
    out = cv2.cvtColor(lab, cv2.COLOR_LAB2RGB).astype(np.float32)
    # A gentle S-curve on top for the "punchy" look.
    t = out / 255.0
    return _u8(255.0 * (t + 0.35 * t * (1 - t) * (2 * t - 1)))


def duotone(rgb: RGB, dark: str = "#1e1b4b", light: str = "#f472b6") -> RGB:
    """Two colours mapped by luminance: shadows ``dark``, highlights ``light``, everything in between on
    the straight line between them (levels stretched to the 1st–99th percentile so it never looks flat)."""
    d, li = _hex(dark), _hex(light)
    y = _luma(rgb)
    lo, hi = np.percentile(y, (1, 99))
    t = np.clip((y - lo) / max(float(hi - lo), 1.0), 0.0, 1.0)[:, :, None]
    return _u8(d + t * (li - d))


def sketch(rgb: RGB) -> RGB:
    """Pencil sketch: colour-dodge the luminance with its blurred inverse (flat areas go paper-white, edges
    stay as grey strokes), times a light graphite shading that follows the broad tones, plus pencil grain.

    Luminance is lifted before the dodge so deep shadows become shaded paper rather than solid black."""
    s = _scale(rgb)
    y = 30.0 + 0.88 * _luma(rgb)
    inv_blur = cv2.GaussianBlur(255.0 - y, (0, 0), 5.0 * s)
    lines = np.clip(y / np.maximum(255.0 - inv_blur, 1.0), 0.0, 1.0) ** 1.8
    shade = 0.62 + 0.38 * cv2.GaussianBlur(y, (0, 0), 4.0 * s) / 255.0
    grain = _noise(y.shape[0], y.shape[1], seed=7, sigma=0.6)
    t = lines * shade
    return _grey3(255.0 * t - (1.0 - t) * 18.0 * np.abs(grain))


def vintage(rgb: RGB) -> RGB:
    """Faded 70s print: less saturation, lifted blacks, warm highlights / cool shadows, vignette, grain."""
    img = np.asarray(rgb, dtype=np.float32) / 255.0
    grey = (img @ _LUMA)[:, :, None]
    img = grey + 0.65 * (img - grey)
    img = 0.08 + 0.84 * img  # faded: no true black, no true white
    img = img * np.array([1.08, 1.0, 0.82], dtype=np.float32) + np.array([0.02, 0.01, 0.04], dtype=np.float32)
    h, w = rgb.shape[:2]
    yy, xx = np.ogrid[-1.0 : 1.0 : complex(0, h), -1.0 : 1.0 : complex(0, w)]
    vignette = 1.0 - 0.35 * np.clip(xx * xx + yy * yy - 0.25, 0.0, None).astype(np.float32)
    img = img * vignette[:, :, None]
    grain = _noise(h, w, seed=70, sigma=0.7 * _scale(rgb))[:, :, None]
    return _u8(255.0 * img + 6.0 * grain)


def posterize(rgb: RGB) -> RGB:
    """Cartoon / posterise: smooth away texture keeping edges, flatten to a 12-colour palette of the
    image's own colours (median cut, so hues stay natural instead of the garish per-channel levels),
    ink the outlines."""
    smooth = _smooth(rgb, passes=2)
    pal = Image.fromarray(smooth).quantize(colors=12, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat = np.asarray(pal.convert("RGB"), dtype=np.uint8).copy()
    flat[_ink(rgb, thickness=max(1, round(_scale(rgb))))] = (25, 25, 30)
    return flat


def watercolor(rgb: RGB) -> RGB:
    """Watercolour: edge-preserving smoothing, a small palette (median cut) softened into washes, pigment
    pooling at the colour boundaries, light tones washed towards the paper, cold-press paper texture."""
    s = _scale(rgb)
    smooth = cv2.edgePreservingFilter(np.ascontiguousarray(rgb), flags=cv2.RECURS_FILTER, sigma_s=30 * s, sigma_r=0.35)
    pal = Image.fromarray(smooth).quantize(colors=28, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat = np.asarray(pal.convert("RGB"), dtype=np.float32)
    wash = 0.65 * cv2.GaussianBlur(flat, (0, 0), 1.0 * s) + 0.35 * smooth.astype(np.float32)
    # Pigment pools along boundaries: darken where the flat colour differs from its surroundings.
    edge = np.abs(flat - cv2.GaussianBlur(flat, (0, 0), 2.0 * s)).sum(axis=2, keepdims=True)
    pooled = wash * (1.0 - np.clip(edge / 300.0, 0.0, 0.22))
    # Washed out: pull towards the paper, more so in light areas (watercolour is transparent).
    paper = np.array([250.0, 247.0, 238.0], dtype=np.float32)
    light = (pooled.mean(axis=2, keepdims=True) / 255.0) ** 2
    washed = pooled + (0.12 + 0.3 * light) * (paper - pooled)
    h, w = rgb.shape[:2]
    tex = _noise(h, w, seed=11, sigma=1.2 * s) * 0.6 + _noise(h, w, seed=12, sigma=5.0 * s) * 0.4
    return _u8(washed * (1.0 + 0.04 * tex[:, :, None]))


#: Bold flat inks of a comic print (Lichtenstein / Warhol), matched in Lab.
_POP_INKS = np.array(
    [
        [255, 253, 240],  # paper white
        [255, 214, 0],  # yellow
        [255, 128, 16],  # orange
        [232, 25, 44],  # red
        [0, 84, 180],  # blue
        [0, 174, 239],  # cyan
        [236, 0, 140],  # magenta
        [0, 166, 81],  # green
        [255, 170, 150],  # comic skin pink
        [20, 20, 24],  # ink black
    ],
    dtype=np.uint8,
)


def pop_art(rgb: RGB) -> RGB:
    """Pop-art comic print: every region flattened to the nearest bold ink, mid-tones printed as a
    Ben-Day halftone (ink dots whose size follows the shade on paper white), black ink outlines."""
    smooth = _smooth(rgb, passes=2)
    hsv = cv2.cvtColor(smooth, cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[:, :, 1] = np.clip(hsv[:, :, 1] * 1.5, 0, 255)
    boosted = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)
    lab = cv2.cvtColor(boosted, cv2.COLOR_RGB2LAB).astype(np.float32)
    inks_lab = cv2.cvtColor(_POP_INKS[None], cv2.COLOR_RGB2LAB).astype(np.float32)[0]
    dist = ((lab[:, :, None, :] - inks_lab[None, None]) ** 2).sum(axis=3)
    idx = dist.argmin(axis=2)
    out: RGB = np.take(_POP_INKS, idx, axis=0)
    # Ben-Day dots: on a 45° grid, a pixel is ink if it lies within a radius set by the shade.
    h, w = rgb.shape[:2]
    cell = max(6.0, 9.0 * _scale(rgb))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = (xx + yy) / np.sqrt(2.0), (xx - yy) / np.sqrt(2.0)
    du, dv = (u / cell) % 1.0 - 0.5, (v / cell) % 1.0 - 0.5
    r = np.sqrt(du * du + dv * dv)
    y = cv2.GaussianBlur(_luma(smooth), (0, 0), cell / 3)
    radius = 0.62 * np.clip((200.0 - y) / 200.0, 0.0, 1.0) ** 0.8
    light = (idx != 0) & (idx != len(_POP_INKS) - 1) & (y > 110)
    dots = light & (r > radius + 0.12)  # light inks: paper shows between the dots
    out[dots] = _POP_INKS[0]
    out[_ink(rgb, thickness=max(1, round(1.5 * _scale(rgb))))] = _POP_INKS[-1]
    return out


def _smooth(rgb: RGB, passes: int) -> RGB:
    """Edge-preserving smoothing: a bilateral filter on a half-size copy (fast, and flattens texture)
    scaled back up, ``passes`` times."""
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    for _ in range(passes):
        small = cv2.bilateralFilter(small, 7, 40, 5)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.uint8)


def _ink(rgb: RGB, thickness: int) -> NDArray[np.bool_]:
    """Outline mask: Canny edges of the smoothed luminance, thickened to ``thickness`` px."""
    y = cv2.GaussianBlur(_u8(_luma(rgb)), (0, 0), 1.5 * _scale(rgb))
    edges = cv2.Canny(y, 40, 100)
    if thickness > 1:
        edges = cv2.dilate(edges, np.ones((thickness, thickness), np.uint8))
    return np.asarray(edges > 0)


#: Canonical name → filter. Every entry keeps the size and dtype.
FILTERS: dict[str, Callable[[RGB], RGB]] = {
    "grayscale": grayscale,
    "sepia": sepia,
    "pop-art": pop_art,
    "watercolor": watercolor,
    "sketch": sketch,
    "duotone": duotone,
    "vintage": vintage,
    "posterize": posterize,
    "invert": invert,
    "blur": blur,
    "vivid": vivid,
}

#: What users say → canonical name. Keys are normalised like the user's words (lower case, ``-``/``_``
#: as spaces); the longest matching phrase wins, so "pop art" beats "pop" and "pencil sketch" beats "pencil".
# fmt: off
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "grayscale": (
        "grayscale", "greyscale", "gray scale", "grey scale", "black and white", "black & white", "b&w", "b/w",
        "bw", "monochrome", "mono", "monochromatic", "noir", "desaturate", "desaturated", "no colour", "no color",
        "gray", "grey", "colourless", "colorless",
    ),
    "sepia": (
        "sepia", "sepia tone", "sepia toned", "brown tone", "old photo", "old photograph", "antique", "daguerreotype",
    ),
    "pop-art": (
        "pop art", "popart", "comic", "comic book", "comic strip", "comics", "warhol", "lichtenstein", "halftone",
        "half tone", "ben day", "benday", "roy lichtenstein", "andy warhol",
    ),
    "watercolor": (
        "watercolor", "watercolour", "water color", "water colour", "watercolors", "watercolours", "aquarelle",
        "painting", "painted", "painterly", "paint", "gouache",
    ),
    "sketch": (
        "sketch", "pencil", "pencil sketch", "pencil drawing", "drawing", "drawn", "charcoal", "charcoal drawing",
        "charcoal sketch", "graphite", "line drawing", "hand drawn", "sketched", "sketchy",
    ),
    "duotone": ("duotone", "duo tone", "two tone", "two colour", "two color", "duochrome"),
    "vintage": (
        "vintage", "retro", "old fashioned", "old school", "faded", "film look", "analog", "analogue", "polaroid",
        "70s", "1970s", "seventies", "nostalgic", "instagram",
    ),
    "posterize": (
        "posterize", "posterise", "posterized", "posterised", "poster", "cartoon", "cartoonish", "cartoonize",
        "cartoonise", "toon", "cel shaded", "cel shading", "anime", "flat colours", "flat colors",
    ),
    "invert": (
        "invert", "inverted", "inverse", "negative", "invert colours", "invert colors", "inverted colours",
        "inverted colors", "photo negative",
    ),
    "blur": (
        "blur", "blurry", "blurred", "blurring", "soft focus", "soften", "softer", "soft", "dreamy", "out of focus",
        "defocus", "gaussian blur", "hazy",
    ),
    "vivid": (
        "vivid", "high contrast", "more contrast", "contrasty", "punchy", "saturated", "more saturated",
        "vibrant", "hdr", "boost colours", "boost colors", "brighter colours", "brighter colors", "colourful",
        "colorful", "pop", "make it pop", "intense",
    ),
}
# fmt: on


def _norm(words: str) -> str:
    return " ".join(re.sub(r"[-_]+", " ", words.lower()).split())


_PHRASES: list[tuple[str, str]] = sorted(
    ((_norm(p), name) for name, phrases in _SYNONYMS.items() for p in (*phrases, name)),
    key=lambda pn: -len(pn[0]),
)


def filter_for(words: str) -> str | None:
    """The canonical filter name a phrase asks for ("make it b&w" → ``grayscale``), or None.

    Phrases are matched as whole words; the longest known phrase found in ``words`` wins."""
    text = _norm(words)
    for phrase, name in _PHRASES:
        if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text):
            return name
    return None


def apply_filter(rgb: RGB, name: str) -> RGB:
    """Apply the filter called ``name`` (a canonical name or anything :func:`filter_for` understands)."""
    fn = FILTERS.get(name) or FILTERS.get(filter_for(name) or "")
    if fn is None:
        raise InvalidArgument(f"unknown filter {name!r}; known filters: {', '.join(FILTERS)}")
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise InvalidArgument("a filter needs an RGB uint8 image of shape (H, W, 3)")
    return fn(np.ascontiguousarray(rgb))
