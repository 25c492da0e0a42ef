from __future__ import annotations

from openbanana.engine.signatures import Signer


def test_signatures_verify_only_the_same_payload_and_secret() -> None:
    signer = Signer(b"k" * 32)
    sig = signer.sign("image", b"pixels")
    assert signer.verify("image", b"pixels", sig)
    assert not signer.verify("image", b"pixels!", sig)
    assert not signer.verify("text", b"pixels", sig)
    assert not Signer(b"x" * 32).verify("image", b"pixels", sig)
    assert sig.startswith(b"obs1") and len(sig) == 28
