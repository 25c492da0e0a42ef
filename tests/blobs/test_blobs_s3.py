"""S3 specifics: the blob URL, paging past 1,000 keys, and a real server keeping its blobs in S3."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import httpx
import pytest

from openbanana.blobs import create_blob_store
from openbanana.blobs.blobs_s3 import S3BlobStore, S3Location
from tests.support.s3 import AWS_ENV, S3Service, moto_s3
from tests.support.server import start_server


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Service]:
    with moto_s3() as service:
        yield service


def test_blob_url_parsing() -> None:
    loc = S3Location.parse("s3://bucket/a/b/?endpoint_url=http://127.0.0.1:9000&region=eu-west-1")
    assert (loc.bucket, loc.prefix, loc.endpoint_url, loc.region) == (
        "bucket",
        "a/b/",
        "http://127.0.0.1:9000",
        "eu-west-1",
    )
    assert S3Location.parse("s3://bucket").prefix == ""
    assert S3Location.parse("s3://b/p?addressing_style=virtual").addressing_style == "virtual"
    for bad in ("s3:///nobucket", "http://b/p", "s3://b/p?secret=1", "s3://b/../x", "s3://b/p?addressing_style=odd"):
        with pytest.raises(ValueError):
            S3Location.parse(bad)
    with pytest.raises(SystemExit, match="OPENBANANA_BLOB_URL"):
        create_blob_store("s3://b/p?nope=1", Path("/nonexistent"))


def test_prefixes_keep_stores_apart(s3: S3Service) -> None:
    bucket = s3.new_bucket()
    one, two = (S3BlobStore.from_url(s3.blob_url(bucket, p)) for p in ("one", "two"))
    one.put("k", b"1")
    two.put("k", b"2")
    assert (one.get("k"), two.get("k")) == (b"1", b"2")
    raw = boto3.client("s3", endpoint_url=s3.endpoint_url, region_name="us-east-1")
    assert sorted(o["Key"] for o in raw.list_objects_v2(Bucket=bucket)["Contents"]) == ["one/k", "two/k"]


def test_delete_prefix_pages_past_a_thousand_keys(s3: S3Service) -> None:
    store = S3BlobStore.from_url(s3.blob_url(s3.new_bucket()))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: store.put(f"many/{n:05d}", b"x"), range(1003)))
    store.put("keep/1", b"y")
    assert store.delete_prefix("many") == 1003
    assert not store.exists("many/00000") and not store.exists("many/01002") and store.exists("keep/1")


@pytest.mark.platform
def test_a_live_server_keeps_versions_in_s3_and_readyz_follows_the_bucket(
    s3: S3Service, tmp_path: Path, database_url: str | None
) -> None:
    bucket = s3.new_bucket()
    env = {**AWS_ENV, "OPENBANANA_BLOB_URL": s3.blob_url(bucket, "srv")}
    server = start_server(tmp_path, generator="noop", database_url=database_url, env_extra=env)
    raw = boto3.client("s3", endpoint_url=s3.endpoint_url, region_name="us-east-1")
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            assert client.get("/readyz").status_code == 200
            body = {"contents": [{"parts": [{"text": "a green square"}]}]}
            answer = client.post("/v1beta/models/gemini-3.1-flash-image-preview:generateContent", json=body)
            assert answer.status_code == 200, answer.text
            conversation = answer.headers["x-openbanana-conversation"]
            part = next(p for p in answer.json()["candidates"][0]["content"]["parts"] if "inlineData" in p)
            png = base64.b64decode(part["inlineData"]["data"])
            key = f"srv/versions/{hashlib.sha256(png).hexdigest()}.png"
            assert raw.get_object(Bucket=bucket, Key=key)["Body"].read() == png
            got = client.get(f"/v1beta/openbanana/conversations/{conversation}/versions/1")
            assert base64.b64decode(got.json()["inlineData"]["data"]) == png
            assert not list((tmp_path).glob("data-*/blobs/*"))  # nothing went to the local disk

            for obj in raw.list_objects_v2(Bucket=bucket).get("Contents", []):
                raw.delete_object(Bucket=bucket, Key=obj["Key"])
            raw.delete_bucket(Bucket=bucket)  # the store is gone: not ready, with the reason
            down = client.get("/readyz")
            assert down.status_code == 503
            assert down.json()["reason"] == "blobs check failed" and down.json()["checks"]["database"]["ok"]
            raw.create_bucket(Bucket=bucket)
            assert client.get("/readyz").status_code == 200
    finally:
        server.stop()
