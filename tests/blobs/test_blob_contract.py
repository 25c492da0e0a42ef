"""One contract, every blob store: the local directory and S3 (moto's server on loopback)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from openbanana.blobs import BlobNotFound, BlobStore, LocalBlobStore
from openbanana.blobs.blobs_s3 import S3BlobStore
from tests.support.s3 import S3Service, moto_s3


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Service]:
    with moto_s3() as service:
        yield service


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    s3: S3Service = request.getfixturevalue("s3")
    return S3BlobStore.from_url(s3.blob_url(s3.new_bucket()))


def test_put_get_overwrite_size_exists(store: BlobStore) -> None:
    assert not store.exists("files/a")
    store.put("files/a", b"hello")
    assert store.exists("files/a") and store.get("files/a") == b"hello" and store.size("files/a") == 5
    store.put("files/a", b"bye")
    assert store.get("files/a") == b"bye" and store.size("files/a") == 3
    store.put("empty", b"")
    assert store.exists("empty") and store.get("empty") == b"" and store.size("empty") == 0


def test_missing_keys(store: BlobStore) -> None:
    for call in (store.get, store.size, store.iter_chunks):
        with pytest.raises(BlobNotFound):
            call("files/nope")  # iter_chunks raises up front, before any iteration
    assert not store.exists("files/nope")
    store.delete("files/nope")  # not an error


def test_iter_chunks_streams_in_bounded_chunks(store: BlobStore) -> None:
    data = os.urandom(3 * 65536 + 17)
    store.put("big/blob", data)
    chunks = list(store.iter_chunks("big/blob", chunk_size=65536))
    assert b"".join(chunks) == data
    assert len(chunks) >= 4 and all(len(c) <= 65536 for c in chunks)


def test_delete_and_delete_prefix(store: BlobStore) -> None:
    for key in ("up/a/1", "up/a/2", "up/a/deep/3", "up/ab/4", "up/b"):
        store.put(key, key.encode())
    store.delete("up/b")
    assert not store.exists("up/b")
    assert store.delete_prefix("up/a") == 3
    assert not store.exists("up/a/1") and not store.exists("up/a/deep/3")
    assert store.get("up/ab/4") == b"up/ab/4"  # a sibling sharing the name's start stays
    assert store.delete_prefix("up/a") == 0 and store.delete_prefix("never") == 0


@pytest.mark.parametrize("bad", ["", "/abs", "../x", "a/../b", "a//b", "a/./b", "sp ace", "a\\b", "x/"])
def test_unsafe_keys_are_refused(store: BlobStore, bad: str) -> None:
    with pytest.raises(ValueError):
        store.put(bad, b"x")
    with pytest.raises(ValueError):
        store.get(bad)


def test_concurrent_overwrites_are_never_torn(store: BlobStore) -> None:
    versions = [bytes([n]) * 200_000 for n in range(4)]
    store.put("race", versions[0])
    stop = threading.Event()
    seen: list[bytes] = []

    def write(n: int) -> None:
        for _ in range(6):
            store.put("race", versions[n])

    def read() -> None:
        while not stop.is_set():
            seen.append(store.get("race"))

    reader = threading.Thread(target=read)
    reader.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    stop.set()
    reader.join()
    assert seen and all(blob in versions for blob in seen)
