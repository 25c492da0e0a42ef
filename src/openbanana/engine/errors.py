"""Errors raised below the protocol adapters.

Each carries a gRPC-style status; an adapter maps it to its own wire format (Google's error body for
the Gemini adapter). Keeping the status here means the engine and the translation layer never import
anything HTTP-specific.
"""

from __future__ import annotations

from typing import Any


class OpenBananaError(Exception):
    """Base error: ``status`` is a google.rpc code name, ``http_code`` the matching HTTP status."""

    status = "INTERNAL"
    http_code = 500

    def __init__(self, message: str, *, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class InvalidArgument(OpenBananaError):
    status = "INVALID_ARGUMENT"
    http_code = 400


class Unauthenticated(OpenBananaError):
    status = "UNAUTHENTICATED"
    http_code = 401


class PermissionDenied(OpenBananaError):
    status = "PERMISSION_DENIED"
    http_code = 403


class NotFound(OpenBananaError):
    status = "NOT_FOUND"
    http_code = 404


class PayloadTooLarge(OpenBananaError):
    status = "INVALID_ARGUMENT"
    http_code = 413


class FailedPrecondition(OpenBananaError):
    status = "FAILED_PRECONDITION"
    http_code = 400


class AlreadyExists(OpenBananaError):
    status = "ALREADY_EXISTS"
    http_code = 409


class Aborted(OpenBananaError):
    """A concurrency conflict, e.g. the same idempotent request still running."""

    status = "ABORTED"
    http_code = 409


class ResourceExhausted(OpenBananaError):
    status = "RESOURCE_EXHAUSTED"
    http_code = 429


class Unavailable(OpenBananaError):
    status = "UNAVAILABLE"
    http_code = 503


class Internal(OpenBananaError):
    status = "INTERNAL"
    http_code = 500
