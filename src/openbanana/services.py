"""The one place where the server's parts are wired together.

Routes reach everything through ``app.state.services``; tests build a :class:`Services` with whatever
generator they need and run the real app against it. Without a data dir (tests, quick starts) the
platform state lives in a private temporary directory that :meth:`Services.close` removes.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from openbanana.batches.batches_sql import SqlBatchStore
from openbanana.batches.worker import BatchWorkerPool
from openbanana.blobs import BlobStore, create_blob_store
from openbanana.config import Settings
from openbanana.engine.engine import Engine
from openbanana.engine.lineage import LineageKeeper
from openbanana.engine.runtime import EngineRuntime
from openbanana.engine.signatures import Signer
from openbanana.files.files_sql import SqlFileStore
from openbanana.files.sweeper import FileSweeper
from openbanana.files.uploads import Uploads
from openbanana.generators.base import Generator
from openbanana.generators.registry import create_generator
from openbanana.idempotency import IdempotencyStore
from openbanana.keys import KeyStore, SqlKeyStore
from openbanana.observability.metrics import Metrics
from openbanana.provenance.factory import ProvenanceServices, build_provenance
from openbanana.quotas import QuotaLimiter, create_quota_limiter
from openbanana.safety.gate import SafetyGate
from openbanana.storage import Database
from openbanana.storage.database import sqlite_url
from openbanana.storage.migrate import upgrade
from openbanana.usage.ledger_sql import SqlUsageLedger
from openbanana.usage.prices import PriceTable
from openbanana.versions import VersionStore, create_version_store


class Background(Protocol):
    """A background job (batch workers, expiry sweepers) started and stopped with the server."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class Services:
    settings: Settings
    runtime: EngineRuntime
    signer: Signer
    versions: VersionStore
    database: Database
    blobs: BlobStore
    data_dir: Path
    #: The usage ledger (``record``/``record_in`` + report queries); its ``prices`` is the price table.
    usage: SqlUsageLedger
    #: Stored answers of requests sent with an ``Idempotency-Key`` (see ``api/idempotency.py``).
    idempotency: IdempotencyStore
    #: Prometheus metrics (its own registry): ``observe(entry)`` per request, ``GET /metrics``.
    metrics: Metrics
    #: Managed API keys (``openbanana keys``) and per-key rate limits.
    keys: KeyStore
    quotas: QuotaLimiter
    #: Files API: the store (``get``/``read``/``create_generated``/...) and the resumable uploads.
    files: SqlFileStore
    uploads: Uploads
    #: Batch API jobs (store) and the worker pool that runs them (also in ``background``).
    batches: SqlBatchStore
    #: Watermark + Content Credentials stamped on every output (the engine's stamper) and the verifier.
    provenance: ProvenanceServices
    batch_workers: BatchWorkerPool = field(init=False, repr=False)
    background: list[Background] = field(default_factory=list)
    _owned_dir: Path | None = None

    @classmethod
    def build(cls, settings: Settings, generator: Generator | None = None) -> Services:
        prices = PriceTable.load(settings.prices_path)  # a bad price file stops the start, before anything else
        owned = None if settings.data_dir is not None else Path(tempfile.mkdtemp(prefix="openbanana-"))
        data_dir = settings.data_dir or owned
        assert data_dir is not None
        data_dir.mkdir(parents=True, exist_ok=True)
        database = open_database(settings, data_dir)
        blobs = create_blob_store(settings.blob_url, data_dir)
        gen = generator or create_generator(settings.generator)
        signer = Signer(_signing_secret(settings))
        versions = create_version_store(database, blobs)
        usage = SqlUsageLedger(database, prices)
        provenance = build_provenance(settings, data_dir, database, usage, gen.name)
        safety = SafetyGate.from_settings(settings)  # a bad OPENBANANA_SAFETY_* setting stops the start here
        engine = Engine(gen, lineage=LineageKeeper(signer, versions), stamper=provenance.stamper, safety=safety)
        runtime = EngineRuntime(engine, workers=settings.workers, queue=settings.queue)
        metrics = Metrics(runtime, database)
        idempotency = IdempotencyStore(database, blobs)
        keys, quotas = SqlKeyStore(database), create_quota_limiter(settings, database)
        files = SqlFileStore(
            database, blobs, ttl_s=settings.files_ttl_s, max_file_bytes=settings.files_max_file_bytes
        )
        uploads = Uploads(files, max_total_bytes=settings.files_max_total_bytes)
        sweeper = FileSweeper(files, uploads, settings.files_sweep_interval_s)
        services = cls(
            batches=SqlBatchStore(database, blobs),
            files=files, uploads=uploads, background=[sweeper],
            settings=settings, runtime=runtime, signer=signer, versions=versions, database=database,
            blobs=blobs, data_dir=data_dir, usage=usage, idempotency=idempotency, _owned_dir=owned,
            metrics=metrics, provenance=provenance,
            keys=keys, quotas=quotas,
        )  # fmt: skip
        services.batch_workers = BatchWorkerPool(services, services.batches, settings.batch_workers)
        services.background.append(services.batch_workers)
        return services

    def start(self) -> None:
        for job in self.background:
            job.start()

    def close(self) -> None:
        for job in reversed(self.background):
            job.stop()
        self.provenance.close()
        self.database.dispose()
        if self._owned_dir is not None:
            shutil.rmtree(self._owned_dir, ignore_errors=True)


def open_database(settings: Settings, data_dir: Path) -> Database:
    """The platform database, migrated to the newest schema."""
    database = Database(settings.database_url or sqlite_url(data_dir / "openbanana.db"))
    upgrade(database)
    return database


def _signing_secret(settings: Settings) -> bytes | None:
    """A per-data-dir secret so signatures survive restarts; random per process without a data dir."""
    if settings.data_dir is None:
        return None
    import secrets

    path = settings.data_dir / "signing.key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(secrets.token_bytes(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_bytes()
