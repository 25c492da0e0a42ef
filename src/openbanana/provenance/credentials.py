"""The key and certificate chain that sign openbanana's C2PA manifests.

Two sources, decided once at start:

* **openbanana's own** (the default). At first start a small private PKI is created in
  ``<data dir>/c2pa/``: a self-signed root CA and an end-entity signing certificate issued by it, both
  ECDSA P-256 (``es256``). The root is what a reader can be given as a trust anchor; it never signs
  manifests itself. The end-entity certificate carries what c2pa-rs's certificate profile check demands
  of a signer (digitalSignature key usage, an allowed extended key usage, not a CA, an authority key id),
  without which the library refuses to validate the signature. Later starts reuse the files; the signing
  certificate is reissued from the same root when it is close to expiry, so readers that trust the root
  keep trusting new outputs.
* **the operator's** (``--c2pa-cert``/``--c2pa-key``): a PEM chain (signing certificate first, then
  intermediates; the root may be included) and its PEM private key. They are checked at start — key
  matches certificate, validity, algorithm, and a trial signature that the c2pa library itself verifies —
  so a bad file stops the server with a clear message instead of failing every request.

Files are written atomically (temp file + fsync + rename) under an exclusive file lock, so two server
processes starting on one data dir create one PKI, not two; private keys are mode 0600.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from openbanana.blobs.atomic import write_atomic

#: Signing algorithms, as c2pa-rs names them.
Alg = Literal["es256", "es384", "es512", "ps256", "ed25519"]
#: id-kp-documentSigning (RFC 9336), accepted by c2pa-rs next to id-kp-emailProtection.
_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
#: The extended key usage c2pa-rs 0.91 accepts on a signing certificate with its default trust configuration
#: (id-kp-emailProtection). documentSigning and the C2PA/Microsoft OIDs alone are refused ("missing required
#: EKU") unless a reader configures ``trust.trust_config``, so our own certificate carries emailProtection.
_EKU_HINT = "C2PA readers (c2pa-rs) accept id-kp-emailProtection (1.3.6.1.5.5.7.3.4) by default"
_ROOT_DAYS = 20 * 365
_LEAF_DAYS = 2 * 365
#: The signing certificate is reissued from the root when fewer days than this are left.
_RENEW_DAYS = 30
_DIR = "c2pa"
_ROOT_CERT, _ROOT_KEY, _LEAF_CHAIN, _LEAF_KEY = "root-ca.pem", "root-ca.key", "signer.pem", "signer.key"


class CredentialsError(Exception):
    """The signing key or certificate chain cannot be used (the message says why and which file)."""


@dataclass(frozen=True)
class SigningCredentials:
    """A private key and the certificate chain that vouches for it, ready for the c2pa signer."""

    alg: Alg
    #: PEM: the signing certificate first, then intermediates (what goes into the manifest's x5chain).
    chain_pem: bytes
    #: PEM private key (never shown in repr or logs).
    key_pem: bytes
    #: PEM of the root CA that issued the chain when it is known (our own, or a self-signed last
    #: certificate of the operator's file): give it to readers as a trust anchor.
    root_pem: bytes | None = None
    origin: Literal["generated", "operator"] = "generated"

    def __repr__(self) -> str:
        return f"SigningCredentials(alg={self.alg!r}, origin={self.origin!r}, subject={self.subject!r})"

    @property
    def certificate(self) -> x509.Certificate:
        """The signing (end-entity) certificate."""
        return x509.load_pem_x509_certificates(self.chain_pem)[0]

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def not_after(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc


def load_or_create(data_dir: Path, cert_path: Path | None = None, key_path: Path | None = None) -> SigningCredentials:
    """The operator's credentials when both paths are given, else openbanana's own from ``<data_dir>/c2pa``
    (created on first call). Raises :class:`CredentialsError` with a clear message when unusable."""
    if (cert_path is None) != (key_path is None):
        raise CredentialsError("a C2PA certificate chain and its private key must be given together (cert and key)")
    if cert_path is not None and key_path is not None:
        credentials = load_operator(cert_path, key_path)
    else:
        credentials = _load_or_create_own(data_dir / _DIR)
    probe(credentials)
    return credentials


def own_root_pem(data_dir: Path) -> bytes | None:
    """The root CA certificate of openbanana's own PKI in ``data_dir`` if one was created (never creates
    one): what a read-only verifier trusts."""
    try:
        return (data_dir / _DIR / _ROOT_CERT).read_bytes()
    except OSError:
        return None


def load_operator(cert_path: Path, key_path: Path) -> SigningCredentials:
    """Read and check an operator's PEM chain and key (no trial signature; :func:`load_or_create` adds one)."""
    chain_pem = _read(cert_path, "certificate chain")
    key_pem = _read(key_path, "private key")
    try:
        certs = x509.load_pem_x509_certificates(chain_pem)
    except ValueError as exc:
        raise CredentialsError(f"C2PA certificate chain {cert_path}: not a PEM certificate chain ({exc})") from exc
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except TypeError as exc:
        raise CredentialsError(f"C2PA private key {key_path}: encrypted keys are not supported; decrypt it") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise CredentialsError(f"C2PA private key {key_path}: not a PEM private key ({exc})") from exc
    alg = _alg_of(key, key_path)
    leaf = certs[0]
    if _public_der(key.public_key()) != _public_der(leaf.public_key()):
        raise CredentialsError(
            f"C2PA private key {key_path} does not match the first certificate of {cert_path} "
            f"({leaf.subject.rfc4514_string()}); the signing certificate must come first in the chain"
        )
    _check_profile(leaf, cert_path)
    now = dt.datetime.now(dt.UTC)
    for cert in certs:
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise CredentialsError(
                f"C2PA certificate {cert.subject.rfc4514_string()} in {cert_path} is not valid now "
                f"(valid {cert.not_valid_before_utc:%Y-%m-%d} to {cert.not_valid_after_utc:%Y-%m-%d})"
            )
    last = certs[-1]
    root_pem = last.public_bytes(serialization.Encoding.PEM) if len(certs) > 1 and _self_signed(last) else None
    return SigningCredentials(alg=alg, chain_pem=chain_pem, key_pem=key_pem, root_pem=root_pem, origin="operator")


def _check_profile(leaf: x509.Certificate, cert_path: Path) -> None:
    """The parts of the C2PA signing-certificate profile c2pa-rs enforces, checked here to name the problem
    (the library only says "the certificate is invalid")."""
    where = f"C2PA signing certificate {leaf.subject.rfc4514_string()} ({cert_path})"
    if _self_signed(leaf):
        raise CredentialsError(f"{where} is self-signed; C2PA needs it issued by a CA (give the chain: leaf, then CAs)")
    extensions = leaf.extensions
    with contextlib.suppress(x509.ExtensionNotFound):
        if extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            raise CredentialsError(f"{where} is a CA certificate; sign with an end-entity certificate")
    try:
        usage = extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or not usage.digital_signature:
        raise CredentialsError(f"{where} needs the digitalSignature key usage")
    try:
        extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        raise CredentialsError(f"{where} needs an extended key usage; {_EKU_HINT}") from None


def probe(credentials: SigningCredentials) -> None:
    """Sign a tiny PNG and have the c2pa library verify it: catches what our own checks cannot (its
    certificate profile rules), at start rather than on the first request."""
    import c2pa
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (8, 8)).save(image, format="PNG")
    source = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    manifest = {
        "claim_generator_info": [{"name": "openbanana-probe"}],
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": source}]}}
        ],
    }
    settings = {"builder": {"thumbnail": {"enabled": False}}, "verify": {"remote_manifest_fetch": False}}
    origin = "the operator's" if credentials.origin == "operator" else "openbanana's own"
    try:
        with (
            c2pa.Context.from_dict(settings) as context,
            c2pa.Signer.from_info(
                c2pa.C2paSignerInfo(credentials.alg, credentials.chain_pem, credentials.key_pem, None)
            ) as signer,
            c2pa.Builder(manifest, context) as builder,
        ):
            signed = io.BytesIO()
            builder.sign(signer, "image/png", io.BytesIO(image.getvalue()), signed)
            with c2pa.Reader("image/png", io.BytesIO(signed.getvalue()), None, context) as reader:
                results = reader.get_validation_results() or {}
                state = reader.get_validation_state()
    except c2pa.C2paError as exc:
        hint = f" ({_EKU_HINT})" if "EKU" in str(exc) else ""
        raise CredentialsError(f"the c2pa library refuses {origin} C2PA signing credentials: {exc}{hint}") from exc
    failures = [
        entry
        for entry in (results.get("activeManifest") or {}).get("failure", [])
        if entry.get("code") != "signingCredential.untrusted"
    ]
    if state not in ("Valid", "Trusted") or failures:
        codes = ", ".join(f"{f.get('code')} ({f.get('explanation')})" for f in failures) or str(state)
        hint = f" ({_EKU_HINT})" if "EKU" in codes else ""
        raise CredentialsError(f"manifests signed with {origin} C2PA credentials do not validate: {codes}{hint}")


# -- openbanana's own PKI -------------------------------------------------------------------------------


def _load_or_create_own(directory: Path) -> SigningCredentials:
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory / ".lock"):
        root_cert_path, root_key_path = directory / _ROOT_CERT, directory / _ROOT_KEY
        if not root_cert_path.exists() or not root_key_path.exists():
            root_key = ec.generate_private_key(ec.SECP256R1())
            root = _issue_root(root_key)
            _write(root_key_path, _key_pem(root_key), private=True)
            _write(root_cert_path, root.public_bytes(serialization.Encoding.PEM))
        root_pem = root_cert_path.read_bytes()
        chain_path, key_path = directory / _LEAF_CHAIN, directory / _LEAF_KEY
        if _needs_leaf(chain_path, key_path, root_pem):
            root_key_any = serialization.load_pem_private_key(root_key_path.read_bytes(), password=None)
            if not isinstance(root_key_any, ec.EllipticCurvePrivateKey):
                raise CredentialsError(f"{root_key_path}: expected the EC key openbanana created")
            leaf_key = ec.generate_private_key(ec.SECP256R1())
            leaf = _issue_leaf(leaf_key, x509.load_pem_x509_certificate(root_pem), root_key_any)
            # Key first: a crash between the two leaves a key without its certificate, which the next
            # start treats as missing and replaces.
            _write(key_path, _key_pem(leaf_key), private=True)
            _write(chain_path, leaf.public_bytes(serialization.Encoding.PEM))
        return SigningCredentials(
            alg="es256",
            chain_pem=chain_path.read_bytes(),
            key_pem=key_path.read_bytes(),
            root_pem=root_pem,
            origin="generated",
        )


def _needs_leaf(chain_path: Path, key_path: Path, root_pem: bytes) -> bool:
    """True when the signing certificate is missing, unreadable, not from this root, not matching its key,
    or expiring within :data:`_RENEW_DAYS`."""
    if not chain_path.exists() or not key_path.exists():
        return True
    try:
        leaf = x509.load_pem_x509_certificates(chain_path.read_bytes())[0]
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        root = x509.load_pem_x509_certificate(root_pem)
    except ValueError:
        return True
    if leaf.issuer != root.subject or _public_der(key.public_key()) != _public_der(leaf.public_key()):
        return True
    return leaf.not_valid_after_utc - dt.datetime.now(dt.UTC) < dt.timedelta(days=_RENEW_DAYS)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "openbanana"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Content Credentials"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def _issue_root(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    name = _name(f"openbanana root CA {os.urandom(4).hex()}")
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=_ROOT_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _issue_leaf(
    key: ec.EllipticCurvePrivateKey, root: x509.Certificate, root_key: ec.EllipticCurvePrivateKey
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    not_after = min(now + dt.timedelta(days=_LEAF_DAYS), root.not_valid_after_utc)
    return (
        x509.CertificateBuilder()
        .subject_name(_name("openbanana signer"))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, _DOCUMENT_SIGNING]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )


# -- helpers --------------------------------------------------------------------------------------------


def _alg_of(key: object, key_path: Path) -> Alg:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        by_curve: dict[str, Alg] = {"secp256r1": "es256", "secp384r1": "es384", "secp521r1": "es512"}
        if key.curve.name in by_curve:
            return by_curve[key.curve.name]
        raise CredentialsError(f"C2PA private key {key_path}: EC curve {key.curve.name} is not supported by C2PA")
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            raise CredentialsError(f"C2PA private key {key_path}: RSA keys need at least 2048 bits")
        return "ps256"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    raise CredentialsError(
        f"C2PA private key {key_path}: {type(key).__name__} is not supported (use EC P-256/P-384/P-521, RSA or Ed25519)"
    )


def _public_der(key: object) -> bytes:
    assert hasattr(key, "public_bytes")
    der: bytes = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return der


def _self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CredentialsError(f"cannot read the C2PA {what} {path}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    """Atomically replace ``path``; 0600 when private, else 0644."""
    write_atomic(path, data, 0o600 if private else 0o644)
