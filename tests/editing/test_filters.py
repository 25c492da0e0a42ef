"""Restyle filters, checked on the pixels of real photos: each does what its name says."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage import data

from openbanana.editing import filters
from openbanana.editing.filters import FILTERS, apply_filter, duotone, filter_for
from openbanana.editing.photo import RGB
from openbanana.engine.errors import InvalidArgument


@pytest.fixture(scope="module")
def astronaut() -> RGB:
    return np.ascontiguousarray(data.astronaut()[::2, ::2])


@pytest.fixture(scope="module")
def coffee() -> RGB:
    return np.ascontiguousarray(data.coffee())


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_filter_keeps_size_and_dtype_and_is_deterministic(name: str, coffee: RGB) -> None:
    odd = np.ascontiguousarray(coffee[:201, :333])  # odd sizes catch off-by-one resizes
    out = apply_filter(odd, name)
    assert out.shape == odd.shape and out.dtype == np.uint8
    assert np.array_equal(out, apply_filter(odd, name))
    assert not np.array_equal(out, odd), f"{name} changed nothing"


def test_grayscale_is_grey_and_follows_luminance(astronaut: RGB) -> None:
    out = apply_filter(astronaut, "grayscale")
    assert np.array_equal(out[..., 0], out[..., 1]) and np.array_equal(out[..., 1], out[..., 2])
    y = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY).astype(int)
    assert np.abs(out[..., 0].astype(int) - y).max() <= 1


def test_sepia_is_warm_on_mid_greys() -> None:
    greys = np.repeat(np.linspace(60, 180, 32, dtype=np.uint8)[None, :, None], 3, axis=2).repeat(4, axis=0)
    out = apply_filter(np.ascontiguousarray(greys), "sepia").astype(int)
    assert (out[..., 0] > out[..., 1]).all() and (out[..., 1] > out[..., 2]).all()


def test_duotone_maps_every_pixel_onto_the_line_between_its_colours(astronaut: RGB) -> None:
    dark, light = np.array([0x1E, 0x1B, 0x4B], float), np.array([0xF4, 0x72, 0xB6], float)
    out = duotone(astronaut, dark="#1e1b4b", light="#f472b6").reshape(-1, 3).astype(float)
    d = light - dark
    t = np.clip((out - dark) @ d / (d @ d), 0, 1)
    off_line = np.linalg.norm(out - (dark + t[:, None] * d), axis=1)
    assert off_line.max() <= 1.0
    assert t.min() < 0.05 and t.max() > 0.95  # uses the full range, not a flat wash
    custom = duotone(astronaut, dark="#000000", light="#ffcc00")
    assert (custom[..., 2] == 0).all()


def test_duotone_rejects_a_bad_colour(astronaut: RGB) -> None:
    with pytest.raises(InvalidArgument):
        duotone(astronaut, dark="navy")


def test_sketch_is_mostly_light_paper_with_dark_strokes_on_edges(astronaut: RGB) -> None:
    out = apply_filter(astronaut, "sketch")[..., 0].astype(float)
    assert np.median(out) > 170
    edges = cv2.Canny(cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY), 80, 160)
    assert (edges > 0).mean() > 0.01
    on_edges = cv2.dilate(edges, np.ones((3, 3), np.uint8)) > 0
    far_from_edges = cv2.dilate(edges, np.ones((11, 11), np.uint8)) == 0
    assert out[on_edges].mean() < out[far_from_edges].mean() - 25


def test_pop_art_uses_few_bold_colours(astronaut: RGB) -> None:
    out = apply_filter(astronaut, "pop-art")
    colours = np.unique(out.reshape(-1, 3), axis=0).astype(int)
    assert len(colours) <= 12
    # Every ink is either bold (saturated) or paper/black: no muddy photo tones survive.
    spread = colours.max(axis=1) - colours.min(axis=1)
    assert ((spread > 100) | (spread < 20)).all(), colours
    assert (spread > 100).sum() >= 3


def test_invert_twice_is_the_identity(coffee: RGB) -> None:
    once = apply_filter(coffee, "invert")
    assert int(once[0, 0, 0]) == 255 - int(coffee[0, 0, 0])
    assert np.array_equal(apply_filter(once, "invert"), coffee)


def test_posterize_flattens_colours_and_blur_softens(coffee: RGB) -> None:
    assert len(np.unique(apply_filter(coffee, "posterize").reshape(-1, 3), axis=0)) <= 16
    lap = lambda im: cv2.Laplacian(cv2.cvtColor(im, cv2.COLOR_RGB2GRAY), cv2.CV_64F).var()  # noqa: E731
    assert lap(apply_filter(coffee, "blur")) < 0.2 * lap(coffee)


def test_vivid_is_more_saturated_and_contrasty_vintage_is_faded(coffee: RGB) -> None:
    sat = lambda im: cv2.cvtColor(im, cv2.COLOR_RGB2HSV)[..., 1].mean()  # noqa: E731
    grey = lambda im: cv2.cvtColor(im, cv2.COLOR_RGB2GRAY)  # noqa: E731
    vivid = apply_filter(coffee, "vivid")
    assert sat(vivid) > 1.1 * sat(coffee)
    assert grey(vivid).std() > grey(coffee).std()
    vintage = apply_filter(coffee, "vintage")
    assert sat(vintage) < sat(coffee)
    assert np.percentile(grey(vintage), 1) > np.percentile(grey(coffee), 1)  # lifted blacks


def test_watercolor_is_smoother_than_the_photo_but_keeps_its_colours(astronaut: RGB) -> None:
    out = apply_filter(astronaut, "watercolor")
    lap = lambda im: np.abs(cv2.Laplacian(cv2.cvtColor(im, cv2.COLOR_RGB2GRAY), cv2.CV_64F)).mean()  # noqa: E731
    assert lap(out) < lap(astronaut)
    # The orange suit stays orange: mean colour of the lower-left body region barely moves in hue.
    suit = (slice(150, 230), slice(30, 120))
    assert out[suit][..., 0].mean() > out[suit][..., 2].mean() + 60


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("make it black and white", "grayscale"),
        ("B&W please", "grayscale"),
        ("monochrome", "grayscale"),
        ("greyscale", "grayscale"),
        ("give it a sepia tone", "sepia"),
        ("in pop-art style", "pop-art"),
        ("like a comic book", "pop-art"),
        ("make it look like a watercolour", "watercolor"),
        ("watercolor painting", "watercolor"),
        ("pencil sketch", "sketch"),
        ("a charcoal drawing", "sketch"),
        ("duotone", "duotone"),
        ("make it vintage", "vintage"),
        ("retro film look", "vintage"),
        ("cartoon", "posterize"),
        ("posterise it", "posterize"),
        ("invert the colours", "invert"),
        ("make it a negative", "invert"),
        ("soft focus", "blur"),
        ("blur it", "blur"),
        ("high contrast", "vivid"),
        ("make the colours more vivid", "vivid"),
        ("make it pop", "vivid"),
        ("POP ART!", "pop-art"),
        ("make the car blue", None),
        ("", None),
    ],
)
def test_filter_for_understands_what_users_say(words: str, name: str | None) -> None:
    assert filter_for(words) == name


def test_every_canonical_name_maps_to_itself() -> None:
    for name in FILTERS:
        assert filter_for(name) == name


def test_apply_filter_accepts_synonyms_and_rejects_unknown_names(coffee: RGB) -> None:
    assert np.array_equal(apply_filter(coffee, "b&w"), filters.grayscale(coffee))
    with pytest.raises(InvalidArgument, match="sepia"):
        apply_filter(coffee, "glitter")
