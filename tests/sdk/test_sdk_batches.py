"""The Batch API through the official SDK (1.75, 2.34, 3.4), against the real server.

``client.batches.create`` with inlined requests → poll ``get`` to JOB_STATE_SUCCEEDED → decode every
``dest.inlined_responses[i].response`` image (exact sizes) and read per-request errors; a JSONL input
file uploaded with ``client.files.upload`` → ``dest.file_name`` → ``client.files.download`` → parsed
lines; ``batches.list`` sees a job, ``batches.cancel`` → JOB_STATE_CANCELLED, ``batches.delete`` → gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from openbanana.catalog.sizes import pixel_size
from tests.sdk.conftest import SDK_VERSIONS, run_scenario, unwrap
from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = [pytest.mark.sdk, pytest.mark.platform]
SCRIPT = Path(__file__).with_name("client_batches.py")
PROMPTS = [
    {"text": "a red fox in the snow", "ratio": "16:9", "size": "512", "key": "fox"},
    {"text": "a blue teapot on a table", "ratio": "1:1", "size": "1K", "key": "teapot"},
    {"text": "a lighthouse at night", "ratio": "9:16", "size": "512", "key": "lighthouse"},
]
FILE_LINES: list[dict[str, Any]] = [
    {"key": "a", "request": {"contents": [{"parts": [{"text": "a green frog"}]}],
                             "generation_config": {"response_modalities": ["TEXT", "IMAGE"],
                                                   "image_config": {"aspect_ratio": "4:3", "image_size": "512"}}}},
    {"key": "b", "request": {"contents": [{"parts": [{"text": "a yellow kite"}]}],
                             "generation_config": {"image_config": {"aspect_ratio": "21:9"}}}},
    {"key": "bad", "request": {"contents": [{"parts": [{"text": "x"}]}],
                               "generation_config": {"image_config": {"aspect_ratio": "7:3"}}}},
]  # fmt: skip


@pytest.fixture(scope="module")
def batch_server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[LiveServer]:
    """The compose generator, one batch worker, on SQLite (or a fresh PostgreSQL database)."""
    url = postgres_server.fresh_database() if postgres_server is not None else None
    server = start_server(tmp_path_factory.mktemp("sdk-batches"), database_url=url, extra=("--batch-workers", "1"))
    yield server
    server.stop()


def image_size(path: str) -> tuple[int, int]:
    with Image.open(path) as img:
        img.load()
        return img.size


def expected(ratio: str, size: str) -> tuple[int, int]:
    px = pixel_size(ratio, size)
    return px.width, px.height


def the_image(described: dict[str, Any]) -> dict[str, Any]:
    images = [p for p in described["parts"] if p.get("kind") == "image" and not p["thought"]]
    assert len(images) == 1, described
    return images[0]


@pytest.mark.parametrize("version", SDK_VERSIONS)
def test_sdk_batches(version: str, batch_server: LiveServer, tmp_path: Path) -> None:
    args = {"out": str(tmp_path)}
    scenarios = [
        ("inline", "inline", {**args, "prompts": PROMPTS}),
        ("file", "file", {**args, "lines": FILE_LINES}),
        ("manage", "manage", {**args, "n": 20}),
    ]
    result = run_scenario(version, "batch", batch_server.base_url, {"scenarios": scenarios}, script=SCRIPT)

    inline = unwrap(result["inline"])
    assert inline["created"]["state"] == "JOB_STATE_PENDING"
    assert inline["created"]["name"].startswith("batches/")
    assert inline["created"]["display_name"] == "sdk-inline"
    assert inline["state"] == "JOB_STATE_SUCCEEDED"
    assert inline["model"] == "models/gemini-3.1-flash-image-preview"
    assert len(inline["responses"]) == len(PROMPTS)
    for prompt, entry in zip(PROMPTS, inline["responses"], strict=True):  # request order
        assert entry["metadata"] == {"key": prompt["key"]}
        image = the_image(entry["response"])
        assert image_size(image["path"]) == expected(prompt["ratio"], prompt["size"])
        assert entry["response"]["usage"]["total_token_count"] > 0

    file = unwrap(result["file"])
    assert file["state"] == "JOB_STATE_SUCCEEDED"
    assert file["file_name"].startswith("files/batch-")
    assert file["file"]["source"] == "GENERATED" and file["file"]["download_uri"]
    lines = {line["key"]: line for line in file["lines"]}
    assert set(lines) == {"a", "b", "bad"}
    assert image_size(the_image(lines["a"]["response"])["path"]) == expected("4:3", "512")
    assert image_size(the_image(lines["b"]["response"])["path"]) == expected("21:9", "1K")
    assert lines["bad"]["error"]["code"] == 400 and "7:3" in lines["bad"]["error"]["message"]

    manage = unwrap(result["manage"])
    assert manage["name"] in manage["listed"]  # newest first, so on the first page
    assert manage["state"] == "JOB_STATE_CANCELLED"
    assert len(manage["results"]) == 20
    assert manage["results"].count(1) >= 10, manage["results"]  # most never ran: per-request CANCELLED errors
    assert manage["after_delete"]["code"] == 404 and manage["after_delete"]["client_error"]
