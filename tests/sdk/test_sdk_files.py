"""The Files API through the official SDK (1.x, 2.x, 3.x), issue 5's "Done when": ``files.upload``
(a real photo, and a file over 8 MiB that goes in two chunks without the API key), the upload used in
``generate_content`` (the edit comes back at the photo's shape), ``files.list`` (the pager follows
page tokens), ``files.get``, ``files.download`` (the same bytes), another key's 403, ``files.delete``,
and ``get`` after delete raising 403 as Google does."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from openbanana.catalog.models import find_model
from openbanana.catalog.sizes import nearest_ratio, pixel_size
from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support import postgres
from tests.support.server import LiveServer, start_server

skimage_data = pytest.importorskip("skimage.data")
pytestmark = [pytest.mark.sdk, pytest.mark.platform]
SCRIPT = Path(__file__).with_name("client_files.py")
KEY, OTHER_KEY = "sdk-files-key", "sdk-files-other"
FLASH = "gemini-3.1-flash-image-preview"
CHUNK = 8 * 1024 * 1024


@pytest.fixture(scope="module")
def files_server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[LiveServer]:
    """The compose generator (real edits) and two keys, so that ownership can be checked."""
    url = postgres_server.fresh_database() if postgres_server is not None else None
    server = start_server(tmp_path_factory.mktemp("sdk-files"), api_keys=(KEY, OTHER_KEY), database_url=url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("files-in")
    photo = d / "chelsea.png"
    Image.fromarray(skimage_data.chelsea()).save(photo)  # 451×300, a real photo
    noise = np.random.default_rng(5).integers(0, 256, size=(1800, 1800, 3), dtype=np.uint8)
    big = d / "noise.png"
    Image.fromarray(noise).save(big, compress_level=1)  # incompressible: ~9.7 MB, two 8 MiB chunks
    assert big.stat().st_size > CHUNK
    return {"photo": str(photo), "big": str(big), "big_sha256": hashlib.sha256(big.read_bytes()).hexdigest()}


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_files_flow(version: str, files_server: LiveServer, inputs: dict[str, Any], tmp_path: Path) -> None:
    args = {"out": str(tmp_path), "key": KEY, "other_key": OTHER_KEY, "photo": inputs["photo"], "big": inputs["big"]}
    r = unwrap(run_scenario(version, "flow", files_server.base_url, args, script=SCRIPT))
    big_size = Path(inputs["big"]).stat().st_size

    # Uploads: start with the key, then chunks authorised by the upload id only.
    photo, big = r["photo"], r["big"]
    assert (photo["state"], photo["source"], photo["mime_type"]) == ("ACTIVE", "UPLOADED", "image/png")
    assert photo["size_bytes"] == Path(inputs["photo"]).stat().st_size and photo["lifetime_s"] == 48 * 3600
    assert (big["display_name"], big["size_bytes"]) == ("big one", big_size)
    requests = r["big_requests"]
    assert requests[0]["path"].endswith(("/upload/v1beta/files", "/upload/v1/files"))
    chunks = requests[1:]
    assert len(chunks) == 2 and all(q["api_key"] is None and q["query"].get("upload_id") for q in chunks)
    assert requests[0]["api_key"] == KEY

    # The edit by reference: the photo went as fileData and came back edited at its shape.
    sent = r["edit_requests"][0]["body"]["contents"][0]["parts"][0]
    file_data = sent.get("fileData") or sent.get("file_data")
    assert (file_data.get("file_uri") or file_data.get("fileUri")) == photo["uri"]
    spec = find_model(FLASH)
    assert spec is not None
    expected = pixel_size(nearest_ratio(451, 300, spec.ratios), spec.default_size)
    for edit in (r["edit"], r["edit_by_uri"]):
        images = [p for p in edit["parts"] if p.get("kind") == "image" and not p["thought"]]
        assert len(images) == 1
        with Image.open(io.BytesIO(Path(images[0]["path"]).read_bytes())) as out:
            assert out.size == (expected.width, expected.height)

    # list (the pager follows nextPageToken with page_size=1), get, download.
    assert r["listed"] == [big["name"], photo["name"]]  # newest first
    assert len([q for q in r["list_requests"] if q["method"] == "GET"]) >= 2
    assert r["got"] == photo
    assert r["downloaded"] == {"bytes": big_size, "sha256": inputs["big_sha256"]}

    # Another key sees nothing; after delete the file is gone, as Google answers (403).
    message = f"You do not have permission to access the File {photo['name']} or it may not exist."
    for outcome in (r["other_get"], r["other_edit"], r["get_after_delete"], r["edit_after_delete"]):
        assert outcome["client_error"] and outcome["code"] == 403, outcome
        assert (outcome["status"], outcome["error_message"]) == ("PERMISSION_DENIED", message)
    assert r["delete"] == {"exc": None}
    assert r["listed_after"] == []
