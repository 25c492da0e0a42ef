"""The server's version store: records in the ``versions`` table, PNGs in the blob store.

Images are content-addressed (``versions/<sha256>.png``), so the same image returned twice is stored
once, and writing it is idempotent. The blob goes first and the row second: a crash in between leaves an
unreferenced blob (harmless), never a record whose image is missing. Several server processes can share
the database and the blob store; records of a conversation come back in the order they were added.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from openbanana.blobs.base import BlobNotFound, BlobStore
from openbanana.storage import Database
from openbanana.storage.tables import VersionRow
from openbanana.versions.base import VersionRecord

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
BLOB_PREFIX = "versions"


def image_key(sha256: str) -> str:
    return f"{BLOB_PREFIX}/{sha256}.png"


class SqlVersionStore:
    """Thread- and process-safe: every call is one short transaction or one blob operation."""

    def __init__(self, database: Database, blobs: BlobStore) -> None:
        self.database = database
        self.blobs = blobs

    def add(self, record: VersionRecord, image: bytes) -> None:
        if not _SAFE_ID.match(record.conversation) or not _SHA.match(record.image_sha256):
            raise ValueError("unsafe conversation id or image hash")
        if hashlib.sha256(image).hexdigest() != record.image_sha256:
            raise ValueError("image bytes do not match the record's image_sha256")
        key = image_key(record.image_sha256)
        if not self.blobs.exists(key):
            self.blobs.put(key, image)
        with self.database.write() as session:
            session.add(
                VersionRow(
                    conversation=record.conversation, version=record.version, image_sha256=record.image_sha256,
                    parent_sha256=record.parent_sha256, instruction=record.instruction, width=record.width,
                    height=record.height, mime_type=record.mime_type, created=record.created,
                )
            )  # fmt: skip

    def versions(self, conversation: str) -> list[VersionRecord]:
        if not _SAFE_ID.match(conversation):
            return []
        with self.database.read() as session:
            rows = session.scalars(
                select(VersionRow).where(VersionRow.conversation == conversation).order_by(VersionRow.id)
            ).all()
        return [
            VersionRecord(
                conversation=row.conversation, version=row.version, image_sha256=row.image_sha256,
                parent_sha256=row.parent_sha256, instruction=row.instruction, created=row.created,
                width=row.width, height=row.height, mime_type=row.mime_type,
            )
            for row in rows
        ]  # fmt: skip

    def image(self, sha256: str) -> bytes | None:
        if not _SHA.match(sha256):
            return None
        try:
            return self.blobs.get(image_key(sha256))
        except BlobNotFound:
            return None
