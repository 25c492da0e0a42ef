"""Version stores: ordering per conversation, image bytes by hash, persistence, bounded memory."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from openbanana.versions import FileVersionStore, MemoryVersionStore, VersionRecord


def record(conversation: str, version: int, image: bytes) -> VersionRecord:
    return VersionRecord(conversation, version, hashlib.sha256(image).hexdigest(), None, f"turn {version}", 1.0, 8, 8)


@pytest.mark.parametrize("kind", ["memory", "files"])
def test_versions_in_order_and_images_by_hash(kind: str, tmp_path: Path) -> None:
    store = MemoryVersionStore() if kind == "memory" else FileVersionStore(tmp_path)
    for n in (1, 2, 3):
        store.add(record("c1", n, b"img%d" % n), b"img%d" % n)
    store.add(record("c2", 1, b"other"), b"other")
    assert [r.version for r in store.versions("c1")] == [1, 2, 3]
    assert store.image(hashlib.sha256(b"img2").hexdigest()) == b"img2"
    assert store.versions("unknown") == []


def test_file_store_survives_a_restart_and_a_torn_line(tmp_path: Path) -> None:
    store = FileVersionStore(tmp_path / "versions")
    store.add(record("abc", 1, b"x"), b"x")
    log = tmp_path / "versions" / "conversations" / "abc.jsonl"
    with log.open("a") as fh:
        fh.write('{"conversation": "abc", "vers')  # a crash mid-append
    again = FileVersionStore(tmp_path / "versions")
    assert [r.version for r in again.versions("abc")] == [1]
    assert again.image(hashlib.sha256(b"x").hexdigest()) == b"x"


def test_unsafe_ids_are_not_paths(tmp_path: Path) -> None:
    store = FileVersionStore(tmp_path)
    assert store.versions("../../etc/passwd") == []
    assert store.image("../x") is None
    with pytest.raises(ValueError):
        store.add(record("../evil", 1, b"x"), b"x")


def test_memory_store_is_bounded() -> None:
    store = MemoryVersionStore(max_conversations=2, max_images=2)
    for n in range(5):
        store.add(record(f"c{n}", 1, b"%d" % n), b"%d" % n)
    assert store.versions("c0") == [] and len(store.versions("c4")) == 1
    assert store.image(hashlib.sha256(b"0").hexdigest()) is None
