"""C2PA manifests: signed into PNG/JPEG bytes, checked with the c2pa library's own Reader and with ours."""

from __future__ import annotations

import io
import json
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import c2pa
import numpy as np
import pytest
from PIL import Image

from openbanana.provenance.base import Ingredient, ManifestSpec
from openbanana.provenance.credentials import SigningCredentials, load_or_create, own_root_pem
from openbanana.provenance.manifest import COMPOSITE_TRAINED, TRAINED, C2paCredentials
from tests.provenance.test_credentials import operator_files

MODEL = "gemini-3.1-flash-image-preview"
VERSION = "openbanana/0.1.0 (compose)"


@pytest.fixture(scope="module")
def signing(tmp_path_factory: pytest.TempPathFactory) -> SigningCredentials:
    return load_or_create(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def creds(signing: SigningCredentials) -> Iterator[C2paCredentials]:
    credentials = C2paCredentials(signing)
    yield credentials
    credentials.close()


def image(fmt: str, size: tuple[int, int] = (256, 192), seed: int = 0, **options: Any) -> bytes:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0 : size[1], 0 : size[0]]
    rgb = np.stack([x * 255 // size[0], y * 255 // size[1], (x ^ y) & 255], -1) + rng.integers(0, 16, (*size[::-1], 3))
    out = io.BytesIO()
    Image.fromarray(rgb.clip(0, 255).astype(np.uint8)).save(out, format=fmt, **options)
    return out.getvalue()


def created(**fields: Any) -> ManifestSpec:
    return ManifestSpec(action="c2pa.created", model=MODEL, model_version=VERSION, **fields)


Verdict = tuple[str, list[dict[str, Any]], dict[str, Any]]


def library_read(data: bytes, mime: str, anchors: bytes | None = None) -> Verdict:
    """The c2pa library's verdict, failures and active manifest, independent of our ``read``."""
    settings: dict[str, Any] = {"verify": {"remote_manifest_fetch": False}}
    if anchors:
        settings["trust"] = {"user_anchors": anchors.decode()}
    with c2pa.Context.from_dict(settings) as context, c2pa.Reader(mime, io.BytesIO(data), None, context) as reader:
        state = reader.get_validation_state()
        failures = (reader.get_validation_results() or {}).get("activeManifest", {}).get("failure", [])
        return state, failures, reader.get_active_manifest()


def actions_of(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    (assertion,) = [a for a in manifest["assertions"] if a["label"] == "c2pa.actions.v2"]
    actions: list[dict[str, Any]] = assertion["data"]["actions"]
    return actions


def pixels(data: bytes) -> np.ndarray[Any, Any]:
    with Image.open(io.BytesIO(data)) as decoded:
        return np.asarray(decoded.convert("RGB"))


# -- signing ---------------------------------------------------------------------------------------------


def test_created_png_validates_with_the_c2pa_reader(creds: C2paCredentials, signing: SigningCredentials) -> None:
    png = image("PNG")
    signed = creds.sign(png, "image/png", created(title="openbanana-u1.png", mark_id=1234, usage_id="u-1"))
    assert signed.startswith(b"\x89PNG") and len(signed) > len(png)
    assert np.array_equal(pixels(signed), pixels(png))  # the manifest is metadata; the pixels are untouched

    state, failures, manifest = library_read(signed, "image/png")
    assert state == "Valid"
    assert {f["code"] for f in failures} <= {"signingCredential.untrusted"}  # self-signed root: not on a list
    assert manifest["title"] == "openbanana-u1.png"
    assert manifest["claim_generator_info"][0]["name"] == "openbanana"
    assert manifest["signature_info"]["alg"].lower() == "es256"
    (action,) = actions_of(manifest)
    assert action["action"] == "c2pa.created"
    assert action["digitalSourceType"] == TRAINED
    assert action["softwareAgent"] == {"name": MODEL, "version": VERSION}
    (ours,) = [a["data"] for a in manifest["assertions"] if a["label"] == "org.openbanana.provenance"]
    assert ours == {"mark_id": 1234, "usage_id": "u-1", "model": MODEL, "model_version": VERSION}
    assert "thumbnail" not in manifest and "ingredients" not in manifest

    state, failures, _ = library_read(signed, "image/png", anchors=signing.root_pem)
    assert state == "Trusted" and failures == []


def test_created_jpeg_validates_with_the_c2pa_reader(creds: C2paCredentials, signing: SigningCredentials) -> None:
    jpeg = image("JPEG", quality=80)
    signed = creds.sign(jpeg, "image/jpeg", created(mark_id=7))
    assert signed[:2] == b"\xff\xd8"
    assert np.array_equal(pixels(signed), pixels(jpeg))
    state, failures, manifest = library_read(signed, "image/jpeg", anchors=signing.root_pem)
    assert state == "Trusted" and failures == []
    assert [a["action"] for a in actions_of(manifest)] == ["c2pa.created"]


def test_edit_lists_the_inputs_as_ingredients(creds: C2paCredentials, signing: SigningCredentials) -> None:
    inputs = [
        Ingredient(image("PNG", seed=1), "image/png", "input-1.png", "parentOf"),
        Ingredient(image("JPEG", seed=2), "image/jpeg", "input-2.jpeg"),
        Ingredient(image("WEBP", seed=3), "image/webp", "input-3.webp"),
        Ingredient(image("GIF", seed=4), "image/gif", "input-4.gif"),
        Ingredient(image("BMP", seed=5), "image/bmp", "input-5.bmp"),
    ]
    spec = ManifestSpec(action="c2pa.edited", model=MODEL, model_version=VERSION, ingredients=tuple(inputs))
    signed = creds.sign(image("PNG", (320, 320)), "image/png", spec)

    state, failures, manifest = library_read(signed, "image/png", anchors=signing.root_pem)
    assert state == "Trusted" and failures == []
    ingredients = manifest["ingredients"]
    assert [i["title"] for i in ingredients] == [i.title for i in inputs]
    assert [i["relationship"] for i in ingredients] == ["parentOf"] + ["componentOf"] * 4
    assert [i["format"] for i in ingredients][:4] == ["image/png", "image/jpeg", "image/webp", "image/gif"]
    actions = actions_of(manifest)
    assert [a["action"] for a in actions] == ["c2pa.opened"] + ["c2pa.placed"] * 4 + ["c2pa.edited"]
    # The opened action points at the parent ingredient's assertion.
    assert actions[0]["parameters"]["ingredients"][0]["url"].endswith(ingredients[0]["label"])
    assert actions[-1]["digitalSourceType"] == COMPOSITE_TRAINED
    assert actions[-1]["softwareAgent"]["name"] == MODEL


def test_an_unreadable_input_never_fails_the_output(creds: C2paCredentials) -> None:
    inputs = (
        Ingredient(b"\x89PNG\r\n\x1a\n not really a png", "image/png", "broken.png", "parentOf"),
        Ingredient(image("JPEG"), "image/jpeg", "photo.jpeg"),
    )
    spec = ManifestSpec(action="c2pa.edited", model=MODEL, model_version=VERSION, ingredients=inputs)
    signed = creds.sign(image("PNG"), "image/png", spec)
    report = creds.read(signed, "image/png")
    assert report.state == "valid", report.validation_status
    assert sorted(report.ingredients) == ["broken.png", "photo.jpeg"]
    assert report.actions == ("c2pa.opened", "c2pa.placed", "c2pa.edited")


def test_editing_a_signed_output_keeps_its_manifest_as_the_ingredients(creds: C2paCredentials) -> None:
    first = creds.sign(image("PNG"), "image/png", created(mark_id=1))
    spec = ManifestSpec(
        action="c2pa.edited", model=MODEL, model_version=VERSION, mark_id=2,
        ingredients=(Ingredient(first, "image/png", "input-1.png", "parentOf"),),
    )  # fmt: skip
    second = creds.sign(image("PNG", seed=9), "image/png", spec)
    report = creds.read(second, "image/png")
    assert report.state == "valid" and report.trusted and report.mark_id == 2
    assert len(report.manifest["manifests"]) == 2  # the parent's own manifest travels along


def test_unsupported_output_format_is_refused(creds: C2paCredentials) -> None:
    with pytest.raises(ValueError, match="image/bmp"):
        creds.sign(image("BMP"), "image/bmp", created())


def test_concurrent_signing(creds: C2paCredentials) -> None:
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def work(n: int) -> None:
        try:
            barrier.wait()
            for k in range(5):
                fmt, mime = ("PNG", "image/png") if (n + k) % 2 else ("JPEG", "image/jpeg")
                data = creds.sign(image(fmt, seed=n), mime, created(mark_id=n * 10 + k))
                report = creds.read(data, mime)
                assert report.state == "valid" and report.mark_id == n * 10 + k
                results[n * 10 + k] = data
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(results) == 20


# -- reading ---------------------------------------------------------------------------------------------


def test_read_reports_a_valid_trusted_manifest(creds: C2paCredentials) -> None:
    signed = creds.sign(image("PNG"), "image/png", created(mark_id=99, usage_id="usage-abc"))
    report = creds.read(signed, "image/png")
    assert report.state == "valid" and report.library_state == "Trusted" and report.trusted
    assert report.actions == ("c2pa.created",)
    assert report.claim_generator is not None and report.claim_generator.startswith("openbanana/")
    assert (report.mark_id, report.usage_id) == (99, "usage-abc")
    assert report.ingredients == ()
    codes = [s["code"] for s in report.validation_status]
    assert "signingCredential.trusted" in codes and "assertion.dataHash.match" in codes
    assert all(s["kind"] != "failure" for s in report.validation_status)
    json.dumps(report.manifest)  # serialisable for ``verify --json``
    assert creds.read(signed, "application/octet-stream").state == "valid"  # the format is sniffed


def test_a_reader_without_our_root_says_valid_but_untrusted(creds: C2paCredentials, tmp_path: Path) -> None:
    signed = creds.sign(image("JPEG"), "image/jpeg", created())
    other = C2paCredentials(load_or_create(tmp_path))  # another server: another root
    try:
        report = other.read(signed, "image/jpeg")
    finally:
        other.close()
    assert report.state == "valid" and report.library_state == "Valid" and not report.trusted
    assert [s["code"] for s in report.validation_status if s["kind"] == "failure"] == ["signingCredential.untrusted"]


def test_a_read_only_instance_trusts_the_root_in_a_data_dir(creds: C2paCredentials, tmp_path: Path) -> None:
    assert own_root_pem(tmp_path) is None and not (tmp_path / "c2pa").exists()  # looking creates nothing
    signing = load_or_create(tmp_path)
    signed = C2paCredentials(signing).sign(image("PNG"), "image/png", created())
    reader = C2paCredentials(None, trust_anchors=[own_root_pem(tmp_path) or b""])
    try:
        assert reader.read(signed, "image/png").trusted
        with pytest.raises(RuntimeError, match="read-only"):
            reader.sign(image("PNG"), "image/png", created())
    finally:
        reader.close()


def _flip_idat_byte(png: bytes) -> bytes:
    """Change one byte of compressed pixel data (and fix the chunk CRC, so only C2PA can tell)."""
    data = bytearray(png)
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            data[pos + 8 + length // 2] ^= 0x01
            crc = zlib.crc32(bytes(data[pos + 4 : pos + 8 + length]))
            data[pos + 8 + length : pos + 12 + length] = struct.pack(">I", crc)
            return bytes(data)
        pos += 12 + length
    raise AssertionError("no IDAT")


def test_tampered_pixels_are_invalid(creds: C2paCredentials) -> None:
    signed = creds.sign(image("PNG"), "image/png", created(mark_id=5))
    report = creds.read(_flip_idat_byte(signed), "image/png")
    assert report.state == "invalid" and report.library_state == "Invalid" and not report.trusted
    failures = [s["code"] for s in report.validation_status if s["kind"] == "failure"]
    assert "assertion.dataHash.mismatch" in failures
    assert report.validation_status[0]["kind"] == "failure"  # failures first
    assert report.mark_id == 5  # the claim still says whose it was
    state, _, _ = library_read(_flip_idat_byte(signed), "image/png")
    assert state == "Invalid"


def test_tampered_jpeg_and_manifest_bytes_are_invalid(creds: C2paCredentials) -> None:
    signed = creds.sign(image("JPEG"), "image/jpeg", created())
    body = bytearray(signed)
    body[-200] ^= 0xFF  # entropy-coded data near the end
    assert creds.read(bytes(body), "image/jpeg").state == "invalid"
    broken = bytearray(signed)
    broken[signed.index(b"c2pa.actions")] ^= 0x41  # the manifest store itself
    report = creds.read(bytes(broken), "image/jpeg")
    assert report.state == "invalid" and report.validation_status[0]["kind"] == "failure"


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_stripped_by_reencoding_is_absent(creds: C2paCredentials, fmt: str, mime: str) -> None:
    signed = creds.sign(image(fmt), mime, created())
    with Image.open(io.BytesIO(signed)) as decoded:
        out = io.BytesIO()
        decoded.save(out, format=fmt)
    report = creds.read(out.getvalue(), mime)
    assert report.state == "absent" and report.library_state is None and report.manifest == {}


def test_unsigned_and_non_image_inputs_are_absent(creds: C2paCredentials) -> None:
    assert creds.read(image("PNG"), "image/png").state == "absent"
    assert creds.read(image("BMP"), "image/bmp").state == "absent"
    assert creds.read(b"hello world", "image/png").state == "absent"


# -- operator credentials and timing ---------------------------------------------------------------------


def test_operator_chain_signs_and_is_trusted_through_its_root(tmp_path: Path) -> None:
    cert_path, key_path, root_pem = operator_files(tmp_path)
    operator = C2paCredentials(load_or_create(tmp_path / "data", cert_path, key_path))
    try:
        signed = operator.sign(image("JPEG"), "image/jpeg", created(mark_id=3))
        report = operator.read(signed, "image/jpeg")
    finally:
        operator.close()
    assert report.state == "valid" and report.trusted and report.mark_id == 3
    state, failures, manifest = library_read(signed, "image/jpeg", anchors=root_pem)
    assert state == "Trusted" and failures == []
    assert manifest["signature_info"]["common_name"] == "Example News signer"


def test_extra_trust_anchors(tmp_path: Path, creds: C2paCredentials, signing: SigningCredentials) -> None:
    cert_path, key_path, root_pem = operator_files(tmp_path)
    operator = C2paCredentials(load_or_create(tmp_path / "data", cert_path, key_path))
    ours_trusting_them = C2paCredentials(signing, trust_anchors=[root_pem.decode()])
    try:
        theirs = operator.sign(image("PNG"), "image/png", created())
        assert creds.read(theirs, "image/png").trusted is False
        assert ours_trusting_them.read(theirs, "image/png").trusted is True
        assert ours_trusting_them.read(creds.sign(image("PNG"), "image/png", created()), "image/png").trusted
    finally:
        operator.close()
        ours_trusting_them.close()


def test_signing_is_cheap(creds: C2paCredentials) -> None:
    png = image("PNG", (1024, 1024), compress_level=4)
    creds.sign(png, "image/png", created())
    start = time.perf_counter()
    for _ in range(5):
        creds.sign(png, "image/png", created())
    assert (time.perf_counter() - start) / 5 < 0.25  # measured ~5 ms; generous for a loaded CI machine
