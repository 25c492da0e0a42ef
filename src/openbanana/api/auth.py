"""API key checks, accepting every spelling real clients use.

The SDK sends ``x-goog-api-key``; curl docs use ``?key=``; OAuth/Vertex-style clients send
``Authorization: Bearer``. Error shapes mirror Google's: no credentials → 403 PERMISSION_DENIED,
a wrong API key → 400 INVALID_ARGUMENT with ``API_KEY_INVALID``, a wrong bearer token → 401.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Request

from openbanana.config import Settings
from openbanana.engine.errors import InvalidArgument, PermissionDenied, Unauthenticated

_KEY_INVALID_DETAILS: list[dict[str, Any]] = [
    {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {"service": "generativelanguage.googleapis.com"},
    },
    {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en-US",
     "message": "API key not valid. Please pass a valid API key."},
]  # fmt: skip


def _known(settings: Settings, candidate: str) -> bool:
    return any(hmac.compare_digest(candidate.encode(), key.encode()) for key in settings.api_keys)


def authenticate(request: Request, settings: Settings) -> str | None:
    """Return the caller's key (None in open mode without one) or raise the matching Google error."""
    header_key = request.headers.get("x-goog-api-key", "").strip()
    query_key = request.query_params.get("key", "").strip()
    auth = request.headers.get("authorization", "")
    bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
    if settings.open_access:
        return header_key or query_key or bearer or None
    if header_key or query_key:
        key = header_key or query_key
        if not _known(settings, key):
            raise InvalidArgument("API key not valid. Please pass a valid API key.", details=_KEY_INVALID_DETAILS)
        return key
    if bearer:
        if not _known(settings, bearer):
            raise Unauthenticated(
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
                "or other valid authentication credential."
            )
        return bearer
    raise PermissionDenied(
        "Method doesn't allow unregistered callers (callers without established identity). Please use API "
        "Key or other form of API consumer identity to call this API."
    )
