"""The resumable upload protocol below HTTP: chunk offsets, limits (declared, received, per owner),
user-chosen names, finalize hashing in place, and cleanup of abandoned or refused uploads."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import anyio
import pytest

from openbanana.blobs import LocalBlobStore
from openbanana.engine.errors import AlreadyExists, InvalidArgument
from openbanana.files.files_sql import PART_BYTES, SqlFileStore
from openbanana.files.uploads import ChunkResult, UploadMeta, UploadNotFound, Uploads, parse_meta
from tests.files.conftest import Clock

pytestmark = pytest.mark.platform


async def _blocks(data: bytes, block: int = 1 << 20) -> AsyncIterator[bytes]:
    for i in range(0, len(data), block):
        yield data[i : i + block]


def send(uploads: Uploads, upload_id: str, offset: int, data: bytes, finalize: bool = False) -> ChunkResult:
    async def go() -> ChunkResult:
        return await uploads.chunk(upload_id, offset, _blocks(data), finalize=finalize)

    return anyio.run(go)


def blob_count(blobs: LocalBlobStore) -> int:
    return sum(1 for p in blobs.root.rglob("*") if p.is_file())


def test_chunks_then_finalize(uploads: Uploads, store: SqlFileStore, blobs: LocalBlobStore) -> None:
    data = bytes(range(256)) * (PART_BYTES // 256) + b"tail" * 1000  # 8 MiB + 4000 bytes, as the SDK sends
    uid = uploads.start("k1", UploadMeta(display_name="d", mime_type="image/png", size_bytes=len(data)))
    first = send(uploads, uid, 0, data[:PART_BYTES])
    assert first == ChunkResult(PART_BYTES, None) and uploads.query(uid) == PART_BYTES
    with pytest.raises(InvalidArgument, match="Offset 0"):
        send(uploads, uid, 0, data[:10])  # a stale offset
    final = send(uploads, uid, PART_BYTES, data[PART_BYTES:], finalize=True)
    assert final.file is not None and final.received == len(data)
    record = final.file
    assert (record.state, record.source) == ("ACTIVE", "UPLOADED")
    assert (record.mime_type, record.display_name) == ("image/png", "d")
    assert record.sha256 == hashlib.sha256(data).hexdigest() and record.size_bytes == len(data)
    assert store.read("k1", record.id) == data
    assert blob_count(blobs) == 2  # the chunks became the file's parts: nothing copied
    with pytest.raises(UploadNotFound):
        uploads.query(uid)  # finished uploads are gone


def test_one_big_chunk_is_split_into_parts(uploads: Uploads, store: SqlFileStore, blobs: LocalBlobStore) -> None:
    data = b"z" * (2 * PART_BYTES + 5)
    uid = uploads.start("k1", UploadMeta(mime_type="application/octet-stream"))
    record = send(uploads, uid, 0, data, finalize=True).file
    assert record is not None and store.read("k1", record.id) == data and blob_count(blobs) == 3


def test_declared_size_is_enforced(uploads: Uploads, blobs: LocalBlobStore) -> None:
    uid = uploads.start("k1", UploadMeta(size_bytes=10))
    with pytest.raises(InvalidArgument, match="declared size"):
        send(uploads, uid, 0, b"x" * 11)
    assert blob_count(blobs) == 0
    with pytest.raises(UploadNotFound):
        uploads.query(uid)  # cancelled
    uid = uploads.start("k1", UploadMeta(size_bytes=10))
    with pytest.raises(InvalidArgument, match="were declared"):
        send(uploads, uid, 0, b"x" * 9, finalize=True)
    assert blob_count(blobs) == 0


def test_size_limits(uploads: Uploads, store: SqlFileStore, blobs: LocalBlobStore) -> None:
    with pytest.raises(InvalidArgument, match="at most"):
        uploads.start("k1", UploadMeta(size_bytes=store.max_file_bytes + 1))
    uid = uploads.start("k1", UploadMeta())  # nothing declared: the per-file limit still holds
    with pytest.raises(InvalidArgument, match="per-file limit"):
        send(uploads, uid, 0, b"x" * (store.max_file_bytes + 1))
    assert blob_count(blobs) == 0
    # The owner's total (64 MiB here) counts files and pending uploads; other owners are separate.
    for _ in range(2):
        uid = uploads.start("k1", UploadMeta())
        send(uploads, uid, 0, b"y" * (30 << 20), finalize=True)
    with pytest.raises(InvalidArgument, match="storage limit"):
        uploads.start("k1", UploadMeta(size_bytes=5 << 20))
    uid = uploads.start("k1", UploadMeta())
    with pytest.raises(InvalidArgument, match="storage limit"):
        send(uploads, uid, 0, b"y" * (5 << 20))
    uid = uploads.start("k2", UploadMeta(size_bytes=5 << 20))
    assert send(uploads, uid, 0, b"y" * (5 << 20), finalize=True).file is not None


def test_user_chosen_names(uploads: Uploads, store: SqlFileStore) -> None:
    uid = uploads.start("k1", UploadMeta(name="files/my-photo"))
    with pytest.raises(AlreadyExists):
        uploads.start("k2", UploadMeta(name="files/my-photo"))  # reserved by the pending upload
    record = send(uploads, uid, 0, b"png", finalize=True).file
    assert record is not None and record.name == "files/my-photo"
    with pytest.raises(AlreadyExists):
        uploads.start("k1", UploadMeta(name="my-photo"))
    with pytest.raises(InvalidArgument):
        uploads.start("k1", UploadMeta(name="files/Not Valid"))
    store.delete("k1", "my-photo")
    uploads.start("k1", UploadMeta(name="files/my-photo"))  # free again


def test_abandoned_uploads_expire(uploads: Uploads, blobs: LocalBlobStore, clock: Clock) -> None:
    uid = uploads.start("k1", UploadMeta())
    send(uploads, uid, 0, b"partial")
    clock.now += 3601
    with pytest.raises(UploadNotFound):
        send(uploads, uid, 7, b"more")
    assert uploads.sweep_expired() == 1
    assert blob_count(blobs) == 0


def test_unknown_upload_id(uploads: Uploads) -> None:
    with pytest.raises(UploadNotFound):
        send(uploads, "nope", 0, b"x")


def test_parse_meta_accepts_both_spellings_and_headers() -> None:
    snake = parse_meta({"file": {"display_name": "a", "mime_type": "image/png", "size_bytes": 72}}, {})
    camel = parse_meta({"file": {"displayName": "a", "mimeType": "image/png", "sizeBytes": "72"}}, {})
    assert snake == camel == UploadMeta(None, "a", "image/png", 72)
    headers = {"x-goog-upload-header-content-length": "9", "x-goog-upload-header-content-type": "image/jpeg"}
    assert parse_meta({}, headers) == UploadMeta(None, None, "image/jpeg", 9)
    assert parse_meta({"file": {"name": "files/x"}}, {}).name == "files/x"
    for bad in ({"file": "x"}, {"file": {"size_bytes": "ten"}}, {"file": {"size_bytes": 1.5}}, {"file": {"name": 3}}):
        with pytest.raises(InvalidArgument):
            parse_meta(bad, {})


def test_an_expired_file_frees_its_name(
    uploads: Uploads, store: SqlFileStore, blobs: LocalBlobStore, clock: Clock
) -> None:
    first = send(uploads, uploads.start("k1", UploadMeta(name="files/reused")), 0, b"old", finalize=True).file
    assert first is not None
    clock.now += 3601  # expired, not yet swept
    second = send(uploads, uploads.start("k2", UploadMeta(name="files/reused")), 0, b"new!", finalize=True).file
    assert second is not None and second.owner == "k2" and store.read("k2", "reused") == b"new!"
    assert blob_count(blobs) == 1  # the expired file's parts went with it
    clock.now += 3601
    store.create_generated("k1", b"generated", "text/plain", file_id="reused")  # expired: any owner may take it
    assert store.read("k1", "reused") == b"generated"
