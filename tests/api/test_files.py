"""The Files API over raw HTTP against the real server (reference §9): the resumable upload's headers
and offsets, chunks authorised by the upload id alone, the File resource's exact shape, owner scoping
(403 with Google's message), paging, deletion, downloads, limits, ``fileData`` in generateContent, and
expiry with a short TTL. Every answer is checked to be below 500."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.support import postgres
from tests.support.server import LiveServer, start_server

pytestmark = pytest.mark.platform

KEY_A, KEY_B = "files-key-a", "files-key-b"
MAX_FILE = 12 * 1024 * 1024
MAX_TOTAL = 40 * 1024 * 1024
MESSAGE = "You do not have permission to access the File files/{} or it may not exist."
MODEL = "gemini-2.5-flash-image"


def _url(postgres_server: postgres.PostgresServer | None) -> str | None:
    return postgres_server.fresh_database() if postgres_server is not None else None


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: postgres.PostgresServer | None
) -> Iterator[LiveServer]:
    """Two keys (two owners), noop generator, small limits so that they can be reached cheaply."""
    env = {"OPENBANANA_FILES_MAX_FILE_BYTES": str(MAX_FILE), "OPENBANANA_FILES_MAX_TOTAL_BYTES": str(MAX_TOTAL)}
    live = start_server(tmp_path_factory.mktemp("files"), api_keys=(KEY_A, KEY_B), generator="noop",
                        database_url=_url(postgres_server), env_extra=env)  # fmt: skip
    yield live
    live.stop()


class Api:
    """httpx with a key, failing on any 5xx."""

    def __init__(self, base_url: str, key: str | None) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.key = key

    def request(self, method: str, url: str, *, key: bool = True, **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}) or {})
        if key and self.key:
            headers["x-goog-api-key"] = self.key
        response = self.http.request(method, url, headers=headers, **kw)
        assert response.status_code < 500, response.text
        return response

    def start(
        self, meta: dict[str, Any] | None = None, *, path: str = "/upload/v1beta/files", **headers: str
    ) -> httpx.Response:
        base = {"X-Goog-Upload-Protocol": "resumable", "X-Goog-Upload-Command": "start"}
        return self.request("POST", path, json={"file": meta or {}}, headers=base | headers)

    def chunk(self, url: str, data: bytes, offset: int, command: str = "upload, finalize") -> httpx.Response:
        headers = {"X-Goog-Upload-Command": command, "X-Goog-Upload-Offset": str(offset),
                   "Content-Type": "application/json"}  # fmt: skip  # as the SDK sends it: never parsed
        return self.request("POST", url, key=False, content=data, headers=headers)

    def upload(self, data: bytes, mime: str = "image/png", chunk: int = 1 << 30, **meta: Any) -> dict[str, Any]:
        start = self.start({"mime_type": mime, "size_bytes": len(data), **meta})
        assert start.status_code == 200, start.text
        url = start.headers["x-goog-upload-url"]
        offset = 0
        while True:
            piece = data[offset : offset + chunk]
            last = offset + len(piece) >= len(data)
            answer = self.chunk(url, piece, offset, "upload, finalize" if last else "upload")
            assert answer.status_code == 200, answer.text
            offset += len(piece)
            if last:
                assert answer.headers["x-goog-upload-status"] == "final"
                file: dict[str, Any] = answer.json()["file"]
                return file
            assert answer.headers["x-goog-upload-status"] == "active"


@pytest.fixture
def a(server: LiveServer) -> Iterator[Api]:
    api = Api(server.base_url, KEY_A)
    yield api
    api.http.close()


@pytest.fixture
def b(server: LiveServer) -> Iterator[Api]:
    api = Api(server.base_url, KEY_B)
    yield api
    api.http.close()


def png(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def error(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


def test_upload_protocol_and_file_shape(a: Api, server: LiveServer) -> None:
    data = bytes(range(256)) * 4096 + b"end"  # 1 MiB + 3 bytes, sent as 512 KiB chunks
    start = a.start({"display_name": "tiny", "mime_type": "image/png", "size_bytes": len(data)},
                    **{"X-Goog-Upload-Header-Content-Length": str(len(data))})  # fmt: skip
    assert start.status_code == 200 and start.headers["x-goog-upload-status"] == "active"
    url = start.headers["x-goog-upload-url"]
    assert re.fullmatch(
        re.escape(server.base_url) + r"/upload/v1beta/files\?upload_id=[\w-]+&upload_protocol=resumable", url
    )
    half = 512 * 1024
    first = a.chunk(url, data[:half], 0, "upload")
    assert first.status_code == 200 and first.headers["x-goog-upload-status"] == "active"
    query = a.chunk(url, b"", 0, "query")
    assert query.headers["x-goog-upload-size-received"] == str(half)
    wrong = a.chunk(url, data[half:], half + 1, "upload, finalize")
    assert wrong.status_code == 400 and error(wrong)["status"] == "INVALID_ARGUMENT"
    assert wrong.headers["x-goog-upload-status"] == "final"  # the SDK stops instead of re-sending
    assert "offset" in error(wrong)["message"].lower()
    second = a.chunk(url, data[half : 2 * half], half, "upload")
    final = a.chunk(url, data[2 * half :], 2 * half, "upload, finalize")
    assert second.status_code == final.status_code == 200 and final.headers["x-goog-upload-status"] == "final"
    file = final.json()["file"]
    assert set(file) == {"name", "displayName", "mimeType", "sizeBytes", "createTime", "updateTime",
                         "expirationTime", "sha256Hash", "uri", "state", "source"}  # fmt: skip
    file_id = file["name"].removeprefix("files/")
    assert re.fullmatch(r"[a-z0-9]{12}", file_id)
    assert (file["displayName"], file["mimeType"], file["sizeBytes"]) == ("tiny", "image/png", str(len(data)))
    assert (file["state"], file["source"]) == ("ACTIVE", "UPLOADED")
    assert file["sha256Hash"] == base64.b64encode(hashlib.sha256(data).hexdigest().encode()).decode()
    assert file["uri"] == f"{server.base_url}/v1beta/files/{file_id}"
    created = datetime.fromisoformat(file["createTime"].replace("Z", "+00:00"))
    expires = datetime.fromisoformat(file["expirationTime"].replace("Z", "+00:00"))
    assert file["createTime"].endswith("Z") and (expires - created).total_seconds() == 48 * 3600
    assert a.request("GET", f"/v1beta/{file['name']}").json() == file
    assert a.request("GET", f"/v1/{file['name']}").json()["uri"] == f"{server.base_url}/v1/files/{file_id}"
    for path in (f"/v1beta/{file['name']}:download?alt=media", f"/download/v1beta/{file['name']}:download?alt=media"):
        download = a.request("GET", path)
        assert download.status_code == 200 and download.content == data
        assert download.headers["content-type"] == "image/png"
    gone = a.chunk(url, b"x", len(data), "upload, finalize")  # the upload is finished
    assert gone.status_code == 400


def test_collection_scope_upload_path(a: Api) -> None:
    start = a.start({"mime_type": "text/plain", "sizeBytes": "5"}, path="/v1beta/upload/files")
    url = start.headers["x-goog-upload-url"]
    assert "/v1beta/upload/files?upload_id=" in url
    final = a.chunk(url, b"hello", 0)
    assert final.json()["file"]["mimeType"] == "text/plain"


def test_start_needs_a_key_chunks_do_not(server: LiveServer, a: Api) -> None:
    anonymous, wrong = Api(server.base_url, None), Api(server.base_url, "not-a-key")
    denied = anonymous.start({"mime_type": "image/png"})
    assert denied.status_code == 403 and error(denied)["status"] == "PERMISSION_DENIED"
    assert "x-goog-upload-url" not in denied.headers
    assert wrong.start({"mime_type": "image/png"}).status_code == 400
    for path in ("/v1beta/files", "/v1beta/files/abc"):
        assert anonymous.request("GET", path).status_code == 403
    unknown = anonymous.chunk(f"{server.base_url}/upload/v1beta/files?upload_id=nosuchupload", b"x", 0)
    assert unknown.status_code == 400 and unknown.headers["x-goog-upload-status"] == "final"


def test_owner_scoping(a: Api, b: Api) -> None:
    file = a.upload(png())
    name, file_id = file["name"], file["name"].removeprefix("files/")
    for method, path in (("GET", f"/v1beta/{name}"), ("DELETE", f"/v1beta/{name}"),
                         ("GET", f"/v1beta/{name}:download?alt=media")):  # fmt: skip
        answer = b.request(method, path)
        assert answer.status_code == 403 and error(answer) == {
            "code": 403, "message": MESSAGE.format(file_id), "status": "PERMISSION_DENIED"}  # fmt: skip
    assert name not in [f["name"] for f in b.request("GET", "/v1beta/files?pageSize=100").json().get("files", [])]
    body = {
        "contents": [{"parts": [{"fileData": {"fileUri": file["uri"], "mimeType": "image/png"}}, {"text": "blue"}]}]
    }
    answer = b.request("POST", f"/v1beta/models/{MODEL}:generateContent", json=body)
    assert answer.status_code == 403 and error(answer)["message"] == MESSAGE.format(file_id)
    assert a.request("GET", f"/v1beta/{name}").status_code == 200


def test_list_paging(server: LiveServer, postgres_server: postgres.PostgresServer | None, tmp_path: Path) -> None:
    live = start_server(tmp_path, api_keys=(KEY_A,), generator="noop", database_url=_url(postgres_server))
    try:
        api = Api(live.base_url, KEY_A)
        assert api.request("GET", "/v1beta/files").json() == {}  # proto3 JSON: an empty list is omitted
        names = [api.upload(b"%d" % n, "text/plain")["name"] for n in range(5)]
        seen, token, pages = [], "", 0
        while True:
            page = api.request("GET", f"/v1beta/files?pageSize=2&pageToken={token}").json()
            seen += [f["name"] for f in page["files"]]
            pages += 1
            token = page.get("nextPageToken", "")
            if not token:
                break
        assert pages == 3 and seen == names[::-1]  # newest first
        assert len(api.request("GET", "/v1beta/files").json()["files"]) == 5  # default page 10
        for query in ("pageSize=abc", "pageSize=-1", "pageToken=garbage"):
            answer = api.request("GET", f"/v1beta/files?{query}")
            assert answer.status_code == 400 and error(answer)["status"] == "INVALID_ARGUMENT"
    finally:
        live.stop()


def test_delete(a: Api) -> None:
    file = a.upload(b"bye", "text/plain")
    deleted = a.request("DELETE", f"/v1beta/{file['name']}")
    assert deleted.status_code == 200 and deleted.json() == {}
    assert a.request("GET", f"/v1beta/{file['name']}").status_code == 403
    assert a.request("DELETE", f"/v1beta/{file['name']}").status_code == 403


def test_bad_start_requests(a: Api) -> None:
    base = {"X-Goog-Upload-Protocol": "resumable", "X-Goog-Upload-Command": "start", "Content-Type": "application/json"}
    cases = {
        "bad json": a.request("POST", "/upload/v1beta/files", content=b"{not json", headers=base),
        "not an object": a.request("POST", "/upload/v1beta/files", content=b"[1]", headers=base),
        "file not an object": a.request("POST", "/upload/v1beta/files", json={"file": "x"}, headers=base),
        "bad size": a.start({"size_bytes": "many"}),
        "bad name": a.start({"name": "files/Not_Valid"}),
        "no protocol": a.request("POST", "/upload/v1beta/files", json={}, headers={"X-Goog-Upload-Command": "start"}),
        "not start": a.start({}, **{"X-Goog-Upload-Command": "upload"}),
        "too big": a.start({"size_bytes": 3 * 1024**3}),
        "too big (header)": a.start({}, **{"X-Goog-Upload-Header-Content-Length": str(MAX_FILE + 1)}),
    }
    for label, answer in cases.items():
        assert answer.status_code == 400, label
        assert error(answer)["status"] == "INVALID_ARGUMENT", label
    assert a.request("POST", "/upload/v9/files", json={}, headers=base).status_code == 404


def test_user_names_and_conflicts(a: Api, b: Api) -> None:
    file = a.upload(b"named", "text/plain", name="files/my-named-file")
    assert file["name"] == "files/my-named-file"
    taken = b.start({"name": "files/my-named-file"})
    assert taken.status_code == 409 and error(taken)["status"] == "ALREADY_EXISTS"


def test_size_limits_clean_up(a: Api, b: Api) -> None:
    start = a.start({"size_bytes": 4})
    url = start.headers["x-goog-upload-url"]
    over = a.chunk(url, b"12345", 0, "upload")
    assert over.status_code == 400 and "declared" in error(over)["message"]
    assert a.chunk(url, b"", 0, "query").status_code == 400  # cancelled
    start = a.start({})  # nothing declared: the per-file limit
    big = a.chunk(start.headers["x-goog-upload-url"], b"x" * (MAX_FILE + 1), 0)
    assert big.status_code == 400
    # The owner's total: b fills 3 × 12 MiB of 40 MiB; a fourth does not fit.
    for _ in range(3):
        b.upload(b"y" * MAX_FILE, "application/octet-stream", chunk=8 << 20)
    full = b.start({"size_bytes": MAX_FILE})
    assert full.status_code == 400 and "storage limit" in error(full)["message"]


def test_file_data_in_generate_content(a: Api) -> None:
    file = a.upload(png(300, 200))
    file_id = file["name"].removeprefix("files/")
    refs = [{"fileData": {"fileUri": file["uri"], "mimeType": "image/png"}},  # SDK 1.x
            {"fileData": {"file_uri": file["uri"], "mime_type": "image/png"}},  # SDK >= 2
            {"file_data": {"file_uri": f"files/{file_id}"}}]  # fmt: skip
    for ref in refs:
        body = {"contents": [{"parts": [ref, {"text": "make it warmer"}]}]}
        answer = a.request("POST", f"/v1beta/models/{MODEL}:generateContent", json=body)
        assert answer.status_code == 200, answer.text
        image = next(p["inlineData"] for p in answer.json()["candidates"][0]["content"]["parts"] if "inlineData" in p)
        size = Image.open(io.BytesIO(base64.b64decode(image["data"]))).size
        assert abs(size[0] / size[1] - 1.5) < 0.1  # the edit keeps the uploaded photo's shape (3:2)
    counted = a.request("POST", f"/v1beta/models/{MODEL}:countTokens", json={"contents": [{"parts": [refs[0]]}]})
    assert counted.status_code == 200 and counted.json()["totalTokens"] > 0
    text = a.upload(b"just text", "text/plain")
    fake = a.upload(b"not really a png", "image/png")
    bad = {
        "url": {"file_uri": "https://example.com/cat.png"},
        "gcs": {"file_uri": "gs://bucket/cat.png"},
        "text file": {"file_uri": text["uri"]},
        "not an image": {"file_uri": fake["uri"], "mime_type": "image/png"},
        "declared pdf": {"file_uri": file["uri"], "mime_type": "application/pdf"},
    }
    for label, ref in bad.items():
        body = {"contents": [{"parts": [{"file_data": ref}, {"text": "edit"}]}]}
        answer = a.request("POST", f"/v1beta/models/{MODEL}:generateContent", json=body)
        assert answer.status_code == 400, (label, answer.text)
    assert "never fetched" in error(
        a.request("POST", f"/v1beta/models/{MODEL}:generateContent",
                  json={"contents": [{"parts": [{"file_data": bad["url"]}, {"text": "x"}]}]})
    )["message"]  # fmt: skip
    missing = {"contents": [{"parts": [{"file_data": {"file_uri": "files/doesnotexist"}}, {"text": "x"}]}]}
    assert a.request("POST", f"/v1beta/models/{MODEL}:generateContent", json=missing).status_code == 403


def test_expiry(tmp_path: Path, postgres_server: postgres.PostgresServer | None) -> None:
    env = {"OPENBANANA_FILES_TTL_S": "2", "OPENBANANA_FILES_SWEEP_INTERVAL_S": "1"}
    live = start_server(tmp_path, api_keys=(KEY_A,), generator="noop", database_url=_url(postgres_server),
                        env_extra=env)  # fmt: skip
    try:
        api = Api(live.base_url, KEY_A)
        file = api.upload(b"short-lived", "text/plain")
        abandoned = api.start({"size_bytes": 100})
        api.chunk(abandoned.headers["x-goog-upload-url"], b"x" * 10, 0, "upload")
        created = datetime.fromisoformat(file["createTime"].replace("Z", "+00:00"))
        expires = datetime.fromisoformat(file["expirationTime"].replace("Z", "+00:00"))
        assert (expires - created).total_seconds() == 2
        assert api.request("GET", f"/v1beta/{file['name']}").status_code == 200
        blobs = next(tmp_path.glob("data-*")) / "blobs"
        assert sum(1 for p in blobs.rglob("*") if p.is_file()) == 2
        time.sleep(2.2)
        assert api.request("GET", f"/v1beta/{file['name']}").status_code == 403
        deadline = time.monotonic() + 10
        while any(p.is_file() for p in blobs.rglob("*")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(p.is_file() for p in blobs.rglob("*")), "the sweeper left blobs behind"
        assert api.request("GET", "/v1beta/files").json() == {}
    finally:
        live.stop()


def test_path_prefix_from_a_proxy(a: Api, server: LiveServer) -> None:
    """Behind a proxy that strips ``/gw``, the upload URL and the file's uri keep the prefix."""
    start = a.start({"mime_type": "text/plain"}, **{"X-Forwarded-Prefix": "/gw"})
    url = start.headers["x-goog-upload-url"]
    assert url.startswith(f"{server.base_url}/gw/upload/v1beta/files?upload_id=")
    final = a.request("POST", url.replace("/gw", "", 1), key=False, content=b"hi",
                      headers={"X-Goog-Upload-Command": "upload, finalize", "X-Goog-Upload-Offset": "0",
                               "X-Forwarded-Prefix": "/gw"})  # fmt: skip
    assert final.json()["file"]["uri"].startswith(f"{server.base_url}/gw/v1beta/files/")
    odd = a.start({}, **{"X-Forwarded-Prefix": "/a b?x"})  # not a path prefix: ignored
    assert odd.headers["x-goog-upload-url"].startswith(f"{server.base_url}/upload/")
