"""In-memory version store: the default without a data directory. Bounded, oldest conversations
are forgotten first, so a long-running server does not grow without limit."""

from __future__ import annotations

import threading
from collections import OrderedDict

from openbanana.versions.base import VersionRecord


class MemoryVersionStore:
    def __init__(self, max_conversations: int = 256, max_images: int = 512) -> None:
        self._lock = threading.Lock()
        self._conversations: OrderedDict[str, list[VersionRecord]] = OrderedDict()
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self.max_conversations = max_conversations
        self.max_images = max_images

    def add(self, record: VersionRecord, image: bytes) -> None:
        with self._lock:
            self._conversations.setdefault(record.conversation, []).append(record)
            self._conversations.move_to_end(record.conversation)
            while len(self._conversations) > self.max_conversations:
                self._conversations.popitem(last=False)
            self._images[record.image_sha256] = image
            self._images.move_to_end(record.image_sha256)
            while len(self._images) > self.max_images:
                self._images.popitem(last=False)

    def versions(self, conversation: str) -> list[VersionRecord]:
        with self._lock:
            return list(self._conversations.get(conversation, ()))

    def image(self, sha256: str) -> bytes | None:
        with self._lock:
            return self._images.get(sha256)
