"""Paging query parameters as Google's list methods take them (``pageSize``/``pageToken``, or their
snake_case spellings), shared by ``models.list``, ``files.list`` and ``batches.list``.

Offset tokens are opaque to clients: URL-safe base64 of ``<kind>:<offset>``, so a token from one list
is refused by another.
"""

from __future__ import annotations

import base64

from fastapi import Request

from openbanana.engine.errors import InvalidArgument


def page_size(request: Request, default: int, maximum: int | None = None) -> int:
    """The requested page size: 0 or absent → ``default``; capped at ``maximum`` when given."""
    raw = request.query_params.get("pageSize") or request.query_params.get("page_size") or ""
    if raw and not raw.lstrip("-").isdigit():
        raise InvalidArgument(f"Invalid value at 'page_size' (TYPE_INT32), {raw!r}")
    size = int(raw) if raw else default
    if size < 0:
        raise InvalidArgument("page_size must not be negative.")
    size = size or default
    return min(size, maximum) if maximum is not None else size


def page_token(request: Request) -> str:
    """The client's page token, '' for the first page."""
    return request.query_params.get("pageToken") or request.query_params.get("page_token") or ""


def offset_token(kind: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{offset}".encode()).decode().rstrip("=")


def token_offset(kind: str, token: str) -> int:
    """The offset inside a token made by :func:`offset_token` for ``kind``; 0 for ''."""
    if not token:
        return 0
    try:
        prefix, _, number = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        prefix, number = "", ""
    if prefix != kind or not number.isdigit():
        raise InvalidArgument(f"Invalid page token {token!r}.")
    return int(number)
