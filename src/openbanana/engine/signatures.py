"""Thought signatures: tamper-evident tokens on the parts the model returns.

The real API attaches an opaque ``thoughtSignature`` to output parts and expects chats to send it back.
Ours is ``b"obs1" + HMAC-SHA256(secret, kind | sha256(payload))[:24]``, which lets the server tell
whether an image a client sends back is one it produced, unmodified (``verify``; editing, a later
step, relies on it — today signatures are issued and decoded, and nothing is refused for lacking one).
Clients re-encode signatures (standard ↔ URL-safe base64), so compare decoded bytes, never strings.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = b"obs1"
MAC_BYTES = 24


class Signer:
    """Signs and verifies payloads with one secret (random per process unless one is given)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def sign(self, kind: str, payload: bytes) -> bytes:
        digest = hashlib.sha256(payload).digest()
        mac = hmac.new(self._secret, kind.encode() + b"|" + digest, hashlib.sha256).digest()
        return PREFIX + mac[:MAC_BYTES]

    def verify(self, kind: str, payload: bytes, signature: bytes) -> bool:
        return hmac.compare_digest(self.sign(kind, payload), signature)
