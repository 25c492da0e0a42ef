"""The Files API's vocabulary: the :class:`FileRecord`, the :class:`FileStore` interface, names and
URIs, the File resource's wire shape, and the resolver that turns a ``fileData.fileUri`` into bytes.

A file's bytes live in the blob store as *parts* under one prefix (``FileRecord.blob_key``), each part
named by its 16-digit byte offset: an upload's chunks become the file's parts without being copied,
and no part is ever larger than a chunk, so nothing needs the whole file in memory. Readers walk the
parts from offset 0, each part's size giving the next offset.

Everything here is independent of HTTP and of the database so that the API routes, the generate
path and the batch workers share one set of rules.
"""

from __future__ import annotations

import base64
import re
import secrets
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from openbanana.engine.errors import InvalidArgument, PermissionDenied

#: Google's per-file limit.
MAX_FILE_BYTES = 2 * 1024**3
#: Google's per-project storage limit, applied here per owner (API key).
DEFAULT_MAX_TOTAL_BYTES = 20 * 1024**3
DEFAULT_TTL_S = 48 * 3600
DEFAULT_SWEEP_INTERVAL_S = 60
#: The largest file a generate request may reference as an image (bigger ones cannot be images we accept).
MAX_IMAGE_FILE_BYTES = 64 * 1024**2

API_VERSIONS = ("v1", "v1beta", "v1alpha", "v1beta1")
_ID_ALPHABET = string.ascii_lowercase + string.digits
#: Google's rule for ``files/{id}``: lowercase letters, digits and dashes, no dash at either end, ≤ 40.
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
_URI_PATH = re.compile(r"^(?:/.*)?/(?:v1|v1beta|v1alpha|v1beta1)/files/([^/]+)$")


class FileState:
    PROCESSING = "PROCESSING"
    ACTIVE = "ACTIVE"
    FAILED = "FAILED"


class FileSource:
    UPLOADED = "UPLOADED"
    GENERATED = "GENERATED"


@dataclass(frozen=True)
class FileRecord:
    """One file as stored. ``sha256`` is the hex digest; times are epoch seconds."""

    id: str
    owner: str
    display_name: str | None
    mime_type: str
    size_bytes: int
    sha256: str | None
    state: str
    source: str
    blob_key: str | None
    created_at: float
    updated_at: float
    expires_at: float
    error: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return f"files/{self.id}"


class FileStore(Protocol):
    """Files owned by callers (``owner`` = the caller's key id). Every lookup is scoped to the owner:
    a file of another owner is indistinguishable from a missing one (403, as Google answers)."""

    def get(self, owner: str, name: str) -> FileRecord:
        """The file named ``files/<id>``, ``<id>`` or its full URI; raises :class:`PermissionDenied`."""
        ...

    def read(self, owner: str, name: str) -> bytes:
        """All bytes of an ACTIVE file."""
        ...

    def open(self, owner: str, name: str) -> tuple[FileRecord, Iterator[bytes]]:
        """An ACTIVE file and its bytes as a stream of blocks (for downloads)."""
        ...

    def list(self, owner: str, page_size: int, page_token: str | None) -> tuple[list[FileRecord], str | None]:
        """Newest first; returns the page and the next page's token (None at the end)."""
        ...

    def delete(self, owner: str, name: str) -> None: ...

    def create_generated(
        self, owner: str, data: bytes, mime_type: str, display_name: str | None = None, file_id: str | None = None
    ) -> FileRecord:
        """A server-made file (batch results): source GENERATED, ACTIVE at once, with a ``downloadUri``."""
        ...


def new_file_id() -> str:
    """12 characters of ``[a-z0-9]`` like Google's (the SDK extracts ``[a-z0-9]+`` from URIs)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


def valid_file_id(file_id: str) -> bool:
    return bool(_ID.match(file_id))


def check_user_name(name: str) -> str:
    """The id in a client-chosen ``files/<id>`` (or bare id); 400 when it breaks Google's rule."""
    file_id = name.removeprefix("files/")
    if not valid_file_id(file_id):
        raise InvalidArgument(
            f"Invalid file name {name!r}: the id after 'files/' must be 1-40 characters of lowercase letters, "
            "digits or dashes, and must not start or end with a dash."
        )
    return file_id


def permission_denied(name: str) -> PermissionDenied:
    shown = name if name.startswith("files/") else f"files/{name}"
    return PermissionDenied(f"You do not have permission to access the File {shown} or it may not exist.")


def file_id_of(name: str) -> str | None:
    """The id in ``files/<id>``, ``<id>`` or ``http(s)://host[/prefix]/{v}/files/<id>``; None when
    ``name`` is none of these (a URL of anything else)."""
    name = name.strip()
    if name.startswith(("http://", "https://")):
        parts = urlsplit(name)
        match = _URI_PATH.match(parts.path)
        candidate = match.group(1) if match else ""
    else:
        candidate = name.removeprefix("files/")
    return candidate if valid_file_id(candidate) else None


def rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256_wire(hex_digest: str) -> str:
    """Google's ``sha256Hash``: base64 of the *hex* digest's ASCII (observed), not of the raw digest."""
    return base64.b64encode(hex_digest.encode()).decode()


def to_wire(record: FileRecord, base_url: str, version: str = "v1beta") -> dict[str, Any]:
    """The File resource as the API returns it. ``base_url`` is scheme, host and any path prefix."""
    base = base_url.rstrip("/")
    body: dict[str, Any] = {"name": record.name}
    if record.display_name:
        body["displayName"] = record.display_name
    body.update(
        mimeType=record.mime_type,
        sizeBytes=str(record.size_bytes),
        createTime=rfc3339(record.created_at),
        updateTime=rfc3339(record.updated_at),
        expirationTime=rfc3339(record.expires_at),
    )
    if record.sha256:
        body["sha256Hash"] = sha256_wire(record.sha256)
    body["uri"] = f"{base}/{version}/files/{record.id}"
    if record.source == FileSource.GENERATED:
        body["downloadUri"] = f"{base}/{version}/files/{record.id}:download?alt=media"
    body["state"] = record.state
    body["source"] = record.source
    if record.error:
        body["error"] = record.error
    return body


@dataclass(frozen=True)
class ResolvedFile:
    data: bytes
    mime_type: str
    name: str


#: What :func:`openbanana.api.gemini.inbound.to_image_request` calls for each ``fileData.fileUri``.
FileResolverFn = Callable[[str], ResolvedFile]


class FileResolver:
    """Resolves ``fileData.fileUri`` for one caller, to that caller's files only: never fetches a URL.

    Accepted: the full ``uri`` we returned (any host, since clients reach us through proxies),
    ``files/<id>``, or a bare id. Anything else is a 400 naming what is accepted.
    """

    def __init__(self, store: FileStore, owner: str, max_bytes: int = MAX_IMAGE_FILE_BYTES) -> None:
        self.store = store
        self.owner = owner
        self.max_bytes = max_bytes

    def __call__(self, uri: str) -> ResolvedFile:
        file_id = file_id_of(uri)
        if file_id is None:
            raise InvalidArgument(
                f"Unsupported file URI {uri!r}: only files uploaded to this server's Files API can be referenced "
                "(their 'uri', or 'files/<id>'); URLs are never fetched. Upload the image first, or send it inline "
                "as inlineData."
            )
        record = self.store.get(self.owner, file_id)
        if record.size_bytes > self.max_bytes:
            raise InvalidArgument(
                f"{record.name} is {record.size_bytes} bytes; an image referenced by fileData may be at most "
                f"{self.max_bytes} bytes."
            )
        return ResolvedFile(self.store.read(self.owner, file_id), record.mime_type, record.name)
