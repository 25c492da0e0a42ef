"""The resumable upload protocol (``X-Goog-Upload-*``), independent of HTTP.

``start`` reserves a file id and returns an opaque upload id; the chunk requests that follow carry no
API key and are authorised by that id alone (the SDK never sends its key with them). Each chunk is
stored as blob parts ``uploads/<upload id>/<offset>`` (at most :data:`PART_BYTES` each, however large
the client's chunk), and the row's ``received`` advances only after a whole chunk is stored, so a
failed chunk can simply be sent again at the same offset. ``finalize`` hashes the parts in order and
inserts the file row pointing at them: the bytes are never copied.

Offsets must match what was received (400 otherwise); declared and received sizes are held to the
per-file limit and the owner's total, and an upload that breaks a limit is removed at once.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from sqlalchemy import delete, select

from openbanana.engine.errors import AlreadyExists, InvalidArgument
from openbanana.files.base import (
    DEFAULT_MAX_TOTAL_BYTES,
    FileRecord,
    FileSource,
    FileState,
    check_user_name,
    new_file_id,
)
from openbanana.files.files_sql import PART_BYTES, SqlFileStore, iter_parts, part_key
from openbanana.storage.tables import FileRow, UploadRow


class UploadNotFound(InvalidArgument):
    """An unknown, finished or expired upload id (Google answers such chunks with a 4xx too)."""


@dataclass(frozen=True)
class UploadMeta:
    """What the start request declared (body ``{"file": {...}}`` plus ``X-Goog-Upload-Header-*``)."""

    name: str | None = None
    display_name: str | None = None
    mime_type: str | None = None
    size_bytes: int | None = None


@dataclass(frozen=True)
class ChunkResult:
    received: int
    file: FileRecord | None  # set when the chunk finalized the upload


def upload_prefix(upload_id: str) -> str:
    return f"uploads/{upload_id}"


class Uploads:
    def __init__(self, files: SqlFileStore, *, max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES) -> None:
        self.files = files
        self.max_total_bytes = max_total_bytes
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    @property
    def max_file_bytes(self) -> int:
        return self.files.max_file_bytes

    # -- start ---------------------------------------------------------------------------------

    def start(self, owner: str, meta: UploadMeta) -> str:
        """Check what was declared and open an upload; returns the upload id."""
        file_id = check_user_name(meta.name) if meta.name else new_file_id()
        if meta.size_bytes is not None:
            if meta.size_bytes < 0:
                raise InvalidArgument(f"Invalid file size {meta.size_bytes}.")
            self._check_size(meta.size_bytes)
            self._check_total(owner, meta.size_bytes, None)
        now = self.files.clock()
        upload_id = secrets.token_urlsafe(24)
        with self.files.database.write() as session:
            if meta.name:
                existing = session.get(FileRow, file_id)
                taken = (existing is not None and existing.expires_at > now) or session.scalar(
                    select(UploadRow.id).where(UploadRow.file_id == file_id, UploadRow.expires_at > now).limit(1)
                )
                if taken:
                    raise AlreadyExists(f"A file named files/{file_id} already exists.")
            session.add(
                UploadRow(
                    id=upload_id, owner=owner, file_id=file_id, display_name=meta.display_name,
                    mime_type=meta.mime_type or "application/octet-stream", declared_size=meta.size_bytes,
                    received=0, chunks=0, created_at=now, expires_at=now + self.files.ttl_s,
                )
            )  # fmt: skip
        return upload_id

    def _check_size(self, size: int) -> None:
        if size > self.max_file_bytes:
            raise InvalidArgument(f"The file is {size} bytes; a file may be at most {self.max_file_bytes} bytes.")

    def _check_total(self, owner: str, size: int, upload_id: str | None) -> None:
        used = self.files.used_bytes(owner, exclude_upload=upload_id)
        if used + size > self.max_total_bytes:
            raise InvalidArgument(
                f"Storing {size} more bytes would exceed this key's Files API storage limit of "
                f"{self.max_total_bytes} bytes ({used} in use). Delete files or wait for them to expire."
            )

    # -- chunks --------------------------------------------------------------------------------

    def _lock(self, upload_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(upload_id, threading.Lock())

    def _row(self, upload_id: str) -> UploadRow:
        with self.files.database.read() as session:
            row = session.get(UploadRow, upload_id)
        if row is None or row.expires_at <= self.files.clock():
            raise UploadNotFound("No upload session with this upload_id: it is unknown, finished or expired.")
        return row

    def query(self, upload_id: str) -> int:
        """Bytes received so far (``X-Goog-Upload-Size-Received``)."""
        return self._row(upload_id).received

    async def chunk(self, upload_id: str, offset: int, body: AsyncIterator[bytes], *, finalize: bool) -> ChunkResult:
        """Store one chunk read from ``body`` at ``offset``; with ``finalize`` finish the file."""
        lock = self._lock(upload_id)
        await anyio.to_thread.run_sync(lock.acquire)
        try:
            row = await anyio.to_thread.run_sync(self._row, upload_id)
            if offset != row.received:
                raise InvalidArgument(
                    f"Invalid X-Goog-Upload-Offset {offset}: the upload has received {row.received} bytes; "
                    "send the next chunk at that offset."
                )
            written = await self._store_body(row, offset, body)
            received = offset + written
            if finalize:
                if row.declared_size is not None and received != row.declared_size:
                    await anyio.to_thread.run_sync(self.abort, upload_id)
                    raise InvalidArgument(
                        f"The upload was finalized with {received} bytes but {row.declared_size} were declared."
                    )
                record = await anyio.to_thread.run_sync(self._finalize, row, received)
                return ChunkResult(received, record)
            await anyio.to_thread.run_sync(self._advance, upload_id, offset, received)
            return ChunkResult(received, None)
        finally:
            lock.release()
            if finalize:
                with self._locks_guard:
                    self._locks.pop(upload_id, None)

    async def _store_body(self, row: UploadRow, offset: int, body: AsyncIterator[bytes]) -> int:
        """Write the body as parts of at most PART_BYTES; refuses (and removes the upload) past a limit."""
        limit = row.declared_size if row.declared_size is not None else self.max_file_bytes
        total_room = self.max_total_bytes - await anyio.to_thread.run_sync(
            lambda: self.files.used_bytes(row.owner, exclude_upload=row.id)
        )
        buffer = bytearray()
        position = offset

        async def flush(data: bytes) -> None:
            await anyio.to_thread.run_sync(self.files.blobs.put, part_key(upload_prefix(row.id), position), data)

        async for block in body:
            buffer.extend(block)
            if position + len(buffer) > limit or position + len(buffer) > total_room:
                await anyio.to_thread.run_sync(self.abort, row.id)
                if position + len(buffer) > total_room and position + len(buffer) <= limit:
                    raise InvalidArgument(
                        f"The upload exceeds this key's Files API storage limit of {self.max_total_bytes} bytes; "
                        "the upload was cancelled."
                    )
                what = "the declared size" if row.declared_size is not None else "the per-file limit"
                raise InvalidArgument(
                    f"The upload received more than {limit} bytes ({what}); the upload was cancelled."
                )
            while len(buffer) >= PART_BYTES:
                await flush(bytes(buffer[:PART_BYTES]))
                del buffer[:PART_BYTES]
                position += PART_BYTES
        if buffer:
            await flush(bytes(buffer))
            position += len(buffer)
        return position - offset

    def _advance(self, upload_id: str, offset: int, received: int) -> None:
        with self.files.database.write() as session:
            row = session.get(UploadRow, upload_id, with_for_update=not self.files.database.is_sqlite)
            if row is None or row.received != offset:
                raise InvalidArgument("The upload changed while this chunk was stored; query its size and resume.")
            row.received = received
            row.chunks += 1

    def _finalize(self, row: UploadRow, size: int) -> FileRecord:
        digest = hashlib.sha256()
        seen = 0
        for block in iter_parts(self.files.blobs, upload_prefix(row.id), size):
            digest.update(block)
            seen += len(block)
        if seen != size:
            raise InvalidArgument("The upload's stored bytes are incomplete; start the upload again.")
        now = self.files.clock()
        record = FileRecord(
            id=row.file_id, owner=row.owner, display_name=row.display_name, mime_type=row.mime_type,
            size_bytes=size, sha256=digest.hexdigest(), state=FileState.ACTIVE, source=FileSource.UPLOADED,
            blob_key=upload_prefix(row.id), created_at=now, updated_at=now, expires_at=now + self.files.ttl_s,
        )  # fmt: skip
        try:
            self.files.insert(record, consume_upload=row.id)
        except BaseException:
            self.abort(row.id)
            raise
        return record

    # -- cleanup -------------------------------------------------------------------------------

    def abort(self, upload_id: str) -> None:
        """Forget an upload and its parts (a limit was broken, or it expired)."""
        with self._locks_guard:
            self._locks.pop(upload_id, None)
        with self.files.database.write() as session:
            session.execute(delete(UploadRow).where(UploadRow.id == upload_id))
        self.files.blobs.delete_prefix(upload_prefix(upload_id))

    def sweep_expired(self, limit: int = 500) -> int:
        """Remove uploads that were never finished in time; returns how many."""
        now = self.files.clock()
        with self.files.database.read() as session:
            ids = list(session.scalars(select(UploadRow.id).where(UploadRow.expires_at <= now).limit(limit)))
        for upload_id in ids:
            self.abort(upload_id)
        return len(ids)


def parse_meta(body: dict[str, Any], headers: dict[str, str]) -> UploadMeta:
    """The start request's metadata: ``{"file": {...}}`` in snake or camel case, with the
    ``X-Goog-Upload-Header-Content-*`` headers filling what the body leaves out."""
    raw = body.get("file", {})
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InvalidArgument("Invalid JSON payload received. 'file' must be an object.")

    def field(snake: str, camel: str) -> Any:
        return raw.get(camel, raw.get(snake))

    def text(value: Any, what: str) -> str | None:
        if value is None or isinstance(value, str):
            return value or None
        raise InvalidArgument(f"Invalid value at 'file.{what}': expected a string.")

    size: Any = field("size_bytes", "sizeBytes")
    if size is None and headers.get("x-goog-upload-header-content-length", "").strip():
        size = headers["x-goog-upload-header-content-length"].strip()
    if isinstance(size, str):
        if not size.isdigit():
            raise InvalidArgument(f"Invalid value at 'file.size_bytes' (TYPE_INT64), {size!r}")
        size = int(size)
    if size is not None and (not isinstance(size, int) or isinstance(size, bool)):
        raise InvalidArgument(f"Invalid value at 'file.size_bytes' (TYPE_INT64), {size!r}")
    mime = text(field("mime_type", "mimeType"), "mime_type") or headers.get("x-goog-upload-header-content-type")
    return UploadMeta(
        name=text(raw.get("name"), "name"),
        display_name=text(field("display_name", "displayName"), "display_name"),
        mime_type=(mime or "").strip() or None,
        size_bytes=size,
    )


__all__ = ["ChunkResult", "UploadMeta", "UploadNotFound", "Uploads", "parse_meta"]
