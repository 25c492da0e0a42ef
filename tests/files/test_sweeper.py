"""The expiry sweeper as a background thread: it wakes on its interval and removes expired files and
abandoned uploads (rows and blobs), and stops promptly."""

from __future__ import annotations

import time

import pytest

from openbanana.blobs import LocalBlobStore
from openbanana.files.files_sql import SqlFileStore
from openbanana.files.sweeper import FileSweeper
from openbanana.files.uploads import UploadMeta, Uploads
from tests.files.conftest import Clock
from tests.files.test_uploads import send

pytestmark = pytest.mark.platform


def test_sweeper_thread(store: SqlFileStore, uploads: Uploads, blobs: LocalBlobStore, clock: Clock) -> None:
    store.create_generated("k1", b"soon gone", "text/plain")
    send(uploads, uploads.start("k1", UploadMeta()), 0, b"abandoned")
    sweeper = FileSweeper(store, uploads, interval_s=0.05)
    sweeper.start()
    try:
        time.sleep(0.2)
        assert sum(1 for p in blobs.root.rglob("*") if p.is_file()) == 2  # nothing expired yet
        clock.now += 3601
        deadline = time.monotonic() + 5
        while any(p.is_file() for p in blobs.root.rglob("*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(p.is_file() for p in blobs.root.rglob("*"))
        assert store.sweep_expired() == 0 and uploads.sweep_expired() == 0
    finally:
        started = time.monotonic()
        sweeper.stop()
        assert time.monotonic() - started < 1
