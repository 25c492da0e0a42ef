"""Files in the platform database (the ``files`` table) with their bytes in the blob store.

A row is only written once its bytes are complete in the blob store, so a reader never sees a file
whose parts are missing; deleting removes the row first (the file is gone for every reader at that
instant) and the parts after. Expired files read as missing even before the sweeper removes them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from openbanana.blobs import BlobNotFound, BlobStore
from openbanana.engine.errors import AlreadyExists, FailedPrecondition, Internal, InvalidArgument
from openbanana.files.base import (
    DEFAULT_TTL_S,
    MAX_FILE_BYTES,
    FileRecord,
    FileSource,
    FileState,
    file_id_of,
    new_file_id,
    permission_denied,
    valid_file_id,
)
from openbanana.storage import Database
from openbanana.storage.tables import FileRow, UploadRow

#: Blocks of a generated file, and the largest piece read into memory at once anywhere.
PART_BYTES = 8 * 1024 * 1024
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


def part_key(prefix: str, offset: int) -> str:
    return f"{prefix}/{offset:016d}"


def iter_parts(blobs: BlobStore, prefix: str, size: int, block: int = 1 << 20) -> Iterator[bytes]:
    """The bytes stored as parts under ``prefix``: part at offset 0, then at 0 + its size, ... up to
    ``size``. Raises :class:`BlobNotFound` when a part is missing (only after a failed write)."""
    offset = 0
    while offset < size:
        key = part_key(prefix, offset)
        length = blobs.size(key)
        if length <= 0:
            raise BlobNotFound(key)
        yield from blobs.iter_chunks(key, block)
        offset += length


def _record(row: FileRow) -> FileRecord:
    return FileRecord(
        id=row.id, owner=row.owner, display_name=row.display_name, mime_type=row.mime_type,
        size_bytes=row.size_bytes, sha256=row.sha256, state=row.state, source=row.source, blob_key=row.blob_key,
        created_at=row.created_at, updated_at=row.updated_at, expires_at=row.expires_at,
        error=json.loads(row.error_json) if row.error_json else None,
    )  # fmt: skip


def _page_token(record: FileRecord) -> str:
    raw = json.dumps([record.created_at, record.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _page_after(token: str) -> tuple[float, str]:
    try:
        created, file_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(created, int | float) or not isinstance(file_id, str):
            raise ValueError(token)
        return float(created), file_id
    except (ValueError, TypeError) as exc:
        raise InvalidArgument(f"Invalid page token {token!r}.") from exc


class SqlFileStore:
    """The :class:`~openbanana.files.base.FileStore` over SQLAlchemy and a blob store."""

    def __init__(
        self,
        database: Database,
        blobs: BlobStore,
        *,
        ttl_s: float = DEFAULT_TTL_S,
        max_file_bytes: int = MAX_FILE_BYTES,
        clock: Any = time.time,
    ) -> None:
        self.database = database
        self.blobs = blobs
        self.ttl_s = ttl_s
        self.max_file_bytes = max_file_bytes
        self.clock = clock

    # -- lookups -------------------------------------------------------------------------------

    def get(self, owner: str, name: str) -> FileRecord:
        file_id = file_id_of(name)
        if file_id is None:
            raise permission_denied(name)
        with self.database.read() as session:
            row = session.get(FileRow, file_id)
            record = _record(row) if row is not None else None
        if record is None or record.owner != owner or record.expires_at <= self.clock():
            raise permission_denied(f"files/{file_id}")
        return record

    def _active(self, owner: str, name: str) -> FileRecord:
        record = self.get(owner, name)
        if record.state != FileState.ACTIVE or record.blob_key is None:
            raise FailedPrecondition(f"The File {record.name} is not in an ACTIVE state (it is {record.state}).")
        return record

    def open(self, owner: str, name: str) -> tuple[FileRecord, Iterator[bytes]]:
        record = self._active(owner, name)
        assert record.blob_key is not None
        # Checked now, so that a missing blob fails before a download has sent any byte.
        if record.size_bytes and not self.blobs.exists(part_key(record.blob_key, 0)):
            raise Internal(f"The bytes of {record.name} are missing from the blob store.")
        return record, iter_parts(self.blobs, record.blob_key, record.size_bytes)

    def read(self, owner: str, name: str) -> bytes:
        record, blocks = self.open(owner, name)
        data = b"".join(blocks)
        if len(data) != record.size_bytes:
            raise Internal(f"The bytes of {record.name} are incomplete in the blob store.")
        return data

    def list(self, owner: str, page_size: int, page_token: str | None) -> tuple[list[FileRecord], str | None]:
        size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        query = select(FileRow).where(FileRow.owner == owner, FileRow.expires_at > self.clock())
        if page_token:
            created, file_id = _page_after(page_token)
            query = query.where(
                or_(FileRow.created_at < created, and_(FileRow.created_at == created, FileRow.id < file_id))
            )
        query = query.order_by(FileRow.created_at.desc(), FileRow.id.desc()).limit(size + 1)
        with self.database.read() as session:
            records = [_record(row) for row in session.scalars(query)]
        more = len(records) > size
        records = records[:size]
        return records, _page_token(records[-1]) if more else None

    def used_bytes(self, owner: str, *, exclude_upload: str | None = None) -> int:
        """Bytes held by the owner: live files plus what unfinished uploads have received."""
        now = self.clock()
        uploads = select(func.coalesce(func.sum(UploadRow.received), 0)).where(UploadRow.owner == owner)
        if exclude_upload is not None:
            uploads = uploads.where(UploadRow.id != exclude_upload)
        with self.database.read() as session:
            files = session.scalar(
                select(func.coalesce(func.sum(FileRow.size_bytes), 0)).where(
                    FileRow.owner == owner, FileRow.expires_at > now
                )
            )
            pending = session.scalar(uploads)
        return int(files or 0) + int(pending or 0)

    def exists(self, file_id: str) -> bool:
        """Whether any owner has a file with this id (names are global, as on Google)."""
        with self.database.read() as session:
            return session.get(FileRow, file_id) is not None

    # -- changes -------------------------------------------------------------------------------

    def delete(self, owner: str, name: str) -> None:
        record = self.get(owner, name)
        with self.database.write() as session:
            session.execute(delete(FileRow).where(FileRow.id == record.id, FileRow.owner == owner))
        if record.blob_key:
            self.blobs.delete_prefix(record.blob_key)

    def insert(self, record: FileRecord, *, consume_upload: str | None = None) -> FileRecord:
        """Add a complete file (its parts already stored), removing the upload it came from in the
        same transaction; a taken id → 409 ALREADY_EXISTS (an expired file not yet swept frees its id)."""
        stale: str | None = None
        try:
            with self.database.write() as session:
                if consume_upload is not None:
                    session.execute(delete(UploadRow).where(UploadRow.id == consume_upload))
                existing = session.get(FileRow, record.id, with_for_update=not self.database.is_sqlite)
                if existing is not None and existing.expires_at > self.clock():
                    raise AlreadyExists(f"A file named {record.name} already exists.")
                if existing is not None:
                    stale = existing.blob_key
                    session.delete(existing)
                    session.flush()
                session.add(
                    FileRow(
                        id=record.id, owner=record.owner, display_name=record.display_name,
                        mime_type=record.mime_type, size_bytes=record.size_bytes, sha256=record.sha256,
                        state=record.state, source=record.source, blob_key=record.blob_key,
                        error_json=json.dumps(record.error) if record.error else None,
                        created_at=record.created_at, updated_at=record.updated_at, expires_at=record.expires_at,
                    )
                )  # fmt: skip
        except IntegrityError as exc:
            raise AlreadyExists(f"A file named {record.name} already exists.") from exc
        if stale and stale != record.blob_key:
            self.blobs.delete_prefix(stale)
        return record

    def create_generated(
        self, owner: str, data: bytes, mime_type: str, display_name: str | None = None, file_id: str | None = None
    ) -> FileRecord:
        """Store server-made bytes as an ACTIVE, GENERATED file. An existing file with the same id and
        owner is *replaced* (a batch that restarts after a crash rewrites its results file); one of
        another owner → 409."""
        if file_id is not None and not valid_file_id(file_id.removeprefix("files/")):
            raise InvalidArgument(f"Invalid file id {file_id!r}.")
        if len(data) > self.max_file_bytes:
            raise InvalidArgument(f"A file may be at most {self.max_file_bytes} bytes; got {len(data)}.")
        fid = file_id.removeprefix("files/") if file_id else new_file_id()
        prefix = f"generated/{fid}-{secrets.token_hex(6)}"
        for offset in range(0, len(data), PART_BYTES):
            self.blobs.put(part_key(prefix, offset), data[offset : offset + PART_BYTES])
        now = self.clock()
        record = FileRecord(
            id=fid, owner=owner, display_name=display_name, mime_type=mime_type, size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(), state=FileState.ACTIVE, source=FileSource.GENERATED,
            blob_key=prefix, created_at=now, updated_at=now, expires_at=now + self.ttl_s,
        )  # fmt: skip
        old_prefix: str | None = None
        try:
            with self.database.write() as session:
                row = session.get(FileRow, fid, with_for_update=not self.database.is_sqlite)
                if row is not None and row.owner != owner and row.expires_at > now:
                    raise AlreadyExists(f"A file named files/{fid} already exists.")
                if row is not None:
                    old_prefix = row.blob_key
                    session.delete(row)
                    session.flush()
                session.add(
                    FileRow(
                        id=fid, owner=owner, display_name=display_name, mime_type=mime_type, size_bytes=len(data),
                        sha256=record.sha256, state=record.state, source=record.source, blob_key=prefix,
                        created_at=now, updated_at=now, expires_at=record.expires_at,
                    )
                )  # fmt: skip
        except BaseException:
            self.blobs.delete_prefix(prefix)
            raise
        if old_prefix and old_prefix != prefix:
            self.blobs.delete_prefix(old_prefix)
        return record

    # -- expiry --------------------------------------------------------------------------------

    def sweep_expired(self, limit: int = 500) -> int:
        """Delete expired files (rows, then their parts); returns how many."""
        now = self.clock()
        with self.database.write() as session:
            rows = list(session.scalars(select(FileRow).where(FileRow.expires_at <= now).limit(limit)))
            prefixes = [row.blob_key for row in rows if row.blob_key]
            ids = [row.id for row in rows]
            if ids:
                session.execute(delete(FileRow).where(FileRow.id.in_(ids)))
        for prefix in prefixes:
            self.blobs.delete_prefix(prefix)
        return len(ids)
