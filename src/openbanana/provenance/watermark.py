"""Invisible watermark: rivaGAN's 32-bit encoder/decoder, run at a small working resolution.

rivaGAN (Zhang et al., *Robust Invisible Video Watermarking with Attention*, 2019) is a pair of small
convolutional nets: the encoder adds a residual of at most ±2 grey levels that carries 32 bits, the decoder
reads 32 logits back. We run the ONNX export vendored from the ``invisible-watermark`` wheel with onnxruntime
(no torch). Used as-is it is slow (≈0.8 s per 512² tile on two cores) and weak on the flat, poster-like
images the compose generator draws, so this module wraps it:

* **Working resolution.** The image is downscaled so its short side is :data:`WORK_SIDE` pixels (never
  upscaled, and with the working area capped for extreme ratios); the encoder runs once on that working
  image and the residual is upsampled back to full size. One small encode serves a 512 px or a 4K output
  alike, and the mark's pattern is coarse at full size, which is what survives JPEG and downscaling.
* **Differential residual.** The encoder runs on the message and on its bitwise inverse and we keep half
  their difference: the part of the residual that does not depend on the bits (and so carries nothing)
  cancels, and the freed budget goes to strength. Measured: ~3 dB better PSNR at the same bit accuracy.
* **Bias-cancelling decode.** rivaGAN's decoder has a large content-dependent bias (an unmarked flat image
  reads as confident random bits). The detector reads the image and an edge-preserving-smoothed copy of it
  (the mark is ±2 levels, below the smoothing range; the content's edges are kept) and uses the
  difference. On compose outputs this took bit accuracy after JPEG q75 from ~0.80 to ~0.93.
* **Several scales** are decoded, so a crop (which changes the content's scale relative to the working
  size) or a downscale of a small image is still read at the pattern's own scale.

The 32 channel bits are a codeword of :mod:`.payload`'s code, decoded by soft maximum likelihood; see
``docs/provenance.md`` for the measured robustness, quality cost and timing.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
import numpy.typing as npt

from openbanana.provenance.base import RGB, Detection
from openbanana.provenance.payload import PayloadCode

if TYPE_CHECKING:
    import onnxruntime

MODEL_DIR = Path(__file__).resolve().parent.parent / "assets" / "models" / "rivagan"

#: Short side of the working image the networks see.
WORK_SIDE = 128
#: Largest working area (pixels); extreme ratios get a shorter short side instead of a longer run.
WORK_AREA = 128 * 384
#: Range sigma (grey levels) of the bilateral filter that strips the mark from the copy used to cancel the
#: decoder's content bias: above the mark's ±3 levels, below the contrast of real texture.
SMOOTH_SIGMA_COLOR = 12.0
#: Soft bits are scaled to ``NOISE_GAIN / (noise floor + NOISE_EPS)`` (see :meth:`RivaWatermarker.soft_bits`).
NOISE_GAIN, NOISE_EPS = 0.3, 0.05
#: Images with a side below this carry no mark (embed leaves them as they are, detect finds nothing).
MIN_SIDE = 16
#: Decode scales (relative to the working size); 0.8 re-reads an image cropped by 10 % a side at its scale.
DECODE_SCALES = (1.0, 0.8)
#: RMS of the residual in grey levels (2.7 ≈ 39.5 dB PSNR): every image gets the same energy, so the
#: encoder's weak residuals on flat images are scaled up and strong ones on busy images down.
TARGET_RMS = 2.7
#: Bounds of that gain over the encoder's own differential residual.
MIN_GAIN, MAX_GAIN = 1.0, 4.0
Float = npt.NDArray[np.float32]


def working_size(height: int, width: int, side: int = WORK_SIDE) -> tuple[int, int]:
    """(h, w) of the working image: short side ``side`` (never above the image's), area capped."""
    short, long = min(height, width), max(height, width)
    s = float(min(side, short))
    s = min(s, (WORK_AREA * short / long) ** 0.5)
    ls = max(1, round(long * s / short))
    ss = max(1, round(s))
    return (ss, ls) if height <= width else (ls, ss)


def _to_frame(rgb: npt.NDArray[Any]) -> Float:
    """HxWx3 RGB (0..255) → the model's [1, 3, 1, H, W] BGR frame in −1..1 (rivaGAN was trained on cv2 frames)."""
    bgr = np.ascontiguousarray(rgb[..., ::-1], dtype=np.float32)
    return (bgr / np.float32(127.5) - np.float32(1.0)).transpose(2, 0, 1)[None, :, None]


class RivaWatermarker:
    """:class:`~openbanana.provenance.base.Watermarker` with rivaGAN; thread-safe, sessions loaded lazily."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int | None = None, target_rms: float = TARGET_RMS) -> None:
        self.model_dir = model_dir
        #: onnxruntime intra-op threads per call: at most 2, as the server runs several workers side by side.
        self.threads = threads if threads is not None else min(2, os.cpu_count() or 1)
        self.target_rms = target_rms
        self.code = PayloadCode()
        self.id_space = self.code.id_space
        self._lock = threading.Lock()
        self._sessions: tuple[onnxruntime.InferenceSession, onnxruntime.InferenceSession] | None = None

    # -- models ---------------------------------------------------------------------------------------------

    def _models(self) -> tuple[onnxruntime.InferenceSession, onnxruntime.InferenceSession]:
        if self._sessions is None:
            with self._lock:
                if self._sessions is None:
                    import onnxruntime

                    options = onnxruntime.SessionOptions()
                    options.intra_op_num_threads = self.threads
                    options.inter_op_num_threads = 1
                    encoder, decoder = (
                        onnxruntime.InferenceSession(
                            str(self.model_dir / f"rivagan_{part}.onnx"), options, providers=["CPUExecutionProvider"]
                        )
                        for part in ("encoder", "decoder")
                    )
                    self._sessions = (encoder, decoder)
        assert self._sessions is not None
        return self._sessions

    # -- embed ----------------------------------------------------------------------------------------------

    def embed(self, rgb: RGB, mark_id: int) -> RGB:
        """``rgb`` with ``mark_id`` hidden in it (a new array, same shape, uint8).

        ValueError for a mark id outside ``0 .. id_space - 1`` or an array that is not HxWx3 uint8. An image
        with a side under :data:`MIN_SIDE` pixels is too small to carry a mark and comes back unchanged.
        """
        bits = self.code.encode(mark_id)
        return self.embed_bits(rgb, bits)

    def embed_bits(self, rgb: RGB, bits: npt.NDArray[np.uint8]) -> RGB:
        """Embed 32 raw channel bits (for the benchmark and diagnostics; :meth:`embed` adds the code)."""
        _check_rgb(rgb)
        height, width = rgb.shape[:2]
        if min(height, width) < MIN_SIDE:
            return rgb.copy()
        wh, ww = working_size(height, width)
        small = cv2.resize(rgb, (ww, wh), interpolation=cv2.INTER_AREA) if (wh, ww) != (height, width) else rgb
        frame = _to_frame(small)
        data = np.stack([bits, 1 - bits]).astype(np.float32)
        encoder, _ = self._models()
        out = encoder.run(None, {"frame": np.concatenate([frame, frame]), "data": data})[0]
        np.clip(out, -1.0, 1.0, out=out)
        # Half the difference of message and inverse, in grey levels, back to RGB order.
        residual = ((out[0, :, 0] - out[1, :, 0]) * np.float32(0.5 * 127.5)).transpose(1, 2, 0)
        rms = float(np.sqrt(np.mean(np.square(residual))))
        residual *= np.float32(np.clip(self.target_rms / max(rms, 1e-6), MIN_GAIN, MAX_GAIN))
        residual = np.ascontiguousarray(residual[..., ::-1])
        if (wh, ww) != (height, width):
            residual = cv2.resize(residual, (width, height), interpolation=cv2.INTER_LINEAR)
        return _add_residual(rgb, residual)

    # -- detect ---------------------------------------------------------------------------------------------

    def detect(self, rgb: RGB) -> Detection:
        """The mark in ``rgb``: ``found`` with its id, or not found (never raises for a valid HxWx3 array)."""
        _check_rgb(rgb)
        if min(rgb.shape[:2]) < MIN_SIDE:
            return Detection(found=False, mark_id=None, confidence=0.0)
        return self.code.decode(self.soft_bits(rgb))

    def soft_bits(self, rgb: RGB, scales: tuple[float, ...] = DECODE_SCALES) -> Float:
        """Bias-cancelled, noise-normalised decoder logits, one row of 32 per scale (positive: bit 1).

        Each row is ``logits(image) − logits(smoothed image)``. It is divided by the RMS of the same
        quantity measured on the *mirrored* image at the first scale: mirroring scrambles the mark for the
        decoder but keeps the content's statistics, so this is the image's own noise floor. Flat images
        have a tiny floor and their marks stand out; on busy textures every logit is noisy, and the
        normalisation keeps them from looking like a mark (they were the false positives before it).
        """
        _check_rgb(rgb)
        height, width = rgb.shape[:2]
        _, decoder = self._models()
        rows = []
        floor = 0.0
        for n, scale in enumerate(scales):
            wh, ww = working_size(height, width, max(8, round(WORK_SIDE * scale)))
            small = cv2.resize(rgb, (ww, wh), interpolation=cv2.INTER_AREA) if (wh, ww) != (height, width) else rgb
            small = np.ascontiguousarray(small)
            views = [small, np.ascontiguousarray(small[:, ::-1])] if n == 0 else [small]
            frames = []
            for view in views:
                frames += [_to_frame(view), _to_frame(cv2.bilateralFilter(view, 7, SMOOTH_SIGMA_COLOR, 5))]
            logits = decoder.run(None, {"frame": np.concatenate(frames)})[0]
            rows.append(logits[0] - logits[1])
            if n == 0:
                floor = float(np.sqrt(np.mean(np.square(logits[2] - logits[3]))))
        gain = NOISE_GAIN / (floor + NOISE_EPS)
        return np.asarray(rows, dtype=np.float32) * np.float32(gain)


def _add_residual(rgb: RGB, residual: Float) -> RGB:
    out = rgb.astype(np.float32)
    out += residual
    np.rint(out, out=out)
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8)


def _check_rgb(rgb: RGB) -> None:
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        shape = getattr(rgb, "shape", None)
        raise ValueError(f"expected an HxWx3 uint8 RGB array, got {getattr(rgb, 'dtype', type(rgb))} {shape}")
