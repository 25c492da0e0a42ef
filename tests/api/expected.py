"""What the server promises, written out literally (not computed from ``openbanana.catalog``) so a
change to the catalog shows up as a failing conformance test instead of silently moving with it.

Pixel sizes follow the documented rule: the long side is 512 / 1024 / 2048 / 4096 px for
``512`` / ``1K`` / ``2K`` / ``4K`` and the short side is rounded to the nearest multiple of 16.
"""

from __future__ import annotations

TEN_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
EXTREME_RATIOS = ("1:4", "4:1", "1:8", "8:1")

#: model id → (aspect ratios, image sizes)
MODEL_LIMITS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "gemini-3.1-flash-image-preview": (TEN_RATIOS + EXTREME_RATIOS, ("512", "1K", "2K", "4K")),
    "gemini-3-pro-image-preview": (TEN_RATIOS, ("1K", "2K", "4K")),
    "gemini-2.5-flash-image": (TEN_RATIOS, ("1K",)),
}

#: model id → output tokens per image, by size
OUTPUT_TOKENS: dict[str, dict[str, int]] = {
    "gemini-3.1-flash-image-preview": {"512": 747, "1K": 1120, "2K": 1680, "4K": 2520},
    "gemini-3-pro-image-preview": {"1K": 1120, "2K": 1120, "4K": 2000},
    "gemini-2.5-flash-image": {"1K": 1290},
}

#: model id → input tokens per input image
INPUT_IMAGE_TOKENS = {"gemini-3.1-flash-image-preview": 1120, "gemini-3-pro-image-preview": 560,
                      "gemini-2.5-flash-image": 258}  # fmt: skip

ALIASES = {"nano-banana-2": "gemini-3.1-flash-image-preview", "openbanana": "gemini-3.1-flash-image-preview"}

# fmt: off
PIXELS: dict[str, dict[str, tuple[int, int]]] = {
    "1:1": {"512": (512, 512), "1K": (1024, 1024), "2K": (2048, 2048), "4K": (4096, 4096)},
    "2:3": {"512": (336, 512), "1K": (688, 1024), "2K": (1360, 2048), "4K": (2736, 4096)},
    "3:2": {"512": (512, 336), "1K": (1024, 688), "2K": (2048, 1360), "4K": (4096, 2736)},
    "3:4": {"512": (384, 512), "1K": (768, 1024), "2K": (1536, 2048), "4K": (3072, 4096)},
    "4:3": {"512": (512, 384), "1K": (1024, 768), "2K": (2048, 1536), "4K": (4096, 3072)},
    "4:5": {"512": (416, 512), "1K": (816, 1024), "2K": (1632, 2048), "4K": (3280, 4096)},
    "5:4": {"512": (512, 416), "1K": (1024, 816), "2K": (2048, 1632), "4K": (4096, 3280)},
    "9:16": {"512": (288, 512), "1K": (576, 1024), "2K": (1152, 2048), "4K": (2304, 4096)},
    "16:9": {"512": (512, 288), "1K": (1024, 576), "2K": (2048, 1152), "4K": (4096, 2304)},
    "21:9": {"512": (512, 224), "1K": (1024, 432), "2K": (2048, 880), "4K": (4096, 1760)},
    "1:4": {"512": (128, 512), "1K": (256, 1024), "2K": (512, 2048), "4K": (1024, 4096)},
    "4:1": {"512": (512, 128), "1K": (1024, 256), "2K": (2048, 512), "4K": (4096, 1024)},
    "1:8": {"512": (64, 512), "1K": (128, 1024), "2K": (256, 2048), "4K": (512, 4096)},
    "8:1": {"512": (512, 64), "1K": (1024, 128), "2K": (2048, 256), "4K": (4096, 512)},
}
# fmt: on


def full_matrix() -> list[tuple[str, str, str]]:
    """Every (model, ratio, size) the catalog allows: 14x4 + 10x3 + 10x1 = 96 cases."""
    return [(m, r, s) for m, (ratios, sizes) in MODEL_LIMITS.items() for r in ratios for s in sizes]
