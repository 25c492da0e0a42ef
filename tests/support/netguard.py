"""Refuse every socket connection that is not to a loopback address.

Installed for the whole test session by ``tests/conftest.py``: a test (or the code under test) that
tries to reach the network fails loudly instead of silently depending on it. The test script also runs
the suite in a network namespace with only ``lo`` where it can, which covers subprocesses too.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_create_connection = socket.create_connection


class NetworkBlocked(OSError):
    pass


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(address: Any) -> None:
    if not _is_local(address):
        raise NetworkBlocked(f"test tried to connect to non-loopback address {address!r}")


def _connect(self: socket.socket, address: Any) -> None:
    _guard(address)
    _original_connect(self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _guard(address)
    return _original_connect_ex(self, address)


def _create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    _guard(address)
    return _original_create_connection(address, *args, **kwargs)


def install() -> None:
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.create_connection = _create_connection
