"""Version records and the store interface."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class VersionRecord:
    """One image the server returned in a conversation."""

    conversation: str
    #: 1 for the first image of the conversation, then 2, 3 … in the order they were made.
    version: int
    #: Hex SHA-256 of the PNG bytes as returned.
    image_sha256: str
    #: The image this one was edited from (None for a fresh generation).
    parent_sha256: str | None
    #: The user's text for the turn that made it.
    instruction: str
    created: float
    width: int
    height: int
    mime_type: str = "image/png"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class VersionStore(Protocol):
    """Thread-safe storage of version records and their image bytes."""

    def add(self, record: VersionRecord, image: bytes) -> None: ...

    def versions(self, conversation: str) -> list[VersionRecord]:
        """Records of one conversation, oldest first (empty when unknown)."""
        ...

    def image(self, sha256: str) -> bytes | None: ...
