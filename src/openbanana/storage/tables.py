"""Every platform table, declared once.

Services own their tables' *use* (``keys/keys_sql.py`` reads and writes ``api_keys``, and so on); the
declarations live together here so that one Alembic history covers the whole schema and a test can
check that the migrations and these declarations agree. Times are UTC epoch seconds (floats): cheap to
compare in window queries on every dialect. Large payloads (file bytes, batch results, stored
responses) live in the blob store; rows hold their blob keys.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ApiKeyRow(Base):
    """An API key: only its SHA-256 is stored; ``prefix`` (first characters) identifies it in listings."""

    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    tier: Mapped[str] = mapped_column(String(32))
    #: Per-key overrides of the tier's limits; NULL means "the tier's value".
    rpm: Mapped[int | None] = mapped_column(Integer)
    rpd: Mapped[int | None] = mapped_column(Integer)
    tpm: Mapped[int | None] = mapped_column(Integer)
    concurrency: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float)


class QuotaEventRow(Base):
    """One admitted request (and the tokens it was charged) for sliding-window rate limits."""

    __tablename__ = "quota_events"
    __table_args__ = (Index("ix_quota_events_key_at", "key_id", "at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float)
    tokens: Mapped[int] = mapped_column(Integer, default=0)


class QuotaLeaseRow(Base):
    """A request in flight, counted against the key's concurrency limit until released or expired."""

    __tablename__ = "quota_leases"
    __table_args__ = (Index("ix_quota_leases_key", "key_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(64))
    acquired_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)


class UsageRow(Base):
    """One ledger entry per request (interactive or one batch item): what was used and what it cost."""

    __tablename__ = "usage"
    __table_args__ = (Index("ix_usage_key_created", "key_id", "created_at"), Index("ix_usage_created", "created_at"))
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(100))
    method: Mapped[str] = mapped_column(String(64))
    input_text_tokens: Mapped[int] = mapped_column(Integer, default=0)
    input_image_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_text_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_image_tokens: Mapped[int] = mapped_column(Integer, default=0)
    thought_tokens: Mapped[int] = mapped_column(Integer, default=0)
    images: Mapped[int] = mapped_column(Integer, default=0)
    image_size: Mapped[str | None] = mapped_column(String(16))
    aspect_ratio: Mapped[str | None] = mapped_column(String(16))
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    http_status: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[str | None] = mapped_column(String(64))
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[float] = mapped_column(Float)


class IdempotencyRow(Base):
    """A request made under an idempotency key: the body's hash and, once done, the stored response."""

    __tablename__ = "idempotency"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))  # "running" | "done"
    http_status: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(100))
    headers_json: Mapped[str | None] = mapped_column(Text)
    blob_key: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)


class FileRow(Base):
    """A Files API file (uploaded, or generated such as a batch's results)."""

    __tablename__ = "files"
    __table_args__ = (Index("ix_files_owner_created", "owner", "created_at"), Index("ix_files_expires", "expires_at"))
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(512))
    mime_type: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))  # PROCESSING | ACTIVE | FAILED
    source: Mapped[str] = mapped_column(String(16))  # UPLOADED | GENERATED
    blob_key: Mapped[str | None] = mapped_column(String(255))
    error_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)


class UploadRow(Base):
    """A resumable upload in progress; chunks are blobs named after the upload id and their offset."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    file_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(512))
    mime_type: Mapped[str] = mapped_column(String(255))
    declared_size: Mapped[int | None] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    chunks: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)


class BatchRow(Base):
    """A Batch API job. Counts are kept on the row so ``get``/``list`` never scan the requests."""

    __tablename__ = "batches"
    __table_args__ = (Index("ix_batches_owner_created", "owner", "created_at"), Index("ix_batches_state", "state"))
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(512))
    state: Mapped[str] = mapped_column(String(32))
    input_file: Mapped[str | None] = mapped_column(String(64))
    output_file: Mapped[str | None] = mapped_column(String(64))
    request_count: Mapped[int] = mapped_column(Integer, default=0)
    succeeded: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    error_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    end_at: Mapped[float | None] = mapped_column(Float)


class BatchItemRow(Base):
    """One request of a batch. A worker claims it with a lease; the result blob and the ``done`` state
    are committed together, so after a crash an unfinished item is simply claimed again."""

    __tablename__ = "batch_items"
    __table_args__ = (Index("ix_batch_items_state_lease", "state", "lease_until"),)
    batch_id: Mapped[str] = mapped_column(String(64), ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_key: Mapped[str | None] = mapped_column(String(255))
    metadata_json: Mapped[str | None] = mapped_column(Text)
    request_blob: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(16))  # pending | running | succeeded | failed | cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[float | None] = mapped_column(Float)
    result_blob: Mapped[str | None] = mapped_column(String(255))
    error_json: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[float] = mapped_column(Float)


class VersionRow(Base):
    """One image returned in a conversation (see :mod:`openbanana.versions`); the PNG is a blob named
    after its SHA-256."""

    __tablename__ = "versions"
    __table_args__ = (Index("ix_versions_conversation", "conversation", "version"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    conversation: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    image_sha256: Mapped[str] = mapped_column(String(64))
    parent_sha256: Mapped[str | None] = mapped_column(String(64))
    instruction: Mapped[str] = mapped_column(Text, default="")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    mime_type: Mapped[str] = mapped_column(String(64))
    created: Mapped[float] = mapped_column(Float)


class MarkRow(Base):
    """One stamped output (see :mod:`openbanana.provenance`): the watermark's mark id → the request that
    made the image. Mark ids are short, so lookups return every row with the id, newest first."""

    __tablename__ = "marks"
    __table_args__ = (Index("ix_marks_mark_id", "mark_id"), Index("ix_marks_sha256", "sha256"))
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    mark_id: Mapped[int | None] = mapped_column(Integer)
    usage_id: Mapped[str | None] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    mime_type: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[float] = mapped_column(Float)
    #: 16×16 RGB thumbnail of the marked pixels (768 bytes): tells apart outputs sharing a mark id.
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
