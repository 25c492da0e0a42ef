"""C2PA Content Credentials for every output: sign a manifest into PNG/JPEG bytes, and read one back.

The manifest says what the image is, in the vocabulary C2PA readers (Adobe's Content Credentials
inspector, camera-roll and social-platform badges, ``c2patool``) understand:

* a **new image**: one ``c2pa.created`` action with ``digitalSourceType`` = IPTC
  ``trainedAlgorithmicMedia`` — the label readers turn into "made with AI";
* an **edit**: the input images as ingredients (the first ``parentOf``, the others ``componentOf``),
  a ``c2pa.opened`` action for the parent, ``c2pa.placed`` for each component, then ``c2pa.edited``
  with ``compositeWithTrainedAlgorithmicMedia`` (an AI result made from real inputs);
* the model id and version as the generative action's ``softwareAgent``;
* an ``org.openbanana.provenance`` assertion with the watermark's mark id and the usage-ledger id, so a
  verifier can go from a signed file to the request without decoding the watermark.

Signing happens in memory (``BytesIO`` streams, no temp files) on every output, so it is kept cheap: no
thumbnails (the image itself is the preview), no network (no timestamp authority, no OCSP, no remote
manifests). An input the library cannot parse as an ingredient is converted to PNG, and failing that
recorded by title and format only: a strange input never fails the output.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Sequence
from typing import Any

import c2pa
from PIL import Image

from openbanana import __version__
from openbanana.provenance.base import CredentialsReport, Ingredient, ManifestSpec, ValidationState
from openbanana.provenance.credentials import SigningCredentials

#: The custom assertion carrying openbanana's own ids.
ASSERTION = "org.openbanana.provenance"
TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
COMPOSITE_TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
#: Ingredient formats handed to the library as they are; others are converted to PNG first.
_INGREDIENT_FORMATS = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif", "image/tiff"})
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}
#: Failure codes that only say the signer is not on the reader's trust list (expected for self-signed PKIs).
UNTRUSTED_CODES = frozenset({"signingCredential.untrusted"})
_NO_NETWORK = {"remote_manifest_fetch": False, "ocsp_fetch": False}


class SigningError(RuntimeError):
    """The c2pa library failed to sign an output (the message carries its error)."""


class C2paCredentials:
    """Implements :class:`~openbanana.provenance.base.ContentCredentials` with c2pa-python (thread-safe).

    ``signing``: the key and chain from :func:`~openbanana.provenance.credentials.load_or_create`; None for
    a read-only instance (a verifier that must not create keys: pass ``own_root_pem(data_dir)`` as anchor).
    ``trust_anchors``: extra PEM root certificates :meth:`read` trusts besides ``signing.root_pem``
    (an operator's CA, another openbanana's root). ``version``: written into the claim generator info.
    """

    def __init__(
        self,
        signing: SigningCredentials | None,
        *,
        trust_anchors: Sequence[bytes | str] = (),
        version: str = __version__,
    ) -> None:
        self.signing = signing
        self.version = version
        anchors = [signing.root_pem] if signing is not None and signing.root_pem else []
        anchors += [a.encode() if isinstance(a, str) else a for a in trust_anchors]
        #: The PEM bundle a reader should trust to see our outputs as ``trusted``.
        self.anchors_pem = b"".join(a if a.endswith(b"\n") else a + b"\n" for a in anchors)
        # Contexts only carry settings; Reader/Builder borrow them for shared (concurrent) native calls.
        self._sign_context = c2pa.Context.from_dict(
            {"builder": {"thumbnail": {"enabled": False}}, "verify": {**_NO_NETWORK, "verify_after_sign": True}}
        )
        read_settings: dict[str, Any] = {"verify": dict(_NO_NETWORK)}
        if self.anchors_pem:
            read_settings["trust"] = {"user_anchors": self.anchors_pem.decode()}
        self._read_context = c2pa.Context.from_dict(read_settings)

    def close(self) -> None:
        self._sign_context.close()
        self._read_context.close()

    # -- signing ----------------------------------------------------------------------------------------

    def sign(self, data: bytes, mime_type: str, spec: ManifestSpec) -> bytes:
        """``data`` with a signed manifest for ``spec`` embedded (PNG, JPEG and the other formats the library
        writes). Raises ``ValueError`` for a format it cannot embed into, :class:`SigningError` otherwise."""
        if self.signing is None:
            raise RuntimeError("this C2paCredentials was built read-only (no signing credentials)")
        fmt = _normalise(mime_type)
        if fmt not in _builder_formats():
            raise ValueError(f"cannot embed Content Credentials into {mime_type}")
        sources: list[tuple[str, bytes] | None] = [(_normalise(i.mime_type), i.data) for i in spec.ingredients]
        # Each retry drops one ingredient the library would not take as a stream (recorded by title only).
        for _ in range(len(sources) + 1):
            try:
                return self._sign_once(data, fmt, spec, sources)
            except _IngredientRejected as rejected:
                sources[rejected.index] = None
        raise SigningError("ingredients kept being rejected")  # unreachable: each retry drops one

    def _sign_once(self, data: bytes, fmt: str, spec: ManifestSpec, sources: list[tuple[str, bytes] | None]) -> bytes:
        definition = self.definition(spec, fmt, streamed=[source is not None for source in sources])
        try:
            with (
                c2pa.Builder(definition, self._sign_context) as builder,
                c2pa.Signer.from_info(self._signer_info()) as signer,
            ):
                for index, (ingredient, source) in enumerate(zip(spec.ingredients, sources, strict=True)):
                    if source is not None:
                        _add_ingredient(builder, index, ingredient, source, sources)
                out = io.BytesIO()
                builder.sign(signer, fmt, io.BytesIO(data), out)
                return out.getvalue()
        except c2pa.C2paError as exc:
            raise SigningError(f"C2PA signing failed: {exc}") from exc

    def _signer_info(self) -> c2pa.C2paSignerInfo:
        # A signer per call: creating one costs under a millisecond and shares nothing between threads.
        assert self.signing is not None
        return c2pa.C2paSignerInfo(self.signing.alg, self.signing.chain_pem, self.signing.key_pem, None)

    def definition(self, spec: ManifestSpec, fmt: str, streamed: Sequence[bool] | None = None) -> dict[str, Any]:
        """The manifest definition (c2pa-rs's ManifestDefinition JSON) for ``spec``; ingredients not
        ``streamed`` are listed in it by title and format only."""
        streamed = [True] * len(spec.ingredients) if streamed is None else streamed
        labels = [f"ingredient-{index}" for index in range(len(spec.ingredients))]
        model_agent = {"name": spec.model, "version": spec.model_version}
        if spec.action == "c2pa.edited" and spec.ingredients:
            parent = next((n for n, i in enumerate(spec.ingredients) if i.relationship == "parentOf"), 0)
            ours = {"name": "openbanana", "version": self.version}
            actions: list[dict[str, Any]] = [
                {"action": "c2pa.opened", "softwareAgent": ours, "parameters": {"ingredientIds": [labels[parent]]}}
            ]
            actions += [
                {"action": "c2pa.placed", "softwareAgent": ours, "parameters": {"ingredientIds": [label]}}
                for n, label in enumerate(labels)
                if n != parent
            ]
            actions.append(
                {"action": "c2pa.edited", "digitalSourceType": COMPOSITE_TRAINED, "softwareAgent": model_agent}
            )
        else:
            actions = [{"action": "c2pa.created", "digitalSourceType": TRAINED, "softwareAgent": model_agent}]
        ours_data = {
            "mark_id": spec.mark_id,
            "usage_id": spec.usage_id,
            "model": spec.model,
            "model_version": spec.model_version,
            "prompt_summary": spec.prompt_summary,
        }
        definition: dict[str, Any] = {
            "claim_generator_info": [{"name": "openbanana", "version": self.version}],
            "title": spec.title,
            "format": fmt,
            "assertions": [
                {"label": "c2pa.actions.v2", "data": {"actions": actions}},
                {"label": ASSERTION, "data": {k: v for k, v in ours_data.items() if v is not None}},
            ],
        }
        listed = [
            _ingredient_json(ingredient, labels[n]) | {"format": _normalise(ingredient.mime_type)}
            for n, ingredient in enumerate(spec.ingredients)
            if not streamed[n]
        ]
        if listed:
            definition["ingredients"] = listed
        return definition

    # -- reading ----------------------------------------------------------------------------------------

    def read(self, data: bytes, mime_type: str) -> CredentialsReport:
        """What the manifest embedded in ``data`` says and whether it validates (see :class:`CredentialsReport`)."""
        fmt = _normalise(mime_type) if mime_type and mime_type != "application/octet-stream" else None
        try:
            with c2pa.Reader(fmt, io.BytesIO(data), None, self._read_context) as reader:
                store: dict[str, Any] = json.loads(reader.json())
        except c2pa.C2paError.ManifestNotFound:
            return CredentialsReport(state="absent")
        except c2pa.C2paError.NotSupported as exc:
            entry = {"code": "openbanana.formatNotSupported", "explanation": str(exc), "kind": "informational"}
            return CredentialsReport(state="absent", validation_status=(entry,))
        except c2pa.C2paError as exc:
            if b"c2pa" not in data:  # no manifest store label anywhere: not an asset we could have signed
                entry = {"code": "openbanana.notReadable", "explanation": str(exc), "kind": "informational"}
                return CredentialsReport(state="absent", validation_status=(entry,))
            # A manifest store is there but cannot be parsed: treat it as tampered with.
            entry = {"code": "openbanana.manifestUnreadable", "explanation": str(exc), "kind": "failure"}
            return CredentialsReport(state="invalid", validation_status=(entry,))
        return report_from_store(store)


def report_from_store(store: dict[str, Any]) -> CredentialsReport:
    """A :class:`CredentialsReport` from the library's manifest-store JSON (``Reader.json()``)."""
    library_state = store.get("validation_state")
    results = store.get("validation_results") or {}
    statuses = _statuses(results)
    failures = [s for s in statuses if s["kind"] == "failure" and s.get("code") not in UNTRUSTED_CODES]
    # The library's own verdict when it gives one; else: no failure beyond "not on a trust list".
    ok = library_state in ("Valid", "Trusted") if library_state is not None else not failures
    state: ValidationState = "valid" if ok else "invalid"
    manifest = (store.get("manifests") or {}).get(store.get("active_manifest") or "", {})
    actions = [
        str(action.get("action"))
        for assertion in manifest.get("assertions", [])
        if str(assertion.get("label", "")).startswith("c2pa.actions")
        for action in (assertion.get("data") or {}).get("actions", [])
    ]
    ours = next((a.get("data") or {} for a in manifest.get("assertions", []) if a.get("label") == ASSERTION), {})
    mark_id = ours.get("mark_id")
    usage_id = ours.get("usage_id")
    return CredentialsReport(
        state=state,
        library_state=library_state,
        trusted=library_state == "Trusted",
        validation_status=tuple(statuses),
        actions=tuple(actions),
        ingredients=tuple(str(i.get("title", "")) for i in manifest.get("ingredients", [])),
        claim_generator=_generator(manifest),
        mark_id=mark_id if isinstance(mark_id, int) else None,
        usage_id=usage_id if isinstance(usage_id, str) else None,
        manifest=store,
    )


# -- helpers --------------------------------------------------------------------------------------------


class _IngredientRejected(Exception):
    def __init__(self, index: int) -> None:
        self.index = index


def _add_ingredient(
    builder: c2pa.Builder, index: int, ingredient: Ingredient, source: tuple[str, bytes], sources: list[Any]
) -> None:
    """Add one input as a stream ingredient: as sent, else re-encoded as PNG (kept in ``sources`` for a
    retry), else raise :class:`_IngredientRejected` so the caller lists it by title and format only."""
    fmt, payload = source
    label = f"ingredient-{index}"
    if fmt in _INGREDIENT_FORMATS:
        try:
            builder.add_ingredient(_ingredient_json(ingredient, label), fmt, io.BytesIO(payload))
            return
        except c2pa.C2paError:
            pass
    converted = _to_png(payload)
    if converted is not None:
        try:
            builder.add_ingredient(_ingredient_json(ingredient, label), "image/png", io.BytesIO(converted))
            sources[index] = ("image/png", converted)
            return
        except c2pa.C2paError:
            pass
    raise _IngredientRejected(index)


def _ingredient_json(ingredient: Ingredient, label: str) -> dict[str, Any]:
    return {"title": ingredient.title, "relationship": ingredient.relationship, "label": label}


def _to_png(data: bytes) -> bytes | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            out = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, format="PNG", compress_level=1)
            return out.getvalue()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _normalise(mime_type: str) -> str:
    mime = mime_type.split(";")[0].strip().lower()
    return _ALIASES.get(mime, mime)


@functools.cache
def _builder_formats() -> frozenset[str]:
    return frozenset(m for m in c2pa.Builder.get_supported_mime_types() if "/" in m)


def _statuses(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The library's status entries, failures first, each tagged with its ``kind`` (and ``ingredient``)."""
    groups: list[tuple[str | None, dict[str, Any]]] = [(None, results.get("activeManifest") or {})]
    groups += [
        (d.get("ingredientAssertionURI"), d.get("validationDeltas") or {}) for d in results.get("ingredientDeltas", [])
    ]
    out: list[dict[str, Any]] = []
    for kind in ("failure", "informational", "success"):
        for ingredient, group in groups:
            for entry in group.get(kind, []):
                out.append({**entry, "kind": kind} | ({"ingredient": ingredient} if ingredient else {}))
    return out


def _generator(manifest: dict[str, Any]) -> str | None:
    info = manifest.get("claim_generator_info") or []
    if info and isinstance(info[0], dict) and info[0].get("name"):
        version = info[0].get("version")
        return f"{info[0]['name']}/{version}" if version else str(info[0]["name"])
    generator = manifest.get("claim_generator")
    return str(generator) if generator else None
