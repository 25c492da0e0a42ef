"""Wiring provenance for the server (stamp + verify) and for the ``openbanana verify`` command.

The server signs with credentials created in its data dir (or the operator's) and trusts its own root;
the command only reads, so it never creates keys: it trusts the data dir's root if there is one and
looks marks up in the server's database only if that database already exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openbanana import __version__
from openbanana.config import Settings
from openbanana.provenance.base import Watermarker
from openbanana.provenance.credentials import CredentialsError, load_or_create, own_root_pem
from openbanana.provenance.manifest import C2paCredentials
from openbanana.provenance.marks_sql import SqlMarkStore
from openbanana.provenance.stamp import Provenance
from openbanana.provenance.verify import Verifier
from openbanana.provenance.watermark import SpreadWatermarker
from openbanana.storage import Database
from openbanana.usage.ledger_sql import SqlUsageLedger
from openbanana.usage.prices import PriceTable


@dataclass
class ProvenanceServices:
    """What the server holds: the engine's stamper, the verifier, and what to close at shutdown."""

    stamper: Provenance
    verifier: Verifier
    credentials: C2paCredentials | None

    def close(self) -> None:
        if self.credentials is not None:
            self.credentials.close()


def build_provenance(
    settings: Settings, data_dir: Path, database: Database, ledger: SqlUsageLedger, generator: str
) -> ProvenanceServices:
    """The server's provenance. A broken operator certificate stops the start with a clear message."""
    detector = _watermarker()  # verify reads marks even when the operator turned embedding off
    watermarker = detector if settings.watermark else None
    credentials = None
    if settings.c2pa:
        try:
            signing = load_or_create(data_dir, settings.c2pa_cert_path, settings.c2pa_key_path)
        except CredentialsError as exc:
            raise SystemExit(f"C2PA signing credentials: {exc}") from None
        credentials = C2paCredentials(signing, trust_anchors=[signing.root_pem] if signing.root_pem else [])
    marks = SqlMarkStore(database)
    stamper = Provenance(watermarker, credentials, marks, model_version=f"openbanana/{__version__} ({generator})")
    reader = credentials if credentials is not None else _reader(data_dir)
    verifier = Verifier(detector, reader, marks, ledger.get)
    return ProvenanceServices(stamper, verifier, credentials)


@contextmanager
def open_verifier(settings: Settings) -> Iterator[Verifier]:
    """A read-only verifier for the command line (see the module docstring)."""
    from openbanana.services import open_database

    data_dir = settings.data_dir
    database = None
    if settings.database_url or (data_dir is not None and (data_dir / "openbanana.db").exists()):
        assert data_dir is not None or settings.database_url
        database = open_database(settings, data_dir or Path("."))
    reader = _reader(data_dir)
    try:
        marks = SqlMarkStore(database) if database is not None else None
        ledger = SqlUsageLedger(database, PriceTable.default()).get if database is not None else None
        yield Verifier(_watermarker(), reader, marks, ledger)
    finally:
        reader.close()
        if database is not None:
            database.dispose()


def _reader(data_dir: Path | None) -> C2paCredentials:
    root = own_root_pem(data_dir) if data_dir is not None else None
    return C2paCredentials(None, trust_anchors=[root] if root else [])


def _watermarker() -> Watermarker:
    """The invisible watermark (one instance: it holds the 65,536-word codebook)."""
    return SpreadWatermarker()
