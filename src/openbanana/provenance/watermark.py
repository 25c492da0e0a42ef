"""Invisible watermark: a keyed, tiled spread-spectrum pattern in luminance, found by correlation.

Why not rivaGAN (the model first asked for): we ran its ONNX encoder/decoder with onnxruntime, at a small
working scale, with a differential residual and a bias-cancelling decoder, and it still recovered only
84.5% of 220 outputs after JPEG q75 (93.7% of compose posters, 29% of photo-like images): its decoder
reads strong, confident bits out of flat colour areas and busy textures alike. The classic design below
is ~50 lines of numpy, needs no model, and recovered every one of the same images after every transform
we measure (``docs/provenance.md``).

**Embedding.** The 32 channel bits (:mod:`.payload`: a 16-bit mark id in a keyed [32, 16, 8] code) each
own a keyed pseudo-random ±1 pattern on a :data:`TILE` × :data:`TILE` grid; the bits' signs weight the
patterns into one tile. The tile repeats over the whole image on a *working grid* of about
:data:`WORK_SIDE` ² cells whatever the output size or ratio (a cell is ``sqrt(area) / WORK_SIDE`` pixels,
at least :data:`MIN_CELL`), is interpolated to full size and added to every channel alike (a change of
luminance only) at :data:`AMPLITUDE` grey levels RMS. Coarse cells survive JPEG and downscaling; where a
channel has no headroom (white paper, black text) the other sign is doubled instead, so flat white
posters carry the mark too.

**Detection.** The luminance is resampled to the working grid (for each scale hypothesis: as embedded,
after crops keeping 98% down to 76% of it, and the two ways a small image can have been halved), high-passed, and
each cell is weighted by the inverse of its local energy (edges and texture say little; flat areas, where
the mark is all there is, say much). The grid is folded modulo the tile, which sums every repetition, and
correlated with each bit's pattern at every cyclic shift by FFT: this finds the mark wherever a crop left
the tile's origin. The 32 correlations at the strongest shifts are normalised by their spread over all
shifts (the image's own noise floor) and scored against all 65,536 codewords; the best score is a
z-like statistic, ``found`` when it reaches :data:`THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import math
from functools import cached_property

import cv2
import numpy as np
import numpy.typing as npt

from openbanana.provenance.base import RGB, Detection
from openbanana.provenance.payload import CHANNEL_BITS, ID_BITS, PayloadCode

#: Tile period in working cells: every bit's pattern repeats with this period, so any crop keeps whole tiles.
TILE = 32
#: The working grid has about WORK_SIDE² cells (its side is ``sqrt(area) / WORK_SIDE`` pixels).
WORK_SIDE = 128
#: A working cell is never smaller than this many pixels (small images: JPEG keeps 2-pixel structure).
MIN_CELL = 2.0
#: RMS of the added luminance in grey levels (≈ 39.8 dB PSNR before clipping headroom is compensated).
AMPLITUDE = 2.6
#: The mark's tile is soft-clipped at this many standard deviations (no isolated dark or bright specks).
PEAK = 2.0
#: Where a channel has no headroom for one sign, the other sign is amplified up to this gain.
MAX_HEADROOM_GAIN = 1.5
#: Perceptual shaping: strength on flat colour, the local contrast (grey levels RMS) that gets strength 1,
#: and the strength on the busiest texture.
FLAT_STRENGTH, TEXTURE_LEVEL, BUSIEST_STRENGTH = 0.5, 6.0, 1.2
#: Working cells smaller than this many pixels (small images, extreme ratios at 512 and 1K) get the flat
#: strength raised in proportion, up to 1: lossy codecs smear 2–3 px structure in flat colour, and at the
#: bare flat strength WebP lost 5 and JPEG q50 2 of 220 marks, all with such cells (docs/provenance.md).
SMALL_CELL = 4.0
#: An image too small for WORK_SIDE² cells of MIN_CELL px has fewer cells to sum, and the detection score
#: grows with amplitude·√cells: its amplitude rises by √(WORK_SIDE² / cells), at most this much (reached by
#: the 64×512 and 512×64 outputs; a mostly white 64×512 flowchart scored 8.4 after WebP without it).
MAX_SMALL_IMAGE_GAIN = math.sqrt(2.0)
#: How far (working cells) a change of content moves the shaped mark around it: the high-pass and the
#: contrast blur reach about 3 sigma each. Pixels farther from any change are marked exactly as before.
MASKING_REACH = 10
#: Gaussian sigma (working cells) of the high-pass that strips content before correlating.
HIGHPASS_SIGMA = 1.5
#: Local-energy weighting: a cell with residual energy e is weighted NOISE² / (e + NOISE²).
LOCAL_SIGMA, NOISE = 1.5, 3.0
#: Scale hypotheses relative to the embedding grid: as embedded, and crops keeping 98% … 76% of it (a scale
#: error over ~1.5% misaligns the far cells by a whole cell, so the steps are 2%).
CROP_SCALES = tuple(round(1.0 - 0.02 * i, 2) for i in range(13))
#: Each grid proposes its strongest shifts; the strongest proposals overall are scored against the codebook.
SHIFTS_PER_GRID, CANDIDATES = 2, 24
#: Best codeword score for ``found``: the highest of 800 unmarked images measured (docs/provenance.md) was 7.0.
THRESHOLD = 9.0
#: Images with a side below this carry no mark (embed leaves them as they are, detect finds nothing).
MIN_SIDE = 16
#: Rows per strip when adding the mark (bounds the float copies of a 4K image to a few MB).
_STRIP = 512
#: The key the patterns are drawn from.
PATTERN_KEY = b"openbanana/watermark/patterns/v2"
Float = npt.NDArray[np.float32]


def embed_scale(height: int, width: int) -> float:
    """Working cells per pixel for an image of this size: ``WORK_SIDE / sqrt(area)``, cells ≥ MIN_CELL px."""
    return min(WORK_SIDE / math.sqrt(height * width), 1.0 / MIN_CELL)


def scale_hypotheses(height: int, width: int) -> list[float]:
    """Working cells per pixel worth trying on an image of this (observed) size.

    Resizing keeps ``sqrt(area) / WORK_SIDE`` cells per image, so the plain rule covers it; for a small
    image the rule may have been capped (cells of MIN_CELL px), or the image may be a half-size copy of
    such a capped one (cells of MIN_CELL / 2 px). Each is tried as is and as after a crop.
    """
    rule = WORK_SIDE / math.sqrt(height * width)
    bases = [rule] if rule <= 1.0 / MIN_CELL else [1.0 / MIN_CELL, 2.0 / MIN_CELL, rule]
    out: list[float] = []
    for base in bases:
        for crop in CROP_SCALES:
            f = base * crop
            if all(abs(f - g) > 1e-3 * g for g in out):
                out.append(f)
    return out


def _patterns() -> Float:
    seed = int.from_bytes(hashlib.sha256(PATTERN_KEY).digest()[:8], "big")
    return np.random.default_rng(seed).choice(np.array([-1.0, 1.0], dtype=np.float32), (CHANNEL_BITS, TILE, TILE))


def _highpass(x: Float) -> Float:
    return np.asarray(x - cv2.GaussianBlur(x, (0, 0), HIGHPASS_SIGMA, borderType=cv2.BORDER_REFLECT), dtype=np.float32)


class SpreadWatermarker:
    """:class:`~openbanana.provenance.base.Watermarker`: keyed tiled spread spectrum (numpy + OpenCV only).

    Immutable after construction, so thread-safe. The 65,536-word codebook (~60 ms, 8 MB) is built on first
    use, so a server that only verifies now and then does not pay for it at start.
    """

    def __init__(
        self,
        amplitude: float = AMPLITUDE,
        threshold: float = THRESHOLD,
        *,
        peak: float = PEAK,
        max_gain: float = MAX_HEADROOM_GAIN,
        flat: float = FLAT_STRENGTH,
        texture: float = TEXTURE_LEVEL,
        busiest: float = BUSIEST_STRENGTH,
    ) -> None:
        self.amplitude = amplitude
        self.threshold = threshold
        self.peak, self.max_gain = peak, max_gain
        self.flat, self.texture, self.busiest = flat, texture, busiest
        self.id_space = 1 << ID_BITS
        self.patterns = _patterns()
        # The detector correlates with each pattern as the high-pass leaves it (tile-periodic borders).
        matched = np.stack([_highpass(np.tile(p, (3, 3)))[TILE : 2 * TILE, TILE : 2 * TILE] for p in self.patterns])
        self._spectra = np.conj(np.fft.rfft2(matched))

    @cached_property
    def code(self) -> PayloadCode:
        """The payload code (computing it twice in a race is harmless: it is deterministic)."""
        return PayloadCode()

    # -- embed ----------------------------------------------------------------------------------------------

    def embed(self, rgb: RGB, mark_id: int, strength: Float | None = None) -> RGB:
        """``rgb`` with ``mark_id`` hidden in it (a new array, same shape, uint8).

        ``strength`` (HxW, 0..1) scales the mark per pixel: an edit marks the regions it keeps from a
        user's photo lightly (:mod:`.edit_marks`). The mark is shaped by the content (:meth:`_masking`):
        weaker on flat colour, stronger in texture. The mark at a pixel depends only on its position, the
        image size, the id, the strength and the content within :data:`MASKING_REACH` cells, so
        re-marking a marked image's unchanged content with its own id reproduces its pixels exactly.

        ValueError for a mark id outside ``0 .. id_space - 1``, an array that is not HxWx3 uint8 or a
        strength map of another size. An image with a side under :data:`MIN_SIDE` pixels is too small to
        carry a mark and comes back unchanged.
        """
        bits = self.code.encode(mark_id)
        _check_rgb(rgb)
        height, width = rgb.shape[:2]
        if strength is not None and strength.shape != (height, width):
            raise ValueError(f"strength map is {strength.shape}, the image {height}x{width}")
        if min(height, width) < MIN_SIDE:
            return rgb.copy()
        signs = bits.astype(np.float32) * 2 - 1
        tile = np.tensordot(signs, self.patterns, axes=1).astype(np.float32)
        tile /= np.float32(tile.std())
        tile = np.float32(self.peak) * np.tanh(tile / np.float32(self.peak))  # no dark/bright specks
        tile /= np.float32(tile.std())
        f = embed_scale(height, width)
        level = self._masking(rgb, f)
        level_scale = (level.shape[1] / width, level.shape[0] / height)
        # Enough whole tiles to cover the image in working coordinates (+1 cell for interpolation).
        reps_y, reps_x = (math.ceil((n * f + 2) / TILE) for n in (height, width))
        grid = np.tile(tile, (reps_y, reps_x))
        interpolation = math.sqrt(_interpolation_power(height, f) * _interpolation_power(width, f))
        gain = np.float32(self.amplitude * _small_image_gain(height, width, f) / interpolation)
        out = np.empty_like(rgb)
        for top in range(0, height, _STRIP):
            rows = min(_STRIP, height - top)
            # Pixel (x, y) ↦ working coordinate ((x + ½)·f − ½, …), one cell into the grid; the masking
            # level is sampled as cv2.resize would, strip by strip (no full-size float map of a 4K image).
            field = _sample_rows(grid, (f, f), 1.0, top, rows, width, cv2.BORDER_CONSTANT) * gain
            field *= _sample_rows(level, level_scale, 0.0, top, rows, width, cv2.BORDER_REPLICATE)
            if strength is not None:
                field *= strength[top : top + rows]
            out[top : top + rows] = _add_luminance(rgb[top : top + rows], field, self.amplitude, self.max_gain)
        return out

    def _masking(self, rgb: RGB, f: float) -> Float:
        """Strength per working cell from the content: :attr:`flat` on flat colour, where a mark shows most and the
        detector needs least (nothing else is there to drown it), rising with the local contrast to
        :attr:`busiest` where texture hides it (contrast of :attr:`texture` grey levels RMS gives 1). Cells under
        :data:`SMALL_CELL` pixels raise the flat strength (``f`` is cells per pixel)."""
        height, width = rgb.shape[:2]
        flat = min(1.0, self.flat * max(1.0, SMALL_CELL * f))
        luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        cells = cv2.resize(luma, (max(1, round(width * f)), max(1, round(height * f))), interpolation=cv2.INTER_AREA)
        residual = _highpass(np.asarray(cells, dtype=np.float32))
        contrast = np.sqrt(cv2.GaussianBlur(residual * residual, (0, 0), LOCAL_SIGMA))
        level = np.clip(flat + (1 - flat) * contrast / np.float32(self.texture), flat, max(flat, self.busiest))
        return np.asarray(level, dtype=np.float32)

    # -- detect ---------------------------------------------------------------------------------------------

    def detect(self, rgb: RGB) -> Detection:
        """The mark in ``rgb``: ``found`` with its id, or not found (never raises for a valid HxWx3 array)."""
        _check_rgb(rgb)
        if min(rgb.shape[:2]) < MIN_SIDE:
            return Detection(found=False, mark_id=None, confidence=0.0)
        score, mark_id, soft = self.read(rgb)
        found = score >= self.threshold
        return Detection(
            found=found,
            mark_id=mark_id if found else None,
            confidence=confidence(score, self.threshold),
            bits=tuple(int(v > 0) for v in soft),
        )

    def read(self, rgb: RGB) -> tuple[float, int, Float]:
        """(score, best mark id, its 32 soft bits) before any threshold: for :meth:`detect` and the benchmark.

        Every scale hypothesis and grid phase proposes its strongest shifts (by the energy of their 32
        correlations); the :data:`CANDIDATES` strongest proposals overall are scored against the codebook.
        """
        _check_rgb(rgb)
        height, width = rgb.shape[:2]
        luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
        hypotheses = scale_hypotheses(height, width)
        # Large images are area-reduced once to 8 pixels per cell of the finest hypothesis, not per hypothesis.
        pre = min(1.0, 8.0 * max(hypotheses))
        if pre < 1.0:
            luma = np.asarray(cv2.resize(luma, None, fx=pre, fy=pre, interpolation=cv2.INTER_AREA), dtype=np.float32)
        proposals: list[tuple[float, Float]] = []
        for f in hypotheses:
            for cells in _phases(luma, f / pre):
                proposals += self._propose(cells)
        if not proposals:
            return (0.0, 0, np.zeros(CHANNEL_BITS, dtype=np.float32))
        proposals.sort(key=lambda p: p[0])
        columns = np.stack([z for _, z in proposals[-CANDIDATES:]], axis=1)
        scores = self.code.signs @ columns / np.float32(math.sqrt(CHANNEL_BITS))
        mark_id, column = np.unravel_index(int(np.argmax(scores)), scores.shape)
        return (float(scores[mark_id, column]), int(mark_id), columns[:, column])

    def _propose(self, cells: Float) -> list[tuple[float, Float]]:
        """(energy, 32 normalised correlations) at the strongest cyclic shifts of one working grid."""
        residual = _highpass(cells)
        energy = cv2.GaussianBlur(residual * residual, (0, 0), LOCAL_SIGMA)
        residual *= np.float32(NOISE * NOISE) / (energy + np.float32(NOISE * NOISE))
        h, w = residual.shape
        padded = np.pad(residual, ((0, -h % TILE), (0, -w % TILE)))
        folded = padded.reshape(padded.shape[0] // TILE, TILE, padded.shape[1] // TILE, TILE).sum(axis=(0, 2))
        corr = np.fft.irfft2(np.fft.rfft2(folded)[None] * self._spectra, s=(TILE, TILE)).reshape(CHANNEL_BITS, -1)
        spread = float(np.median(np.abs(corr))) * 1.4826
        if spread <= 1e-9:
            return []
        z = (corr / spread).astype(np.float32)
        power = np.einsum("ks,ks->s", z, z)
        return [(float(power[s]), z[:, s]) for s in np.argsort(power)[-SHIFTS_PER_GRID:]]


def _sample_rows(
    src: Float, scale: tuple[float, float], shift: float, top: int, rows: int, width: int, border: int
) -> Float:
    """Rows ``top .. top+rows`` of an image ``width`` pixels wide, sampled bilinearly from ``src``: pixel
    (x, y) reads ``src`` at ((x + ½)·sx − ½ + shift, (y + ½)·sy − ½ + shift)."""
    sx, sy = scale
    matrix = np.array([[sx, 0.0, 0.5 * sx - 0.5 + shift], [0.0, sy, (top + 0.5) * sy - 0.5 + shift]])
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    return np.asarray(cv2.warpAffine(src, matrix, (width, rows), flags=flags, borderMode=border), dtype=np.float32)


def _phases(luma: Float, f: float) -> list[Float]:
    """The working grid at scale ``f`` at each of the 4 half-cell phases.

    A crop leaves the tile's origin anywhere, also between cells: the image is resampled at twice the
    working resolution once and each phase is a 2×2 average of it, offset by one sample or none.
    """
    fine = cv2.resize(luma, None, fx=2 * f, fy=2 * f, interpolation=cv2.INTER_AREA if f < 0.5 else cv2.INTER_LINEAR)
    grids = []
    for dy in (0, 1):
        for dx in (0, 1):
            part = fine[dy:, dx:]
            h, w = part.shape[0] // 2, part.shape[1] // 2
            if min(h, w) >= 8:
                grids.append(part[: 2 * h, : 2 * w].reshape(h, 2, w, 2).mean(axis=(1, 3), dtype=np.float32))
    return grids


def _small_image_gain(height: int, width: int, f: float) -> float:
    """Amplitude factor for an image with fewer than WORK_SIDE² working cells (see MAX_SMALL_IMAGE_GAIN)."""
    cells = height * width * f * f
    return min(MAX_SMALL_IMAGE_GAIN, max(1.0, math.sqrt(WORK_SIDE * WORK_SIDE / cells)))


def _interpolation_power(n: int, f: float) -> float:
    """Mean of ``(1 − t)² + t²`` over the bilinear fractions ``t`` of ``n`` pixels: the share of a unit-variance
    cell field's power that interpolation keeps along one axis (2/3 for uniform ``t``, 1 for t = 0)."""
    t = np.modf(np.arange(n, dtype=np.float64) * f + 0.5 * f + 0.5)[0]
    return float(np.mean((1.0 - t) ** 2 + t**2))


def confidence(score: float, threshold: float = THRESHOLD) -> float:
    """0..1 from the detection score: a logistic step centred on the threshold (0.5 there, 0.95 three above).

    Unmarked images score about 4 to 7 (confidence ≤ 0.02); intact marks 15 to 40 (1.0).
    """
    return float(1.0 / (1.0 + math.exp(-(score - threshold))))


def _add_luminance(rgb: RGB, delta: Float, amplitude: float, max_gain: float) -> RGB:
    """``rgb + delta`` on every channel; where a channel lacks headroom for one sign the other is amplified.

    Per channel value ``v`` with ``knee = 2 × amplitude``: positive deltas are scaled by ``min(1, (255 −
    v) / knee)`` and negative ones by ``min(1, v / knee)``; the side that loses is made up on the other
    (a gain up to ``max_gain``), so the mark keeps its correlation on white paper and black ink. The
    delta is rounded before it is added, so channels with headroom move by exactly the same amount.
    """
    gain_up, gain_down = _headroom_gains(amplitude, max_gain)
    d = delta[..., None]
    step = np.maximum(d, 0) * gain_up[rgb] + np.minimum(d, 0) * gain_down[rgb]
    np.rint(step, out=step)
    out = rgb.astype(np.float32)
    out += step
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8)


def _headroom_gains(amplitude: float, max_gain: float) -> tuple[Float, Float]:
    """Gains for positive and negative deltas per channel value 0..255 (see :func:`_add_luminance`)."""
    v = np.arange(256, dtype=np.float32)
    knee = np.float32(2.0 * amplitude)
    up = np.clip((255.0 - v) / knee, 0.0, 1.0)
    down = np.clip(v / knee, 0.0, 1.0)
    extra = np.float32(max_gain - 1)
    gain_up = np.where(down < 1, 1 + extra * (1 - down), up)
    gain_down = np.where(up < 1, 1 + extra * (1 - up), down)
    return gain_up.astype(np.float32), gain_down.astype(np.float32)


def _check_rgb(rgb: RGB) -> None:
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        shape = getattr(rgb, "shape", None)
        raise ValueError(f"expected an HxWx3 uint8 RGB array, got {getattr(rgb, 'dtype', type(rgb))} {shape}")
