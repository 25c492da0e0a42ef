"""Shared types of provenance: what an output is stamped with, and what verification finds.

Every image the server returns carries two independent proofs of origin:

* an **invisible watermark** in the pixels (keyed spread spectrum, see :mod:`.watermark`) holding a *mark id*.
  It survives re-encoding, resizing, cropping and metadata stripping, and the id leads back to the
  ``marks`` table and from there to the usage ledger;
* **C2PA Content Credentials** (see :mod:`.credentials` and :mod:`.manifest`): a signed manifest embedded
  in the PNG/JPEG saying the image was created (or edited, with its inputs as ingredients) by
  openbanana's model, which any C2PA reader can validate — but which a re-encode strips.

The interfaces here are small so each half can be tested and replaced on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

#: An RGB image as ``uint8`` of shape (height, width, 3).
RGB = npt.NDArray[np.uint8]

#: ``c2pa.created`` for a new image, ``c2pa.edited`` for one made from input images.
Action = Literal["c2pa.created", "c2pa.edited"]


@dataclass(frozen=True)
class Detection:
    """What the watermark decoder read from an image."""

    #: True when the image correlates with one of openbanana's codewords far above any unmarked image.
    found: bool
    #: The mark id in the payload (None when not found).
    mark_id: int | None
    #: 0..1: the detection score mapped by :func:`.watermark.confidence` (0.5 at the threshold; unmarked ≤ 0.02).
    confidence: float
    #: The 32 channel bits as read (signs of the best correlations, for diagnostics).
    bits: tuple[int, ...] = ()


class Watermarker(Protocol):
    """Embeds a mark id invisibly in pixels and reads it back (thread-safe)."""

    #: How many distinct mark ids fit in the payload (ids are ``0 .. id_space - 1``).
    id_space: int

    def embed(self, rgb: RGB, mark_id: int, strength: npt.NDArray[np.float32] | None = None) -> RGB:
        """``rgb`` with ``mark_id`` embedded; ``strength`` (HxW, 0..1) scales the mark per pixel."""
        ...

    def detect(self, rgb: RGB) -> Detection: ...


@dataclass(frozen=True)
class Ingredient:
    """An input image an edit was made from (a C2PA ``parentOf``/``componentOf`` ingredient)."""

    data: bytes
    mime_type: str
    title: str
    #: ``parentOf`` for the image being edited (the first), ``componentOf`` for the other references.
    relationship: Literal["parentOf", "componentOf"] = "componentOf"


@dataclass(frozen=True)
class ManifestSpec:
    """Everything a C2PA manifest for one output says."""

    action: Action
    #: The model id and version (``gemini-3.1-flash-image-preview``, ``openbanana 0.1.0 compose``).
    model: str
    model_version: str
    title: str = "image"
    ingredients: tuple[Ingredient, ...] = ()
    #: The watermark's mark id and the usage-ledger id of the request, kept as an openbanana assertion.
    mark_id: int | None = None
    usage_id: str | None = None
    prompt_summary: str | None = None


ValidationState = Literal["valid", "invalid", "absent"]


@dataclass(frozen=True)
class CredentialsReport:
    """What a C2PA reader found in a file."""

    #: ``absent``: no manifest; ``valid``: signature and hashes check out (the certificate may still be
    #: untrusted: see ``trusted``); ``invalid``: the manifest is there but fails validation.
    state: ValidationState
    #: The c2pa library's own validation state (``Valid``, ``Trusted``, ``Invalid``) when there is one.
    library_state: str | None = None
    #: Whether the signing certificate chains to a trust anchor the reader was given.
    trusted: bool = False
    #: The c2pa library's validation status entries (``{"code", "explanation", ...}``), failures first.
    validation_status: tuple[dict[str, Any], ...] = ()
    #: The active manifest's actions (``c2pa.created``...), ingredient titles and claim generator.
    actions: tuple[str, ...] = ()
    ingredients: tuple[str, ...] = ()
    claim_generator: str | None = None
    #: The openbanana assertion's mark id and usage id, when the manifest is ours.
    mark_id: int | None = None
    usage_id: str | None = None
    #: The full manifest store as JSON (for ``verify --json``).
    manifest: dict[str, Any] = field(default_factory=dict, repr=False)


class ContentCredentials(Protocol):
    """Signs C2PA manifests into PNG/JPEG bytes and reads them back."""

    def sign(self, data: bytes, mime_type: str, spec: ManifestSpec) -> bytes: ...

    def read(self, data: bytes, mime_type: str) -> CredentialsReport: ...


@dataclass(frozen=True)
class MarkRecord:
    """One stamped output: the link from a watermark's mark id (None: not watermarked) and from the exact
    bytes to the request that made the image."""

    mark_id: int | None
    #: The usage-ledger entry id of the request (None when the output was made outside a metered request).
    usage_id: str | None
    model: str
    action: Action
    #: SHA-256 of the exact bytes returned, so a verifier can tell the original from a re-encoded copy.
    sha256: str
    mime_type: str
    width: int
    height: int
    created_at: float
    #: A 16×16 RGB thumbnail of the marked pixels (:func:`.fingerprint.thumbnail`): outputs that share a
    #: mark id (an image and its edits, or a chance collision of short ids) are told apart by it.
    thumbnail: bytes | None = field(default=None, repr=False)


class MarkStore(Protocol):
    """The ``marks`` table: mark id → the outputs stamped with it (ids are short, so several may share one)."""

    def add(self, record: MarkRecord) -> None: ...

    def find(self, mark_id: int, limit: int = 10) -> list[MarkRecord]: ...

    def by_sha256(self, sha256: str) -> MarkRecord | None: ...
