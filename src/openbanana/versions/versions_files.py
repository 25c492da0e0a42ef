"""Version store on disk: one JSON-lines file per conversation and content-addressed PNGs.

Writes go to a temporary file first and are renamed into place, so a crash never leaves a half
image, and an append of one JSON line is the only change to an existing file.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from openbanana.versions.base import VersionRecord

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


class FileVersionStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def _log(self, conversation: str) -> Path | None:
        return self.root / "conversations" / f"{conversation}.jsonl" if _SAFE_ID.match(conversation) else None

    def _image_path(self, sha256: str) -> Path | None:
        return self.root / "images" / sha256[:2] / f"{sha256}.png" if _SHA.match(sha256) else None

    def add(self, record: VersionRecord, image: bytes) -> None:
        log, path = self._log(record.conversation), self._image_path(record.image_sha256)
        if log is None or path is None:
            raise ValueError("unsafe conversation id or image hash")
        with self._lock:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(image)
                tmp.replace(path)
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record.to_json(), sort_keys=True) + "\n")

    def versions(self, conversation: str) -> list[VersionRecord]:
        log = self._log(conversation)
        if log is None or not log.exists():
            return []
        records: list[VersionRecord] = []
        with self._lock:
            lines = log.read_text(encoding="utf-8").splitlines()
        for line in lines:
            try:
                records.append(VersionRecord(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a torn last line after a crash: skip it, keep the rest
        return records

    def image(self, sha256: str) -> bytes | None:
        path = self._image_path(sha256)
        return path.read_bytes() if path is not None and path.exists() else None
