"""Face identity: skimage's astronaut is found, recognised after a flip and resize, and told apart
from other people; photos without people have no faces."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import skimage.data
from numpy.typing import NDArray
from PIL import Image

from openbanana.editing import faces
from openbanana.editing.faces import Face, distance, find_faces, same_person

pytestmark = pytest.mark.skipif(not faces.available(), reason="dlib or face_recognition_models is not installed")

#: Where the astronaut's face is in skimage's 512 × 512 photo (x, y of its centre).
FACE_CENTRE = (220, 120)


def _resized(rgb: NDArray[np.uint8], side: int) -> NDArray[np.uint8]:
    return np.asarray(Image.fromarray(rgb).resize((side, side), Image.Resampling.LANCZOS), dtype=np.uint8)


def _contains(box: tuple[int, int, int, int], point: tuple[float, float]) -> bool:
    x, y, w, h = box
    return x <= point[0] <= x + w and y <= point[1] <= y + h


@pytest.fixture(scope="module")
def astronaut() -> Face:
    found = find_faces(skimage.data.astronaut())
    assert len(found) == 1  # her face, not the mission patch on her suit
    return found[0]


def test_astronaut_face_is_found(astronaut: Face) -> None:
    assert _contains(astronaut.box, FACE_CENTRE)
    assert 60 <= astronaut.box[2] <= 140 and 60 <= astronaut.box[3] <= 140
    assert astronaut.embedding.shape == (128,) and astronaut.embedding.dtype == np.float64


def test_flipped_and_resized_is_the_same_person(astronaut: Face) -> None:
    flipped = _resized(np.ascontiguousarray(skimage.data.astronaut()[:, ::-1]), 700)
    found = find_faces(flipped)
    assert len(found) == 1
    k = 700 / 512
    assert _contains(found[0].box, ((512 - FACE_CENTRE[0]) * k, FACE_CENTRE[1] * k))
    assert distance(astronaut, found[0]) < 0.4
    assert same_person(astronaut, found[0])


def test_a_different_person_is_far(astronaut: Face) -> None:
    lfw = skimage.data.lfw_subset()  # 25 × 25 greyscale LFW faces (the first 100 are faces)
    other = _resized(np.repeat((lfw[0] * 255).astype(np.uint8)[..., None], 3, axis=2), 200)
    found = find_faces(other)
    assert len(found) == 1
    assert distance(astronaut, found[0]) > 0.6
    assert not same_person(astronaut, found[0])
    assert distance(astronaut.embedding, found[0].embedding) == distance(astronaut, found[0])


@pytest.mark.parametrize("name", ["coffee", "chelsea"])
def test_no_faces_in_photos_without_people(name: str) -> None:
    assert find_faces(getattr(skimage.data, name)()) == []


def test_large_photo_boxes_are_in_its_own_pixels(astronaut: Face) -> None:
    big = _resized(skimage.data.astronaut(), 2048)
    found = find_faces(big)
    assert len(found) == 1
    assert _contains(found[0].box, (FACE_CENTRE[0] * 4, FACE_CENTRE[1] * 4))
    assert distance(astronaut, found[0]) < 0.4


def test_threads_get_the_same_answer(astronaut: Face) -> None:
    photo = skimage.data.astronaut()
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: find_faces(photo), range(3)))
    for found in results:
        assert [f.box for f in found] == [astronaut.box]
        assert np.array_equal(found[0].embedding, astronaut.embedding)
