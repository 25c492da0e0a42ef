"""Edit-aware marking on real pixels with the real SpreadWatermarker: what an edit keeps stays as it was
(byte for byte from a marked parent, ≥ 45 dB from a user's photo), what it makes carries the mark, and a
re-render or rollback is exactly a fresh embed."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps
from skimage import data

from openbanana.provenance.base import RGB
from openbanana.provenance.edit_marks import COPIED_SHARE, KEPT_STRENGTH, Parent, kept_region, mark_edit
from openbanana.provenance.watermark import MASKING_REACH, SpreadWatermarker, embed_scale

X = 12345


@pytest.fixture(scope="module")
def wm() -> SpreadWatermarker:
    return SpreadWatermarker()


def sample(name: str) -> RGB:
    """A scikit-image sample photo (astronaut 512², chelsea 451x300, coffee 600x400)."""
    return np.ascontiguousarray(getattr(data, name)(), dtype=np.uint8)


def poster(width: int = 640, height: int = 480, accent: tuple[int, int, int] = (200, 40, 60)) -> RGB:
    """A flat synthetic poster: pale background, a few shapes and a line of text."""
    image = Image.new("RGB", (width, height), (236, 230, 218))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 300, 200), fill=accent)
    draw.ellipse((360, 60, 600, 300), fill=(30, 90, 170))
    draw.rectangle((60, 260, 320, 420), fill=(250, 200, 40))
    draw.text((40, 430), "OPEN BANANA SALE", fill=(20, 20, 20), font=ImageFont.load_default(size=36))
    return np.asarray(image, dtype=np.uint8).copy()


def jpeg(rgb: RGB, quality: int = 75) -> RGB:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=quality)
    with Image.open(buffer) as image:
        return np.asarray(image.convert("RGB"), dtype=np.uint8)


def psnr(a: RGB, b: RGB) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


def box_mask(shape: tuple[int, ...], top: int, left: int, size: int, grow: int = 0) -> np.ndarray:
    mask = np.zeros(shape[:2], dtype=bool)
    mask[max(0, top - grow) : top + size + grow, max(0, left - grow) : left + size + grow] = True
    return mask


def test_a_re_render_keeps_the_parent_outside_the_change_and_marks_the_change(wm: SpreadWatermarker) -> None:
    render_a = poster()
    render_b = render_a.copy()
    render_b[40:201, 40:301] = (40, 160, 90)  # the red rectangle recoloured
    parent = wm.embed(render_a, X)
    result = mark_edit(wm, render_b, Parent(parent, X), X)
    changed = np.zeros(render_a.shape[:2], dtype=bool)
    changed[40:201, 40:301] = True
    # The shaped mark follows the content within MASKING_REACH working cells of the change; beyond, exact.
    reach = math.ceil(MASKING_REACH / embed_scale(*render_a.shape[:2]))
    near = np.zeros(render_a.shape[:2], dtype=bool)
    near[max(0, 40 - reach) : 201 + reach, max(0, 40 - reach) : 301 + reach] = True
    assert np.array_equal(result[~near], parent[~near])
    fresh = wm.embed(render_b, X)
    assert np.array_equal(result[changed], fresh[changed]) and not np.array_equal(result[changed], render_b[changed])
    detection = wm.detect(result)
    assert detection.found and detection.mark_id == X


def test_a_rollback_is_exactly_the_earlier_version(wm: SpreadWatermarker) -> None:
    render_a = poster()
    other = wm.embed(poster(accent=(20, 120, 200)), X)  # the chat's latest image: another version, same size
    assert np.array_equal(mark_edit(wm, render_a, Parent(other, X), X), wm.embed(render_a, X))


def test_a_copied_marked_parent_is_handed_on_not_marked_twice(wm: SpreadWatermarker) -> None:
    parent = wm.embed(sample("chelsea"), X)
    out = parent.copy()
    out[80:200, 150:300] = (20, 60, 220)  # the generator copied the photo and painted a blue box
    box = np.zeros(out.shape[:2], dtype=bool)
    box[80:200, 150:300] = True
    result = mark_edit(wm, out, Parent(parent, X), X)
    assert psnr(result[~box], parent[~box]) == float("inf")
    assert np.array_equal(result[box], wm.embed(out, X)[box]) and not np.array_equal(result[box], out[box])
    detection = wm.detect(result)
    assert detection.found and detection.mark_id == X


def test_chance_equalities_with_the_parent_are_not_copied(wm: SpreadWatermarker) -> None:
    parent = wm.embed(poster(), X)
    out = poster(accent=(90, 30, 140))
    out[:, :, 0] = np.clip(out[:, :, 0].astype(np.int16) + 7, 0, 255).astype(np.uint8)  # a full re-render
    rng = np.random.default_rng(0)
    flat = rng.choice(out.shape[0] * out.shape[1], int(out.shape[0] * out.shape[1] * COPIED_SHARE * 0.6), False)
    rows, cols = np.unravel_index(flat, out.shape[:2])
    out[rows, cols] = parent[rows, cols]  # just under COPIED_SHARE of the pixels equal the marked parent
    assert np.all(out == parent, axis=2).mean() < COPIED_SHARE
    assert np.array_equal(mark_edit(wm, out, Parent(parent, X), X), wm.embed(out, X))


def test_a_mask_edit_of_a_user_photo_keeps_the_rest_and_marks_the_box(wm: SpreadWatermarker) -> None:
    astronaut = sample("astronaut")
    fitted = ImageOps.fit(Image.fromarray(astronaut), (1024, 1024), Image.Resampling.LANCZOS)
    out = np.asarray(fitted, dtype=np.uint8).copy()
    top, left, size = 600, 380, 200
    out[top : top + size, left : left + size] = (210, 120, 60)
    result = mark_edit(wm, out, Parent(astronaut, None), X)

    outside = ~box_mask(out.shape, top, left, size, grow=6)
    assert psnr(result[outside], out[outside]) >= 45.0
    change = np.abs(result.astype(np.int16) - out).mean(axis=2)
    interior = box_mask(out.shape, top + 10, left + 10, size - 20)
    ratio = change[interior].mean() / change[outside].mean()
    assert ratio > 1.8, ratio
    for image in (result, jpeg(result)):
        detection = wm.detect(image)
        assert detection.found and detection.mark_id == X, detection


def test_a_kept_region_is_marked_lightly(wm: SpreadWatermarker) -> None:
    """In the kept area the mark is KEPT_STRENGTH of a full embed's (RMS, within rounding)."""
    astronaut = sample("astronaut")
    out = astronaut.copy()
    out[300:460, 300:460] = (20, 200, 120)
    light = mark_edit(wm, out, Parent(astronaut, None), X).astype(np.float64) - out
    full = wm.embed(out, X).astype(np.float64) - out
    far = np.ones(out.shape[:2], dtype=bool)
    far[280:480, 280:480] = False
    ratio = np.sqrt(np.mean(light[far] ** 2) / np.mean(full[far] ** 2))
    assert abs(ratio - KEPT_STRENGTH) < 0.06, ratio


def test_kept_region_finds_the_centre_of_a_reframe() -> None:
    astronaut = sample("astronaut")
    out = np.zeros((576, 1024, 3), dtype=np.uint8)
    out[:, :] = np.linspace(30, 220, 1024, dtype=np.uint8)[None, :, None]  # outpainted margins: a gradient
    out[:, :, 2] = 140
    centre = np.asarray(Image.fromarray(astronaut).resize((576, 576), Image.Resampling.LANCZOS), dtype=np.uint8)
    x = (1024 - 576) // 2
    out[:, x : x + 576] = centre
    kept = kept_region(out, astronaut)
    inner = np.zeros(kept.shape, dtype=bool)
    inner[:, x : x + 576] = True
    assert kept[inner].mean() >= 0.95, kept[inner].mean()
    assert kept[~inner].mean() <= 0.05, kept[~inner].mean()


def test_kept_region_of_an_unrelated_image_is_nearly_empty() -> None:
    kept = kept_region(sample("coffee"), sample("astronaut"))
    assert kept.shape == (400, 600) and kept.mean() < 0.01, kept.mean()


def test_embed_strength_map(wm: SpreadWatermarker) -> None:
    photo = sample("astronaut")
    with pytest.raises(ValueError, match="strength map"):
        wm.embed(photo, X, np.ones((512, 511), dtype=np.float32))
    assert np.array_equal(wm.embed(photo, X, np.zeros((512, 512), dtype=np.float32)), photo)
    full = wm.embed(photo, X).astype(np.float64) - photo
    part = wm.embed(photo, X, np.full((512, 512), 0.4, dtype=np.float32)).astype(np.float64) - photo
    ratio = np.sqrt(np.mean(part**2) / np.mean(full**2))
    assert 0.34 < ratio < 0.46, ratio
