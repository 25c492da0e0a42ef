"""The stamp → verify round trip on real parts: the watermark, C2PA signing, the marks table and the usage
ledger, in process (the HTTP endpoint and the CLI are tested in tests/api and tests/sdk)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from openbanana.catalog.models import find_model
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.request import ImageRequest, InputImage, OutputFormat, Turn
from openbanana.provenance.credentials import load_or_create
from openbanana.provenance.manifest import C2paCredentials
from openbanana.provenance.marks_sql import SqlMarkStore
from openbanana.provenance.stamp import Provenance
from openbanana.provenance.verify import Verifier
from openbanana.provenance.watermark import SpreadWatermarker
from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade
from openbanana.usage.base import UsageEntry
from openbanana.usage.ledger_sql import SqlUsageLedger
from openbanana.usage.prices import PriceTable

pytestmark = pytest.mark.platform
MODEL = find_model("gemini-3.1-flash-image-preview")


@pytest.fixture
def parts(tmp_path: Path, database_url: str | None) -> Iterator[tuple[Provenance, Verifier, SqlUsageLedger]]:
    database = Database(database_url or sqlite_url(tmp_path / "openbanana.db"))
    upgrade(database)
    credentials = C2paCredentials(load_or_create(tmp_path))
    ledger = SqlUsageLedger(database, PriceTable.default())
    marks = SqlMarkStore(database)
    watermarker = SpreadWatermarker()
    yield (
        Provenance(watermarker, credentials, marks, "openbanana/test (compose)"),
        Verifier(watermarker, credentials, marks, ledger.get),
        ledger,
    )
    credentials.close()
    database.dispose()


def picture(width: int = 640, height: int = 480) -> bytes:
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // width, y * 255 // height, ((x // 40 + y // 40) % 2) * 200], -1).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="PNG")
    return out.getvalue()


def request(usage_id: str, images: tuple[InputImage, ...] = (), fmt: OutputFormat | None = None) -> ImageRequest:
    assert MODEL is not None
    return ImageRequest(
        model=MODEL, turns=(Turn("user", ("a chequered sunrise",), images),), output=pixel_size("4:3", "512"),
        usage_id=usage_id, output_format=fmt or OutputFormat(),
    )  # fmt: skip


def stamp(provenance: Provenance, png: bytes, req: ImageRequest) -> bytes:
    marked, mark = provenance.watermark(png, req)
    data = marked
    if req.output_format.mime_type == "image/jpeg":
        from openbanana.engine.output import encode_jpeg

        data = encode_jpeg(marked, req.output_format.quality)
    return provenance.seal(data, req.output_format.mime_type, req, mark, (640, 480))


def record(ledger: SqlUsageLedger, usage_id: str, key_id: str) -> None:
    ledger.record(UsageEntry(id=usage_id, request_id="r", key_id=key_id, model=MODEL.id if MODEL else "",
                             method="generateContent", http_status=200, status="OK", images=1))  # fmt: skip


def test_a_stamped_png_is_original_valid_and_leads_to_its_ledger_entry(
    parts: tuple[Provenance, Verifier, SqlUsageLedger],
) -> None:
    provenance, verifier, ledger = parts
    data = stamp(provenance, picture(), request("u-png"))
    record(ledger, "u-png", "key-a")
    report = verifier.verify(data, "out.png", owner="key-a")
    assert report.original and report.made_here
    assert report.credentials is not None and report.credentials.state == "valid"
    assert report.credentials.actions and "c2pa.created" in report.credentials.actions
    assert report.credentials.usage_id == "u-png"
    assert report.ledger is not None and report.ledger["owned"] and report.ledger["key_id"] == "key-a"

    # Someone else learns that it was made here, when and by which model; not the key or the cost.
    other = verifier.verify(data, "out.png", owner="key-b")
    assert other.ledger is not None and other.ledger["owned"] is False
    assert "key_id" not in other.ledger and "cost_usd" not in other.ledger
    assert other.ledger["model"] == MODEL.id if MODEL else False


def test_an_edit_lists_its_input_and_a_jpeg_is_signed_too(parts: tuple[Provenance, Verifier, SqlUsageLedger]) -> None:
    provenance, verifier, _ = parts
    source = picture(320, 240)
    edit = request("u-edit", (InputImage(source, "image/png", 320, 240),), OutputFormat("image/jpeg", 80))
    data = stamp(provenance, picture(), edit)
    assert data[:2] == b"\xff\xd8"
    report = verifier.verify(data, "edit.jpg")
    assert report.credentials is not None and report.credentials.state == "valid"
    assert "c2pa.edited" in report.credentials.actions and report.credentials.ingredients
    assert report.original


def test_metadata_stripped_is_absent_and_tampering_is_invalid(
    parts: tuple[Provenance, Verifier, SqlUsageLedger],
) -> None:
    provenance, verifier, ledger = parts
    data = stamp(provenance, picture(), request("u-strip"))
    record(ledger, "u-strip", "key-a")
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
    stripped = io.BytesIO()
    rgb.save(stripped, format="JPEG", quality=85)
    report = verifier.verify(stripped.getvalue(), "copy.jpg", admin=True)
    assert report.credentials is not None and report.credentials.state == "absent"
    assert not report.original
    # The watermark survives the strip and leads back to the output's marks row and ledger entry.
    assert report.watermark is not None and report.watermark.found
    assert [m.usage_id for m in report.marks] == ["u-strip"] and report.marks[0].mark_id == report.watermark.mark_id
    assert report.ledger is not None and report.ledger["id"] == "u-strip" and report.made_here

    # A signed JPEG whose pixels were changed: the manifest no longer matches.
    jpeg = stamp(provenance, picture(), request("u-tamper", fmt=OutputFormat("image/jpeg", 90)))
    tampered = bytearray(jpeg)
    tampered[-200] ^= 0xFF  # entropy-coded data near the end
    bad = verifier.verify(bytes(tampered), "tampered.jpg")
    assert bad.credentials is not None and bad.credentials.state == "invalid"
    assert not bad.original


def test_a_foreign_image_is_not_made_here_and_garbage_is_an_error(
    parts: tuple[Provenance, Verifier, SqlUsageLedger],
) -> None:
    _, verifier, _ = parts
    report = verifier.verify(picture(512, 512), "camera.png")
    assert not report.made_here and report.credentials is not None and report.credentials.state == "absent"
    assert report.watermark is not None and not report.watermark.found and report.watermark.confidence < 0.1
    assert verifier.verify(b"", "empty").error == "the file is empty"
    assert verifier.verify(b"GIF89a nonsense", "x.gif").error is not None
