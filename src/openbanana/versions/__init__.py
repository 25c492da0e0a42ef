"""The version history of conversations: every image the server returns, numbered per conversation.

``base`` holds the record type and the store interface; ``versions_memory`` (default, bounded) and
``versions_files`` (under ``--data-dir``, survives restarts) implement it; :func:`create_version_store`
picks one from the settings. Routes read it through ``Services``.
"""

from __future__ import annotations

from pathlib import Path

from openbanana.versions.base import VersionRecord, VersionStore
from openbanana.versions.versions_files import FileVersionStore
from openbanana.versions.versions_memory import MemoryVersionStore

__all__ = ["FileVersionStore", "MemoryVersionStore", "VersionRecord", "VersionStore", "create_version_store"]


def create_version_store(data_dir: Path | None) -> VersionStore:
    return FileVersionStore(data_dir / "versions") if data_dir is not None else MemoryVersionStore()
