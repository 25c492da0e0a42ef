"""Deletes expired files and abandoned uploads in the background.

Expired files already read as missing (every lookup checks ``expires_at``); the sweeper reclaims
their rows and blob parts. Several server processes may sweep the same database: each deletion is
idempotent (row deletes by id, blob deletes of missing keys are no-ops), so they never conflict.
"""

from __future__ import annotations

import logging
import threading

from openbanana.files.files_sql import SqlFileStore
from openbanana.files.uploads import Uploads

log = logging.getLogger("openbanana.files")


class FileSweeper:
    """A daemon thread that wakes every ``interval_s`` seconds (a :class:`~openbanana.services.Background`)."""

    def __init__(self, files: SqlFileStore, uploads: Uploads, interval_s: float) -> None:
        self.files = files
        self.uploads = uploads
        self.interval_s = max(0.05, float(interval_s))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sweep_once(self) -> tuple[int, int]:
        """One pass; returns (files removed, uploads removed)."""
        files = uploads = 0
        while (n := self.files.sweep_expired()) > 0:
            files += n
        while (n := self.uploads.sweep_expired()) > 0:
            uploads += n
        if files or uploads:
            log.info("files sweep: %d expired files and %d abandoned uploads removed", files, uploads)
        return files, uploads

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.sweep_once()
            except Exception:  # a database hiccup must not end the sweeper; the next pass retries
                log.exception("files sweep failed")

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="openbanana-files-sweeper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
