"""Who is calling: the identity every platform service keys its records by.

``key_id`` is stable and never the secret itself: the id of a managed key (``key_...``),
``static-<hash>`` for a key given on the command line, or ``local`` in open (loopback, keyless) mode,
where every caller shares one namespace of files and batches as a single-user server should. ``limits``
are the key's rate limits (managed keys only; static keys and open mode are unlimited).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from fastapi import Request

from openbanana.keys.tiers import UNLIMITED, Limits

OPEN_ACCESS_ID = "local"


@dataclass(frozen=True)
class Caller:
    key_id: str
    name: str = ""
    tier: str = ""
    limits: Limits = field(default=UNLIMITED)


def static_key_id(key: str) -> str:
    return "static-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def caller_of(request: Request) -> Caller:
    """The caller that :func:`openbanana.api.gemini.routes.require_key` authenticated."""
    caller: Caller = request.state.caller
    return caller
