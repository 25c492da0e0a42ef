"""Start the real ``openbanana serve`` in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_server(
    tmp_dir: Path,
    *,
    api_keys: tuple[str, ...] = (),
    generator: str = "compose",
    extra: tuple[str, ...] = (),
    database_url: str | None = None,
    env_extra: dict[str, str] | None = None,
) -> LiveServer:
    port = free_port()
    log_path = tmp_dir / f"server-{port}.log"
    env = dict(os.environ)
    env.pop("OPENBANANA_API_KEYS", None)
    env.pop("OPENBANANA_DATABASE_URL", None)
    if database_url:
        env["OPENBANANA_DATABASE_URL"] = database_url
    env.update(env_extra or {})
    args = [sys.executable, "-m", "openbanana", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--generator", generator, "--data-dir", str(tmp_dir / f"data-{port}"), "--log-level", "warning",
            *extra]  # fmt: skip
    for key in api_keys:
        args += ["--api-key", key]
    with log_path.open("wb") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return LiveServer(process, base_url, log_path)
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not become healthy:\n{log_path.read_text()}")
