"""The Files API: ``base`` (records, the store interface, names, wire shape, the fileData resolver),
``files_sql`` (files in the platform database, bytes in the blob store), ``uploads`` (the resumable
upload protocol) and ``sweeper`` (removes expired files and abandoned uploads)."""

from openbanana.files.base import FileRecord, FileResolver, FileStore, ResolvedFile, to_wire
from openbanana.files.files_sql import SqlFileStore

__all__ = ["FileRecord", "FileResolver", "FileStore", "ResolvedFile", "SqlFileStore", "to_wire"]
