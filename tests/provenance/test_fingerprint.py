"""Thumbnails that tell apart outputs sharing a mark id: robust to JPEG and resizing, sensitive to an edit,
and the verifier using them to trace a stripped copy to its own ledger entry (real SQLite store and ledger)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from openbanana.engine.output import Mark
from openbanana.provenance import fingerprint
from openbanana.provenance.base import RGB
from openbanana.provenance.edit_marks import Parent, mark_edit
from openbanana.provenance.fingerprint import distance, nearest, thumbnail
from openbanana.provenance.stamp import Provenance
from openbanana.provenance.verify import Verifier
from openbanana.provenance.watermark import SpreadWatermarker
from openbanana.usage.ledger_sql import SqlUsageLedger
from tests.provenance import test_verify
from tests.provenance.test_edit_marks import jpeg, poster, sample
from tests.provenance.test_verify import record, request

#: A Provenance + Verifier on a real SQLite marks store and usage ledger (the fixture of test_verify).
parts = test_verify.parts


def photo() -> RGB:
    return sample("astronaut")


def half(rgb: RGB) -> RGB:
    small = Image.fromarray(rgb).resize((rgb.shape[1] // 2, rgb.shape[0] // 2), Image.Resampling.LANCZOS)
    return np.asarray(small, dtype=np.uint8)


def edited(rgb: RGB) -> RGB:
    """``rgb`` with a region of 15% of its area repainted (an edit's second version)."""
    out = rgb.copy()
    h, w = rgb.shape[:2]
    side_y, side_x = int(h * 0.387), int(w * 0.387)  # 0.387² ≈ 0.15
    out[h // 3 : h // 3 + side_y, w // 4 : w // 4 + side_x] = (40, 170, 90)
    return out


def png(rgb: RGB) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG")
    return buffer.getvalue()


def stripped_jpeg(data_: bytes) -> bytes:
    """A metadata-free JPEG q75 re-encode of an image file's pixels."""
    with Image.open(io.BytesIO(data_)) as image:
        rgb = image.convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, format="JPEG", quality=75)
    return buffer.getvalue()


@pytest.mark.parametrize("image", [photo(), poster()], ids=["photo", "poster"])
def test_thumbnail_is_768_bytes_and_barely_moves_under_jpeg_and_resize(image: RGB) -> None:
    t = thumbnail(image)
    assert isinstance(t, bytes) and len(t) == fingerprint.SIDE * fingerprint.SIDE * 3 == 768
    assert distance(t, t) == 0.0
    assert distance(t, thumbnail(jpeg(image))) < 2.0
    assert distance(t, thumbnail(half(image))) < 2.0


@pytest.mark.parametrize("image", [photo(), poster()], ids=["photo", "poster"])
def test_nearest_picks_the_version_a_jpeg_copy_came_from(image: RGB) -> None:
    versions: list[bytes | None] = [thumbnail(image), thumbnail(edited(image))]
    assert nearest(thumbnail(jpeg(image)), versions) == 0
    assert nearest(thumbnail(jpeg(edited(image))), versions) == 1
    assert nearest(thumbnail(half(edited(image))), versions[::-1]) == 0


def test_nearest_refuses_ambiguous_and_far_away_candidates() -> None:
    image = photo()
    t = thumbnail(image)
    assert nearest(thumbnail(jpeg(image)), [t, t]) is None  # two identical rows: cannot tell
    coffee = thumbnail(sample("coffee"))
    assert distance(t, coffee) > fingerprint.MAX_DISTANCE
    assert nearest(coffee, [t]) is None and nearest(coffee, [t, thumbnail(edited(image))]) is None
    assert nearest(t, []) is None


def test_malformed_candidates_are_skipped() -> None:
    image = photo()
    t = thumbnail(image)
    assert distance(t, b"") == float("inf") and distance(b"x" * 767, b"x" * 767) == float("inf")
    assert nearest(thumbnail(jpeg(image)), [None, b"short", t[:-3], t]) == 3
    assert nearest(t, [None, b"short"]) is None


@pytest.mark.platform
def test_verify_tells_apart_two_outputs_sharing_a_mark_id(parts: tuple[Provenance, Verifier, SqlUsageLedger]) -> None:
    provenance, verifier, ledger = parts
    wm = provenance.watermarker
    assert isinstance(wm, SpreadWatermarker)
    mark_id = 4321
    first = wm.embed(poster(), mark_id)
    second = mark_edit(wm, edited(poster()), Parent(first, mark_id), mark_id)  # an edit: same id
    files = {}
    for usage_id, pixels in (("u-first", first), ("u-second", second)):
        req = request(usage_id)
        files[usage_id] = provenance.seal(png(pixels), "image/png", req, Mark(mark_id, thumbnail(pixels)), (640, 480))
        record(ledger, usage_id, "key-a")

    for usage_id, data_ in files.items():
        report = verifier.verify(stripped_jpeg(data_), "copy.jpg", admin=True)
        assert report.credentials is not None and report.credentials.state == "absent" and not report.original
        assert report.watermark is not None and report.watermark.found and report.watermark.mark_id == mark_id
        assert len(report.marks) == 2 and report.marks[0].usage_id == usage_id
        assert report.ledger is not None and report.ledger["id"] == usage_id

    # Rows without thumbnails (made before they were kept): the image is openbanana's, but whose is unknown.
    other_id = 777
    for usage_id, pixels in (("u-old-1", poster()), ("u-old-2", edited(poster()))):
        marked = wm.embed(pixels, other_id)
        provenance.seal(png(marked), "image/png", request(usage_id), Mark(other_id, None), (640, 480))
        record(ledger, usage_id, "key-a")
    report = verifier.verify(stripped_jpeg(png(wm.embed(poster(), other_id))), "old.jpg", admin=True)
    assert report.made_here and report.watermark is not None and report.watermark.mark_id == other_id
    assert report.ledger is None
    assert sorted(m.usage_id or "" for m in report.marks) == ["u-old-1", "u-old-2"]
