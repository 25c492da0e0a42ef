"""Server settings: one frozen object built from CLI options and ``OPENBANANA_*`` environment vars.

Nothing reads the environment at import time; :func:`Settings.from_env` is called by the CLI (or a
test) and the result is passed down explicitly.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MAX_REQUEST_BYTES = 20 * 1024 * 1024


def _split_keys(raw: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in raw.replace("\n", ",").split(",") if k.strip())


def _flag(raw: str, name: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SystemExit(f"{name} must be 1/0 (true/false, yes/no, on/off), got {raw!r}")


def default_data_dir() -> Path:
    """Where ``serve`` and the CLI keep state when no ``--data-dir`` is given: ``OPENBANANA_DATA_DIR``,
    else ``$XDG_DATA_HOME/openbanana`` (``~/.local/share/openbanana``). ``Settings()`` itself keeps
    ``data_dir=None`` (a throwaway directory), which is what tests want."""
    if os.environ.get("OPENBANANA_DATA_DIR"):
        return Path(os.environ["OPENBANANA_DATA_DIR"])
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "openbanana"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path | None = None
    #: Accepted API keys. Empty: any key is accepted, which is only allowed on loopback.
    api_keys: tuple[str, ...] = ()
    generator: str = "compose"
    workers: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    queue: int = 64
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    #: SQLAlchemy URL of the platform database; None: SQLite file ``openbanana.db`` in the data dir.
    database_url: str | None = None
    #: Where blobs go: ``s3://bucket/prefix?endpoint_url=...`` or ``file:///path``; None: ``<data dir>/blobs``.
    blob_url: str | None = None
    #: ``redis://...``: keep rate-limit windows in Redis instead of the database.
    redis_url: str | None = None
    #: A TOML/JSON price table overriding the built-in one (see ``docs/platform.md``).
    prices_path: Path | None = None
    #: Batch worker threads (they yield to interactive requests).
    batch_workers: int = 1
    #: When set, ``GET /metrics`` needs ``Authorization: Bearer <this>`` (``OPENBANANA_METRICS_KEY``).
    metrics_key: str | None = None
    #: Files API: lifetime of a file (and of an unfinished upload), in seconds (Google: 48 h).
    files_ttl_s: int = 48 * 3600
    #: Files API: bytes one owner (API key) may hold in files and pending uploads (Google: 20 GB per project).
    files_max_total_bytes: int = 20 * 1024**3
    #: Files API: largest single file (Google: 2 GB).
    files_max_file_bytes: int = 2 * 1024**3
    #: Files API: seconds between sweeps that delete expired files and abandoned uploads.
    files_sweep_interval_s: int = 60
    #: Provenance: embed the invisible watermark in every output (``OPENBANANA_WATERMARK=0`` turns it off;
    #: verify looks for it either way). See docs/provenance.md.
    watermark: bool = True
    #: Provenance: sign C2PA Content Credentials into every output (``OPENBANANA_C2PA=0`` turns it off).
    c2pa: bool = True
    #: An operator's C2PA signing certificate chain and private key (PEM); None: openbanana's own, created
    #: at first start in ``<data dir>/c2pa/``.
    c2pa_cert_path: Path | None = None
    c2pa_key_path: Path | None = None
    #: Safety: harm categories the operator turns off (``OPENBANANA_SAFETY_OFF=harassment,civic_integrity``
    #: or ``all``); they are still rated, never blocked. Sexual content with minors cannot be turned off.
    safety_off: tuple[str, ...] = ()
    #: Safety: the threshold for categories a request leaves unset (``OPENBANANA_SAFETY_DEFAULT``);
    #: None: BLOCK_MEDIUM_AND_ABOVE.
    safety_default: str | None = None
    #: Safety: extra lexicon files or directories (``OPENBANANA_SAFETY_LEXICON``, ``:``-separated).
    safety_lexicons: tuple[Path, ...] = ()
    #: Safety: read the text in input images with OCR (``OPENBANANA_SAFETY_OCR=0`` turns it off).
    safety_ocr: bool = True

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults ← ``OPENBANANA_*`` environment ← explicit overrides (None means "not given")."""
        env = os.environ
        base = cls()
        values: dict[str, object] = {}
        if "OPENBANANA_API_KEYS" in env:
            values["api_keys"] = _split_keys(env["OPENBANANA_API_KEYS"])
        if "OPENBANANA_DATA_DIR" in env:
            values["data_dir"] = Path(env["OPENBANANA_DATA_DIR"])
        if "OPENBANANA_GENERATOR" in env:
            values["generator"] = env["OPENBANANA_GENERATOR"]
        for name, key in (("DATABASE_URL", "database_url"), ("BLOB_URL", "blob_url"), ("REDIS_URL", "redis_url")):
            if env.get(f"OPENBANANA_{name}"):
                values[key] = env[f"OPENBANANA_{name}"]
        if env.get("OPENBANANA_METRICS_KEY"):
            values["metrics_key"] = env["OPENBANANA_METRICS_KEY"]
        if env.get("OPENBANANA_SAFETY_OFF"):
            values["safety_off"] = _split_keys(env["OPENBANANA_SAFETY_OFF"])
        if env.get("OPENBANANA_SAFETY_DEFAULT"):
            values["safety_default"] = env["OPENBANANA_SAFETY_DEFAULT"].strip()
        if env.get("OPENBANANA_SAFETY_LEXICON"):
            values["safety_lexicons"] = tuple(Path(p) for p in env["OPENBANANA_SAFETY_LEXICON"].split(os.pathsep) if p)
        for name, key in (("WATERMARK", "watermark"), ("C2PA", "c2pa"), ("SAFETY_OCR", "safety_ocr")):
            if env.get(f"OPENBANANA_{name}"):
                values[key] = _flag(env[f"OPENBANANA_{name}"], f"OPENBANANA_{name}")
        for name, key in (("C2PA_CERT", "c2pa_cert_path"), ("C2PA_KEY", "c2pa_key_path")):
            if env.get(f"OPENBANANA_{name}"):
                values[key] = Path(env[f"OPENBANANA_{name}"])
        if env.get("OPENBANANA_PRICES"):
            values["prices_path"] = Path(env["OPENBANANA_PRICES"])
        numbers = (
            ("WORKERS", "workers"), ("QUEUE", "queue"), ("MAX_REQUEST_BYTES", "max_request_bytes"),
            ("BATCH_WORKERS", "batch_workers"),
            ("FILES_TTL_S", "files_ttl_s"), ("FILES_MAX_TOTAL_BYTES", "files_max_total_bytes"),
            ("FILES_MAX_FILE_BYTES", "files_max_file_bytes"), ("FILES_SWEEP_INTERVAL_S", "files_sweep_interval_s"),
        )  # fmt: skip
        for name, key in numbers:
            raw = env.get(f"OPENBANANA_{name}")
            if raw is not None:
                if not raw.strip().isdigit():
                    raise SystemExit(f"OPENBANANA_{name} must be a non-negative integer, got {raw!r}")
                values[key] = int(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **values)  # type: ignore[arg-type]

    @property
    def is_loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    @property
    def open_access(self) -> bool:
        """True when no keys are configured and any key (or none) is accepted."""
        return not self.api_keys

    def check_bind(self) -> None:
        """Refuse to expose an unauthenticated server beyond this machine."""
        if self.open_access and not self.is_loopback:
            raise SystemExit(
                f"refusing to listen on {self.host} without API keys: set OPENBANANA_API_KEYS or pass "
                "--api-key, or bind to 127.0.0.1"
            )
