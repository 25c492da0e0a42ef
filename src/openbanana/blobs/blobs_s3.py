"""Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, R2, ...): ``pip install openbanana[s3]``.

Chosen with ``OPENBANANA_BLOB_URL=s3://bucket/prefix?endpoint_url=http://minio:9000&region=us-east-1``.
Credentials come from boto3's usual chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``/
``AWS_SESSION_TOKEN``, ``AWS_PROFILE``, instance roles); they are never part of the URL, so the URL can be
logged. The bucket must exist; several servers can share it (and a prefix) safely.

Same semantics as :class:`~openbanana.blobs.blobs_local.LocalBlobStore`: a PUT is atomic in S3 (a
reader sees the old object or the new one, never part of either), ``iter_chunks`` streams the body
instead of reading it whole, and ``delete_prefix`` pages through the listing 1,000 keys at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from openbanana.blobs.base import BlobNotFound, check_key

_MISSING = frozenset({"NoSuchKey", "404", "NotFound"})
#: ``?...`` options in the blob URL.
_OPTIONS = frozenset({"endpoint_url", "region", "addressing_style"})


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str  # "" or "some/prefix/" (always ending in a slash)
    endpoint_url: str | None = None
    region: str | None = None
    addressing_style: str | None = None

    @classmethod
    def parse(cls, url: str) -> S3Location:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"an S3 blob URL looks like s3://bucket/prefix?endpoint_url=..., got {url!r}")
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=False).items()}
        unknown = set(query) - _OPTIONS
        if unknown:
            raise ValueError(f"unknown S3 blob URL option(s) {sorted(unknown)}; known: {sorted(_OPTIONS)}")
        prefix = parts.path.strip("/")
        if prefix:
            check_key(prefix)
        style = query.get("addressing_style")
        if style is not None and style not in ("path", "virtual", "auto"):
            raise ValueError("addressing_style must be path, virtual or auto")
        return cls(
            bucket=parts.netloc, prefix=f"{prefix}/" if prefix else "", endpoint_url=query.get("endpoint_url"),
            region=query.get("region"), addressing_style=style,
        )  # fmt: skip


class S3BlobStore:
    """A :class:`~openbanana.blobs.base.BlobStore` on one bucket and prefix. boto3 clients are
    thread-safe, so one client serves every request thread."""

    def __init__(self, location: S3Location, client: Any | None = None) -> None:
        self.location = location
        self.bucket = location.bucket
        self._client = client if client is not None else _make_client(location)

    @classmethod
    def from_url(cls, url: str) -> S3BlobStore:
        try:
            location = S3Location.parse(url)
        except ValueError as exc:
            raise SystemExit(f"OPENBANANA_BLOB_URL: {exc}") from exc
        return cls(location)

    def _name(self, key: str) -> str:
        return self.location.prefix + check_key(key)

    def put(self, key: str, data: bytes) -> None:
        self._client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)

    def _get(self, key: str) -> Any:
        try:
            return self._client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self._client.exceptions.ClientError as exc:
            if _is_missing(exc):
                raise BlobNotFound(key) from exc
            raise

    def get(self, key: str) -> bytes:
        body = self._get(key)["Body"]
        try:
            data: bytes = body.read()
        finally:
            body.close()
        return data

    def iter_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        body = self._get(key)["Body"]  # BlobNotFound here, before the first chunk is asked for

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(chunk_size)
            finally:
                body.close()

        return chunks()

    def _head(self, key: str) -> dict[str, Any] | None:
        try:
            head: dict[str, Any] = self._client.head_object(Bucket=self.bucket, Key=self._name(key))
        except self._client.exceptions.ClientError as exc:
            if _is_missing(exc):
                return None
            raise
        return head

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int:
        head = self._head(key)
        if head is None:
            raise BlobNotFound(key)
        return int(head["ContentLength"])

    def delete(self, key: str) -> None:
        self._client.delete_object(Bucket=self.bucket, Key=self._name(key))  # S3: deleting nothing is fine

    def delete_prefix(self, prefix: str) -> int:
        folder = self._name(prefix) + "/"
        removed = 0
        pages = self._client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=folder)
        for page in pages:
            names = [{"Key": obj["Key"]} for obj in page.get("Contents", ())]
            if not names:
                continue
            answer = self._client.delete_objects(Bucket=self.bucket, Delete={"Objects": names, "Quiet": True})
            errors = answer.get("Errors") or []
            if errors:
                raise RuntimeError(f"S3 refused to delete {len(errors)} object(s) under {folder!r}: {errors[0]}")
            removed += len(names)
        return removed


def _is_missing(exc: Any) -> bool:
    error = getattr(exc, "response", {}).get("Error", {})
    return str(error.get("Code", "")) in _MISSING


def _make_client(location: S3Location) -> Any:
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:  # the optional extra is not installed
        raise SystemExit("an s3:// blob URL needs boto3: pip install 'openbanana[s3]'") from exc
    s3_options = {"addressing_style": location.addressing_style or ("path" if location.endpoint_url else "auto")}
    config = Config(s3=s3_options, retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=32)
    session = boto3.session.Session()  # sessions are not thread-safe; the client made from one is
    return session.client("s3", endpoint_url=location.endpoint_url, region_name=location.region, config=config)
