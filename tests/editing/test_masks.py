"""Masks as a client sends them and as the pixel edits use them."""

from __future__ import annotations

import io

import numpy as np
import pytest
import skimage.data
from PIL import Image, ImageDraw

from openbanana.editing.masks import dilate, feather, feather_inside, looks_like_mask, mask_from_bytes, scale_mask
from openbanana.engine.errors import InvalidArgument


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _bw_mask(w: int = 64, h: int = 48) -> Image.Image:
    img = Image.new("L", (w, h), 0)
    ImageDraw.Draw(img).rectangle((10, 8, 29, 27), fill=255)
    return img


def test_white_on_black_marks_white() -> None:
    mask = mask_from_bytes(_png(_bw_mask()), 64, 48, "mask")
    assert mask.shape == (48, 64) and mask.dtype == np.bool_
    assert mask[8:28, 10:30].all()
    assert mask.sum() == 20 * 20


def test_openai_transparent_hole_marks_transparent() -> None:
    img = Image.new("RGBA", (64, 48), (0, 0, 0, 255))
    ImageDraw.Draw(img).rectangle((10, 8, 29, 27), fill=(0, 0, 0, 0))
    mask = mask_from_bytes(_png(img), 64, 48, "mask")
    assert mask[8:28, 10:30].all() and mask.sum() == 400


def test_openai_photo_with_erased_hole_marks_the_hole() -> None:
    photo = np.asarray(Image.fromarray(skimage.data.coffee()).resize((96, 64)))
    rgba = np.dstack([photo, np.full(photo.shape[:2], 255, np.uint8)])
    rgba[20:40, 30:50, 3] = 0
    mask = mask_from_bytes(_png(Image.fromarray(rgba)), 96, 64, "mask")
    assert mask[20:40, 30:50].all() and mask.sum() == 400


def test_white_drawing_on_transparent_marks_white() -> None:
    img = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((10, 8, 29, 27), fill=(255, 255, 255, 255))
    img.putpixel((0, 0), (0, 0, 0, 255))  # some opaque black too: a drawing, not a flat sheet
    mask = mask_from_bytes(_png(img), 64, 48, "mask")
    assert mask[8:28, 10:30].all() and mask.sum() == 400


def test_wrong_size_is_a_clear_400() -> None:
    with pytest.raises(InvalidArgument) as err:
        mask_from_bytes(_png(_bw_mask(64, 48)), 128, 96, "contents[0].parts[2]")
    assert err.value.message == (
        "contents[0].parts[2]: the mask is 64x48 but the image it masks is 128x96; send a mask of the same size."
    )


def test_all_black_mask_is_rejected() -> None:
    with pytest.raises(InvalidArgument, match="marks nothing to edit"):
        mask_from_bytes(_png(Image.new("L", (32, 32), 0)), 32, 32, "mask")


def test_garbage_bytes_are_rejected() -> None:
    with pytest.raises(InvalidArgument, match="mask"):
        mask_from_bytes(b"not an image", 32, 32, "mask")


@pytest.mark.parametrize("name", ["astronaut", "coffee", "chelsea", "camera", "page", "moon", "rocket"])
def test_photos_are_not_masks(name: str) -> None:
    img = getattr(skimage.data, name)()
    rgb = np.dstack([img] * 3) if img.ndim == 2 else img[..., :3]
    assert not looks_like_mask(rgb)


def test_black_white_masks_are_masks() -> None:
    hard = np.asarray(_bw_mask(256, 192).convert("RGB"))
    assert looks_like_mask(hard)
    # Anti-aliased brush strokes (grey edges) and JPEG-ish noise still count.
    soft = Image.new("L", (256, 192), 0)
    ImageDraw.Draw(soft).ellipse((40, 30, 200, 160), fill=255)
    soft_arr = np.asarray(soft.resize((512, 384), Image.Resampling.BICUBIC).resize((256, 192)).convert("RGB"))
    noisy = np.clip(soft_arr.astype(int) + np.random.default_rng(0).integers(-6, 7, soft_arr.shape), 0, 255)
    assert looks_like_mask(noisy.astype(np.uint8))
    rgba = np.zeros((64, 64, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[10:30, 10:30, 3] = 0
    assert looks_like_mask(rgba)


def test_flat_images_are_not_masks() -> None:
    assert not looks_like_mask(np.zeros((32, 32, 3), np.uint8))
    assert not looks_like_mask(np.full((32, 32, 3), 255, np.uint8))
    red_white = np.full((32, 32, 3), 255, np.uint8)
    red_white[:16] = (255, 0, 0)
    assert not looks_like_mask(red_white)


def test_scale_dilate_feather() -> None:
    mask = np.zeros((40, 60), bool)
    mask[10:20, 20:30] = True
    big = scale_mask(mask, 120, 80)
    assert big.shape == (80, 120) and big.sum() == 4 * mask.sum()
    grown = dilate(mask, 3)
    assert grown[7:23, 20:30].all() and not grown[5, 25] and grown.sum() > mask.sum()
    alpha = feather(mask, 4)
    assert alpha.dtype == np.float32
    assert (alpha[mask] == 1).all()
    assert 0 < alpha[10, 31] < 1 and alpha[10, 35] == 0
    assert alpha[15, 31] > alpha[15, 32] > alpha[15, 33]
    inner = feather_inside(mask, 3)
    assert (inner[~mask] == 0).all() and inner[15, 25] == 1 and 0 < inner[15, 20] < 1
