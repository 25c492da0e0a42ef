"""Super-resolution: Real-ESRGAN (animevideov3, ×2 and ×4) on the CPU through ncnn.

The vendored models (``assets/models/realesrgan``, see its README) are the compact SRVGG variant:
18 3×3 convolutions, so every output pixel depends on at most 18 input pixels around it. Tiles are
therefore run with :data:`PAD` ≥ 18 px of real context on each side and cropped: a tiled result equals
the whole-image result (up to float rounding), there are no seams, and memory stays bounded whatever
the photo size. The result is then back-projected onto the input (see :func:`_back_project`) so it
stays a faithful enlargement of *this* photo rather than the model's painterly redrawing of it.
256 → 1024 px takes ~0.4–0.8 s on two cores.

Models load lazily, once, behind a lock; inference uses one ncnn extractor per tile, which ncnn allows
concurrently on a shared net, so server worker threads never wait on each other here.
"""

from __future__ import annotations

import importlib.util
import math
import os
import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from openbanana.editing.photo import RGB, resize
from openbanana.engine.errors import InvalidArgument, Unavailable

MODEL_DIR = Path(__file__).resolve().parent.parent / "assets" / "models" / "realesrgan"
#: Model factor → file stem (``.param`` + ``.bin``).
MODELS: dict[int, str] = {2: "realesr-animevideov3-x2", 4: "realesr-animevideov3-x4"}
#: Tile edge in input pixels, and context added on every side (≥ the 18 px receptive-field radius).
TILE = 192
PAD = 20
#: Rounds of back-projection after the model (see :func:`_back_project`).
BACK_PROJECTION = 2
#: Largest output side :func:`upscale_to` accepts.
MAX_SIDE = 16384
#: Ways to reach a scale need: the first whose product covers it. Beyond ×4, the ×4 result is shrunk
#: to a quarter of the target before the second ×4, which is cheaper than ×4 then ×2 (the ×2 model is
#: the ×4 network followed by a halving, so it costs as much per input pixel).
_CHAINS: tuple[tuple[float, tuple[int, ...]], ...] = ((2.0, (2,)), (4.0, (4,)), (math.inf, (4, 4)))

_lock = threading.Lock()
_nets: dict[int, Any] = {}


def available() -> bool:
    """True when ncnn is importable and both model files of each factor are present."""
    files = [MODEL_DIR / f"{stem}{ext}" for stem in MODELS.values() for ext in (".param", ".bin")]
    return importlib.util.find_spec("ncnn") is not None and all(f.is_file() for f in files)


def _net(factor: int) -> Any:
    """The loaded ncnn net for ``factor``, loaded on first use (once, whatever the thread count)."""
    with _lock:
        net = _nets.get(factor)
        if net is None:
            if not available():
                raise Unavailable("upscaling needs the ncnn package and the vendored Real-ESRGAN models")
            import ncnn

            net = ncnn.Net()
            net.opt.use_vulkan_compute = False
            net.opt.num_threads = max(1, os.cpu_count() or 1)
            stem = MODEL_DIR / MODELS[factor]
            if (
                net.load_param(str(stem.with_suffix(".param"))) != 0
                or net.load_model(str(stem.with_suffix(".bin"))) != 0
            ):
                raise Unavailable(f"could not load the upscaling model {stem.name}")
            _nets[factor] = net
        return net


def _infer(net: Any, tile: RGB) -> RGB:
    """Run one tile through the net: RGB uint8 HWC in, RGB uint8 HWC (× factor) out."""
    import ncnn

    chw = np.ascontiguousarray(tile.transpose(2, 0, 1), dtype=np.float32) / np.float32(255.0)
    ex = net.create_extractor()
    ex.input("data", ncnn.Mat(chw))
    ret, out = ex.extract("output")
    if ret != 0:
        raise Unavailable(f"the upscaling model failed (ncnn error {ret})")
    hwc = np.asarray(out, dtype=np.float32).transpose(1, 2, 0)
    return np.asarray(np.clip(np.rint(hwc * 255.0), 0, 255), dtype=np.uint8)


def upscale(rgb: RGB, factor: int, *, tile: int = TILE, back_projection: int = BACK_PROJECTION) -> RGB:
    """The photo ``factor`` (2 or 4) times larger: Real-ESRGAN in seamless tiles of ``tile`` input
    pixels, then ``back_projection`` rounds of making the result, scaled back down, match the photo."""
    if factor not in MODELS:
        raise InvalidArgument(f"upscale factor must be one of {sorted(MODELS)}, not {factor}")
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8 or 0 in rgb.shape:
        raise InvalidArgument("upscaling needs a non-empty RGB uint8 image of shape (H, W, 3)")
    net = _net(factor)
    h, w = rgb.shape[:2]
    out = np.empty((h * factor, w * factor, 3), np.uint8)
    for ty in range(0, h, tile):
        for tx in range(0, w, tile):
            cy1, cx1 = min(ty + tile, h), min(tx + tile, w)  # the core this tile is responsible for
            py0, px0 = max(0, ty - PAD), max(0, tx - PAD)  # plus context, clipped to the photo
            py1, px1 = min(h, cy1 + PAD), min(w, cx1 + PAD)
            res = _infer(net, np.ascontiguousarray(rgb[py0:py1, px0:px1]))
            oy, ox = (ty - py0) * factor, (tx - px0) * factor
            out[ty * factor : cy1 * factor, tx * factor : cx1 * factor] = res[
                oy : oy + (cy1 - ty) * factor, ox : ox + (cx1 - tx) * factor
            ]
    return _back_project(out, rgb, back_projection)


def _back_project(out: RGB, src: RGB, rounds: int) -> RGB:
    """Iterative back-projection: add back, upsampled, whatever the output scaled down to the source
    size misses of the source. The animevideov3 model draws clean, slightly painterly edges on photos;
    this restores the photo's own colours and fine texture (faces look like the person again) while
    keeping most of the model's sharpness: on skimage photos 128 → 512 it lifts PSNR above Lanczos
    with ~1.5× its edge energy."""
    if rounds <= 0:
        return out
    h, w = src.shape[:2]
    big = (out.shape[1], out.shape[0])
    target = src.astype(np.float32)
    est = out.astype(np.float32)
    for _ in range(rounds):
        down = cv2.resize(est, (w, h), interpolation=cv2.INTER_AREA)
        est += cv2.resize(target - down, big, interpolation=cv2.INTER_CUBIC)
    return np.asarray(np.clip(np.rint(est), 0, 255), dtype=np.uint8)


def upscale_to(rgb: RGB, width: int, height: int) -> RGB:
    """The photo at exactly ``width`` × ``height``: Real-ESRGAN by the smallest factor chain that
    reaches the target, then Lanczos to the exact size. Give a target with the photo's aspect ratio
    (reframe first); a different one is stretched. No model runs when the target is not larger, or
    when the model is unavailable (plain Lanczos then)."""
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise InvalidArgument(f"output size {width}×{height} is out of range (1…{MAX_SIDE} px a side)")
    h, w = rgb.shape[:2]
    need = max(width / w, height / h)
    if need <= 1.0 or not available():
        return resize(rgb, width, height)
    chain = next(factors for limit, factors in _CHAINS if need <= limit)
    out = rgb
    for i, factor in enumerate(chain):
        if i > 0:  # don't feed the next stage more pixels than the target needs
            sw, sh = math.ceil(width / factor), math.ceil(height / factor)
            if sw < out.shape[1] and sh < out.shape[0]:
                out = resize(out, sw, sh)
        out = upscale(out, factor)
    return resize(out, width, height)
