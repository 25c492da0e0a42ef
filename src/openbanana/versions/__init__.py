"""The version history of conversations: every image the server returns, numbered per conversation.

``base`` holds the record type and the store interface. The server uses ``versions_sql`` (rows in the
platform database, PNGs in the blob store: shared by every server process, survives restarts);
``versions_memory`` (bounded) and ``versions_files`` (a directory) are self-contained alternatives for
embedding the engine without a database. :func:`create_version_store` builds the server's store;
routes read it through ``Services``.
"""

from __future__ import annotations

from openbanana.blobs.base import BlobStore
from openbanana.storage import Database
from openbanana.versions.base import VersionRecord, VersionStore
from openbanana.versions.versions_files import FileVersionStore
from openbanana.versions.versions_memory import MemoryVersionStore
from openbanana.versions.versions_sql import SqlVersionStore

__all__ = [
    "FileVersionStore", "MemoryVersionStore", "SqlVersionStore", "VersionRecord", "VersionStore",
    "create_version_store",
]  # fmt: skip


def create_version_store(database: Database, blobs: BlobStore) -> VersionStore:
    """The server's store: the ``versions`` table plus ``versions/<sha256>.png`` blobs."""
    return SqlVersionStore(database, blobs)
