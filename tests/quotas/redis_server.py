"""A throwaway ``redis-server`` on a loopback port for the Redis limiter tests (Debian ``redis-server``;
``apt-get install redis-server``). Tests skip, printing the reason, when it is not installed."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.server import free_port


@contextmanager
def redis_server(tmp: Path) -> Iterator[str | None]:
    """Yield a ``redis://`` URL, or None when no redis-server can be started (the reason is printed)."""
    binary = shutil.which("redis-server")
    if binary is None:
        print("\nredis-server is not installed (apt-get install redis-server): skipping the Redis limiter")
        yield None
        return
    import redis

    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    print("\nredis-server did not start: skipping the Redis limiter")
                    yield None
                    return
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
