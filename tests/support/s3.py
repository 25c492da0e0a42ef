"""A throwaway S3 service on loopback (moto's server in a thread) for blob-store tests."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

#: Fake credentials: moto accepts anything, and boto3 must never look further (profiles, instance roles).
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


@dataclass
class S3Service:
    endpoint_url: str

    def new_bucket(self) -> str:
        import boto3

        name = f"ob-{secrets.token_hex(6)}"
        boto3.client("s3", endpoint_url=self.endpoint_url, region_name="us-east-1").create_bucket(Bucket=name)
        return name

    def blob_url(self, bucket: str, prefix: str = "pre/fix") -> str:
        return f"s3://{bucket}/{prefix}?endpoint_url={self.endpoint_url}&region=us-east-1"


@contextmanager
def moto_s3() -> Iterator[S3Service]:
    """moto's S3 on 127.0.0.1 (a free port), with the fake credentials in ``os.environ`` meanwhile."""
    from moto.server import ThreadedMotoServer

    saved = {k: os.environ.get(k) for k in AWS_ENV}
    os.environ.update(AWS_ENV)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Service(f"http://{host}:{port}")
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
