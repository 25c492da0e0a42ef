"""The input gate, in process: every corpus case refused or normalised exactly as it should be."""

from __future__ import annotations

import io
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from openbanana.engine.errors import InvalidArgument
from openbanana.imaging.normalize import Limits, normalize_image
from openbanana.imaging.png_text import add_text
from openbanana.provenance.base import ManifestSpec
from openbanana.provenance.credentials import load_or_create
from openbanana.provenance.manifest import C2paCredentials
from tests.support.bad_images import QUAD_43, Case, corpus, encode, quad

CASES = corpus()


def check_probes(case: Case, img: Image.Image, extra_tolerance: int = 0, patch: int = 0) -> None:
    """Each probe's colour, averaged over a (2·patch+1)² window (outputs carry a watermark's noise)."""
    rgb = np.asarray(img.convert("RGB"), dtype=np.float64)
    height, width = rgb.shape[:2]
    for (fx, fy), want in case.probes:
        x, y = min(int(fx * width), width - 1), min(int(fy * height), height - 1)
        window = rgb[max(0, y - patch) : y + patch + 1, max(0, x - patch) : x + patch + 1]
        got = tuple(round(v) for v in window.reshape(-1, 3).mean(axis=0))
        worst = max(abs(a - b) for a, b in zip(got, want, strict=True))
        assert worst <= case.tolerance + extra_tolerance, f"{case.name} at ({fx}, {fy}): {got} != {want}"


def outcome(case: Case) -> tuple[str, ...]:
    try:
        image = normalize_image(case.data, "contents[0].parts[0].inline_data")
    except InvalidArgument as exc:
        return ("400", str(exc))
    return ("200", image.mime_type, str(image.width), str(image.height), str(image.unchanged))


def test_the_corpus_is_large_and_mixed() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    assert sum(c.status == 400 for c in CASES) >= 20 and sum(c.status == 200 for c in CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_corpus_case(case: Case) -> None:
    data = case.data
    if case.status == 400:
        with pytest.raises(InvalidArgument) as caught:
            normalize_image(data, "contents[0].parts[0].inline_data")
        message = str(caught.value)
        assert message.startswith("contents[0].parts[0].inline_data: "), message
        assert case.message in message.lower(), message
        return
    image = normalize_image(data, "f")
    assert (image.width, image.height) == case.size
    assert image.mime_type == case.mime
    assert image.unchanged is case.unchanged, image.changes
    if case.unchanged:
        assert image.data is data or image.data == data  # byte for byte: hashes and signed chunks survive
    with Image.open(io.BytesIO(image.data)) as decoded:
        assert Image.MIME[decoded.format or ""] == image.mime_type  # mime_type describes the bytes handed on
        assert decoded.size == (image.width, image.height)
        assert getattr(decoded, "n_frames", 1) == 1 or image.unchanged
        check_probes(case, decoded)


def test_normalised_output_is_a_fixed_point() -> None:
    """Whatever the gate re-encodes passes the gate again untouched (no double work on multi-turn edits)."""
    for case in CASES:
        if case.status == 200 and not case.unchanged:
            first = normalize_image(case.data, "f")
            again = normalize_image(first.data, "f")
            assert again.unchanged and again.data == first.data, (case.name, again.changes)


def test_signed_outputs_pass_untouched(tmp_path: Path) -> None:
    """Our own outputs (lineage iTXt + C2PA manifest) come back in multi-turn edits: byte for byte."""
    credentials = C2paCredentials(load_or_create(tmp_path))
    spec = ManifestSpec(action="c2pa.created", model="m", model_version="v")
    png = add_text(encode(quad(*QUAD_43), "PNG"), "openbanana", '{"plan": {}}')
    for data, mime in ((png, "image/png"), (encode(quad(*QUAD_43), "JPEG"), "image/jpeg")):
        signed = credentials.sign(data, mime, spec)
        image = normalize_image(signed, "f")
        assert image.unchanged and image.data == signed and image.mime_type == mime


def test_trailing_payloads_are_cut_losslessly() -> None:
    png = encode(quad(*QUAD_43), "PNG")
    jpeg = encode(quad(*QUAD_43), "JPEG")
    assert normalize_image(png + b"<html>polyglot</html>", "f").data == png
    assert normalize_image(jpeg + b"\xff\xd8 second image", "f").data == jpeg


def test_an_embedded_thumbnail_does_not_end_the_jpeg_early() -> None:
    """EOI and SOS bytes inside an APP1 payload (an EXIF thumbnail) are skipped by segment length."""
    thumbnail = encode(quad(16, 12), "JPEG")
    payload = b"Exif\x00\x00" + thumbnail
    main = encode(quad(*QUAD_43), "JPEG")
    jpeg = main[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + main[2:]
    image = normalize_image(jpeg, "f")
    assert image.unchanged and image.data == jpeg and (image.width, image.height) == QUAD_43


def test_limits_are_parameters_not_globals() -> None:
    png = encode(quad(40, 30), "PNG")
    with pytest.raises(InvalidArgument, match="40x30"):
        normalize_image(png, "f", Limits(max_pixels=1000))
    with pytest.raises(InvalidArgument, match="bytes"):
        normalize_image(png, "f", Limits(max_bytes=10))
    with pytest.raises(InvalidArgument, match="per side"):
        normalize_image(png, "f", Limits(max_side=32))
    assert normalize_image(png, "f").unchanged
    before = Image.MAX_IMAGE_PIXELS
    for case in CASES:
        outcome(case)
    assert before == Image.MAX_IMAGE_PIXELS  # Pillow's process-wide limit is never touched


def test_concurrent_use_gives_the_same_answers() -> None:
    expected = [outcome(c) for c in CASES]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(outcome, CASES * 2)) == expected * 2
