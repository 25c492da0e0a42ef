"""The blob store interface: named byte strings (uploaded files, batch inputs and results, stored
responses, version images), kept outside the database.

Keys are relative, slash-separated names (``files/abc123``); an implementation refuses keys that could
escape its root. Writes are atomic: a reader sees the old bytes or the new ones, never a torn file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

_KEY = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")


class BlobNotFound(KeyError):
    pass


def check_key(key: str) -> str:
    """Return ``key`` when it is a safe relative name, else raise ValueError."""
    if not _KEY.match(key) or any(part in (".", "..") for part in key.split("/")):
        raise ValueError(f"invalid blob key {key!r}")
    return key


class BlobStore(Protocol):
    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` atomically, replacing what was there."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; raises :class:`BlobNotFound`."""
        ...

    def iter_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        """Stream the bytes under ``key`` (for downloads); raises :class:`BlobNotFound` up front."""
        ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int:
        """Size in bytes; raises :class:`BlobNotFound`."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""
        ...

    def delete_prefix(self, prefix: str) -> int:
        """Remove every key under ``prefix/``; returns how many were removed."""
        ...
