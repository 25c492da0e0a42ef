"""Blob storage: ``base`` (interface), ``blobs_local`` (a directory, the default) and ``blobs_s3``
(any S3-compatible service, chosen with ``OPENBANANA_BLOB_URL=s3://bucket/prefix``)."""

from __future__ import annotations

from pathlib import Path

from openbanana.blobs.base import BlobNotFound, BlobStore
from openbanana.blobs.blobs_local import LocalBlobStore

__all__ = ["BlobNotFound", "BlobStore", "LocalBlobStore", "create_blob_store"]


def create_blob_store(url: str | None, data_dir: Path) -> BlobStore:
    """The store named by ``url`` (``s3://...``, ``file:///path``), or ``<data_dir>/blobs``."""
    if not url:
        return LocalBlobStore(data_dir / "blobs")
    if url.startswith("file://"):
        return LocalBlobStore(Path(url.removeprefix("file://")))
    if url.startswith("s3://"):
        from openbanana.blobs.blobs_s3 import S3BlobStore

        return S3BlobStore.from_url(url)
    raise SystemExit(f"OPENBANANA_BLOB_URL must start with s3:// or file://, got {url!r}")
