"""A throwaway PostgreSQL server for the platform suite's second pass.

``scripts/test.sh`` installs Debian's ``postgresql`` package and runs the ``platform`` tests again with
``--postgres``; this module starts a private cluster (``initdb`` in a temporary directory, listening on
loopback only, as the ``postgres`` system user when the tests run as root, because the server refuses
to run as root) and hands out a fresh, empty database per test server. When no server can be started,
:func:`start` raises :class:`PostgresUnavailable` with the reason, which the fixture prints and skips on.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import free_port


class PostgresUnavailable(RuntimeError):
    pass


@dataclass
class PostgresServer:
    bin_dir: Path
    data_dir: Path
    port: int
    as_user: str | None

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def fresh_database(self) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        import psycopg

        name = "ob_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        _run(self, [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"], check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise PostgresUnavailable("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    return Path(found[-1]).parent


def _run(server: PostgresServer | None, args: list[str], *, user: str | None = None, check: bool = True) -> None:
    user = user if server is None else server.as_user
    if user:
        args = ["runuser", "-u", user, "--", *args]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(args[-3:])} failed: {result.stderr.strip() or result.stdout.strip()}")


def start() -> PostgresServer:
    bin_dir = _bin_dir()
    as_user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="openbanana-pg-"))
    data = root / "data"
    if as_user:
        shutil.chown(root, user=as_user)
        root.chmod(0o700)
    _run(None, [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
         user=as_user)  # fmt: skip
    port = free_port()
    server = PostgresServer(bin_dir, data, port, as_user)
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c max_connections=300"
    _run(server, [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"])
    return server
