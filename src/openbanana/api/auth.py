"""API key checks, accepting every spelling real clients use.

The SDK sends ``x-goog-api-key``; curl docs use ``?key=``; OAuth/Vertex-style clients send
``Authorization: Bearer``. Error shapes mirror Google's: no credentials → 403 PERMISSION_DENIED,
a wrong API key → 400 INVALID_ARGUMENT with ``API_KEY_INVALID``, a wrong bearer token → 401. A revoked
managed key is indistinguishable from an unknown one.

Two kinds of keys are accepted: static keys (``--api-key`` / ``OPENBANANA_API_KEYS``, unlimited) and
managed keys created with ``openbanana keys create`` (looked up by SHA-256, with their tier's limits).
While there are neither, the server is *open*: any key or none is accepted as the single ``local``
caller, and only on a loopback address — :func:`check_bind` refuses anything else at start, and a
non-loopback server whose managed keys were all revoked answers 403 rather than opening up.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Request

from openbanana.api.caller import OPEN_ACCESS_ID, Caller, static_key_id
from openbanana.config import Settings
from openbanana.engine.errors import InvalidArgument, PermissionDenied, Unauthenticated
from openbanana.keys.base import KeyStore

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


def _static(settings: Settings, candidate: str) -> bool:
    return any(hmac.compare_digest(candidate.encode(), key.encode()) for key in settings.api_keys)


def is_open(settings: Settings, keys: KeyStore) -> bool:
    """Keyless mode: no static keys, no active managed keys, and a loopback bind."""
    return not settings.api_keys and settings.is_loopback and not keys.has_active()


def authenticate(request: Request, settings: Settings, keys: KeyStore) -> Caller:
    """The calling identity, or the matching Google error."""
    header_key = request.headers.get("x-goog-api-key", "").strip() or request.query_params.get("key", "").strip()
    auth = request.headers.get("authorization", "")
    bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
    candidate = header_key or bearer
    if candidate:
        if _static(settings, candidate):
            return Caller(static_key_id(candidate), name="static")
        managed = keys.lookup(candidate)
        if managed is not None:
            return Caller(managed.id, name=managed.name, tier=managed.tier, limits=managed.limits)
    if is_open(settings, keys):
        return Caller(OPEN_ACCESS_ID)
    if header_key:
        raise InvalidArgument("API key not valid. Please pass a valid API key.", details=_KEY_INVALID_DETAILS)
    if bearer:
        raise Unauthenticated(
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
            "or other valid authentication credential."
        )
    raise PermissionDenied(
        "Method doesn't allow unregistered callers (callers without established identity). Please use API "
        "Key or other form of API consumer identity to call this API."
    )


def check_bind(settings: Settings, keys: KeyStore) -> None:
    """Refuse to expose an unauthenticated server beyond this machine (static or managed keys needed)."""
    if not settings.is_loopback and not settings.api_keys and not keys.has_active():
        raise SystemExit(
            f"refusing to listen on {settings.host} without API keys: create one with `openbanana keys create`, "
            "set OPENBANANA_API_KEYS or pass --api-key, or bind to 127.0.0.1"
        )
