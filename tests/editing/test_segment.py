"""Person and subject masks on real photos and a synthetic scene."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import skimage.data

from openbanana.editing.segment import cutout, has_person, person_mask, subject_mask


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / max(1, (a | b).sum()))


def test_astronaut_person_mask_covers_her_and_not_the_corner() -> None:
    img = skimage.data.astronaut()
    prob = person_mask(img)
    assert prob.shape == img.shape[:2] and prob.dtype == np.float32
    person = prob > 0.5
    assert person[80:170, 185:265].mean() > 0.95  # face
    assert person[300:500, 80:400].mean() > 0.8  # suit
    assert person[:80, :80].mean() < 0.05  # flag / backdrop corner
    assert person[:150, 380:].mean() < 0.1  # backdrop and shuttle top right
    ys, xs = np.nonzero(person)
    assert 200 < xs.mean() < 300 and ys.mean() > 200
    assert has_person(img)


def test_no_person_in_cat_or_cup_or_flat_images() -> None:
    assert not has_person(skimage.data.chelsea())
    assert not has_person(skimage.data.coffee())
    assert not has_person(np.full((200, 300, 3), 128, np.uint8))


def test_person_mask_is_thread_safe_and_deterministic() -> None:
    img = skimage.data.astronaut()
    first = person_mask(img)
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(person_mask(img))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(np.array_equal(r, first) for r in results)


def test_astronaut_subject_is_the_person() -> None:
    img = skimage.data.astronaut()
    subject = subject_mask(img) > 0.5
    assert _iou(subject, person_mask(img) > 0.5) > 0.95


def test_chelsea_subject_is_the_cat() -> None:
    img = skimage.data.chelsea()
    cat = subject_mask(img) > 0.5
    assert cat[80:260, 80:300].mean() > 0.9  # eyes, nose, muzzle
    assert cat[60:240, 410:].mean() < 0.15  # the blurred room on the right
    assert 0.4 < cat.mean() < 0.85


def test_coffee_subject_is_the_cup() -> None:
    img = skimage.data.coffee()
    cup = subject_mask(img) > 0.5
    assert cup[40:180, 200:380].mean() > 0.95  # cup and crema
    assert cup[200:280, 120:420].mean() > 0.8  # saucer under it
    for corner in (cup[:60, :100], cup[:60, -100:], cup[-40:, :80], cup[-60:, -100:]):
        assert corner.mean() < 0.05
    assert 0.25 < cup.mean() < 0.65


def test_disc_on_texture_is_cut_out() -> None:
    rng = np.random.default_rng(3)
    h, w = 360, 480
    noise = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 2)
    yy, xx = np.mgrid[0:h, 0:w]
    stripes = 0.5 + 0.5 * np.sin(xx / 7.0 + 3 * noise)
    bg = np.stack([90 + 60 * stripes, 110 + 50 * noise, 70 + 40 * stripes], -1)
    disc = (yy - 170) ** 2 + (xx - 250) ** 2 <= 95**2
    img = np.where(disc[..., None], np.array([40, 90, 230]) + 20 * noise[..., None], bg)
    img = np.clip(img, 0, 255).astype(np.uint8)
    found = subject_mask(img) > 0.5
    assert _iou(found, disc) >= 0.85


def test_flat_image_has_no_subject() -> None:
    alpha = subject_mask(np.full((120, 160, 3), 200, np.uint8))
    assert alpha.shape == (120, 160) and alpha.max() < 0.5


def test_cutout_is_cropped_rgba() -> None:
    img = skimage.data.coffee()
    alpha = np.zeros(img.shape[:2], np.float32)
    alpha[50:150, 100:260] = 1.0
    alpha[49, 100:260] = 0.5
    rgba = cutout(img, alpha)
    assert rgba.shape == (101, 160, 4) and rgba.dtype == np.uint8
    assert np.array_equal(rgba[1:, :, :3], img[50:150, 100:260])
    assert (rgba[1:, :, 3] == 255).all() and (rgba[0, :, 3] == 128).all()
