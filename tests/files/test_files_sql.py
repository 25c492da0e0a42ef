"""The SQL file store: generated files, owner scoping, listing, deletion and expiry, against a real
database (SQLite, or PostgreSQL with ``--postgres``) and a real blob directory."""

from __future__ import annotations

import hashlib
import threading

import pytest

from openbanana.blobs import LocalBlobStore
from openbanana.engine.errors import AlreadyExists, InvalidArgument, PermissionDenied
from openbanana.files.files_sql import PART_BYTES, SqlFileStore
from tests.files.conftest import Clock

pytestmark = pytest.mark.platform
MESSAGE = "You do not have permission to access the File files/{} or it may not exist."


def blob_files(blobs: LocalBlobStore) -> list[str]:
    return sorted(str(p.relative_to(blobs.root)) for p in blobs.root.rglob("*") if p.is_file())


def test_generated_file_round_trip(store: SqlFileStore, clock: Clock) -> None:
    data = b"{}\n" * 100
    record = store.create_generated("k1", data, "application/jsonl", "results", file_id="batch-abc")
    assert (record.name, record.source, record.state) == ("files/batch-abc", "GENERATED", "ACTIVE")
    assert record.size_bytes == 300
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.expires_at == clock.now + 3600
    for name in ("files/batch-abc", "batch-abc", "https://any.host/v1beta/files/batch-abc"):
        assert store.get("k1", name) == record
        assert store.read("k1", name) == data


def test_large_files_are_stored_in_parts(store: SqlFileStore, blobs: LocalBlobStore) -> None:
    data = bytes(range(256)) * (PART_BYTES // 256 * 2 + 10)  # two full parts and a bit
    record = store.create_generated("k1", data, "application/octet-stream")
    assert len(blob_files(blobs)) == 3
    assert store.read("k1", record.id) == data
    _, blocks = store.open("k1", record.id)
    assert max(len(b) for b in blocks) <= 1 << 20  # streamed in small blocks


def test_other_owners_see_nothing(store: SqlFileStore) -> None:
    record = store.create_generated("k1", b"secret", "text/plain")
    for call in (store.get, store.read, store.delete):
        with pytest.raises(PermissionDenied) as info:
            call("k2", record.name)
        assert info.value.message == MESSAGE.format(record.id)
    with pytest.raises(PermissionDenied):
        store.get("k1", "files/nosuchfile")
    assert store.list("k2", 10, None) == ([], None)
    assert store.read("k1", record.id) == b"secret"


def test_generated_id_is_replaced_for_its_owner_only(store: SqlFileStore, blobs: LocalBlobStore) -> None:
    store.create_generated("k1", b"first", "text/plain", file_id="batch-1")
    store.create_generated("k1", b"second", "text/plain", file_id="batch-1")
    assert store.read("k1", "batch-1") == b"second"
    assert len(blob_files(blobs)) == 1  # the first version's parts are gone
    with pytest.raises(AlreadyExists):
        store.create_generated("k2", b"theirs", "text/plain", file_id="batch-1")
    assert store.read("k1", "batch-1") == b"second"
    with pytest.raises(InvalidArgument):
        store.create_generated("k1", b"x", "text/plain", file_id="Bad_Name")


def test_list_pages_newest_first(store: SqlFileStore, clock: Clock) -> None:
    made = []
    for n in range(7):
        clock.now += 1 if n != 3 else 0  # two files share a creation time: the id breaks the tie
        made.append(store.create_generated("k1", b"%d" % n, "text/plain").id)
    store.create_generated("k2", b"other", "text/plain")
    seen, token, pages = [], None, 0
    while True:
        page, token = store.list("k1", 3, token)
        seen += [r.id for r in page]
        pages += 1
        if token is None:
            break
    assert pages == 3 and len(seen) == 7 and set(seen) == set(made)
    assert seen[0] == made[-1] and seen[-1] == made[0]
    assert len(store.list("k1", 0, None)[0]) == 7  # 0 → the default page size (10)
    with pytest.raises(InvalidArgument):
        store.list("k1", 3, "not-a-token")


def test_delete_removes_row_and_bytes(store: SqlFileStore, blobs: LocalBlobStore) -> None:
    record = store.create_generated("k1", b"bytes", "text/plain")
    store.delete("k1", record.name)
    assert blob_files(blobs) == []
    with pytest.raises(PermissionDenied):
        store.get("k1", record.name)
    with pytest.raises(PermissionDenied):
        store.delete("k1", record.name)


def test_expired_files_vanish_then_are_swept(store: SqlFileStore, blobs: LocalBlobStore, clock: Clock) -> None:
    old = store.create_generated("k1", b"old", "text/plain")
    clock.now += 1800
    young = store.create_generated("k1", b"young", "text/plain")
    clock.now += 1801
    with pytest.raises(PermissionDenied):
        store.get("k1", old.id)
    assert [r.id for r in store.list("k1", 10, None)[0]] == [young.id]
    assert store.used_bytes("k1") == 5
    assert store.sweep_expired() == 1
    assert len(blob_files(blobs)) == 1 and store.read("k1", young.id) == b"young"


def test_concurrent_writers(store: SqlFileStore) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(5):
                store.create_generated(f"k{n % 2}", b"%d-%d" % (n, i), "text/plain", file_id=f"f-{n}-{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.list("k0", 100, None)[0]) == 15 and len(store.list("k1", 100, None)[0]) == 15
