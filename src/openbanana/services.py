"""The one place where the server's parts are wired together.

Routes reach everything through ``app.state.services``; tests build a :class:`Services` with whatever
generator they need and run the real app against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from openbanana.config import Settings
from openbanana.engine.engine import Engine
from openbanana.engine.lineage import LineageKeeper
from openbanana.engine.runtime import EngineRuntime
from openbanana.engine.signatures import Signer
from openbanana.generators.base import Generator
from openbanana.generators.registry import create_generator
from openbanana.versions import VersionStore, create_version_store


@dataclass
class Services:
    settings: Settings
    runtime: EngineRuntime
    signer: Signer
    versions: VersionStore

    @classmethod
    def build(cls, settings: Settings, generator: Generator | None = None) -> Services:
        gen = generator or create_generator(settings.generator)
        signer = Signer(_signing_secret(settings))
        versions = create_version_store(settings.data_dir)
        engine = Engine(gen, lineage=LineageKeeper(signer, versions))
        runtime = EngineRuntime(engine, workers=settings.workers, queue=settings.queue)
        return cls(settings=settings, runtime=runtime, signer=signer, versions=versions)


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
